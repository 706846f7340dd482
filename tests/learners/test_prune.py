from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone

from learners.identity import SESSION_KEY
from learners.models import Learner, LessonRead
from learners.progress import mark_read
from tests.learners.factories import make_learner, make_lesson, make_user

pytestmark = pytest.mark.django_db


def aged(learner: Learner, days: int = 400) -> Learner:
    Learner.objects.filter(pk=learner.pk).update(created_at=timezone.now() - timedelta(days))
    return learner


def test_prune_deletes_only_unreachable_old_anonymous_learners(capsys) -> None:
    orphan = aged(make_learner())
    mark_read(orphan, make_lesson())
    still_in_a_session = aged(make_learner())
    session = SessionStore()
    session[SESSION_KEY] = still_in_a_session.pk
    session.save()
    recent = make_learner()
    account = aged(make_learner(make_user()))

    call_command("prune_learners", "--dry-run")
    assert "Would delete 1" in capsys.readouterr().out
    assert Learner.objects.count() == 4

    call_command("prune_learners")
    assert set(Learner.objects.all()) == {still_in_a_session, recent, account}
    assert not LessonRead.objects.exists()
