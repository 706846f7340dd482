"""Grade pass-back: a quiz attempt finished by a learner launched from an LMS.

The outbox row is written when the finished attempt is saved, inside the transaction that
finishes it; `attempt_finished` (sent after the commit) catches an attempt finished any
other way. Either way one row per attempt, sent after the commit.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lti.grades import queue_grade
from quizzes.models import Attempt
from quizzes.signals import attempt_finished


@receiver(post_save, sender=Attempt, dispatch_uid="lti.queue_grade_on_save")
def grade_on_finish(
    sender: type, instance: Attempt, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if instance.finished_at is not None and (
        created or update_fields is None or "finished_at" in update_fields
    ):
        queue_grade(instance)


@receiver(attempt_finished, dispatch_uid="lti.queue_grade")
def grade_when_finished(sender: Any, attempt: Any, **kwargs: Any) -> None:
    queue_grade(attempt)
