"""The learner's pages: the courses, a course's outline, a lesson; and marking a lesson read.

Drafts are decided here, not in templates: instructors see them marked, everyone else a 404.
GETs change nothing; a lesson is marked read by a POST (htmx when it scrolls into view, or
the "Mark as read and continue" button without JavaScript).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from learners.identity import get_learner
from learners.progress import last_read, mark_read, progress_counts, read_lesson_ids
from lessons.models import Course, Lesson, Status, is_instructor
from lessons.page_cache import render_cached
from quizzes.summary import best_scores, percent
from virtlearn.http import HtmxHttpRequest, HttpResponseSeeOther


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    total: int
    read: int

    @property
    def percent(self) -> int:
        return round(100 * self.read / self.total) if self.total else 0


@dataclass(frozen=True)
class LessonRow:
    lesson: Lesson
    read: bool
    score: str | None = None  # the learner's best quiz score, filled in by the quizzes app


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    courses = list(
        Course.objects.visible_to(request.user).annotate(
            published_lessons=Count("lessons", filter=Q(lessons__status=Status.PUBLISHED))
        )
    )
    learner = get_learner(request)
    counts = progress_counts(learner, courses)
    resume = last_read(learner)
    if resume is not None:
        resume = Lesson.objects.published().after(resume).select_related("course").first() or resume
    context = {
        "courses": [
            CourseProgress(course, course.published_lessons, counts.get(course.pk, 0))
            for course in courses
        ],
        "resume": resume,
    }
    return render(request, "lessons/home.html", context)


@require_GET
def course(request: HtmxHttpRequest, course: str) -> HttpResponse:
    shown = get_object_or_404(Course.objects.visible_to(request.user), slug=course)
    lessons = list(shown.lessons.visible_to(request.user).defer("body", "body_html"))
    learner = get_learner(request)
    read = read_lesson_ids(learner, lessons)
    scores = best_scores(learner, lessons)
    published = [lesson for lesson in lessons if lesson.is_published]
    context = {
        "course": shown,
        "rows": [
            LessonRow(lesson, lesson.pk in read, percent(scores.get(lesson.pk)))
            for lesson in lessons
        ],
        "progress": CourseProgress(
            shown, len(published), sum(lesson.pk in read for lesson in published)
        ),
        "first": published[0] if published else (lessons[0] if lessons else None),
    }
    # Everything the page shows of the course, its lessons and the learner's progress.
    key = (
        shown.pk,
        shown.updated_at,
        [(row.lesson.pk, row.lesson.updated_at, row.read, row.score) for row in context["rows"]],
    )
    return render_cached(request, "lessons/course.html", key, lambda: context)


def visible_lesson(request: HttpRequest, course: str, lesson: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.visible_to(request.user).select_related("course"),
        course__slug=course,
        slug=lesson,
    )


def quiz_url(lesson: Lesson) -> str | None:
    if not hasattr(lesson, "quiz"):  # the reverse one-to-one raises when there is none
        return None
    try:
        return reverse("quizzes:quiz", args=[lesson.course.slug, lesson.slug])
    except NoReverseMatch:
        return None


COURSE_SLUG = "\x00course-slug\x00"  # stands for the course's slug in the compiled query


@cache
def versions_query(*, instructor: bool) -> tuple[str, tuple]:
    """The SQL of `lesson_versions`, compiled once: building it costs more than running it."""
    lessons = (
        Lesson.objects.visible(instructor=instructor)
        .filter(course__slug=COURSE_SLUG)
        .values_list("pk", "slug", "updated_at", "course__updated_at", "quiz")
        .order_by("pk")
    )
    return lessons.query.sql_with_params()


def lesson_versions(course: str, lesson: str, *, instructor: bool) -> tuple[int, tuple]:
    """The lesson's id and the versions of what its page shows, in one query; 404 if hidden.

    The page shows the lesson, its course, its quiz link and its neighbours, so the versions
    are those of the course and of every lesson of it the viewer may see, with their quizzes.
    """
    sql, params = versions_query(instructor=instructor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [course if param == COURSE_SLUG else param for param in params])
        rows = tuple(cursor.fetchall())
    lesson_id = next((row[0] for row in rows if row[1] == lesson), None)
    if lesson_id is None:
        raise Http404
    return lesson_id, rows


@require_GET
def lesson(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    can_edit = is_instructor(request.user)
    lesson_id, versions = lesson_versions(course, lesson, instructor=can_edit)
    is_read = lesson_id in read_lesson_ids(get_learner(request), [Lesson(pk=lesson_id)])

    def context() -> dict[str, object]:
        shown = visible_lesson(request, course, lesson)
        siblings = Lesson.objects.visible_to(request.user).only("slug", "title", "order")
        return {
            "course": shown.course,
            "lesson": shown,
            "previous": siblings.before(shown).first(),
            "next": siblings.after(shown).first(),
            "is_read": is_read,
            "is_draft": not (shown.is_published and shown.course.is_published),
            "quiz_url": quiz_url(shown),
            "can_edit": can_edit,
        }

    return render_cached(
        request, "lessons/lesson.html", (lesson_id, versions, is_read, can_edit), context
    )


@require_POST
def lesson_read(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    shown = visible_lesson(request, course, lesson)
    mark_read(get_learner(request, create=True), shown)
    if request.htmx:
        return render(request, "lessons/lesson.html#read-status", {"is_read": True})
    following = Lesson.objects.visible_to(request.user).after(shown).only("slug").first()
    if following is None:
        return HttpResponseSeeOther(shown.course.get_absolute_url())
    return HttpResponseSeeOther(reverse("lessons:lesson", args=[course, following.slug]))
