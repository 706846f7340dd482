"""How an answered (or skipped) question reads afterwards: the answer, score and feedback,
the explanation and the right answer — the last three only when the quiz's policy allows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from quizzes import graders
from quizzes.models import Question, Response
from quizzes.spec import QuestionSpec, QuestionType
from virtlearn.stacks import kinds
from virtlearn.stacks.describe import describe
from virtlearn.stacks.layout import layout
from virtlearn.stacks.notation import parse
from virtlearn.stacks.svg import to_svg


@dataclass(frozen=True)
class Mark:
    text: str
    chosen: bool
    correct: bool


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question: Question
    spec: QuestionSpec
    response: Response | None
    visible: bool
    teaches_url: str
    feedback: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()
    right_answer: str = ""

    @property
    def figure(self) -> SafeString:
        if self.spec.type != QuestionType.CLASSIFY:
            return SafeString("")
        return classify_figure(self.spec.stack, f"quiz-figure-{self.number}")

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def answer_text(self) -> str:
        return self.response.answer_text if self.response else ""

    @property
    def score(self) -> float:
        return self.response.score if self.response else 0.0

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def correct(self) -> bool:
        return self.response is not None and self.response.correct

    @property
    def partly(self) -> bool:
        return self.response is not None and 0 < self.response.score < 1


def review_item(
    number: int, question: Question, response: Response | None, visible: bool, lesson_url: str
) -> ReviewItem:
    spec = question.spec()
    teaches_url = f"{lesson_url}#{spec.teaches}" if spec.teaches else lesson_url
    base = ReviewItem(number, question, spec, response, visible, teaches_url)
    if not visible:
        return base
    answer = response.answer if response else {}
    feedback = graders.grade(spec, answer).feedback if response else ()
    return ReviewItem(
        number,
        question,
        spec,
        response,
        visible,
        teaches_url,
        feedback=feedback,
        marks=marks(spec, answer),
        right_answer=right_answer(spec),
    )


def marks(spec: QuestionSpec, answer: dict) -> tuple[Mark, ...]:
    if spec.type == QuestionType.SINGLE:
        chosen = {answer.get("choice")}
    elif spec.type == QuestionType.MULTIPLE:
        chosen = set(answer.get("choices", ()))
    else:
        return ()
    return tuple(
        Mark(choice.text, index in chosen, choice.correct)
        for index, choice in enumerate(spec.choices)
    )


def right_answer(spec: QuestionSpec) -> str:
    match spec.type:
        case QuestionType.TRUEFALSE:
            return _("True") if spec.answer else _("False")
        case QuestionType.ORDER:
            return " > ".join(graders.item_name(layer) for layer in spec.layers)
        case QuestionType.BUILD:
            return spec.solution
        case QuestionType.CLASSIFY:
            return graders.model_name(str(spec.answer))
    return ""


def classify_figure(notation: str, prefix: str) -> SafeString:
    """The builder's drawing, titled without the model: naming it would give the answer away."""
    stack = parse(notation)
    names = {kind: _(name) for kind, name in kinds.KIND_NAMES.items()}
    svg = to_svg(
        layout(stack, names=names),
        title=_("The stack to classify"),
        description=describe(stack, _),
        id_prefix=prefix,
    )
    return mark_safe(svg)
