"""Small factories for the quiz tests: question specs of every type, quizzes, attempts."""

from __future__ import annotations

from itertools import count
from typing import Any

from django.contrib.auth.models import Group, User
from django.test import Client

from lessons.models import Course, Lesson, Status
from quizzes.content import write_quiz
from quizzes.models import Quiz
from quizzes.spec import ChoiceSpec, QuestionSpec, QuestionType, QuizSpec

_serial = count(1)
PASSWORD = "a-Long-passphrase-42"


def make_user(**overrides: Any) -> User:
    n = next(_serial)
    fields = {"username": f"quizzer{n}", "email": f"quizzer{n}@example.com"} | overrides
    return User.objects.create_user(password=fields.pop("password", PASSWORD), **fields)


def make_instructor(**overrides: Any) -> User:
    user = make_user(is_staff=True, **overrides)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


def make_lesson(**overrides: Any) -> Lesson:
    n = next(_serial)
    course = overrides.pop("course", None) or Course.objects.create(
        slug=f"course-{n}", title=f"Course {n}", status=Status.PUBLISHED
    )
    fields = {
        "course": course,
        "slug": f"lesson-{n}",
        "title": f"Lesson {n}",
        "order": n,
        "status": Status.PUBLISHED,
        "body": "## The model {#model}\n\nText.\n\n## Why not {#why-not}\n\nMore text.\n",
    }
    return Lesson.objects.create(**(fields | overrides))


def single(id: str = "idle", **overrides: Any) -> QuestionSpec:
    fields = {
        "id": id,
        "type": QuestionType.SINGLE,
        "prompt": "Why does one application per server waste money?",
        "teaches": "why-not",
        "explanation": "EXPLAIN-SINGLE: most of the machine sits idle.",
        "choices": (
            ChoiceSpec("The hardware sits idle", True, "FEEDBACK-RIGHT: yes, idle."),
            ChoiceSpec("The OS cannot run apps", False, "FEEDBACK-WRONG-OS: it can."),
            ChoiceSpec("Servers are too fast", False, "FEEDBACK-WRONG-FAST: no."),
        ),
    }
    return QuestionSpec(**(fields | overrides))


def multiple(id: str = "why-one", **overrides: Any) -> QuestionSpec:
    fields = {
        "id": id,
        "type": QuestionType.MULTIPLE,
        "prompt": "Why one server per application? Choose all that apply.",
        "explanation": "EXPLAIN-MULTIPLE: conflicts and isolation.",
        "choices": (
            ChoiceSpec("Library versions conflict", True, "FEEDBACK-LIBS"),
            ChoiceSpec("One crash takes all down", True, "FEEDBACK-CRASH"),
            ChoiceSpec("Security holes spread", True, "FEEDBACK-SECURITY"),
            ChoiceSpec("An OS runs one app at a time", False, "FEEDBACK-ONE-APP"),
        ),
    }
    return QuestionSpec(**(fields | overrides))


def truefalse(id: str = "vm-os", **overrides: Any) -> QuestionSpec:
    fields = {
        "id": id,
        "type": QuestionType.TRUEFALSE,
        "prompt": "Each virtual machine needs its own guest operating system.",
        "explanation": "EXPLAIN-TF: a VM is virtual hardware.",
        "answer": True,
        "feedback_true": "FEEDBACK-TRUE",
        "feedback_false": "FEEDBACK-FALSE",
    }
    return QuestionSpec(**(fields | overrides))


def order(id: str = "order-bare-metal", **overrides: Any) -> QuestionSpec:
    fields = {
        "id": id,
        "type": QuestionType.ORDER,
        "prompt": "Put the layers in order, bottom first.",
        "explanation": "EXPLAIN-ORDER: server, OS, libs, app.",
        "layers": ('server "Rack"', 'os "Ubuntu"', 'libs "PHP"', 'app "Shop"'),
        "distractors": ("hypervisor",),
    }
    return QuestionSpec(**(fields | overrides))


def build(id: str = "build-containers", **overrides: Any) -> QuestionSpec:
    fields = {
        "id": id,
        "type": QuestionType.BUILD,
        "prompt": "Build a container-based stack that runs two applications.",
        "explanation": "EXPLAIN-BUILD: one kernel, an engine, containers.",
        "start": "server",
        "constraints": {
            "valid": True,
            "model": "container-based",
            "kernels": 1,
            "apps": {"min": 2},
        },
        "solution": 'server > os > engine > [2*container > libs > app "SOLUTION-APP"]',
    }
    return QuestionSpec(**(fields | overrides))


def classify(id: str = "classify-type1", **overrides: Any) -> QuestionSpec:
    fields = {
        "id": id,
        "type": QuestionType.CLASSIFY,
        "prompt": "Which model is this?",
        "explanation": "EXPLAIN-CLASSIFY: the hypervisor rests on the server.",
        "stack": "server > hypervisor > [2*vm > os > app]",
        "answer": "bare-metal-hypervisor",
        "models": ("bare-metal", "hosted-hypervisor", "bare-metal-hypervisor", "container-based"),
    }
    return QuestionSpec(**(fields | overrides))


def every_type() -> tuple[QuestionSpec, ...]:
    return (single(), multiple(), truefalse(), order(), build(), classify())


def make_quiz(
    lesson: Lesson | None = None, questions: tuple[QuestionSpec, ...] | None = None, **settings: Any
) -> Quiz:
    lesson = lesson or make_lesson()
    spec = QuizSpec(questions=questions or every_type(), **settings)
    write_quiz(lesson, spec)
    return Quiz.objects.get(lesson=lesson)


def quiz_url(quiz: Quiz, name: str = "quiz", *args: Any) -> str:
    from django.urls import reverse

    return reverse(f"quizzes:{name}", args=[quiz.lesson.course.slug, quiz.lesson.slug, *args])


def start(client: Client, quiz: Quiz) -> str:
    """Start (or resume) an attempt; the URL of its current question."""
    response = client.post(quiz_url(quiz, "start"))
    assert response.status_code == 303, response.content[:500]
    return response["Location"]
