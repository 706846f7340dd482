"""Cached lesson and course pages: fresh after every edit, never shown to the wrong viewer."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lessons.models import Lesson, Status
from tests.lessons.factories import make_course, make_instructor, make_lesson, make_user

pytestmark = pytest.mark.django_db


def url(lesson: Lesson, suffix: str = "") -> str:
    return f"/courses/{lesson.course.slug}/{lesson.slug}/{suffix}"


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_editing_a_lesson_or_its_course_shows_at_once() -> None:
    course = make_course(title="Old course")
    lesson, following = make_lesson(course, title="Old title"), make_lesson(course, title="Next")
    client = Client()
    assert "Old title" in page(client, url(lesson)) and "Old course" in page(client, url(lesson))

    lesson.title, lesson.body = "New title", "Brand new text."
    lesson.save()
    text = page(client, url(lesson))
    assert "New title" in text and "Brand new text." in text

    course.title = "New course"
    course.save()
    assert "New course" in page(client, url(lesson))
    assert "New course" in page(client, f"/courses/{course.slug}/")

    following.title = "Renamed neighbour"
    following.save()
    assert "Renamed neighbour" in page(client, url(lesson))
    assert "Renamed neighbour" in page(client, f"/courses/{course.slug}/")

    following.delete()
    text = page(client, url(lesson))
    assert "Renamed neighbour" not in text and "Mark as read and finish" in text


def test_publishing_actions_in_the_admin_show_at_once() -> None:
    lesson = make_lesson()
    instructor = logged_in(make_instructor())
    outline = f"/courses/{lesson.course.slug}/"
    assert "badge-draft" not in page(instructor, url(lesson))
    assert "badge-draft" not in page(instructor, outline)
    instructor.post(
        "/admin/lessons/lesson/", {"action": "unpublish", "_selected_action": [lesson.pk]}
    )
    assert "badge-draft" in page(instructor, url(lesson))
    assert "badge-draft" in page(instructor, outline)
    assert Client().get(url(lesson)).status_code == 404


def test_read_marks_and_names_are_never_served_to_another_viewer() -> None:
    course = make_course()
    lesson = make_lesson(course)
    alice, bob = make_user(username="alice"), make_user(username="bob")
    as_alice, as_bob, anonymous = logged_in(alice), logged_in(bob), Client()
    as_alice.post(url(lesson, "read/"))
    for _ in range(2):  # the second round is served from the cache
        alices, bobs, anonymous_page = (page(c, url(lesson)) for c in (as_alice, as_bob, anonymous))
        assert "You have read this lesson." in alices and "Log out alice" in alices
        assert "You have read this lesson." not in bobs and "Log out bob" in bobs
        assert "alice" not in bobs and "alice" not in anonymous_page
        assert "You have read this lesson." not in anonymous_page and "Log in" in anonymous_page
        outline = page(as_alice, f"/courses/{course.slug}/")
        assert "(read)" in outline and "Log out alice" in outline
        outline = page(as_bob, f"/courses/{course.slug}/")
        assert "(read)" not in outline and "Log out bob" in outline


def test_drafts_and_edit_links_stay_with_instructors() -> None:
    course = make_course()
    published = make_lesson(course, title="Published")
    draft = make_lesson(course, title="Drafted", status=Status.DRAFT)
    instructor, learner = logged_in(make_instructor()), logged_in(make_user())
    for _ in range(2):
        text = page(instructor, url(draft))
        assert "badge-draft" in text and "Edit this lesson" in text
        assert "Drafted" in page(instructor, url(published))
        assert learner.get(url(draft)).status_code == 404
        assert Client().get(url(draft)).status_code == 404
        for client in (learner, Client()):
            text = page(client, url(published))
            assert "Drafted" not in text and "Edit this lesson" not in text
            assert "Drafted" not in page(client, f"/courses/{course.slug}/")


def test_a_cached_page_has_a_fresh_csrf_token_and_nonce_per_response() -> None:
    lesson = make_lesson()
    make_lesson(lesson.course)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens, nonces = [], []
    for client in (first, second, first):
        response = client.get(url(lesson))
        text = response.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)[1]
        assert f'{{"X-CSRFToken": "{token}"}}' in text
        nonce = re.search(r'<script [^>]*nonce="([^"]+)"', text)[1]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        tokens.append(token)
        nonces.append(nonce)
    assert len(set(tokens)) == 3 and len(set(nonces)) == 3
    response = second.post(url(lesson, "read/"), {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 303
    assert "You have read this lesson." in page(second, url(lesson))
    response = first.post(url(lesson, "read/"), HTTP_X_CSRFTOKEN=tokens[2], HTTP_HX_REQUEST="true")
    assert response.status_code == 200
