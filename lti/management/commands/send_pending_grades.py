"""manage.py send_pending_grades: send the scores an LMS has not taken yet (run it from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lti.grades import send_grade
from lti.models import GradeSend


class Command(BaseCommand):
    help = (
        "Send pending LMS grades whose next try is due, with backoff after each failure. "
        "Run it every few minutes (cron or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Also try again the grades that were given up on.",
        )

    def handle(self, *args: object, retry_failed: bool = False, **options: object) -> None:
        if retry_failed:
            GradeSend.objects.filter(status=GradeSend.Status.FAILED).update(
                status=GradeSend.Status.PENDING, attempts=0, next_try_at=timezone.now()
            )
        sent = failed = 0
        for pk in GradeSend.objects.due().order_by("next_try_at").values_list("pk", flat=True):
            result = send_grade(pk)
            if result is not None and result.status == GradeSend.Status.SENT:
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} grade(s) sent, {failed} not sent (will be retried or given up).")
