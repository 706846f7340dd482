"""Grade pass-back: a quiz attempt finished in a session launched from an LMS."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from lti.grades import queue_grade
from quizzes.signals import attempt_finished


@receiver(attempt_finished, dispatch_uid="lti.queue_grade")
def grade_to_lms(sender: Any, attempt: Any, **kwargs: Any) -> None:
    queue_grade(attempt)
