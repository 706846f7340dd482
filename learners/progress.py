"""Reading progress: which lessons a learner has opened, and where they left off."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from learners.models import Learner, LessonRead
from lessons.models import Course, Lesson, Status


def mark_read(learner: Learner, lesson: Lesson) -> bool:
    """Record that the learner opened the lesson; True the first time only."""
    now = timezone.now()
    if LessonRead.objects.filter(learner=learner, lesson=lesson).update(last_read_at=now):
        return False
    try:
        with transaction.atomic():
            LessonRead.objects.create(
                learner=learner, lesson=lesson, first_read_at=now, last_read_at=now
            )
    except IntegrityError:
        # Another request of the same learner got there first.
        LessonRead.objects.filter(learner=learner, lesson=lesson).update(last_read_at=now)
        return False
    return True


def read_lesson_ids(learner: Learner | None, lessons: Iterable[Lesson]) -> set[int]:
    """The ids of those lessons the learner has read (one query; none without a learner)."""
    if learner is None:
        return set()
    if not isinstance(lessons, QuerySet):
        lessons = [lesson.pk for lesson in lessons]
        if not lessons:
            return set()
    return set(
        LessonRead.objects.filter(learner=learner, lesson__in=lessons).values_list(
            "lesson_id", flat=True
        )
    )


def last_read(learner: Learner | None) -> Lesson | None:
    """The published lesson the learner read most recently, with its course (one query)."""
    if learner is None:
        return None
    read = (
        LessonRead.objects.filter(
            learner=learner,
            lesson__status=Status.PUBLISHED,
            lesson__course__status=Status.PUBLISHED,
        )
        .select_related("lesson__course")
        .order_by("-last_read_at", "-pk")
        .first()
    )
    return read.lesson if read else None


def progress_counts(learner: Learner | None, courses: Iterable[Course]) -> dict[int, int]:
    """Published lessons read per course id, every given course present (one query).

    Pass the courses being shown (a list or an evaluated queryset) so that listing them
    costs nothing more.
    """
    counts = {course.pk: 0 for course in courses}
    if learner is None or not counts:
        return counts
    rows = (
        LessonRead.objects.filter(
            learner=learner, lesson__course_id__in=counts, lesson__status=Status.PUBLISHED
        )
        .values_list("lesson__course_id")
        .annotate(read=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts
