"""Authoring quizzes in the admin, checked by the same rules (and messages) as quiz files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lessons.errors import ContentError
from lessons.rendering import heading_ids
from quizzes.models import Attempt, Choice, Question, Quiz, Response, lines
from quizzes.spec import QuestionType
from quizzes.validation import Checker, check_question, check_settings

SOURCE = "admin"


def question_data(question: Question, choices: list[dict[str, Any]]) -> dict[str, Any]:
    """The question as a quiz file would give it, so one checker serves both."""
    data: dict[str, Any] = {
        "type": question.type,
        "id": question.key,
        "prompt": question.prompt,
        "explanation": question.explanation,
    }
    if question.teaches:
        data["teaches"] = question.teaches
    match question.type:
        case QuestionType.SINGLE | QuestionType.MULTIPLE:
            data["choices"] = choices
        case QuestionType.TRUEFALSE:
            answer = {"true": True, "false": False}.get(question.answer.strip().lower())
            data["answer"] = answer if answer is not None else question.answer
            data["feedback_true"] = question.feedback_true
            data["feedback_false"] = question.feedback_false
        case QuestionType.ORDER:
            data["layers"] = list(lines(question.layers))
            if question.distractors.strip():
                data["distractors"] = list(lines(question.distractors))
        case QuestionType.BUILD:
            data["start"] = question.stack
            data["constraints"] = question.constraints
            data["solution"] = question.solution
        case QuestionType.CLASSIFY:
            data["stack"] = question.stack
            data["answer"] = question.answer
            data["choices"] = list(lines(question.model_choices))
    return data


class ChoiceFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        question: Question = self.instance
        if not question.type or not question.key or not question.quiz_id:
            return  # the question's own form reports what is missing
        choices = []
        for form in sorted(self.forms, key=lambda f: f.cleaned_data.get("position") or 0):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("text"):
                continue
            choices.append(
                {
                    "text": data["text"],
                    "correct": bool(data.get("correct")),
                    "feedback": data.get("feedback", ""),
                }
            )
        lesson = question.quiz.lesson
        try:
            check_question(
                question_data(question, choices),
                Checker(SOURCE),
                set(heading_ids(lesson.body_html)),
                (),
                question.position,
            )
        except ContentError as error:
            raise ValidationError(error.message) from None


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["position", "text", "correct", "feedback"]
    extra = 0
    verbose_name_plural = _("choices (single and multiple choice questions)")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    inlines = [ChoiceInline]
    list_display = ["key", "quiz", "type", "position"]
    list_filter = ["type", "quiz__lesson__course"]
    search_fields = ["key", "prompt"]
    list_select_related = ["quiz__lesson"]
    autocomplete_fields = ["quiz"]
    fieldsets = [
        (None, {"fields": ["quiz", "key", "position", "type", "prompt", "teaches", "explanation"]}),
        (_("True or false"), {"fields": ["answer", "feedback_true", "feedback_false"]}),
        (_("Order the layers"), {"fields": ["layers", "distractors"]}),
        (
            _("Build a stack / classify a diagram"),
            {"fields": ["stack", "constraints", "solution", "model_choices"]},
        ),
    ]


class QuestionInline(admin.TabularInline):
    """Listed on the quiz; edited on their own page, where choices and rules are checked."""

    model = Question
    fields = ["position", "key", "type", "prompt"]
    readonly_fields = ["key", "type", "prompt"]
    show_change_link = True
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "lesson",
            "title",
            "mode",
            "max_attempts",
            "show_answers",
            "shuffle_questions",
            "shuffle_choices",
            "pool",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        settings = {
            key: value
            for key, value in cleaned.items()
            if key not in ("lesson",) and value not in (None, "")
        }
        count = self.instance.questions.count() if self.instance.pk else 0
        try:
            check_settings(settings, Checker(SOURCE), count)
        except ContentError as error:
            raise ValidationError(error.message) from None
        return cleaned


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    form = QuizForm
    inlines = [QuestionInline]
    list_display = ["__str__", "lesson", "mode", "question_count"]
    list_filter = ["mode", "lesson__course"]
    search_fields = ["title", "lesson__title"]
    autocomplete_fields = ["lesson"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quiz]:
        return super().get_queryset(request).annotate(n_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="n_questions")
    def question_count(self, quiz: Quiz) -> int:
        return quiz.n_questions  # type: ignore[attr-defined]


class ResponseInline(admin.TabularInline):
    model = Response
    fields = ["position", "question", "answer_text", "score", "answered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Learners' records: visible to instructors, changed only by taking the quiz."""

    inlines = [ResponseInline]
    list_display = ["quiz", "learner", "number", "position", "score", "finished_at"]
    list_filter = ["quiz__lesson__course", "quiz"]
    readonly_fields = [
        "quiz",
        "learner",
        "number",
        "question_ids",
        "seed",
        "position",
        "score",
        "started_at",
        "finished_at",
    ]
    list_select_related = ["quiz__lesson", "learner__user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
