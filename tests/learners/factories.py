"""Small factories for learner tests."""

from __future__ import annotations

from itertools import count

from django.contrib.auth.models import User

from learners.models import Learner
from tests.lessons.factories import make_course as make_course  # shared, re-exported
from tests.lessons.factories import make_lesson as make_lesson

_serial = count(1)
PASSWORD = "a-Long-passphrase-42"


def make_user(**overrides) -> User:
    n = next(_serial)
    fields = {"username": f"learner{n}", "email": f"learner{n}@example.com"} | overrides
    password = fields.pop("password", PASSWORD)
    return User.objects.create_user(password=password, **fields)


def make_learner(user: User | None = None) -> Learner:
    return Learner.objects.create(user=user)
