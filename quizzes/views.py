"""Taking a quiz (the learner's pages) and its results (the instructor's pages).

One question at a time: GET shows it, POST answers it. With htmx the question region is
swapped in place; without JavaScript every step is a full page. Nothing about the right
answer reaches the page before the question is answered (see quizzes.answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url, reswap, retarget

from learners.identity import get_learner
from lessons.models import Lesson
from quizzes import graders, stats
from quizzes.answers import AnswerError, describe_answer, options, read_answer
from quizzes.flow import (
    NoAttemptsLeft,
    OutOfSequence,
    answers_visible,
    attempts_left,
    current_attempt,
    finish_attempt,
    record_answer,
    start_attempt,
)
from quizzes.models import Attempt, Question, Quiz
from quizzes.review import ReviewItem, classify_figure, review_item
from quizzes.spec import Mode, QuestionSpec, QuestionType
from virtlearn.diagrams.builder import builder_context, render_workspace
from virtlearn.http import HtmxHttpRequest, HttpResponseSeeOther

QUESTION_TEMPLATE = "quizzes/question.html"
BUILD_PREFIX = "quiz-build"
RESULTS_PERMISSION = "quizzes.view_results"

# Lookups -------------------------------------------------------------------------------------


def get_quiz(request: HttpRequest, course: str, lesson: str) -> Quiz:
    shown = get_object_or_404(
        Lesson.objects.visible_to(request.user).select_related("course"),
        course__slug=course,
        slug=lesson,
    )
    try:
        return Quiz.objects.select_related("lesson__course").get(lesson=shown)
    except Quiz.DoesNotExist:
        raise Http404(_("This lesson has no quiz.")) from None


def get_attempt(request: HttpRequest, quiz: Quiz, attempt_id: int) -> Attempt:
    learner = get_learner(request)
    if learner is None:
        raise Http404(_("There is no such attempt."))
    attempt = get_object_or_404(Attempt, pk=attempt_id, quiz=quiz, learner=learner)
    attempt.quiz = quiz
    return attempt


def quiz_args(quiz: Quiz) -> list[str]:
    return [quiz.lesson.course.slug, quiz.lesson.slug]


def question_url(attempt: Attempt, number: int) -> str:
    return reverse("quizzes:question", args=[*quiz_args(attempt.quiz), attempt.pk, number])


def attempt_url(attempt: Attempt) -> str:
    return reverse("quizzes:attempt", args=[*quiz_args(attempt.quiz), attempt.pk])


def results_url(attempt: Attempt) -> str:
    return reverse("quizzes:attempt_results", args=[*quiz_args(attempt.quiz), attempt.pk])


def can_see_results(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.has_perm(RESULTS_PERMISSION))


# The quiz's front page -----------------------------------------------------------------------


@require_GET
def quiz(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    shown = get_quiz(request, course, lesson)
    learner = get_learner(request)
    finished = (
        list(shown.attempts.finished().filter(learner=learner).order_by("-number"))
        if learner
        else []
    )
    for attempt in finished:
        attempt.quiz = shown
    context = {
        "quiz": shown,
        "lesson": shown.lesson,
        "course": shown.lesson.course,
        "current": current_attempt(shown, learner),
        "finished": finished,
        "left": attempts_left(shown, learner),
        "count": shown.pool or shown.questions.count(),
        "can_see_results": can_see_results(request),
        "best": max((a.score or 0 for a in finished), default=None),
    }
    return render(request, "quizzes/quiz.html", context)


@require_POST
def start(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    shown = get_quiz(request, course, lesson)
    if not shown.questions.exists():
        raise Http404(_("This quiz has no questions yet."))
    learner = get_learner(request, create=True)
    assert learner is not None
    try:
        attempt = start_attempt(shown, learner)
    except NoAttemptsLeft:
        return render(
            request,
            "error.html",
            {
                "title": _("No attempts left"),
                "message": _("You have used every attempt this quiz allows."),
            },
            status=403,
        )
    attempt.quiz = shown
    return HttpResponseSeeOther(question_url(attempt, min(attempt.position, attempt.total - 1) + 1))


@require_GET
def attempt(request: HtmxHttpRequest, course: str, lesson: str, attempt: int) -> HttpResponse:
    """Resume: the current question, the submit step, or the results."""
    shown = get_attempt(request, get_quiz(request, course, lesson), attempt)
    if shown.is_finished:
        return HttpResponseSeeOther(results_url(shown))
    if shown.position < shown.total:
        return HttpResponseSeeOther(question_url(shown, shown.position + 1))
    return render(request, "quizzes/submit.html", page_context(shown))


@require_POST
def submit(request: HtmxHttpRequest, course: str, lesson: str, attempt: int) -> HttpResponse:
    shown = get_attempt(request, get_quiz(request, course, lesson), attempt)
    if not shown.is_finished and shown.position < shown.total:
        return HttpResponseSeeOther(question_url(shown, shown.position + 1))
    finished = finish_attempt(shown.pk)
    finished.quiz = shown.quiz
    return HttpResponseSeeOther(results_url(finished))


# One question --------------------------------------------------------------------------------


@dataclass
class QuestionPage:
    """What the question partial shows: the form for the current question, or its review."""

    attempt: Attempt
    question: Question
    spec: QuestionSpec
    number: int
    url: str
    review: ReviewItem | None = None
    error: str = ""
    notice: str = ""
    posted: dict[str, list[str]] = field(default_factory=dict)
    workspace: Any = None
    figure: str = ""

    @property
    def total(self) -> int:
        return self.attempt.total

    @property
    def answering(self) -> bool:
        return self.review is None

    @property
    def options(self) -> list[dict[str, Any]]:
        picked = set(self.posted.get("choice", []))
        return [
            {
                "token": option.token,
                "text": option.text,
                "checked": option.token in picked,
                "place": (self.posted.get(f"place-{option.token}") or [""])[0],
            }
            for option in options(self.attempt, self.question, self.spec)
        ]

    @property
    def positions(self) -> range:
        return range(1, len(self.spec.items) + 1)

    @property
    def next_url(self) -> str:
        if self.number < self.total:
            return question_url(self.attempt, self.number + 1)
        return results_url(self.attempt) if self.attempt.is_finished else attempt_url(self.attempt)

    @property
    def is_last(self) -> bool:
        return self.number >= self.total

    @property
    def practice(self) -> bool:
        return self.attempt.quiz.mode == Mode.PRACTICE


def page_context(attempt: Attempt, page: QuestionPage | None = None) -> dict[str, Any]:
    quiz = attempt.quiz
    return {
        "quiz": quiz,
        "lesson": quiz.lesson,
        "course": quiz.lesson.course,
        "attempt": attempt,
        "page": page,
        "results_url": results_url(attempt),
    }


def lesson_url(quiz: Quiz) -> str:
    return reverse("lessons:lesson", args=quiz_args(quiz))


def build_page(request: HttpRequest, attempt: Attempt, number: int, **extra: Any) -> QuestionPage:
    question = attempt.question_at(number)
    assert question is not None, "the view checked the number"
    spec = question.spec()
    url = question_url(attempt, number)
    page = QuestionPage(attempt, question, spec, number, url, **extra)
    answering = not attempt.is_finished and number - 1 == attempt.position
    if not answering:
        response = attempt.responses.filter(question=question).first()
        page.review = review_item(
            number, question, response, answers_visible(attempt), lesson_url(attempt.quiz)
        )
    if spec.type == QuestionType.CLASSIFY:
        page.figure = classify_figure(spec.stack, f"quiz-figure-{number}")
    if spec.type == QuestionType.BUILD and answering:
        params = request.GET if "s" in request.GET else {"s": spec.start}
        if "s" in page.posted:
            params = {"s": page.posted["s"][0]}
        page.workspace = builder_context(params, action_url=url, id_prefix=BUILD_PREFIX)[
            "workspace"
        ]
    return page


def render_question(
    request: HtmxHttpRequest, page: QuestionPage, status: int = 200
) -> HttpResponse:
    context = page_context(page.attempt, page)
    if request.htmx:
        response = render(request, f"{QUESTION_TEMPLATE}#question", context, status=status)
        retarget(response, "#quiz-question")
        reswap(response, "outerHTML show:none")
        return push_url(response, page.url) if status < 400 or page.notice else response
    return render(request, QUESTION_TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def question(
    request: HtmxHttpRequest, course: str, lesson: str, attempt: int, number: int
) -> HttpResponse:
    shown = get_attempt(request, get_quiz(request, course, lesson), attempt)
    if shown.question_at(number) is None:
        raise Http404(_("This attempt has no such question."))
    if request.method == "POST":
        return answer(request, shown, number)
    if not shown.is_finished and number - 1 > shown.position:
        return HttpResponseSeeOther(attempt_url(shown))
    page = build_page(request, shown, number)
    if page.workspace is not None and ("s" in request.GET or "op" in request.GET):
        return builder_step(request, page)
    return render_question(request, page)


def builder_step(request: HtmxHttpRequest, page: QuestionPage) -> HttpResponse:
    """A step in the embedded builder: the same answer as the builder page gives."""
    workspace = page.workspace
    if request.htmx and request.htmx.target == f"{BUILD_PREFIX}-workspace":
        response = render_workspace(request, {"workspace": workspace})
        # The answer form sits outside the workspace: keep its copy of the stack current.
        response.content += format_html(
            '<input type="hidden" id="{}-answer" name="s" value="{}" hx-swap-oob="true">',
            BUILD_PREFIX,
            workspace.notation,
        ).encode()
        return response
    if workspace.redirect_to and not request.htmx:
        return HttpResponseSeeOther(workspace.redirect_to)
    return render_question(request, page, status=workspace.status)


def answer(request: HtmxHttpRequest, attempt: Attempt, number: int) -> HttpResponse:
    sequence = request.POST.get("sequence", "")
    if not sequence.isdigit():
        return conflict(
            request,
            attempt,
            _("The answer came without its sequence number: reload the page."),
            400,
        )
    if attempt.is_finished or int(sequence) != attempt.position or number - 1 != attempt.position:
        return conflict(request, attempt, stale_message(attempt))
    question = attempt.question_at(number)
    assert question is not None, "the view checked the number"
    spec = question.spec()
    posted = {
        key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
    }
    try:
        given = read_answer(attempt, question, spec, request.POST)
    except AnswerError as error:
        page = build_page(request, attempt, number, error=str(error), posted=posted)
        return render_question(request, page, status=400)
    grade = graders.grade(spec, given)
    quiz = attempt.quiz
    try:
        attempt = record_answer(
            attempt.pk,
            int(sequence),
            question,
            given,
            describe_answer(spec, given),
            grade,
            finish_when_done=quiz.mode == Mode.PRACTICE,
        )
    except OutOfSequence:
        attempt.refresh_from_db()
        return conflict(request, attempt, stale_message(attempt))
    attempt.quiz = quiz
    if not request.htmx:
        return HttpResponseSeeOther(question_url(attempt, number))
    return render_question(request, build_page(request, attempt, number))


def stale_message(attempt: Attempt) -> str:
    if attempt.is_finished:
        return _("This attempt is already finished; your answers were kept as they were.")
    return _(
        "That answer was not saved: this question was already answered (perhaps in another "
        "tab, or by a second click). Your first answer counts. Here is where you are now."
    )


def conflict(
    request: HtmxHttpRequest, attempt: Attempt, message: str, status: int = 409
) -> HttpResponse:
    """A stale or resent answer: say so, and show where the attempt really is."""
    if attempt.is_finished or attempt.position >= attempt.total:
        number = attempt.total
    else:
        number = attempt.position + 1
    page = build_page(request, attempt, number, notice=message)
    return render_question(request, page, status=status)


# Results -------------------------------------------------------------------------------------


@require_GET
def attempt_results(
    request: HtmxHttpRequest, course: str, lesson: str, attempt: int
) -> HttpResponse:
    shown = get_attempt(request, get_quiz(request, course, lesson), attempt)
    if not shown.is_finished:
        return HttpResponseSeeOther(attempt_url(shown))
    responses = {response.question_id: response for response in shown.responses.all()}
    visible = answers_visible(shown)
    url = lesson_url(shown.quiz)
    items = [
        review_item(number, question, responses.get(question.pk), visible, url)
        for number, question in enumerate(shown.questions, start=1)
    ]
    context = {
        **page_context(shown),
        "items": items,
        "visible": visible,
        "percent": round((shown.score or 0) * 100),
        "left": attempts_left(shown.quiz, shown.learner),
        "correct": sum(item.correct for item in items),
    }
    return render(request, "quizzes/results.html", context)


def require_results_permission(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_results(request):
        raise PermissionDenied
    return None


@require_GET
def results(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    denied = require_results_permission(request)
    if denied is not None:
        return denied
    shown = get_quiz(request, course, lesson)
    report = stats.quiz_report(shown)
    context = {
        "quiz": shown,
        "lesson": shown.lesson,
        "course": shown.lesson.course,
        "report": report,
        "csv_url": reverse("quizzes:results_csv", args=quiz_args(shown)),
    }
    return render(request, "quizzes/instructor_results.html", context)


@require_GET
def results_csv(request: HtmxHttpRequest, course: str, lesson: str) -> HttpResponse:
    denied = require_results_permission(request)
    if denied is not None:
        return denied
    shown = get_quiz(request, course, lesson)
    filename = stats.csv_filename(shown)
    response = HttpResponse(stats.responses_csv(shown), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
