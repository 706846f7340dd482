"""Anonymous attempts follow the learner into their account; best scores for the course page."""

from __future__ import annotations

import pytest

from learners.identity import SESSION_KEY
from learners.models import Learner
from quizzes.flow import finish_attempt, start_attempt
from quizzes.models import Attempt
from quizzes.summary import best_scores
from tests.quizzes.factories import PASSWORD, make_quiz, make_user, quiz_url, start, truefalse

pytestmark = pytest.mark.django_db


def test_log_in_carries_anonymous_attempts_over_and_renumbers_them(client):
    quiz = make_quiz(questions=(truefalse(),))
    user = make_user()
    account = Learner.objects.create(user=user)
    own = finish_attempt(start_attempt(quiz, account).pk)
    url = start(client, quiz)  # anonymous: a session learner
    client.post(url, {"sequence": "0", "value": "true"})
    anonymous_id = client.session[SESSION_KEY]
    assert Attempt.objects.filter(learner_id=anonymous_id).count() == 1
    assert (
        client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert not Learner.objects.filter(pk=anonymous_id).exists()
    moved = Attempt.objects.filter(learner=account).order_by("number")
    assert [(a.pk == own.pk, a.number) for a in moved] == [(True, 1), (False, 2)]
    # and the account sees its results
    assert "Attempt 2" in client.get(quiz_url(quiz)).content.decode()


def test_best_scores_in_one_query(django_assert_num_queries):
    learner = Learner.objects.create()
    first, second, untaken = (make_quiz(questions=(truefalse(),)) for _ in range(3))
    for quiz, score in ((first, 0.5), (first, 1.0), (second, 0.25)):
        attempt = finish_attempt(start_attempt(quiz, learner).pk)
        Attempt.objects.filter(pk=attempt.pk).update(score=score)
    start_attempt(second, learner)  # unfinished: does not count
    lessons = [first.lesson, second.lesson, untaken.lesson]
    with django_assert_num_queries(1):
        scores = best_scores(learner, lessons)
    assert scores == {first.lesson.pk: 1.0, second.lesson.pk: 0.25}
    assert best_scores(None, lessons) == {}
