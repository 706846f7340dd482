"""What an anonymous learner did follows them into their account on log-in and sign-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learners.identity import SESSION_KEY
from learners.models import Learner, LessonRead
from learners.progress import mark_read
from learners.signals import learner_merged
from tests.learners.factories import PASSWORD, make_learner, make_lesson, make_user

pytestmark = pytest.mark.django_db


def anonymous_learner_in(client: Client) -> Learner:
    """An anonymous learner whose id sits in the client's session, as get_learner leaves it."""
    learner = make_learner()
    session = client.session
    session[SESSION_KEY] = learner.pk
    session.save()
    client.cookies["sessionid"] = session.session_key
    return learner


@pytest.fixture
def merges() -> list[dict]:
    sent: list[dict] = []

    def record(sender, **kwargs) -> None:
        # The source is deleted right after the signal: note its id while it has one.
        sent.append({"sender": sender, "source_pk": kwargs["source"].pk, **kwargs})

    learner_merged.connect(record, weak=False)
    yield sent
    learner_merged.disconnect(record)


def log_in(client: Client, username: str) -> None:
    response = client.post(reverse("learners:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_log_in_carries_progress_over_and_removes_the_anonymous_learner(
    client: Client, merges: list[dict]
) -> None:
    anon = anonymous_learner_in(client)
    lesson = make_lesson()
    mark_read(anon, lesson)
    user = make_user()

    log_in(client, user.username)

    account = Learner.objects.get(user=user)
    assert list(LessonRead.objects.values_list("learner", "lesson")) == [(account.pk, lesson.pk)]
    assert not Learner.objects.filter(pk=anon.pk).exists()
    assert SESSION_KEY not in client.session
    assert len(merges) == 1
    assert merges[0]["sender"] is Learner
    assert merges[0]["source_pk"] == anon.pk
    assert merges[0]["target"] == account


def test_lessons_read_on_both_sides_collapse_keeping_the_widest_span(client: Client) -> None:
    user = make_user()
    account = make_learner(user)
    anon = anonymous_learner_in(client)
    shared, only_anon, only_account = make_lesson(), make_lesson(), make_lesson()
    for learner, lesson in [(account, shared), (anon, shared), (anon, only_anon)]:
        mark_read(learner, lesson)
    mark_read(account, only_account)
    now = timezone.now()
    LessonRead.objects.filter(learner=anon, lesson=shared).update(
        first_read_at=now - timedelta(days=3), last_read_at=now - timedelta(days=2)
    )
    LessonRead.objects.filter(learner=account, lesson=shared).update(
        first_read_at=now - timedelta(days=1), last_read_at=now
    )

    log_in(client, user.username)

    reads = {read.lesson_id: read for read in LessonRead.objects.all()}
    assert set(reads) == {shared.pk, only_anon.pk, only_account.pk}
    assert {read.learner_id for read in reads.values()} == {account.pk}
    assert reads[shared.pk].first_read_at == now - timedelta(days=3)
    assert reads[shared.pk].last_read_at == now


def test_sign_up_carries_progress_over(client: Client, merges: list[dict]) -> None:
    anon = anonymous_learner_in(client)
    lesson = make_lesson()
    mark_read(anon, lesson)

    response = client.post(
        reverse("learners:signup"),
        {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    account = Learner.objects.get(user__username="newcomer")
    assert LessonRead.objects.get().learner == account
    assert Learner.objects.count() == 1
    assert [m["target"] for m in merges] == [account]


def test_log_in_without_anonymous_learner_creates_nothing(
    client: Client, merges: list[dict]
) -> None:
    user = make_user()
    log_in(client, user.username)
    assert Learner.objects.count() == 0
    assert merges == []


def test_a_failing_receiver_rolls_the_whole_merge_back(client: Client) -> None:
    anon = anonymous_learner_in(client)
    mark_read(anon, make_lesson())
    user = make_user()

    def explode(sender, **kwargs) -> None:
        raise RuntimeError("quizzes could not move attempts")

    learner_merged.connect(explode, weak=False)
    try:
        client.raise_request_exception = True
        with pytest.raises(RuntimeError):
            log_in(client, user.username)
    finally:
        learner_merged.disconnect(explode)

    assert LessonRead.objects.get().learner_id == anon.pk
    assert not Learner.objects.filter(user=user).exists()
