"""The learner's pages: the courses, a course's outline, a lesson; and marking a lesson read.

Drafts are decided here, not in templates: instructors see them marked, everyone else a 404.
GETs change nothing; a lesson is marked read by a POST (htmx when it scrolls into view, or
the "Mark as read and continue" button without JavaScript).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from learners.identity import get_learner
from learners.progress import last_read, mark_read, progress_counts, read_lesson_ids
from lessons.models import Course, Lesson, Status, is_instructor
from quizzes.summary import best_scores, percent


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


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
    lessons = list(shown.lessons.visible_to(request.user))
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
    return render(request, "lessons/course.html", context)


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


@require_GET
def lesson(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    shown = visible_lesson(request, course, lesson)
    siblings = Lesson.objects.visible_to(request.user).only("slug", "title", "order")
    learner = get_learner(request)
    context = {
        "course": shown.course,
        "lesson": shown,
        "previous": siblings.before(shown).first(),
        "next": siblings.after(shown).first(),
        "is_read": shown.pk in read_lesson_ids(learner, [shown]),
        "is_draft": not (shown.is_published and shown.course.is_published),
        "quiz_url": quiz_url(shown),
        "can_edit": is_instructor(request.user),
    }
    return render(request, "lessons/lesson.html", context)


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
