"""Authoring in the admin: the preview endpoint, fence checks, publishing, images, the group."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from lessons.models import Lesson, LessonImage, Status
from tests.lessons.factories import make_course, make_instructor, make_lesson, make_user

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/lessons/lesson/preview/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def instructor_client() -> Client:
    client = Client()
    client.force_login(make_instructor())
    return client


def image_upload(name: str, size: tuple[int, int], image_format: str = "PNG") -> SimpleUploadedFile:
    out = BytesIO()
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    image.save(out, image_format, exif=exif)
    return SimpleUploadedFile(name, out.getvalue())


def test_the_instructors_group_has_exactly_the_authoring_permissions() -> None:
    group = Group.objects.get(name="Instructors")
    lesson_perms = set(
        group.permissions.filter(content_type__app_label="lessons").values_list(
            "codename", flat=True
        )
    )
    assert lesson_perms == {
        f"{action}_{model}"
        for model in ("course", "lesson", "lessonimage")
        for action in ("view", "add", "change", "delete")
    }
    others = group.permissions.exclude(content_type__app_label__in=["lessons", "quizzes"])
    assert not others.exists()  # nothing about users, groups or learners


def test_preview_renders_markdown_and_diagrams_for_instructors() -> None:
    client = instructor_client()
    body = "## Hello {#hi}\n\n<script>alert(1)</script>\n\n```stack\nserver > os > app\n```\n"
    response = client.post(PREVIEW, {"body": body}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="hi">Hello</h2>' in html
    assert '<figure class="stack-figure"' in html
    assert "<script>alert" not in html
    assert "<html" not in html  # the partial only


def test_preview_without_javascript_is_a_whole_page() -> None:
    response = instructor_client().post(PREVIEW, {"body": "Just *text*", "title": "My lesson"})
    html = response.content.decode()
    assert "<html" in html and "<em>text</em>" in html and "My lesson" in html


def test_preview_shows_fence_errors_with_line_and_column() -> None:
    body = "Intro\n\n```stack\nserver > os > kernel\n```\n"
    html = instructor_client().post(PREVIEW, {"body": body}, **HTMX).content.decode()
    assert "Line 4: column 15: expected" in html
    assert 'role="alert"' in html


@pytest.mark.parametrize("who", ["anonymous", "learner", "staff-without-permission"])
def test_preview_is_for_authors_only(who: str) -> None:
    client = Client()
    if who == "learner":
        client.force_login(make_user())
    elif who == "staff-without-permission":
        client.force_login(make_user(is_staff=True))
    response = client.post(PREVIEW, {"body": "## Hi"})
    assert response.status_code in (302, 403)
    assert "<h2" not in response.content.decode()


def test_preview_needs_post_and_csrf() -> None:
    user = make_instructor()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(PREVIEW).status_code == 405
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


def lesson_form(course_id: int, **overrides: str) -> dict[str, str]:
    return {
        "course": str(course_id),
        "title": "New lesson",
        "slug": "new-lesson",
        "order": "7",
        "status": "draft",
        "summary": "",
        "objectives": "Name the layers\r\nDraw a stack\r\n",
        "body": "## Start\r\n\r\n```stack\r\nserver > os > app\r\n```\r\n",
    } | overrides


def test_saving_a_lesson_in_the_admin_renders_it() -> None:
    course = make_course()
    response = instructor_client().post("/admin/lessons/lesson/add/", lesson_form(course.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = Lesson.objects.get(slug="new-lesson")
    assert lesson.objectives == ["Name the layers", "Draw a stack"]
    assert "\r" not in lesson.body
    assert '<figure class="stack-figure"' in lesson.body_html


def test_a_bad_fence_is_a_form_error_naming_line_and_column() -> None:
    course = make_course()
    body = "Intro\r\n\r\n```stack\r\nserver > os >\r\n  nonsense\r\n```\r\n"
    response = instructor_client().post(
        "/admin/lessons/lesson/add/", lesson_form(course.pk, body=body)
    )
    assert response.status_code == 200
    assert "Line 5: column 3: expected a layer kind" in response.content.decode()
    assert not Lesson.objects.exists()


def test_a_duplicate_order_is_a_form_error() -> None:
    course = make_course()
    make_lesson(course, order=7)
    response = instructor_client().post("/admin/lessons/lesson/add/", lesson_form(course.pk))
    assert "Another lesson of this course has the order 7." in response.content.decode()


def test_publish_and_unpublish_actions() -> None:
    course = make_course()
    lessons = [make_lesson(course, status=Status.DRAFT) for _ in range(2)]
    client = instructor_client()
    ids = [str(lesson.pk) for lesson in lessons]
    client.post("/admin/lessons/lesson/", {"action": "publish", "_selected_action": ids})
    assert set(Lesson.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    client.post("/admin/lessons/lesson/", {"action": "unpublish", "_selected_action": ids[:1]})
    assert Lesson.objects.get(pk=lessons[0].pk).status == Status.DRAFT


def test_an_uploaded_image_is_checked_resized_and_stripped() -> None:
    course = make_course()
    client = instructor_client()
    response = client.post(
        "/admin/lessons/lessonimage/add/",
        {
            "course": course.pk,
            "name": "photo.jpg",
            "image": image_upload("x.jpg", (3200, 800), "JPEG"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = LessonImage.objects.get()
    assert (stored.width, stored.height) == (1600, 400)
    with stored.image.open("rb") as file, Image.open(file) as image:
        assert image.size == (1600, 400)
        assert not image.getexif()
    lesson = make_lesson(course, body="![A photo](images/photo.jpg)\n")
    assert f'<img alt="A photo" src="{stored.image.url}">' in lesson.body_html


@pytest.mark.parametrize(
    ("name", "upload", "message"),
    [
        ("fake.png", SimpleUploadedFile("fake.png", b"GIF89a not really"), "image"),
        ("Bad Name.png", image_upload("a.png", (10, 10)), "is not an image name"),
        ("mislabelled.jpg", image_upload("a.png", (10, 10)), "PNG image but its name ends in .jpg"),
    ],
)
def test_bad_uploads_are_rejected(name: str, upload: SimpleUploadedFile, message: str) -> None:
    course = make_course()
    response = instructor_client().post(
        "/admin/lessons/lessonimage/add/", {"course": course.pk, "name": name, "image": upload}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LessonImage.objects.exists()


def test_replacing_an_image_renders_its_lessons_again() -> None:
    course = make_course()
    client = instructor_client()
    form = {"course": course.pk, "name": "rack.png"}
    client.post(
        "/admin/lessons/lessonimage/add/", form | {"image": image_upload("a.png", (20, 10))}
    )
    lesson = make_lesson(course, body="![Rack](images/rack.png)\n")
    image = LessonImage.objects.get()
    client.post(
        f"/admin/lessons/lessonimage/{image.pk}/change/",
        form | {"image": image_upload("b.png", (30, 10))},
    )
    image.refresh_from_db()
    lesson.refresh_from_db()
    assert image.width == 30
    assert f'src="{image.image.url}"' in lesson.body_html


def test_instructors_cannot_manage_users() -> None:
    client = instructor_client()
    assert client.get("/admin/auth/user/").status_code == 403
    assert not Permission.objects.filter(group__name="Instructors", codename="change_user").exists()


def changelist_form(lessons: list[Lesson], orders: list[int]) -> dict[str, str]:
    data = {
        "form-TOTAL_FORMS": str(len(lessons)),
        "form-INITIAL_FORMS": str(len(lessons)),
        "_save": "Save",
    }
    for index, (lesson, order) in enumerate(zip(lessons, orders, strict=True)):
        data[f"form-{index}-id"] = str(lesson.pk)
        data[f"form-{index}-order"] = str(order)
    return data


def test_reordering_in_the_list_saves_and_refuses_duplicates() -> None:
    course = make_course()
    first, second = make_lesson(course, order=1), make_lesson(course, order=2)
    client = instructor_client()
    client.post("/admin/lessons/lesson/", changelist_form([first, second], [2, 1]))
    assert list(course.lessons.values_list("pk", flat=True)) == [second.pk, first.pk]
    response = client.post("/admin/lessons/lesson/", changelist_form([first, second], [5, 5]))
    assert "would both have the order 5" in response.content.decode()
    assert sorted(course.lessons.values_list("order", flat=True)) == [1, 2]
