"""Small factories for learner tests."""

from __future__ import annotations

from itertools import count

from django.contrib.auth.models import User

from learners.models import Learner
from lessons.models import Course, Lesson, Status

_serial = count(1)
PASSWORD = "a-Long-passphrase-42"


def make_user(**overrides) -> User:
    n = next(_serial)
    fields = {"username": f"learner{n}", "email": f"learner{n}@example.com"} | overrides
    password = fields.pop("password", PASSWORD)
    return User.objects.create_user(password=password, **fields)


def make_course(**overrides) -> Course:
    n = next(_serial)
    fields = {"slug": f"course-{n}", "title": f"Course {n}", "status": Status.PUBLISHED}
    return Course.objects.create(**(fields | overrides))


def make_lesson(course: Course | None = None, **overrides) -> Lesson:
    n = next(_serial)
    fields = {
        "course": course or make_course(),
        "slug": f"lesson-{n}",
        "title": f"Lesson {n}",
        "order": n,
        "status": Status.PUBLISHED,
    }
    return Lesson.objects.create(**(fields | overrides))


def make_learner(user: User | None = None) -> Learner:
    return Learner.objects.create(user=user)
