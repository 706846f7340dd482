"""What a question shows in an attempt and how a posted answer is read back.

Options carry opaque tokens (an HMAC of the attempt, the question and the option's index),
shown in the attempt's own order: nothing in the page tells which one is right, and a token
from another attempt means nothing here. Answers are stored by index into the question's spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from quizzes.graders import item_name, model_name
from quizzes.models import Attempt, Question
from quizzes.spec import QuestionSpec, QuestionType
from virtlearn.stacks.notation import NotationError, format_stack, parse


class AnswerError(ValueError):
    """A posted answer that cannot be read; the message is for the learner."""


@dataclass(frozen=True)
class Option:
    token: str
    index: int
    text: str


def token(attempt: Attempt, question: Question, index: int) -> str:
    value = f"{attempt.pk}:{attempt.seed}:{question.pk}:{index}"
    return salted_hmac("quizzes.option", value, algorithm="sha256").hexdigest()[:16]


def options(attempt: Attempt, question: Question, spec: QuestionSpec) -> list[Option]:
    """The options in this attempt's order (choices, layers to place, or models)."""
    if spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        texts = [choice.text for choice in spec.choices]
        shuffle = attempt.quiz.shuffle_choices
    elif spec.type == QuestionType.ORDER:
        texts = [item_name(item) for item in spec.items]
        shuffle = True
    elif spec.type == QuestionType.CLASSIFY:
        return [Option(code, index, model_name(code)) for index, code in enumerate(spec.models)]
    else:
        return []
    order = list(range(len(texts)))
    if shuffle:
        attempt.rng(question).shuffle(order)
        if spec.type == QuestionType.ORDER:
            order = _not_in_order(order, len(spec.layers))
    return [Option(token(attempt, question, i), i, texts[i]) for i in order]


def _not_in_order(order: list[int], layers: int) -> list[int]:
    """Never start an order question with its layers already in the right relative order."""
    at = [position for position, index in enumerate(order) if index < layers]
    if [order[p] for p in at] == sorted(order[p] for p in at):
        order[at[0]], order[at[1]] = order[at[1]], order[at[0]]
    return order


def _by_token(attempt: Attempt, question: Question, spec: QuestionSpec) -> dict[str, int]:
    return {option.token: option.index for option in options(attempt, question, spec)}


def read_answer(
    attempt: Attempt, question: Question, spec: QuestionSpec, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The answer in `data` (a QueryDict or dict of lists) as stored; AnswerError if unreadable."""
    getlist = data.getlist if hasattr(data, "getlist") else (lambda key: data.get(key, []))
    match spec.type:
        case QuestionType.SINGLE:
            picked = getlist("choice")
            if not picked:
                raise AnswerError(_("Choose one answer."))
            index = _by_token(attempt, question, spec).get(picked[0])
            if index is None or len(picked) > 1:
                raise AnswerError(_("That choice is not one of this question's options."))
            return {"choice": index}
        case QuestionType.MULTIPLE:
            known = _by_token(attempt, question, spec)
            picked = getlist("choice")
            if not picked:
                raise AnswerError(_("Choose at least one answer."))
            if any(item not in known for item in picked):
                raise AnswerError(_("That choice is not one of this question's options."))
            return {"choices": sorted({known[item] for item in picked})}
        case QuestionType.TRUEFALSE:
            value = (getlist("value") or [""])[0]
            if value not in ("true", "false"):
                raise AnswerError(_("Answer true or false."))
            return {"value": value == "true"}
        case QuestionType.ORDER:
            return {"order": _read_order(attempt, question, spec, getlist)}
        case QuestionType.BUILD:
            text = (getlist("s") or [""])[0]
            if not text.strip():
                raise AnswerError(_("Build a stack first: your stack is empty."))
            try:
                return {"stack": format_stack(parse(text))}
            except NotationError as error:
                raise AnswerError(
                    _("Your stack cannot be read: %(error)s") % {"error": error}
                ) from None
        case QuestionType.CLASSIFY:
            model = (getlist("model") or [""])[0]
            if model not in spec.models:
                raise AnswerError(_("Choose one of the models offered."))
            return {"model": model}
    raise AnswerError(_("This question cannot be answered."))


def _read_order(
    attempt: Attempt, question: Question, spec: QuestionSpec, getlist: Any
) -> list[int]:
    """Each layer's select gives its position (1 = bottom) or nothing (left out)."""
    placed: dict[int, int] = {}
    for option in options(attempt, question, spec):
        values = getlist(f"place-{option.token}")
        value = values[0].strip() if values else ""
        if not value:
            continue
        if not value.isdigit() or not 1 <= int(value) <= len(spec.items):
            raise AnswerError(_("Positions are numbers from 1 to %(n)d.") % {"n": len(spec.items)})
        position = int(value)
        if position in placed:
            raise AnswerError(
                _("Two layers are at position %(n)d: give each layer its own position.")
                % {"n": position}
            )
        placed[position] = option.index
    if not placed:
        raise AnswerError(_("Place at least one layer."))
    return [placed[position] for position in sorted(placed)]


def describe_answer(spec: QuestionSpec, answer: dict[str, Any]) -> str:
    """The answer in words: for the review, the results table and the CSV export."""
    match spec.type:
        case QuestionType.SINGLE:
            return spec.choices[answer["choice"]].text
        case QuestionType.MULTIPLE:
            return " | ".join(spec.choices[i].text for i in answer["choices"])
        case QuestionType.TRUEFALSE:
            return _("True") if answer["value"] else _("False")
        case QuestionType.ORDER:
            return " > ".join(item_name(spec.items[i]) for i in answer["order"])
        case QuestionType.BUILD:
            return answer["stack"]
        case QuestionType.CLASSIFY:
            return model_name(answer["model"])
    return ""
