"""Grading: an answer and its question's spec in, a score and feedback out.

Plain functions over `quizzes.spec` and the stack domain; the only Django import is
translation, so feedback comes out in the learner's language.

Scoring (0 to 1 per question):
- single, truefalse, classify: 1 if right, else 0.
- multiple: max(0, (right picks - wrong picks) / number of right choices).
- order: the longest run of the right layers in the right relative order (a longest
  increasing subsequence), minus one for each distractor placed, divided by the number of
  right layers, never below 0. Leaving a layer out only loses that layer.
- build: 1 if the stack meets every constraint, else 0; feedback names the first one missed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes.spec import CONSTRAINT_KEYS, QuestionSpec, QuestionType
from virtlearn.stacks import kinds
from virtlearn.stacks.analysis import Analysis, analyse
from virtlearn.stacks.architectures import MODEL_NAMES, Model
from virtlearn.stacks.notation import parse
from virtlearn.stacks.tree import Layer


@dataclass(frozen=True)
class Grade:
    score: float
    feedback: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.score >= 1 - 1e-9


def grade_single(spec: QuestionSpec, picked: int) -> Grade:
    choice = spec.choices[picked]
    return Grade(1.0 if choice.correct else 0.0, _feedback(choice.feedback))


def grade_multiple(spec: QuestionSpec, picked: Collection[int]) -> Grade:
    chosen = sorted(set(picked))
    right = sum(1 for index in chosen if spec.choices[index].correct)
    wrong = len(chosen) - right
    needed = sum(1 for choice in spec.choices if choice.correct)
    score = max(0.0, (right - wrong) / needed)
    return Grade(score, tuple(spec.choices[i].feedback for i in chosen if spec.choices[i].feedback))


def grade_truefalse(spec: QuestionSpec, value: bool) -> Grade:
    feedback = spec.feedback_true if value else spec.feedback_false
    return Grade(1.0 if value is spec.answer else 0.0, _feedback(feedback))


def grade_classify(spec: QuestionSpec, model: str) -> Grade:
    if model == spec.answer:
        message = _("Right: this is %(model)s.") % {"model": model_name(model)}
        return Grade(1.0, (message,))
    message = _("You chose %(chosen)s; this diagram shows %(model)s.") % {
        "chosen": model_name(model),
        "model": model_name(str(spec.answer)),
    }
    return Grade(0.0, (message,))


def longest_run_in_order(indexes: Sequence[int]) -> int:
    """The length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for index in indexes:
        at = bisect_left(tails, index)
        if at == len(tails):
            tails.append(index)
        else:
            tails[at] = index
    return len(tails)


def grade_order(spec: QuestionSpec, placed: Sequence[int]) -> Grade:
    """`placed` holds indexes into `spec.items`, bottom first; items left out are absent."""
    needed = len(spec.layers)
    right = [index for index in placed if index < needed]
    distractors = [index for index in placed if index >= needed]
    in_order = longest_run_in_order(right)
    score = max(0.0, (in_order - len(distractors)) / needed)
    if score >= 1:
        return Grade(1.0, (_("Every layer is in its place."),))
    feedback = [
        ngettext(
            "%(n)d of the %(total)d layers is in the right order.",
            "%(n)d of the %(total)d layers are in the right order.",
            in_order,
        )
        % {"n": in_order, "total": needed}
    ]
    feedback += [
        _("%(layer)s does not belong in this stack.") % {"layer": item_name(spec.items[index])}
        for index in distractors
    ]
    feedback += [
        _("You left out %(layer)s.") % {"layer": item_name(layer)}
        for index, layer in enumerate(spec.layers)
        if index not in right
    ]
    return Grade(score, tuple(feedback))


def grade_build(spec: QuestionSpec, stack: Layer) -> Grade:
    analysis = analyse(stack)
    unmet = first_unmet(spec.constraints, analysis)
    if unmet is None:
        return Grade(1.0, (_("Your stack meets every requirement of this question."),))
    return Grade(0.0, (unmet,))


def grade(spec: QuestionSpec, answer: dict[str, Any]) -> Grade:
    """Grade a stored answer (see `quizzes.answers`): the one entry point views call."""
    match spec.type:
        case QuestionType.SINGLE:
            return grade_single(spec, answer["choice"])
        case QuestionType.MULTIPLE:
            return grade_multiple(spec, answer["choices"])
        case QuestionType.TRUEFALSE:
            return grade_truefalse(spec, answer["value"])
        case QuestionType.ORDER:
            return grade_order(spec, answer["order"])
        case QuestionType.BUILD:
            return grade_build(spec, parse(answer["stack"]))
        case QuestionType.CLASSIFY:
            return grade_classify(spec, answer["model"])
    raise ValueError(f"unknown question type {spec.type!r}")


# Constraints ---------------------------------------------------------------------------------


def within(value: int, expected: Any) -> bool:
    if isinstance(expected, dict):
        return expected.get("min", value) <= value <= expected.get("max", value)
    return value == expected


def actual_value(analysis: Analysis, key: str) -> Any:
    if key == "valid":
        return analysis.valid
    if key == "model":
        return str(analysis.model)
    return getattr(analysis.metrics, key)


def first_unmet(constraints: dict[str, Any], analysis: Analysis) -> str | None:
    """The learner-facing sentence for the first constraint the analysis misses, or None."""
    for key in CONSTRAINT_KEYS:
        if key not in constraints:
            continue
        expected = constraints[key]
        if key != "valid" and key != "model" and analysis.metrics is None:
            return broken_rule(analysis)
        if key == "valid":
            if analysis.valid != expected:
                return (
                    broken_rule(analysis)
                    if expected
                    else _("Your stack follows every rule; this one should break one.")
                )
        elif key == "model":
            if str(analysis.model) != expected:
                if not analysis.valid:
                    return broken_rule(analysis)
                return _("Your stack is %(actual)s; this one should be %(expected)s.") % {
                    "actual": model_name(str(analysis.model)),
                    "expected": model_name(expected),
                }
        elif not within(actual_value(analysis, key), expected):
            return count_message(key, actual_value(analysis, key), expected)
    return None


def broken_rule(analysis: Analysis) -> str:
    first = analysis.errors[0].message if analysis.errors else ""
    return _("Your stack breaks a rule: %(rule)s") % {"rule": _(first)}


def count_message(key: str, actual: int | None, expected: Any) -> str:
    if key == "hypervisor_type":
        found = (
            _("Your stack has no hypervisor")
            if actual is None
            else _("Your stack uses a type %(n)d hypervisor") % {"n": actual}
        )
        return _("%(found)s; this one should use a type %(n)d hypervisor.") % {
            "found": found,
            "n": expected,
        }
    assert actual is not None
    found = {
        "kernels": ngettext(
            "Your stack runs %(n)d kernel", "Your stack runs %(n)d kernels", actual
        ),
        "vms": ngettext(
            "Your stack has %(n)d virtual machine", "Your stack has %(n)d virtual machines", actual
        ),
        "containers": ngettext(
            "Your stack has %(n)d container", "Your stack has %(n)d containers", actual
        ),
        "apps": ngettext(
            "Your stack runs %(n)d application", "Your stack runs %(n)d applications", actual
        ),
    }[key] % {"n": actual}
    should = (
        _("%(found)s; this one should run %(expected)s.")
        if key in ("kernels", "apps")
        else _("%(found)s; this one should have %(expected)s.")
    )
    return should % {"found": found, "expected": expected_phrase(expected)}


def expected_phrase(expected: Any) -> str:
    if not isinstance(expected, dict):
        return str(expected)
    low, high = expected.get("min"), expected.get("max")
    if low is not None and high is not None:
        if low == high:
            return str(low)
        return _("between %(min)d and %(max)d") % {"min": low, "max": high}
    if low is not None:
        return _("at least %(n)d") % {"n": low}
    return _("at most %(n)d") % {"n": high}


# Names ---------------------------------------------------------------------------------------


def model_name(code: str) -> str:
    try:
        return _(MODEL_NAMES[Model(code)])
    except ValueError:
        return code


def item_name(notation: str) -> str:
    """How an order question's layer reads: its kind's name, and its label if it has one."""
    layer = parse(notation)
    name = _(kinds.KIND_NAMES[layer.kind])
    return f"{name} “{layer.label}”" if layer.label else name


def _feedback(text: str) -> tuple[str, ...]:
    return (text,) if text else ()
