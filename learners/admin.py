"""Learners in the admin: looked at, not edited (progress is what the learner did)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from learners.models import Learner, LessonRead


class LessonReadInline(admin.TabularInline):
    model = LessonRead
    fields = ["lesson", "first_read_at", "last_read_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Learner | None = None) -> bool:
        return False


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "lessons_read"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "created_at"]
    inlines = [LessonReadInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Learner]:
        return super().get_queryset(request).annotate(read_count=Count("reads"))

    @admin.display(description=_("lessons read"), ordering="read_count")
    def lessons_read(self, learner: Learner) -> int:
        return learner.read_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
