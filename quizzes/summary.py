"""What other pages show of a learner's quizzes (the course outline's best scores)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max

from learners.models import Learner
from lessons.models import Lesson
from quizzes.models import Attempt


def best_scores(learner: Learner | None, lessons: Iterable[Lesson]) -> dict[int, float]:
    """The learner's best finished score (0 to 1) per lesson id, in one query."""
    if learner is None:
        return {}
    rows = (
        Attempt.objects.finished()
        .filter(learner=learner, quiz__lesson__in=[lesson.pk for lesson in lessons])
        .values_list("quiz__lesson_id")
        .annotate(best=Max("score"))
    )
    return {lesson_id: best for lesson_id, best in rows if best is not None}


def percent(score: float | None) -> str | None:
    """A score as the course page shows it ("75 %"); None for no score."""
    return None if score is None else f"{round(score * 100)} %"
