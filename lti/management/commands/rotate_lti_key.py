"""manage.py rotate_lti_key: a new signing key; the old ones stay in the key set for a while."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from lti.models import ToolKey


class Command(BaseCommand):
    help = (
        "Make a new key pair for the LTI tool to sign with. Retired keys stay in /lti/jwks.json "
        "for LTI_KEY_GRACE_DAYS (7 by default), so platforms that cached the key set keep working."
    )

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            retired = ToolKey.objects.filter(retired_at__isnull=True).update(
                retired_at=timezone.now()
            )
            key = ToolKey.generate()
        grace = getattr(settings, "LTI_KEY_GRACE_DAYS", 7)
        self.stdout.write(
            self.style.SUCCESS(
                f"New LTI key {key.kid}; {retired} older key(s) stay published for {grace} days."
            )
        )
