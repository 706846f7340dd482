"""Small factories for the LTI tests: a published course, lesson and quiz."""

from __future__ import annotations

from typing import Any

from lessons.models import Course, Lesson, Status


def make_course(**overrides: Any) -> Course:
    fields = {"slug": "virtualization", "title": "Virtualization", "status": Status.PUBLISHED}
    return Course.objects.create(**{**fields, **overrides})


def make_lesson(course: Course | None = None, **overrides: Any) -> Lesson:
    fields = {"slug": "containers", "title": "Containers", "status": Status.PUBLISHED, "order": 1}
    return Lesson.objects.create(course=course or make_course(), **{**fields, **overrides})


def make_quiz(lesson: Lesson | None = None, **overrides: Any) -> Any:
    """A quiz with one true-or-false question."""
    from quizzes.models import Question, Quiz

    quiz = Quiz.objects.create(lesson=lesson or make_lesson(), **overrides)
    Question.objects.create(
        quiz=quiz,
        key="vm-own-os",
        type="truefalse",
        prompt="Each virtual machine needs its own guest operating system.",
        explanation="A VM is virtual hardware.",
        answer="true",
    )
    return quiz


def make_attempt(
    quiz: Any,
    user: Any,
    *,
    score: float | None = None,
    questions: int = 4,
    number: int = 1,
    finished: bool = True,
) -> Any:
    """An attempt at `quiz` by `user`'s learner; `score` is the share right (0..1)."""
    from django.utils import timezone

    from learners.models import Learner
    from quizzes.models import Attempt

    learner = Learner.objects.get_or_create(user=user)[0]
    return Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        number=number,
        question_ids=list(range(1, questions + 1)),
        score=score,
        finished_at=timezone.now() if finished else None,
    )
