"""What instructors see of a quiz: scores, how each question worked, and the CSV of answers.

- Facility index: the mean score on the question (0 to 1; partial credit counts), beside
  the share of learners who got it fully right.
- Discrimination index: the corrected item-total correlation, i.e. Pearson's r between the
  score on the question and the score on the rest of the attempt (the other questions),
  over finished attempts that drew the question. Near 0 or negative: the question does not
  separate learners who know the material from those who do not. Needs 3 attempts or more.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from quizzes.answers import describe_answer
from quizzes.graders import model_name
from quizzes.models import Question, Quiz, Response
from quizzes.spec import QuestionType

BINS = 10
CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 400, 160, 24
TOP_WRONG = 5


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class OptionCount:
    text: str
    count: int
    correct: bool
    percent: int


@dataclass(frozen=True)
class QuestionStats:
    number: int
    question: Question
    responses: int
    facility: float | None
    share_correct: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]
    wrong_answers: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Report:
    attempts: int
    learners: int
    average: float | None
    bars: tuple[Bar, ...]
    questions: tuple[QuestionStats, ...]
    unfinished: int
    chart_width: int = CHART_WIDTH
    chart_height: int = CHART_HEIGHT + CHART_MARGIN


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 3:
        return None
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def histogram(scores: Iterable[float]) -> tuple[Bar, ...]:
    counts = [0] * BINS
    for score in scores:
        counts[min(BINS - 1, int(score * BINS))] += 1
    tallest = max(counts) or 1
    width = CHART_WIDTH / BINS
    bars = []
    for index, count in enumerate(counts):
        height = CHART_HEIGHT * count / tallest
        low, high = index * 100 // BINS, (index + 1) * 100 // BINS - (0 if index == BINS - 1 else 1)
        bars.append(
            Bar(
                label=f"{low}\u2013{high} %",
                count=count,
                x=index * width + 2,
                y=CHART_HEIGHT - height,
                width=width - 4,
                height=height,
            )
        )
    return tuple(bars)


def quiz_report(quiz: Quiz) -> Report:
    questions = list(quiz.questions.prefetch_related("choices"))
    finished = list(
        quiz.attempts.finished().values_list("pk", "learner_id", "score", "question_ids")
    )
    unfinished = quiz.attempts.unfinished().count()
    finished_ids = {pk for pk, *_rest in finished}
    responses = list(
        Response.objects.filter(attempt__quiz=quiz).values_list(
            "attempt_id", "question_id", "score", "answer"
        )
    )
    item_scores: dict[tuple[int, int], float] = {}
    for attempt_id, question_id, score, _answer in responses:
        if attempt_id in finished_ids:
            item_scores[(attempt_id, question_id)] = score
    raw_totals = {
        pk: sum(item_scores.get((pk, qid), 0.0) for qid in ids) for pk, _l, _s, ids in finished
    }
    stats = []
    for number, question in enumerate(questions, start=1):
        mine = [(a, s, answer) for a, q, s, answer in responses if q == question.pk]
        scores = [s for _a, s, _answer in mine]
        drew = [pk for pk, _l, _s, ids in finished if question.pk in ids]
        xs = [item_scores.get((pk, question.pk), 0.0) for pk in drew]
        ys = [raw_totals[pk] - x for pk, x in zip(drew, xs, strict=True)]
        options, wrong = answer_counts(question, [(s, answer) for _a, s, answer in mine])
        stats.append(
            QuestionStats(
                number=number,
                question=question,
                responses=len(mine),
                facility=sum(scores) / len(scores) if scores else None,
                share_correct=(
                    sum(1 for s in scores if s >= 1 - 1e-9) / len(scores) if scores else None
                ),
                discrimination=pearson(xs, ys),
                options=options,
                wrong_answers=wrong,
            )
        )
    scores = [score or 0.0 for _pk, _l, score, _ids in finished]
    return Report(
        attempts=len(finished),
        learners=len({learner for _pk, learner, _s, _ids in finished}),
        average=sum(scores) / len(scores) if scores else None,
        bars=histogram(scores),
        questions=tuple(stats),
        unfinished=unfinished,
    )


def answer_counts(
    question: Question, answers: list[tuple[float, dict]]
) -> tuple[tuple[OptionCount, ...], tuple[tuple[str, int], ...]]:
    """How often each option was picked; for build and order questions, the commonest wrong answers."""
    spec = question.spec()
    total = len(answers) or 1
    counts: Counter[str] = Counter()
    if spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        for _score, answer in answers:
            picked = answer.get("choices", [answer.get("choice")])
            counts.update(str(index) for index in picked)
        options = [(str(i), c.text, c.correct) for i, c in enumerate(spec.choices)]
    elif spec.type == QuestionType.TRUEFALSE:
        counts.update(str(answer.get("value")).lower() for _score, answer in answers)
        options = [
            ("true", _("True"), spec.answer is True),
            ("false", _("False"), spec.answer is False),
        ]
    elif spec.type == QuestionType.CLASSIFY:
        counts.update(str(answer.get("model")) for _score, answer in answers)
        options = [(code, model_name(code), code == spec.answer) for code in spec.models]
    else:
        wrong = Counter(
            describe_answer(spec, answer) for score, answer in answers if score < 1 - 1e-9
        )
        return (), tuple(wrong.most_common(TOP_WRONG))
    return (
        tuple(
            OptionCount(text, counts[key], correct, round(100 * counts[key] / total))
            for key, text, correct in options
        ),
        (),
    )


# CSV -----------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "attempt",
    "attempt_number",
    "learner",
    "finished",
    "question",
    "question_type",
    "answer",
    "score",
    "correct",
    "answered_at",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (OWASP's CSV-injection advice)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def learner_name(response: Response) -> str:
    learner = response.attempt.learner
    return learner.user.get_username() if learner.user_id else f"anonymous-{learner.pk}"


def responses_csv(quiz: Quiz) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = (
        Response.objects.filter(attempt__quiz=quiz)
        .select_related("attempt__learner__user", "question")
        .order_by("attempt_id", "position")
    )
    for response in rows.iterator(chunk_size=500):
        attempt = response.attempt
        writer.writerow(
            safe_cell(value)
            for value in (
                attempt.pk,
                attempt.number,
                learner_name(response),
                "yes" if attempt.finished_at else "no",
                response.question.key,
                response.question.type,
                response.answer_text,
                f"{response.score:.3f}",
                "yes" if response.correct else "no",
                response.answered_at.isoformat(timespec="seconds"),
            )
        )
    return out.getvalue()


def csv_filename(quiz: Quiz) -> str:
    lesson = quiz.lesson
    return f"{slugify(lesson.course.slug)}-{slugify(lesson.slug)}-quiz-responses.csv"
