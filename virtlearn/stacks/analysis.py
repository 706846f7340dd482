"""Everything the app says about one stack, in one value: what the builder, lessons, quizzes
and the JSON API show.

Hints are given for valid stacks only: while a rule is broken, the errors are the lesson.
Metrics, too, are only measured for valid stacks (figures for an impossible stack teach
nothing true).
"""

from __future__ import annotations

from dataclasses import dataclass

from virtlearn.stacks.architectures import MODEL_NAMES, Model, recognise
from virtlearn.stacks.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from virtlearn.stacks.metrics import Metrics, measure
from virtlearn.stacks.notation import format_stack
from virtlearn.stacks.rules import Finding, check, hints
from virtlearn.stacks.tree import Layer, Path


@dataclass(frozen=True)
class Analysis:
    notation: str
    valid: bool
    model: Model
    errors: list[Finding]
    hints: list[Finding]
    metrics: Metrics | None

    @property
    def model_name(self) -> str:
        return MODEL_NAMES[self.model]

    @property
    def error_paths(self) -> frozenset[Path]:
        return frozenset(error.path for error in self.errors)

    def to_dict(self) -> dict[str, object]:
        return {
            "notation": self.notation,
            "valid": self.valid,
            "model": self.model.value,
            "model_name": self.model_name,
            "errors": [error.to_dict() for error in self.errors],
            "hints": [hint.to_dict() for hint in self.hints],
            "metrics": self.metrics.to_dict() if self.metrics else None,
        }


def analyse(stack: Layer, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Analysis:
    errors = check(stack)
    valid = not errors
    return Analysis(
        notation=format_stack(stack),
        valid=valid,
        model=recognise(stack) if valid else Model.INVALID,
        errors=errors,
        hints=hints(stack) if valid else [],
        metrics=measure(stack, assumptions) if valid else None,
    )
