"""The instructor's results page and CSV: who may see them, and what they say."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from learners.models import Learner
from quizzes.flow import finish_attempt, record_answer, start_attempt
from quizzes.graders import grade
from quizzes.models import Attempt, Quiz
from quizzes.stats import histogram, pearson, quiz_report, safe_cell
from tests.quizzes.factories import (
    build,
    make_instructor,
    make_quiz,
    make_user,
    quiz_url,
    single,
    truefalse,
)

pytestmark = pytest.mark.django_db


def take(quiz: Quiz, answers: list[dict], learner: Learner | None = None) -> Attempt:
    """A finished attempt with these answers, given in the quiz's question order."""
    attempt = start_attempt(quiz, learner or Learner.objects.create())
    for position, (question, answer) in enumerate(zip(attempt.questions, answers, strict=True)):
        spec = question.spec()
        record_answer(
            attempt.pk,
            position,
            question,
            answer,
            str(answer),
            grade(spec, answer),
            finish_when_done=False,
        )
    return finish_attempt(attempt.pk)


@pytest.fixture
def quiz() -> Quiz:
    return make_quiz(questions=(single(), truefalse(), build()))


@pytest.fixture
def taken(quiz: Quiz) -> Quiz:
    right_stack = {"stack": "server > os > engine > [2*container > libs > app]"}
    wrong_stack = {"stack": "server > os > [app, app]"}
    take(quiz, [{"choice": 0}, {"value": True}, right_stack])
    take(quiz, [{"choice": 0}, {"value": True}, wrong_stack])
    take(quiz, [{"choice": 1}, {"value": False}, wrong_stack])
    take(quiz, [{"choice": 2}, {"value": True}, {"stack": "server > os > app"}])
    return quiz


def log_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["results", "results_csv"])
def test_results_are_for_instructors_only(client, quiz, name):
    url = quiz_url(quiz, name)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    log_in(client, make_user())
    assert client.get(url).status_code == 403
    log_in(client, make_instructor())
    assert client.get(url).status_code == 200


def test_results_page_shows_scores_facility_and_common_wrong_stacks(client, taken):
    log_in(client, make_instructor())
    page = client.get(quiz_url(taken, "results")).content.decode()
    assert '<svg class="histogram" role="img"' in page
    assert "<caption>Attempts per score band</caption>" in page
    assert "server &gt; os &gt; [app, app]" in page  # the commonest wrong stack
    assert "Most common wrong answers" in page


def test_report_figures(taken):
    report = quiz_report(taken)
    assert report.attempts == 4 and report.learners == 4
    assert report.average == pytest.approx((3 + 2 + 0 + 1) / 3 / 4)
    by_key = {item.question.key: item for item in report.questions}
    assert by_key["idle"].facility == pytest.approx(0.5)
    assert [(o.text, o.count) for o in by_key["idle"].options] == [
        ("The hardware sits idle", 2),
        ("The OS cannot run apps", 1),
        ("Servers are too fast", 1),
    ]
    assert by_key["build-containers"].wrong_answers[0] == ("server > os > [app, app]", 2)
    assert by_key["idle"].discrimination is not None and by_key["idle"].discrimination > 0
    assert sum(bar.count for bar in report.bars) == 4


def test_pearson_and_histogram():
    assert pearson([0, 1, 1, 0], [1, 3, 3, 1]) == pytest.approx(1.0)
    assert pearson([0, 1, 1, 0], [3, 1, 1, 3]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [0, 1, 2]) is None  # no variance: undefined
    assert pearson([0, 1], [0, 1]) is None  # too few
    bars = histogram([0.0, 0.05, 0.5, 1.0, 1.0])
    assert [bar.count for bar in bars] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]


def test_csv_has_every_response_with_safe_cells_and_filename(client, quiz):
    learner = Learner.objects.create(user=make_user(username="=cmd|calc"))
    take(quiz, [{"choice": 0}, {"value": True}, {"stack": "server > os > app"}], learner)
    log_in(client, make_instructor())
    response = client.get(quiz_url(quiz, "results_csv"))
    assert response["Content-Type"].startswith("text/csv")
    lesson = quiz.lesson
    assert response["Content-Disposition"] == (
        f'attachment; filename="{lesson.course.slug}-{lesson.slug}-quiz-responses.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["attempt", "attempt_number", "learner"]
    assert len(rows) == 4
    assert {row[2] for row in rows[1:]} == {"'=cmd|calc"}
    assert [row[4] for row in rows[1:]] == ["idle", "vm-os", "build-containers"]
    assert rows[1][7] == "1.000" and rows[3][8] == "no"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("ok", "ok"),
        (None, ""),
    ],
)
def test_safe_cell(value, safe):
    assert safe_cell(value) == safe
