"""A learner: the person whose progress and attempts are kept, with or without an account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self) -> str:
        return str(self.user) if self.user_id else f"anonymous learner {self.pk}"


class LessonRead(models.Model):
    """A learner has opened a lesson: when first, and when last."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="reads")
    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.CASCADE, related_name="reads")
    first_read_at = models.DateTimeField(_("first read"), default=timezone.now)
    last_read_at = models.DateTimeField(_("last read"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="lesson_read_once")
        ]
        indexes = [models.Index(fields=["learner", "-last_read_at"], name="lesson_read_recent")]
        verbose_name = _("lesson read")
        verbose_name_plural = _("lessons read")

    def __str__(self) -> str:
        return f"{self.learner} read {self.lesson_id}"
