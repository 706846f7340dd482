"""A quiz as plain values: what a quiz file says, what the database holds, what graders read.

No Django here: `quizzes.content` reads files into these, `Question.spec()` builds them from
rows, and `quizzes.graders` grades answers against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    ORDER = "order"
    BUILD = "build"
    CLASSIFY = "classify"


class Mode(StrEnum):
    PRACTICE = "practice"
    ASSESSMENT = "assessment"


class ShowAnswers(StrEnum):
    AFTER_EACH = "after_each"
    AFTER_SUBMIT = "after_submit"
    AFTER_LAST_ATTEMPT = "after_last_attempt"
    NEVER = "never"


# The analysis figures a build question may constrain, in the order feedback checks them.
CONSTRAINT_KEYS = ("valid", "model", "kernels", "vms", "containers", "apps", "hypervisor_type")
COUNT_KEYS = ("kernels", "vms", "containers", "apps")


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class QuestionSpec:
    """One question; only the fields of its type are set."""

    id: str
    type: QuestionType
    prompt: str
    explanation: str = ""
    teaches: str = ""
    # single, multiple
    choices: tuple[ChoiceSpec, ...] = ()
    # truefalse: a bool; classify: a model code
    answer: bool | str | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    # order: the right order, bottom first, and layers that belong nowhere (one layer each)
    layers: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    # build: the starting stack, the constraints (exact value or {"min", "max"}), a solution
    start: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    solution: str = ""
    # classify: the stack drawn and the model codes offered
    stack: str = ""
    models: tuple[str, ...] = ()

    @property
    def items(self) -> tuple[str, ...]:
        """An order question's layers to place: the right ones first, then the distractors."""
        return self.layers + self.distractors


@dataclass(frozen=True)
class QuizSpec:
    questions: tuple[QuestionSpec, ...]
    title: str = ""
    mode: Mode = Mode.PRACTICE
    max_attempts: int | None = None
    show_answers: ShowAnswers = ShowAnswers.AFTER_EACH
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    pool: int | None = None
