"""A learner: the person whose progress and attempts are kept, with or without an account."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Learner(models.Model):
    """One per user account, or one per anonymous browser session (user is then null).

    Progress and quiz attempts point at a Learner, so that what an anonymous learner did
    can be carried over when they sign up or log in (see learners.identity).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learner",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user) if self.user_id else f"anonymous learner {self.pk}"
