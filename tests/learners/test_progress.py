from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learners.models import LessonRead
from learners.progress import last_read, mark_read, progress_counts, read_lesson_ids
from lessons.models import Lesson, Status
from tests.learners.factories import make_course, make_learner, make_lesson

pytestmark = pytest.mark.django_db


def test_mark_read_is_true_once_then_only_moves_last_read_at() -> None:
    learner, lesson = make_learner(), make_lesson()
    assert mark_read(learner, lesson) is True
    first = LessonRead.objects.get()
    LessonRead.objects.update(last_read_at=first.last_read_at - timedelta(hours=1))

    assert mark_read(learner, lesson) is False
    again = LessonRead.objects.get()
    assert again.first_read_at == first.first_read_at
    assert again.last_read_at > first.last_read_at - timedelta(hours=1)


def test_mark_read_keeps_learners_apart() -> None:
    lesson = make_lesson()
    assert mark_read(make_learner(), lesson) is True
    assert mark_read(make_learner(), lesson) is True
    assert LessonRead.objects.count() == 2


def test_read_lesson_ids_in_one_query(django_assert_num_queries) -> None:
    learner, course = make_learner(), make_course()
    read, unread = make_lesson(course), make_lesson(course)
    other_course_read = make_lesson()
    for lesson in (read, other_course_read):
        mark_read(learner, lesson)

    with django_assert_num_queries(1):
        assert read_lesson_ids(learner, Lesson.objects.filter(course=course)) == {read.pk}
    with django_assert_num_queries(1):
        assert read_lesson_ids(learner, [read, unread]) == {read.pk}


def test_read_lesson_ids_without_learner_or_lessons_asks_nothing(django_assert_num_queries) -> None:
    lesson, learner = make_lesson(), make_learner()
    with django_assert_num_queries(0):
        assert read_lesson_ids(None, [lesson]) == set()
        assert read_lesson_ids(learner, []) == set()


def test_last_read_is_the_most_recent_with_its_course_in_one_query(
    django_assert_num_queries,
) -> None:
    learner = make_learner()
    older, newer = make_lesson(), make_lesson()
    mark_read(learner, newer)
    mark_read(learner, older)
    LessonRead.objects.filter(lesson=newer).update(last_read_at=timezone.now() + timedelta(1))

    with django_assert_num_queries(1):
        lesson = last_read(learner)
        assert lesson == newer
        assert lesson.course.title == newer.course.title


def test_last_read_skips_unpublished_and_handles_nobody() -> None:
    learner = make_learner()
    published, draft = make_lesson(), make_lesson(status=Status.DRAFT)
    mark_read(learner, published)
    mark_read(learner, draft)
    LessonRead.objects.filter(lesson=draft).update(last_read_at=timezone.now() + timedelta(1))

    assert last_read(learner) == published
    assert last_read(make_learner()) is None
    assert last_read(None) is None


def test_progress_counts_published_lessons_per_course_in_one_query(
    django_assert_num_queries,
) -> None:
    learner = make_learner()
    first, second, untouched = make_course(), make_course(), make_course()
    for lesson in (make_lesson(first), make_lesson(first), make_lesson(second)):
        mark_read(learner, lesson)
    mark_read(learner, make_lesson(first, status=Status.DRAFT))
    mark_read(make_learner(), make_lesson(second))
    courses = [first, second, untouched]

    with django_assert_num_queries(1):
        counts = progress_counts(learner, courses)
    assert counts == {first.pk: 2, second.pk: 1, untouched.pk: 0}


def test_progress_counts_without_learner_are_zero_without_queries(
    django_assert_num_queries,
) -> None:
    course = make_course()
    with django_assert_num_queries(0):
        assert progress_counts(None, [course]) == {course.pk: 0}
