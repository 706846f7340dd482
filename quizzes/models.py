"""Quizzes, their questions and choices; attempts and the responses recorded in them."""

from __future__ import annotations

import random
from functools import cached_property

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from learners.models import Learner
from lessons.models import Lesson
from quizzes.spec import ChoiceSpec, Mode, QuestionSpec, QuestionType, QuizSpec, ShowAnswers


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class Quiz(models.Model):
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(_("title"), max_length=200, blank=True)
    mode = models.CharField(
        _("mode"),
        max_length=12,
        choices=[(Mode.PRACTICE, _("Practice")), (Mode.ASSESSMENT, _("Assessment"))],
        default=Mode.PRACTICE,
        help_text=_("Practice: feedback after each question. Assessment: graded when submitted."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        help_text=_("Assessment only; empty: unlimited."),
    )
    show_answers = models.CharField(
        _("show answers"),
        max_length=20,
        choices=[
            (ShowAnswers.AFTER_EACH, _("After each question")),
            (ShowAnswers.AFTER_SUBMIT, _("After the attempt is submitted")),
            (ShowAnswers.AFTER_LAST_ATTEMPT, _("After the last attempt")),
            (ShowAnswers.NEVER, _("Never")),
        ],
        default=ShowAnswers.AFTER_EACH,
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    pool = models.PositiveSmallIntegerField(
        _("questions per attempt"), null=True, blank=True, help_text=_("Empty: all of them.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lesson"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        permissions = [("view_results", _("Can see every learner's quiz results"))]

    def __str__(self) -> str:
        return self.title or str(_("Quiz: %(lesson)s") % {"lesson": self.lesson.title})

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz", args=[self.lesson.course.slug, self.lesson.slug])

    @property
    def display_title(self) -> str:
        return str(self)

    def spec(self) -> QuizSpec:
        return QuizSpec(
            questions=tuple(question.spec() for question in self.questions.all()),
            title=self.title,
            mode=Mode(self.mode),
            max_attempts=self.max_attempts,
            show_answers=ShowAnswers(self.show_answers),
            shuffle_questions=self.shuffle_questions,
            shuffle_choices=self.shuffle_choices,
            pool=self.pool,
        )


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("id"), max_length=50, help_text=_("Stable within the quiz."))
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(
        _("type"),
        max_length=10,
        choices=[
            (QuestionType.SINGLE, _("Single choice")),
            (QuestionType.MULTIPLE, _("Multiple choice")),
            (QuestionType.TRUEFALSE, _("True or false")),
            (QuestionType.ORDER, _("Order the layers")),
            (QuestionType.BUILD, _("Build a stack")),
            (QuestionType.CLASSIFY, _("Classify a diagram")),
        ],
    )
    prompt = models.TextField(_("prompt"))
    teaches = models.CharField(
        _("teaches"), max_length=100, blank=True, help_text=_("A heading id in the lesson.")
    )
    explanation = models.TextField(_("explanation"), help_text=_("Shown once answered."))
    answer = models.CharField(
        _("answer"),
        max_length=40,
        blank=True,
        help_text=_("True or false: “true” or “false”. Classify: the model code."),
    )
    feedback_true = models.TextField(_("feedback for “true”"), blank=True)
    feedback_false = models.TextField(_("feedback for “false”"), blank=True)
    layers = models.TextField(
        _("layers"), blank=True, help_text=_("Order: one layer per line, bottom first.")
    )
    distractors = models.TextField(
        _("distractors"),
        blank=True,
        help_text=_("Order: layers that belong nowhere, one per line."),
    )
    stack = models.TextField(
        _("stack"), blank=True, help_text=_("Classify: the stack shown. Build: the starting stack.")
    )
    constraints = models.JSONField(
        _("constraints"),
        default=dict,
        blank=True,
        help_text=_('Build: e.g. {"valid": true, "model": "container-based", "apps": {"min": 3}}'),
    )
    solution = models.TextField(_("solution"), blank=True, help_text=_("Build: a correct stack."))
    model_choices = models.TextField(
        _("models offered"), blank=True, help_text=_("Classify: model codes, one per line.")
    )

    class Meta:
        ordering = ["quiz", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "key"], name="question_key_unique_in_quiz")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.key}: {self.prompt[:60]}"

    def spec(self) -> QuestionSpec:
        kind = QuestionType(self.type)
        fields: dict = {}
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            fields["choices"] = tuple(
                ChoiceSpec(choice.text, choice.correct, choice.feedback)
                for choice in self.choices.all()
            )
        elif kind == QuestionType.TRUEFALSE:
            fields = {
                "answer": self.answer == "true",
                "feedback_true": self.feedback_true,
                "feedback_false": self.feedback_false,
            }
        elif kind == QuestionType.ORDER:
            fields = {"layers": lines(self.layers), "distractors": lines(self.distractors)}
        elif kind == QuestionType.BUILD:
            fields = {
                "start": self.stack,
                "constraints": dict(self.constraints or {}),
                "solution": self.solution,
            }
        else:
            fields = {
                "stack": self.stack,
                "answer": self.answer,
                "models": lines(self.model_choices),
            }
        return QuestionSpec(
            id=self.key,
            type=kind,
            prompt=self.prompt,
            explanation=self.explanation,
            teaches=self.teaches,
            **fields,
        )


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text[:60]


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def finished(self) -> AttemptQuerySet:
        return self.filter(finished_at__isnull=False)

    def unfinished(self) -> AttemptQuerySet:
        return self.filter(finished_at__isnull=True)


class Attempt(models.Model):
    """One go at a quiz. Its questions, their order and the choice order are fixed at start."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveIntegerField(_("number"))
    question_ids = models.JSONField(default=list)
    seed = models.PositiveIntegerField(default=0)
    # How many questions are answered: the index of the current question, and the sequence
    # number an answer must carry to be accepted.
    position = models.PositiveIntegerField(default=0)
    score = models.FloatField(_("score"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["quiz", "learner", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "learner", "number"], name="attempt_number_unique"
            )
        ]
        indexes = [models.Index(fields=["learner", "quiz"], name="attempt_learner_quiz")]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.quiz} · {self.learner} · #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @cached_property
    def questions(self) -> list[Question]:
        by_id = {
            question.pk: question
            for question in Question.objects.filter(pk__in=self.question_ids).prefetch_related(
                "choices"
            )
        }
        return [by_id[pk] for pk in self.question_ids if pk in by_id]

    def question_at(self, number: int) -> Question | None:
        """The question shown as `number` (1-based), or None if there is none (or it was
        deleted since the attempt began). Loads that one question unless all are loaded."""
        if not 1 <= number <= self.total:
            return None
        pk = self.question_ids[number - 1]
        if "questions" in self.__dict__:
            return next((question for question in self.questions if question.pk == pk), None)
        if pk not in self._loaded:
            self._loaded[pk] = Question.objects.filter(pk=pk).prefetch_related("choices").first()
        return self._loaded[pk]

    @cached_property
    def _loaded(self) -> dict[int, Question | None]:
        return {}

    def rng(self, question: Question) -> random.Random:
        return random.Random(f"{self.seed}:{question.pk}")


class Response(models.Model):
    """A learner's answer to one question of an attempt: recorded once, never changed."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    position = models.PositiveIntegerField()
    answer = models.JSONField()
    answer_text = models.TextField(blank=True)
    score = models.FloatField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="one_response_per_position"
            ),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.attempt} · {self.question.key}"

    @property
    def correct(self) -> bool:
        return self.score >= 1 - 1e-9
