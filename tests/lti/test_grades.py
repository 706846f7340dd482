from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from lti.grades import wait_after
from lti.models import GradeSend, LtiUser
from quizzes.flow import finish_attempt
from quizzes.signals import attempt_finished
from tests.lti.factories import make_attempt, make_quiz
from tests.lti.platform import launch

pytestmark = pytest.mark.django_db


def launched_quiz(client, platform, **prepare):
    quiz = make_quiz()
    lesson = quiz.lesson
    custom = {"course": lesson.course.slug, "lesson": lesson.slug, "activity": "quiz"}
    assert (
        launch(client, platform, platform.prepare(sub="s1", custom=custom, **prepare)).status_code
        == 200
    )
    return quiz, LtiUser.objects.get(sub="s1").user


def finish(quiz, user, captured, *, score=0.75, number=1, execute=True):
    """An attempt finishing, its commit and what runs after it."""
    with captured(execute=execute):
        attempt = make_attempt(quiz, user, score=score, number=number)
    return attempt


def test_finished_attempt_sends_its_score_to_a_new_line_item(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform)
    attempt = finish(quiz, user, django_capture_on_commit_callbacks)
    send = GradeSend.objects.get()
    assert send.status == GradeSend.Status.SENT and send.attempts == 1
    assert send.attempt_id == attempt.pk
    assert len(platform.line_items) == 1
    assert platform.line_items[0]["tag"] == "virtlearn-quiz:virtualization/containers"
    assert platform.line_items[0]["scoreMaximum"] == 100
    ((url, score),) = platform.scores
    assert url == f"{platform.lineitems_url}/1/scores"
    assert score["userId"] == "s1"
    assert score["scoreGiven"] == 75 and score["scoreMaximum"] == 100
    assert score["gradingProgress"] == "FullyGraded"
    # The token came from a client-credentials grant with the tool's signed assertion.
    form = platform.token_requests[0]["form"]
    assert form["grant_type"] == "client_credentials"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in form["scope"]


def test_the_quizzes_own_finish_queues_one_grade_in_its_transaction(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform)
    attempt = make_attempt(quiz, user, finished=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        finish_attempt(attempt.pk)
        assert GradeSend.objects.filter(attempt_id=attempt.pk).count() == 1  # before the commit
    assert len(callbacks) >= 2  # our send, and the attempt_finished signal
    assert GradeSend.objects.get().status == GradeSend.Status.SENT
    assert len(platform.scores) == 1  # the signal after the commit added nothing


def test_an_attempt_rolled_back_leaves_no_grade(client, platform):
    quiz, user = launched_quiz(client, platform)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_attempt(quiz, user, score=1.0)
        assert GradeSend.objects.count() == 1
        raise RuntimeError
    assert not GradeSend.objects.exists()


def test_the_finished_signal_alone_also_queues_a_grade(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform)
    attempt = make_attempt(quiz, user, finished=False)
    attempt.finished_at, attempt.score = timezone.now(), 0.5
    type(attempt).objects.filter(pk=attempt.pk).update(finished_at=attempt.finished_at, score=0.5)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_finished.send(sender=type(attempt), attempt=attempt)
        attempt_finished.send(sender=type(attempt), attempt=attempt)
    assert GradeSend.objects.get().score_given == 50
    assert len(platform.scores) == 1


def test_a_second_attempt_reuses_the_line_item(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform)
    finish(quiz, user, django_capture_on_commit_callbacks)
    finish(quiz, user, django_capture_on_commit_callbacks, score=1.0, number=2)
    assert len(platform.line_items) == 1
    assert [score["scoreGiven"] for _url, score in platform.scores] == [75, 100]


def test_link_with_its_own_line_item_posts_there(
    client, platform, django_capture_on_commit_callbacks
):
    platform.line_items.append(
        {"id": f"{platform.lineitems_url}/7", "label": "Quiz", "scoreMaximum": 100}
    )
    quiz, user = launched_quiz(client, platform, lineitem=f"{platform.lineitems_url}/7")
    finish(quiz, user, django_capture_on_commit_callbacks)
    assert [url for url, _score in platform.scores] == [f"{platform.lineitems_url}/7/scores"]


def test_grade_is_retried_after_the_lms_fails(client, platform, django_capture_on_commit_callbacks):
    quiz, user = launched_quiz(client, platform)
    platform.fail_scores = [503]
    finish(quiz, user, django_capture_on_commit_callbacks)
    send = GradeSend.objects.get()
    assert send.status == GradeSend.Status.PENDING
    assert send.attempts == 1
    assert "503" in send.last_error
    assert send.next_try_at > timezone.now()
    assert platform.scores == []

    call_command("send_pending_grades")  # not due yet: nothing happens
    assert GradeSend.objects.get().attempts == 1

    GradeSend.objects.update(next_try_at=timezone.now() - timedelta(seconds=1))
    call_command("send_pending_grades")
    send.refresh_from_db()
    assert send.status == GradeSend.Status.SENT
    assert send.attempts == 2 and send.last_error == ""
    assert len(platform.scores) == 1


def test_outbox_row_waits_when_sending_never_ran(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform)
    finish(quiz, user, django_capture_on_commit_callbacks, execute=False)
    assert GradeSend.objects.get().status == GradeSend.Status.PENDING
    assert platform.scores == []
    call_command("send_pending_grades")
    assert GradeSend.objects.get().status == GradeSend.Status.SENT


def test_attempt_not_launched_from_an_lms_sends_nothing(
    django_user_model, django_capture_on_commit_callbacks
):
    quiz = make_quiz()
    user = django_user_model.objects.create(username="self-study")
    finish(quiz, user, django_capture_on_commit_callbacks)
    assert not GradeSend.objects.exists()


def test_launch_without_grade_service_sends_nothing(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform, ags=False)
    finish(quiz, user, django_capture_on_commit_callbacks)
    assert not GradeSend.objects.exists()


def test_backoff_grows_and_is_capped():
    assert wait_after(1) == timedelta(minutes=1)
    assert wait_after(3) == timedelta(minutes=4)
    assert wait_after(30) == timedelta(hours=6)


def test_gives_up_after_many_tries_and_can_be_retried(
    client, platform, django_capture_on_commit_callbacks
):
    quiz, user = launched_quiz(client, platform)
    platform.fail_scores = [503] * 20
    finish(quiz, user, django_capture_on_commit_callbacks)
    GradeSend.objects.update(attempts=11, next_try_at=timezone.now())
    call_command("send_pending_grades")
    assert GradeSend.objects.get().status == GradeSend.Status.FAILED
    platform.fail_scores = []
    call_command("send_pending_grades", retry_failed=True)
    assert GradeSend.objects.get().status == GradeSend.Status.SENT


def test_grades_page_is_for_staff_only(client, django_user_model):
    user = django_user_model.objects.create_user(username="learner", password="x")
    client.force_login(user)
    assert client.get("/lti/grades/").status_code == 302
    user.is_staff = True
    user.save()
    response = client.get("/lti/grades/")
    assert response.status_code == 200
    assert "No grade has been sent yet" in response.content.decode()
