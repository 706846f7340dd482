"""The learner's pages: drafts, reading progress, marking read by POST, constant queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from learners.models import LessonRead
from lessons.models import Course, Lesson, Status
from tests.lessons.factories import make_course, make_instructor, make_lesson, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(lesson: Lesson, suffix: str = "") -> str:
    return f"/courses/{lesson.course.slug}/{lesson.slug}/{suffix}"


def client_for(who: str) -> Client:
    client = Client()
    if who == "learner":
        client.force_login(make_user())
    elif who == "instructor":
        client.force_login(make_instructor())
    elif who == "superuser":
        client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    elif who == "staff-without-permission":
        client.force_login(make_user(is_staff=True))
    return client


def test_home_lists_published_courses_with_progress() -> None:
    course = make_course(title="Virtualization")
    lessons = [make_lesson(course) for _ in range(4)]
    make_course(title="Secret draft", status=Status.DRAFT)
    client = Client()
    client.post(url(lessons[0], "read/"))
    page = client.get("/").content.decode()
    assert "Virtualization" in page
    assert "Secret draft" not in page
    assert '<progress id="progress-' in page and 'max="4" value="1"' in page
    assert "1 of 4 lessons read" in page


def test_continue_links_to_the_lesson_after_the_last_read() -> None:
    course = make_course()
    _first, second, third = (make_lesson(course) for _ in range(3))
    client = Client()
    assert "Continue where you left off" not in client.get("/").content.decode()
    client.post(url(second, "read/"))
    page = client.get("/").content.decode()
    assert "Continue where you left off" in page
    assert f'href="{url(third)}"' in page
    client.post(url(third, "read/"))
    assert f'href="{url(third)}"' in client.get("/").content.decode()  # the last: stay there


def test_course_page_lists_lessons_in_order_with_read_marks() -> None:
    course = make_course()
    second = make_lesson(course, order=2, title="Second")
    first = make_lesson(course, order=1, title="First")
    client = Client()
    client.post(url(first, "read/"))
    page = client.get(f"/courses/{course.slug}/").content.decode()
    assert page.index("First") < page.index("Second")
    assert "(read)" in page and "(not read yet)" in page
    assert 'max="2" value="1"' in page
    assert second.title in page


def test_lesson_page_shows_the_lesson_and_its_neighbours() -> None:
    course = make_course()
    first = make_lesson(course, order=1, title="First")
    middle = make_lesson(
        course, order=2, title="Middle", objectives=["Explain a hypervisor"],
        body="## Model {#model}\n\n```stack\nserver > os > app\n```\n",
    )  # fmt: skip
    last = make_lesson(course, order=3, title="Last")
    page = Client().get(url(middle)).content.decode()
    assert '<h1 id="lesson-title">Middle' in page
    assert "Explain a hypervisor" in page
    assert '<h2 id="model">' in page and '<figure class="stack-figure"' in page
    assert f'rel="prev" href="{url(first)}"' in page
    assert f'rel="next" href="{url(last)}"' in page
    assert 'hx-trigger="intersect once"' in page
    assert "Mark as read and continue" in page


def test_get_changes_nothing() -> None:
    lesson = make_lesson()
    client = Client()
    client.get(url(lesson))
    client.get("/")
    assert LessonRead.objects.count() == 0
    assert "sessionid" not in client.cookies
    assert client.get(url(lesson, "read/")).status_code == 405


def test_mark_read_without_javascript_redirects_to_the_next_lesson() -> None:
    course = make_course()
    first, second = make_lesson(course), make_lesson(course)
    client = Client()
    response = client.post(url(first, "read/"))
    assert response.status_code == 303
    assert response["Location"] == url(second)
    response = client.post(url(second, "read/"))
    assert response["Location"] == f"/courses/{course.slug}/"
    assert LessonRead.objects.count() == 2
    assert "You have read this lesson." in client.get(url(first)).content.decode()


def test_mark_read_with_htmx_answers_the_status_partial() -> None:
    lesson = make_lesson()
    response = Client().post(url(lesson, "read/"), **HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "You have read this lesson." in text
    assert "<html" not in text
    assert LessonRead.objects.get().lesson == lesson


def test_mark_read_needs_csrf() -> None:
    lesson = make_lesson()
    response = Client(enforce_csrf_checks=True).post(url(lesson, "read/"))
    assert response.status_code == 403
    assert LessonRead.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "sees_drafts"),
    [
        ("anonymous", False),
        ("learner", False),
        ("staff-without-permission", False),
        ("instructor", True),
        ("superuser", True),
    ],
)
def test_drafts_are_for_instructors_only(who: str, sees_drafts: bool) -> None:
    course = make_course()
    published = make_lesson(course, order=1)
    draft = make_lesson(course, order=2, status=Status.DRAFT, title="Unfinished lesson")
    draft_course = make_course(status=Status.DRAFT, title="Unfinished course")
    in_draft_course = make_lesson(draft_course)
    client = client_for(who)
    expected = 200 if sees_drafts else 404
    assert client.get(url(draft)).status_code == expected
    assert client.get(url(in_draft_course)).status_code == expected
    assert client.get(f"/courses/{draft_course.slug}/").status_code == expected
    assert client.post(url(draft, "read/")).status_code in ({303} if sees_drafts else {404})
    assert ("Unfinished course" in client.get("/").content.decode()) is sees_drafts
    course_page = client.get(f"/courses/{course.slug}/").content.decode()
    assert ("Unfinished lesson" in course_page) is sees_drafts
    lesson_page = client.get(url(published)).content.decode()
    assert (f'href="{url(draft)}"' in lesson_page) is sees_drafts
    if sees_drafts:
        assert "Draft" in client.get(url(draft)).content.decode()


def test_unknown_pages_are_404() -> None:
    lesson = make_lesson()
    client = Client()
    assert client.get("/courses/nope/").status_code == 404
    assert client.get(f"/courses/{lesson.course.slug}/nope/").status_code == 404
    assert client.get(f"/courses/nope/{lesson.slug}/").status_code == 404


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous-reader", "learner"])
def test_query_counts_do_not_grow_with_the_course(who: str) -> None:
    def course_of(size: int) -> Course:
        course = make_course()
        Lesson.objects.bulk_create(
            Lesson(course=course, slug=f"l{n}", title=f"L{n}", order=n, status=Status.PUBLISHED,
                   body_html=f"<p>{n}</p>")
            for n in range(size)
        )  # fmt: skip
        return course

    small, large = course_of(4), course_of(200)
    client = Client() if who == "anonymous-reader" else client_for("learner")
    for course in (small, large):  # with some progress, so the progress queries run
        client.post(f"/courses/{course.slug}/l1/read/")
    counts = {
        course.pk: (
            count_queries(client, f"/courses/{course.slug}/l2/"),
            count_queries(client, f"/courses/{course.slug}/"),
        )
        for course in (small, large)
    }
    assert counts[small.pk] == counts[large.pk]
    home = count_queries(client, "/")
    make_lesson(course_of(30))
    assert count_queries(client, "/") == home
