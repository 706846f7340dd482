from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lti.grades import send_grade
from lti.models import Deployment, GradeSend, LtiUser, Platform, ResourceLink, ToolKey


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 1


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "client_id"]
    search_fields = ["name", "issuer", "client_id"]
    inlines = [DeploymentInline]


@admin.register(ToolKey)
class ToolKeyAdmin(admin.ModelAdmin):
    list_display = ["kid", "created_at", "retired_at"]
    fields = ["kid", "public_jwk", "created_at", "retired_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(LtiUser)
class LtiUserAdmin(admin.ModelAdmin):
    list_display = ["sub", "issuer", "user", "created_at"]
    search_fields = ["sub", "user__username", "user__email"]
    readonly_fields = ["issuer", "sub", "user", "created_at"]


@admin.register(ResourceLink)
class ResourceLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lesson", "is_quiz", "lti_user", "launched_at"]
    list_filter = ["platform", "is_quiz"]
    readonly_fields = [f.name for f in ResourceLink._meta.fields]


@admin.register(GradeSend)
class GradeSendAdmin(admin.ModelAdmin):
    list_display = [
        "link",
        "score_given",
        "status",
        "attempts",
        "next_try_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "link__platform"]
    readonly_fields = [f.name for f in GradeSend._meta.fields]
    actions = ["send_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected grades now"))
    def send_now(self, request: HttpRequest, queryset: QuerySet[GradeSend]) -> None:
        queryset.exclude(status=GradeSend.Status.SENT).update(
            status=GradeSend.Status.PENDING, next_try_at=timezone.now()
        )
        results = [send_grade(pk) for pk in queryset.values_list("pk", flat=True)]
        sent = sum(1 for r in results if r is not None and r.status == GradeSend.Status.SENT)
        messages.info(
            request, _("%(sent)d of %(n)d grades sent.") % {"sent": sent, "n": len(results)}
        )
