"""Authoring: courses and lessons with ordering, publishing, a live preview and images."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lessons import images
from lessons.models import Course, Lesson, LessonImage, Status
from lessons.rendering import check_body, render_markdown


def course_image_names(course: Course | None) -> set[str] | None:
    if course is None:
        return None
    return set(LessonImage.objects.filter(course=course).values_list("name", flat=True))


class PublishingAdmin(admin.ModelAdmin):
    actions = ["publish", "unpublish"]

    def set_status(self, request: HttpRequest, queryset: QuerySet, status: Status) -> None:
        # updated_at too: the cached pages are keyed by it (lessons.page_cache).
        count = queryset.update(status=status, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d item is now %(status)s.", "%(count)d items are now %(status)s.", count
            )
            % {"count": count, "status": status.label.lower()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.set_status(request, queryset, Status.PUBLISHED)

    @admin.action(
        description=_("Unpublish the selected items (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.set_status(request, queryset, Status.DRAFT)


@admin.register(Course)
class CourseAdmin(PublishingAdmin):
    list_display = ["title", "slug", "order", "status", "updated_at"]
    list_editable = ["order"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class LessonAdminForm(forms.ModelForm):
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: what the learner will be able to do."),
    )

    class Meta:
        model = Lesson
        fields = ["course", "title", "slug", "order", "status", "summary", "objectives", "body"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 28, "class": "vLargeTextField lesson-source"})
        }
        help_texts = {
            "body": _(
                "Markdown. A ```stack block draws a live diagram; images: ![what it shows](images/NAME)."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.objectives, list):
            self.initial["objectives"] = "\n".join(self.instance.objectives)

    def clean_objectives(self) -> list[str]:
        text = self.cleaned_data.get("objectives") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_body(self) -> str:
        return (self.cleaned_data.get("body") or "").replace("\r\n", "\n")

    def clean(self) -> dict:
        cleaned = super().clean()
        course = cleaned.get("course")
        body = cleaned.get("body")
        if body is not None:
            errors = check_body(body, course_image_names(course))
            if errors:
                self.add_error("body", [str(error) for error in errors])
        order = cleaned.get("order")
        if course is not None and order is not None:
            others = Lesson.objects.filter(course=course, order=order).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "order",
                    _("Another lesson of this course has the order %(order)d.") % {"order": order},
                )
        return cleaned


class LessonOrderFormSet(forms.BaseModelFormSet):
    """Reordering in the list: no two lessons of a course may end up with the same order."""

    def clean(self) -> None:
        super().clean()
        edited = {form.instance.pk: form.cleaned_data.get("order") for form in self.forms}
        courses = {form.instance.course_id for form in self.forms}
        taken: dict[tuple[int, int], str] = {}
        for lesson in Lesson.objects.filter(course_id__in=courses).only(
            "course_id", "order", "title"
        ):
            order = edited.get(lesson.pk, lesson.order)
            key = (lesson.course_id, order)
            if key in taken:
                raise forms.ValidationError(
                    _("“%(a)s” and “%(b)s” would both have the order %(order)d.")
                    % {"a": taken[key], "b": lesson.title, "order": order}
                )
            taken[key] = lesson.title


@admin.register(Lesson)
class LessonAdmin(PublishingAdmin):
    form = LessonAdminForm
    list_display = ["title", "course", "order", "status", "updated_at"]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["course", "status"]
    list_select_related = ["course"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True

    class Media:
        css = {"all": ["css/diagram.css", "css/lessons.css"]}

    def get_changelist_formset(self, request: HttpRequest, **kwargs):
        return super().get_changelist_formset(request, formset=LessonOrderFormSet, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="lessons_lesson_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """The rendered Markdown of the POSTed body; htmx swaps it in as the author types."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body", "").replace("\r\n", "\n")
        course_id = request.POST.get("course", "")
        course = Course.objects.filter(pk=course_id).first() if course_id.isdigit() else None
        image_urls = LessonImage.urls_for(course.pk) if course else {}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview"),
            "opts": self.opts,
            "lesson_title": request.POST.get("title", ""),
            "errors": check_body(body, set(image_urls) if course else None),
            "preview_html": render_markdown(body, image_urls, show_errors=True),
        }
        template = "admin/lessons/lesson/preview.html"
        if getattr(request, "htmx", False):
            template += "#preview"
        return render(request, template, context)


class LessonImageAdminForm(forms.ModelForm):
    class Meta:
        model = LessonImage
        fields = ["course", "name", "image"]

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("image")
        name = cleaned.get("name")
        if not name:
            return cleaned
        try:
            images.check_name(name)
        except images.ImageError as error:
            self.add_error("name", str(error))
            return cleaned
        if (
            upload is not None
            and upload is not self.instance.image
            and "image" in self.changed_data
        ):
            upload.seek(0)
            data = upload.read()
            try:
                processed = images.process_image(data, name)
            except images.ImageError as error:
                self.add_error("image", str(error))
                return cleaned
            self.instance.source_sha256 = images.sha256(data)
            cleaned["image"] = ContentFile(processed, name=name)
        return cleaned


@admin.register(LessonImage)
class LessonImageAdmin(admin.ModelAdmin):
    form = LessonImageAdminForm
    list_display = ["name", "course", "width", "height", "markdown", "updated_at"]
    list_filter = ["course"]
    search_fields = ["name"]
    readonly_fields = ["width", "height", "markdown"]

    def save_model(self, request: HttpRequest, obj: LessonImage, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        obj.render_lessons()

    def delete_model(self, request: HttpRequest, obj: LessonImage) -> None:
        super().delete_model(request, obj)
        obj.render_lessons()

    @admin.display(description=_("Markdown"))
    def markdown(self, image: LessonImage) -> str:
        return image.markdown
