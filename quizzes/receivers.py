"""Carry an anonymous learner's quiz attempts over to their account on log-in."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.dispatch import receiver

from learners.models import Learner
from learners.signals import learner_merged
from quizzes.models import Attempt


@receiver(learner_merged, dispatch_uid="quizzes.move_attempts")
def move_attempts(sender: type, source: Learner, target: Learner, **kwargs: Any) -> None:
    """Give the target every attempt of the source, numbered after the target's own."""
    moved = list(Attempt.objects.filter(learner=source).order_by("quiz_id", "started_at", "pk"))
    if not moved:
        return
    last = dict(
        Attempt.objects.filter(learner=target, quiz_id__in={a.quiz_id for a in moved})
        .values_list("quiz_id")
        .annotate(last=Max("number"))
    )
    for attempt in moved:
        last[attempt.quiz_id] = last.get(attempt.quiz_id, 0) + 1
        attempt.learner = target
        attempt.number = last[attempt.quiz_id]
    # New numbers come after the target's own, so no row ever collides on the way.
    Attempt.objects.bulk_update(moved, ["learner", "number"])
