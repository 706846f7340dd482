"""Scores to LMS gradebooks (LTI Assignment and Grade Services) through an outbox.

A GradeSend row is written in the same transaction as the attempt finishing, sent once that
commits, and retried with backoff by `manage.py send_pending_grades` until the LMS takes it:
a score is never lost because the LMS was down when the learner finished.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector

from lti.launch import TimeoutSession
from lti.models import GradeSend, ResourceLink, ToolKey
from lti.toolconf import registration_for

logger = logging.getLogger(__name__)

MAX_TRIES = 12
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def wait_after(tries: int) -> timedelta:
    """1, 2, 4… minutes after each failure, at most six hours: about three days in all."""
    return min(FIRST_WAIT * 2 ** max(tries - 1, 0), LONGEST_WAIT)


def link_for(attempt: Any) -> ResourceLink | None:
    """The LMS placement an attempt's score belongs to: its learner's latest launch of that
    lesson's quiz (or of the lesson) that came with the grade service."""
    user_id = getattr(attempt.learner, "user_id", None)
    if user_id is None:
        return None
    links = ResourceLink.objects.filter(
        lti_user__user_id=user_id, lesson_id=attempt.quiz.lesson_id
    ).order_by("-is_quiz", "-launched_at")
    return next((link for link in links if link.can_send_grades), None)


def queue_grade(attempt: Any) -> GradeSend | None:
    """Write the outbox row for a finished attempt (in the caller's transaction) and send it
    once that commits. None when the attempt was not launched from an LMS with grades.

    Once per attempt: asked again (the attempt saved again, the finished signal), it does nothing.
    """
    if attempt.finished_at is None or GradeSend.objects.filter(attempt_id=attempt.pk).exists():
        return None
    link = link_for(attempt)
    if link is None:
        return None
    fraction = min(max(attempt.score or 0.0, 0.0), 1.0)  # the attempt's score is a share
    send = GradeSend.objects.create(
        link=link,
        attempt_id=attempt.pk,
        score_given=round(fraction * 100, 2),
        score_maximum=100,
        finished_at=attempt.finished_at or timezone.now(),
    )
    transaction.on_commit(lambda: send_grade(send.pk), robust=True)
    return send


def send_grade(pk: int) -> GradeSend | None:
    """Try to send one pending score now; record the outcome either way."""
    send = (
        GradeSend.objects.select_related("link__platform", "link__lti_user", "link__lesson__course")
        .filter(pk=pk, status=GradeSend.Status.PENDING)
        .first()
    )
    if send is None:
        return None
    tries = send.attempts + 1
    try:
        deliver(send)
    except Exception as error:  # any failure of the LMS or the network: try again later
        logger.warning("Grade %s not sent (try %s): %s", pk, tries, error)
        status = GradeSend.Status.FAILED if tries >= MAX_TRIES else GradeSend.Status.PENDING
        changes = {
            "status": status,
            "attempts": tries,
            "last_error": str(error)[:2000],
            "next_try_at": timezone.now() + wait_after(tries),
        }
    else:
        changes = {
            "status": GradeSend.Status.SENT,
            "attempts": tries,
            "last_error": "",
            "sent_at": timezone.now(),
        }
    GradeSend.objects.filter(pk=pk).update(**changes)
    send.refresh_from_db()
    return send


def deliver(send: GradeSend) -> None:
    link = send.link
    registration = registration_for(link.platform, ToolKey.objects.current())
    service = AssignmentsGradesService(
        ServiceConnector(registration, TimeoutSession()),
        {"scope": link.scopes, "lineitems": link.lineitems_url, "lineitem": link.lineitem_url},
    )
    grade = (
        Grade()
        .set_score_given(send.score_given)
        .set_score_maximum(send.score_maximum)
        .set_timestamp(send.finished_at.isoformat())
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(link.lti_user.sub)
    )
    if link.lineitem_url:
        service.put_grade(grade)
        return
    # A link made without a line item: the quiz's own column, found by its tag or created.
    lesson = link.lesson
    key = f"{lesson.course.slug}/{lesson.slug}" if lesson else link.resource_link_id
    label = f"Quiz: {lesson.title}" if lesson else (link.title or "virtlearn quiz")
    line_item = (
        LineItem()
        .set_tag(f"virtlearn-quiz:{key}")
        .set_label(label)
        .set_score_maximum(100)
        .set_resource_id(f"quiz:{key}")
        .set_resource_link_id(link.resource_link_id)
    )
    service.put_grade(grade, service.find_or_create_lineitem(line_item))
