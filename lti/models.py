"""LTI 1.3: the platforms (LMSs) registered, the tool's keys, launches and the grade outbox."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from jwcrypto.jwk import JWK


class Platform(models.Model):
    """An LMS that may launch the tool: what the LMS administrator gives when registering it."""

    name = models.CharField(_("name"), max_length=100)
    issuer = models.CharField(
        _("issuer"),
        max_length=255,
        help_text=_("The platform's issuer (iss), e.g. https://canvas.instructure.com."),
    )
    client_id = models.CharField(
        _("client id"), max_length=255, help_text=_("The client id the platform gave this tool.")
    )
    auth_login_url = models.URLField(
        _("authentication (OIDC) URL"),
        max_length=500,
        help_text=_("Where the tool sends the browser to log in."),
    )
    auth_token_url = models.URLField(
        _("access token URL"),
        max_length=500,
        help_text=_("Where the tool asks for tokens to send grades."),
    )
    key_set_url = models.URLField(
        _("key set URL"), max_length=500, help_text=_("The platform's public keys (JWKS).")
    )
    auth_audience = models.CharField(
        _("token audience"),
        max_length=500,
        blank=True,
        help_text=_("Only if the platform asks for one; the token URL is used otherwise."),
    )
    frame_origins = models.CharField(
        _("LMS origins"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Origins of the LMS pages that show the tool in a frame, space-separated, e.g. "
            "https://school.instructure.com. Empty: the origins of the issuer and the "
            "authentication URL."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> list[str]:
        """The origins allowed to frame a session launched from this platform."""
        from lti.framing import origin_of

        listed = self.frame_origins.replace(",", " ").split()
        if not listed:
            listed = [origin_of(self.issuer), origin_of(self.auth_login_url)]
        return list(dict.fromkeys(origin.rstrip("/") for origin in listed if origin))


class Deployment(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(_("deployment id"), max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id"], name="lti_deployment_unique"
            )
        ]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")

    def __str__(self) -> str:
        return self.deployment_id


class ToolKeyQuerySet(models.QuerySet["ToolKey"]):
    def published(self) -> ToolKeyQuerySet:
        """The keys in the key set: the current one, and retired ones still in their grace period."""
        grace = timedelta(days=getattr(settings, "LTI_KEY_GRACE_DAYS", 7))
        return self.filter(
            models.Q(retired_at__isnull=True) | models.Q(retired_at__gt=timezone.now() - grace)
        )

    def current(self) -> ToolKey:
        """The key the tool signs with, made on first use."""
        key = self.filter(retired_at__isnull=True).order_by("-created_at", "-pk").first()
        return key or ToolKey.generate()


class ToolKey(models.Model):
    """The tool's RSA key pair; the newest unretired one signs, the key set publishes them all."""

    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ToolKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("tool key")
        verbose_name_plural = _("tool keys")

    def __str__(self) -> str:
        return self.kid

    @classmethod
    def generate(cls) -> ToolKey:
        kid = secrets.token_urlsafe(16)
        key = JWK.generate(kty="RSA", size=2048, kid=kid)
        public = json.loads(key.export_public())
        public.update({"alg": "RS256", "use": "sig", "kid": kid})
        return cls.objects.create(
            kid=kid,
            private_pem=key.export_to_pem(private_key=True, password=None).decode(),
            public_jwk=public,
        )

    @property
    def public_pem(self) -> str:
        return JWK(**self.public_jwk).export_to_pem().decode()


class LoginState(models.Model):
    """An OIDC login in flight: the state sent to the platform and the nonce it must sign back.

    Kept in the database rather than a cookie, so a launch completes even in an LMS iframe
    whose browser blocks third-party cookies. Deleted when the launch uses it.
    """

    state = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    LIFETIME = timedelta(minutes=10)

    def __str__(self) -> str:
        return f"login to {self.platform}"

    @property
    def expired(self) -> bool:
        return self.created_at < timezone.now() - self.LIFETIME


class LtiUser(models.Model):
    """An LMS user (issuer, sub) and the virtlearn account they launch into."""

    issuer = models.CharField(max_length=255)
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identities"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "sub"], name="lti_user_unique")]
        verbose_name = _("LMS user")
        verbose_name_plural = _("LMS users")

    def __str__(self) -> str:
        return f"{self.sub} @ {self.issuer}"


class ResourceLink(models.Model):
    """A lesson or quiz placed in an LMS course, as one LMS user last launched it.

    Holds the grade service endpoint of that launch, so a finished attempt knows where its
    score goes.
    """

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="links")
    deployment_id = models.CharField(max_length=255)
    lti_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="links")
    resource_link_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    lesson = models.ForeignKey(
        "lessons.Lesson", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_quiz = models.BooleanField(default=False)
    lineitems_url = models.URLField(max_length=500, blank=True)
    lineitem_url = models.URLField(max_length=500, blank=True)
    scopes = models.JSONField(default=list, blank=True)
    launched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lti_user", "resource_link_id"], name="lti_link_unique")
        ]
        verbose_name = _("resource link")
        verbose_name_plural = _("resource links")

    def __str__(self) -> str:
        return self.title or self.resource_link_id

    @property
    def can_send_grades(self) -> bool:
        score = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
        return score in self.scopes and bool(self.lineitem_url or self.lineitems_url)


class DeepLinkRequest(models.Model):
    """An instructor choosing content from the LMS: what the response must go back to.

    The token in the form stands in for the session, which the LMS iframe may not keep.
    """

    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    deployment_id = models.CharField(max_length=255)
    return_url = models.URLField(max_length=1000)
    settings = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    LIFETIME = timedelta(hours=1)

    def __str__(self) -> str:
        return f"content selection for {self.platform}"

    @property
    def expired(self) -> bool:
        return self.created_at < timezone.now() - self.LIFETIME


class ResumeToken(models.Model):
    """One-time entry for a launched user into a first-party tab, when the iframe keeps no cookies."""

    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    next_url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    LIFETIME = timedelta(minutes=5)

    def __str__(self) -> str:
        return f"resume link for {self.user}"

    @property
    def expired(self) -> bool:
        return self.created_at < timezone.now() - self.LIFETIME


class GradeSendQuerySet(models.QuerySet["GradeSend"]):
    def due(self) -> GradeSendQuerySet:
        return self.filter(status=GradeSend.Status.PENDING, next_try_at__lte=timezone.now())


class GradeSend(models.Model):
    """The outbox: one score to send to an LMS gradebook, written with the attempt finishing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (gave up)")

    link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="grade_sends")
    attempt_id = models.PositiveBigIntegerField(_("attempt"))
    score_given = models.FloatField(_("score"))
    score_maximum = models.FloatField(_("out of"))
    finished_at = models.DateTimeField(_("finished"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_try_at = models.DateTimeField(_("next try"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GradeSendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["attempt_id"], name="lti_grade_once")]
        verbose_name = _("grade sent to an LMS")
        verbose_name_plural = _("grades sent to LMSs")

    def __str__(self) -> str:
        return f"{self.score_given:g}/{self.score_maximum:g} for {self.link}"
