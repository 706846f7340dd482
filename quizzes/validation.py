"""Checking a quiz given as plain data (from YAML or from the admin) into a `QuizSpec`.

One set of rules and messages for both: the importer passes the YAML's line numbers, the
admin passes none. Every fault raises `lessons.errors.ContentError(file, line, message)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lessons.errors import ContentError
from quizzes.graders import first_unmet
from quizzes.spec import (
    CONSTRAINT_KEYS,
    ChoiceSpec,
    Mode,
    QuestionSpec,
    QuestionType,
    QuizSpec,
    ShowAnswers,
)
from virtlearn.stacks.analysis import analyse
from virtlearn.stacks.architectures import Model
from virtlearn.stacks.notation import NotationError, parse

Where = tuple[Any, ...]

QUIZ_KEYS = {
    "title",
    "mode",
    "max_attempts",
    "show_answers",
    "shuffle_questions",
    "shuffle_choices",
    "pool",
    "questions",
}
COMMON_KEYS = {"type", "id", "prompt", "teaches", "explanation"}
TYPE_KEYS: dict[QuestionType, set[str]] = {
    QuestionType.SINGLE: {"choices"},
    QuestionType.MULTIPLE: {"choices"},
    QuestionType.TRUEFALSE: {"answer", "feedback_true", "feedback_false"},
    QuestionType.ORDER: {"layers", "distractors"},
    QuestionType.BUILD: {"start", "constraints", "solution"},
    QuestionType.CLASSIFY: {"stack", "answer", "choices"},
}
CHOICE_KEYS = {"text", "correct", "feedback"}
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MAX_QUESTIONS = 100
MAX_CHOICES = 12
MAX_ITEMS = 12
MAX_TEXT = 4000
MAX_COUNT_VALUE = 1000


class Checker:
    """Reads values out of plain data, failing with the file and the line of the fault."""

    def __init__(self, file: str, lines: dict[Where, int] | None = None) -> None:
        self.file = file
        self.lines = lines or {}

    def fail(self, where: Where, message: str) -> ContentError:
        for end in range(len(where), -1, -1):
            if where[:end] in self.lines:
                return ContentError(self.file, self.lines[where[:end]], message)
        return ContentError(self.file, None, message)

    def mapping(self, value: Any, where: Where, allowed: set[str], what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"{what} must be a mapping of keys to values")
        unknown = sorted(str(key) for key in value if key not in allowed)
        if unknown:
            raise self.fail(
                (*where, unknown[0]),
                f"{what}: unknown key “{unknown[0]}” (expected one of: {', '.join(sorted(allowed))})",
            )
        return value

    def text(
        self, data: dict[str, Any], key: str, where: Where, what: str, *, required: bool = True
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(where, f"{what}: “{key}” is required")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail((*where, key), f"{what}: “{key}” must be text")
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise self.fail((*where, key), f"{what}: “{key}” is longer than {MAX_TEXT} characters")
        if required and not text:
            raise self.fail((*where, key), f"{what}: “{key}” is required")
        return text

    def flag(self, data: dict[str, Any], key: str, where: Where, what: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail((*where, key), f"{what}: “{key}” must be true or false")
        return value

    def choice_of(
        self,
        data: dict[str, Any],
        key: str,
        where: Where,
        what: str,
        options: list[str],
        default: str,
    ) -> str:
        value = data.get(key, default)
        if value not in options:
            raise self.fail(
                (*where, key),
                f"{what}: “{key}” must be one of {', '.join(options)}, not “{value}”",
            )
        return value

    def whole(
        self, value: Any, where: Where, what: str, *, low: int = 0, high: int = MAX_COUNT_VALUE
    ) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                where, f"{what} must be a whole number from {low} to {high}, not “{value}”"
            )
        return value

    def strings(self, value: Any, where: Where, what: str, *, limit: int) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, f"{what} must be a list with at least one entry")
        if len(value) > limit:
            raise self.fail(where, f"{what} may have at most {limit} entries")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail((*where, index), f"{what}: entry {index + 1} must be text")
        return tuple(item.strip() for item in value)

    def notation(self, text: str, where: Where, what: str) -> str:
        try:
            parse(text)
        except NotationError as error:
            raise self.fail(where, f"{what}: the stack does not parse: {error}") from None
        return text


def check_quiz(data: Any, checker: Checker, heading_ids: set[str]) -> QuizSpec:
    quiz = checker.mapping(data, (), QUIZ_KEYS, "the quiz")
    questions_data = quiz.get("questions")
    if not isinstance(questions_data, list) or not questions_data:
        raise checker.fail(("questions",), "the quiz: “questions” must be a list of questions")
    if len(questions_data) > MAX_QUESTIONS:
        raise checker.fail(("questions",), f"the quiz may have at most {MAX_QUESTIONS} questions")
    questions = []
    seen: set[str] = set()
    for index, item in enumerate(questions_data):
        question = check_question(item, checker, heading_ids, ("questions", index), index)
        if question.id in seen:
            raise checker.fail(
                ("questions", index, "id"),
                f"question {index + 1}: the id “{question.id}” is used twice",
            )
        seen.add(question.id)
        questions.append(question)
    return QuizSpec(questions=tuple(questions), **check_settings(quiz, checker, len(questions)))


def check_settings(quiz: dict[str, Any], checker: Checker, question_count: int) -> dict[str, Any]:
    """The quiz-wide keys (everything but the questions), as QuizSpec arguments."""
    mode = Mode(checker.choice_of(quiz, "mode", (), "the quiz", list(Mode), Mode.PRACTICE))
    max_attempts = None
    if quiz.get("max_attempts") is not None:
        if mode != Mode.ASSESSMENT:
            raise checker.fail(
                ("max_attempts",), "the quiz: “max_attempts” applies to assessment mode only"
            )
        max_attempts = checker.whole(
            quiz["max_attempts"], ("max_attempts",), "the quiz: “max_attempts”", low=1, high=100
        )
    pool = None
    if quiz.get("pool") is not None:
        pool = checker.whole(
            quiz["pool"], ("pool",), "the quiz: “pool”", low=1, high=max(1, question_count)
        )
    return {
        "title": checker.text(quiz, "title", (), "the quiz", required=False),
        "mode": mode,
        "max_attempts": max_attempts,
        "show_answers": ShowAnswers(
            checker.choice_of(
                quiz, "show_answers", (), "the quiz", list(ShowAnswers), ShowAnswers.AFTER_EACH
            )
        ),
        "shuffle_questions": checker.flag(quiz, "shuffle_questions", (), "the quiz"),
        "shuffle_choices": checker.flag(quiz, "shuffle_choices", (), "the quiz"),
        "pool": pool,
    }


def check_question(
    data: Any, checker: Checker, heading_ids: set[str], where: Where, index: int
) -> QuestionSpec:
    what = f"question {index + 1}"
    if not isinstance(data, dict):
        raise checker.fail(where, f"{what} must be a mapping of keys to values")
    kind = checker.choice_of(data, "type", where, what, list(QuestionType), "")
    question_type = QuestionType(kind)
    question_id = checker.text(data, "id", where, what)
    if not SLUG.match(question_id) or len(question_id) > 50:
        raise checker.fail(
            (*where, "id"),
            f"{what}: the id “{question_id}” must be a short slug (lowercase letters, digits, - or _)",
        )
    what = f"question “{question_id}”"
    checker.mapping(data, where, COMMON_KEYS | TYPE_KEYS[question_type], what)
    teaches = checker.text(data, "teaches", where, what, required=False)
    if teaches and teaches not in heading_ids:
        known = ", ".join(sorted(heading_ids)) or "none"
        raise checker.fail(
            (*where, "teaches"),
            f"{what}: “teaches” names the heading “{teaches}”, which the lesson does not have "
            f"(its heading ids: {known})",
        )
    common = {
        "id": question_id,
        "type": question_type,
        "prompt": checker.text(data, "prompt", where, what),
        "explanation": checker.text(data, "explanation", where, what),
        "teaches": teaches,
    }
    check: Callable[..., dict[str, Any]] = {
        QuestionType.SINGLE: _choices,
        QuestionType.MULTIPLE: _choices,
        QuestionType.TRUEFALSE: _truefalse,
        QuestionType.ORDER: _order,
        QuestionType.BUILD: _build,
        QuestionType.CLASSIFY: _classify,
    }[question_type]
    return QuestionSpec(**common, **check(data, checker, where, what, question_type))


def _choices(
    data: dict[str, Any], checker: Checker, where: Where, what: str, kind: QuestionType
) -> dict[str, Any]:
    items = data.get("choices")
    if not isinstance(items, list) or len(items) < 2:
        raise checker.fail((*where, "choices"), f"{what}: “choices” must list at least two choices")
    if len(items) > MAX_CHOICES:
        raise checker.fail((*where, "choices"), f"{what}: at most {MAX_CHOICES} choices")
    choices = []
    for number, item in enumerate(items, start=1):
        at = (*where, "choices", number - 1)
        item = checker.mapping(item, at, CHOICE_KEYS, f"{what}, choice {number}")
        choices.append(
            ChoiceSpec(
                text=checker.text(item, "text", at, f"{what}, choice {number}"),
                correct=checker.flag(item, "correct", at, f"{what}, choice {number}"),
                feedback=checker.text(
                    item, "feedback", at, f"{what}, choice {number}", required=False
                ),
            )
        )
    texts = [choice.text for choice in choices]
    if len(set(texts)) != len(texts):
        raise checker.fail((*where, "choices"), f"{what}: two choices have the same text")
    right = sum(choice.correct for choice in choices)
    if kind == QuestionType.SINGLE and right != 1:
        raise checker.fail(
            (*where, "choices"),
            f"{what}: a single-choice question needs exactly one correct choice, found {right}",
        )
    if kind == QuestionType.MULTIPLE and right < 1:
        raise checker.fail(
            (*where, "choices"),
            f"{what}: a multiple-choice question needs at least one correct choice",
        )
    return {"choices": tuple(choices)}


def _truefalse(
    data: dict[str, Any], checker: Checker, where: Where, what: str, kind: QuestionType
) -> dict[str, Any]:
    answer = data.get("answer")
    if not isinstance(answer, bool):
        raise checker.fail((*where, "answer"), f"{what}: “answer” must be true or false")
    return {
        "answer": answer,
        "feedback_true": checker.text(data, "feedback_true", where, what, required=False),
        "feedback_false": checker.text(data, "feedback_false", where, what, required=False),
    }


def _one_layer(text: str, checker: Checker, where: Where, what: str) -> str:
    try:
        layer = parse(text)
    except NotationError as error:
        raise checker.fail(where, f"{what}: “{text}” is not a layer: {error}") from None
    if layer.above:
        raise checker.fail(where, f"{what}: “{text}” must be one layer, not a stack")
    return text


def _order(
    data: dict[str, Any], checker: Checker, where: Where, what: str, kind: QuestionType
) -> dict[str, Any]:
    layers = checker.strings(
        data.get("layers"), (*where, "layers"), f"{what}: “layers”", limit=MAX_ITEMS
    )
    if len(layers) < 2:
        raise checker.fail(
            (*where, "layers"), f"{what}: “layers” needs at least two layers to order"
        )
    distractors: tuple[str, ...] = ()
    if data.get("distractors") is not None:
        distractors = checker.strings(
            data["distractors"], (*where, "distractors"), f"{what}: “distractors”", limit=MAX_ITEMS
        )
    for key, items in (("layers", layers), ("distractors", distractors)):
        for index, item in enumerate(items):
            _one_layer(item, checker, (*where, key, index), what)
    seen: set[tuple[str, str]] = set()
    for item in layers + distractors:
        layer = parse(item)
        if (layer.kind, layer.label) in seen:
            raise checker.fail(
                (*where, "layers"),
                f"{what}: “{item}” appears twice; learners could not tell the two apart",
            )
        seen.add((layer.kind, layer.label))
    return {"layers": layers, "distractors": distractors}


def check_constraints(value: Any, checker: Checker, where: Where, what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise checker.fail(
            where, f"{what}: “constraints” must map at least one of: {', '.join(CONSTRAINT_KEYS)}"
        )
    unknown = [key for key in value if key not in CONSTRAINT_KEYS]
    if unknown:
        raise checker.fail(
            (*where, unknown[0]),
            f"{what}: unknown constraint “{unknown[0]}” (expected one of: {', '.join(CONSTRAINT_KEYS)})",
        )
    constraints: dict[str, Any] = {}
    for key in CONSTRAINT_KEYS:
        if key not in value:
            continue
        expected, at = value[key], (*where, key)
        if key == "valid":
            if not isinstance(expected, bool):
                raise checker.fail(at, f"{what}: the constraint “valid” must be true or false")
        elif key == "model":
            if expected not in list(Model):
                raise checker.fail(
                    at, f"{what}: “{expected}” is not a model (expected one of: {', '.join(Model)})"
                )
        elif key == "hypervisor_type":
            if expected not in (1, 2) or isinstance(expected, bool):
                raise checker.fail(at, f"{what}: the constraint “hypervisor_type” must be 1 or 2")
        elif isinstance(expected, dict):
            bounds = checker.mapping(
                expected, at, {"min", "max"}, f"{what}: the constraint “{key}”"
            )
            if not bounds:
                raise checker.fail(at, f"{what}: the constraint “{key}” needs “min”, “max” or both")
            expected = {
                bound: checker.whole(bounds[bound], at, f"{what}: “{key}” {bound}")
                for bound in ("min", "max")
                if bound in bounds
            }
            if expected.get("min", 0) > expected.get("max", MAX_COUNT_VALUE):
                raise checker.fail(at, f"{what}: the constraint “{key}” has min above max")
        else:
            checker.whole(expected, at, f"{what}: the constraint “{key}”")
        constraints[key] = expected
    return constraints


def _build(
    data: dict[str, Any], checker: Checker, where: Where, what: str, kind: QuestionType
) -> dict[str, Any]:
    start = checker.text(data, "start", where, what, required=False)
    if start:
        checker.notation(start, (*where, "start"), f"{what}: “start”")
    constraints = check_constraints(data.get("constraints"), checker, (*where, "constraints"), what)
    solution = checker.text(data, "solution", where, what)
    checker.notation(solution, (*where, "solution"), f"{what}: “solution”")
    unmet = first_unmet(constraints, analyse(parse(solution)))
    if unmet is not None:
        raise checker.fail(
            (*where, "solution"), f"{what}: the solution does not meet the constraints: {unmet}"
        )
    return {"start": start, "constraints": constraints, "solution": solution}


def _classify(
    data: dict[str, Any], checker: Checker, where: Where, what: str, kind: QuestionType
) -> dict[str, Any]:
    stack = checker.notation(
        checker.text(data, "stack", where, what), (*where, "stack"), f"{what}: “stack”"
    )
    codes = [str(model) for model in Model]
    answer = checker.choice_of(data, "answer", where, what, codes, "")
    models = checker.strings(
        data.get("choices"), (*where, "choices"), f"{what}: “choices”", limit=len(codes)
    )
    for index, code in enumerate(models):
        if code not in codes:
            raise checker.fail(
                (*where, "choices", index),
                f"{what}: “{code}” is not a model (expected one of: {', '.join(codes)})",
            )
    if len(set(models)) != len(models) or len(models) < 2:
        raise checker.fail(
            (*where, "choices"), f"{what}: “choices” must list at least two different models"
        )
    if answer not in models:
        raise checker.fail(
            (*where, "answer"), f"{what}: the answer “{answer}” is not among the choices"
        )
    shown = str(analyse(parse(stack)).model)
    if shown != answer:
        raise checker.fail(
            (*where, "answer"),
            f"{what}: the answer is “{answer}”, but the stack shown is recognised as “{shown}”",
        )
    return {"stack": stack, "answer": answer, "models": models}
