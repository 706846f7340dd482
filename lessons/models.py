"""Courses, lessons and their images. Authored as files or in the admin; rendered when saved."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

AUTHOR_PERMISSION = "lessons.change_lesson"


def is_instructor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Staff who may author lessons: they see drafts, everyone else gets a 404 for them."""
    return bool(user.is_active and user.is_staff and user.has_perm(AUTHOR_PERMISSION))


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CourseQuerySet(models.QuerySet["Course"]):
    def published(self) -> CourseQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CourseQuerySet:
        return self.all() if is_instructor(user) else self.published()


class Course(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:course", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> LessonQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> LessonQuerySet:
        return self.visible(instructor=is_instructor(user))

    def visible(self, *, instructor: bool) -> LessonQuerySet:
        if instructor:
            return self.all()
        return self.filter(status=Status.PUBLISHED, course__status=Status.PUBLISHED)

    def before(self, lesson: Lesson) -> LessonQuerySet:
        """The lessons of the same course that come before `lesson`, nearest first."""
        return self.filter(
            Q(order__lt=lesson.order) | Q(order=lesson.order, pk__lt=lesson.pk),
            course_id=lesson.course_id,
        ).order_by("-order", "-pk")

    def after(self, lesson: Lesson) -> LessonQuerySet:
        return self.filter(
            Q(order__gt=lesson.order) | Q(order=lesson.order, pk__gt=lesson.pk),
            course_id=lesson.course_id,
        ).order_by("order", "pk")


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(_("slug"))
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    body = models.TextField(_("body (Markdown)"), blank=True)
    # The sanitized HTML of `body`, rendered when the lesson is saved, never per view.
    body_html = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["course", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_slug_unique_in_course")
        ]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.render()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.course.slug, self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def render(self) -> None:
        """Render `body` into `body_html`; a stack fence that does not parse raises FenceError."""
        from lessons.rendering import render_markdown

        self.body_html = render_markdown(self.body, images=LessonImage.urls_for(self.course_id))


def image_upload_to(image: LessonImage, filename: str) -> str:
    return f"lessons/{image.course.slug}/{image.name}"


class LessonImage(models.Model):
    """An image authors show in lessons: `![what it shows](images/NAME)` in the Markdown."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="images")
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("File name used in the Markdown: ![description](images/NAME)."),
    )
    image = models.ImageField(
        _("image"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    # The SHA-256 of the file as it was given (before resizing), so re-importing it is no change.
    source_sha256 = models.CharField(max_length=64, editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="image_name_unique_in_course")
        ]
        verbose_name = _("lesson image")
        verbose_name_plural = _("lesson images")

    def __str__(self) -> str:
        return self.name

    @property
    def markdown(self) -> str:
        return f"![]({IMAGE_PREFIX}{self.name})"

    def render_lessons(self) -> None:
        """Render again the course's lessons that show this image (its URL may have changed)."""
        reference = f"{IMAGE_PREFIX}{self.name}"
        for lesson in self.course.lessons.filter(body__contains=reference):
            lesson.save(update_fields=["body_html"])

    @classmethod
    def urls_for(cls, course_id: int | None) -> dict[str, str]:
        """NAME → URL of the course's images, for the Markdown renderer."""
        if course_id is None:
            return {}
        return {image.name: image.image.url for image in cls.objects.filter(course_id=course_id)}


IMAGE_PREFIX = "images/"
