"""Delete anonymous learners nobody can reach any more: their session has expired."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from learners.identity import SESSION_KEY
from learners.models import Learner


class Command(BaseCommand):
    help = (
        "Delete anonymous learners (and their progress) older than the session lifetime "
        "whose id no live session holds. Accounts' learners are never touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
        stale = Learner.objects.filter(user__isnull=True, created_at__lt=cutoff)
        if settings.SESSION_ENGINE in (
            "django.contrib.sessions.backends.db",
            "django.contrib.sessions.backends.cached_db",
        ):
            stale = stale.exclude(pk__in=self._learners_in_live_sessions())
        count = stale.count()
        if not dry_run:
            stale.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} anonymous learner(s).")

    def _learners_in_live_sessions(self) -> set[int]:
        held = set()
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            learner_id = session.get_decoded().get(SESSION_KEY)
            if isinstance(learner_id, int):
                held.add(learner_id)
        return held
