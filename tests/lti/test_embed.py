from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from tests.lti.factories import make_quiz

pytestmark = pytest.mark.django_db

SCHOOL = "https://school.example"


def ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]*)", response["Content-Security-Policy"]).group(1)


def framable_by(response, origin: str) -> bool:
    return "X-Frame-Options" not in response and origin in ancestors(response).split()


def test_embedded_diagram_is_drawn_without_the_site_chrome(client):
    response = client.get(
        "/embed/diagram/", {"s": "server > os > engine > [2*container > libs > app]"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Container-based" in page
    assert "site-header" not in page and "site-footer" not in page
    assert '<base target="_blank">' in page  # links leave the frame
    assert "/build/?s=server" in page


def test_embedded_diagram_with_bad_notation_says_why(client):
    response = client.get("/embed/diagram/", {"s": "server > kernel"})
    assert response.status_code == 400
    assert "column 10" in response.content.decode()


def test_embeds_refuse_framing_unless_the_operator_lists_origins(client, settings):
    settings.EMBED_FRAME_ANCESTORS = []
    for url in ("/embed/diagram/?s=server", "/embed/build/?s=server"):
        response = client.get(url)
        assert ancestors(response) == "'none'"


def test_embeds_may_be_framed_by_the_listed_origins_only(client, settings):
    settings.EMBED_FRAME_ANCESTORS = [SCHOOL]
    quiz = make_quiz()
    lesson = quiz.lesson
    for url in (
        "/embed/diagram/?s=server",
        "/embed/build/?s=server",
        f"/embed/courses/{lesson.course.slug}/{lesson.slug}/quiz/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert framable_by(response, SCHOOL), url
        assert ancestors(response) == SCHOOL
    for url in (
        "/",
        "/build/?s=server",
        lesson.get_absolute_url(),
        "/embed/admin/login/",
        "/embed/code/?s=server",
    ):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert ancestors(response) == "'none'", url


def test_embedded_builder_keeps_its_steps_inside_the_embed(client):
    client.get("/build/")  # the plain builder first: nothing it caches may leak into the embed
    response = client.get("/embed/build/", {"s": "server", "at": "0", "op": "add", "kind": "os"})
    if response.status_code == 303:
        assert response["Location"].startswith("/embed/build/")
        response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "site-header" not in page
    assert 'action="/embed/build/"' in page
    assert 'href="/static/css/site.css"' in page  # static files are not under /embed/
    assert "Embed this builder" not in page


def test_embedded_builder_answers_htmx_with_embed_urls(client):
    response = client.get(
        "/embed/build/",
        {"s": "server", "at": "0", "op": "add", "kind": "os"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"].startswith("/embed/build/?")


def test_embedded_quiz_starts_inside_the_embed(client, settings):
    settings.EMBED_FRAME_ANCESTORS = [SCHOOL]
    quiz = make_quiz()
    base = f"/embed/courses/{quiz.lesson.course.slug}/{quiz.lesson.slug}/quiz/"
    page = client.get(base).content.decode()
    assert "site-header" not in page
    assert f'action="{base}start/"' in page
    started = client.post(f"{base}start/")
    assert started.status_code in (302, 303)
    assert started["Location"].startswith(base)
    assert framable_by(client.get(started["Location"], follow=True), SCHOOL)


def test_builder_page_offers_its_embed_code(client):
    page = client.get("/build/", {"s": "server > os > app"}).content.decode()
    field = re.search(r'<label for="(embed-code-\d+)">', page).group(1)
    textarea = re.search(rf'<textarea id="{field}"[^>]*readonly[^>]*>([^<]*)</textarea>', page)
    assert textarea is not None
    code = textarea.group(1)
    assert "&lt;iframe src=&quot;http://testserver/embed/build/?s=server" in code
    assert "title=&quot;Stack builder&quot;" in code


def test_code_page_offers_the_diagram_and_the_builder(client):
    response = client.get("/embed/code/", {"s": "server > os > app"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "http://testserver/embed/diagram/?s=server" in page
    assert "http://testserver/embed/build/?s=server" in page
    assert client.get("/embed/code/", {"s": "nonsense"}).status_code == 400


def test_quiz_page_offers_its_embed_code_to_instructors(client, django_user_model):
    quiz = make_quiz()
    url = quiz.get_absolute_url()
    assert "Embed this quiz" not in client.get(url).content.decode()
    teacher = django_user_model.objects.create_user(username="t", password="x", is_staff=True)
    teacher.groups.add(*Group.objects.filter(name="Instructors"))
    client.force_login(teacher)
    page = client.get(url).content.decode()
    assert "Embed this quiz" in page
    assert f"http://testserver/embed{url}" in page


def test_operator_may_list_origins_separated_by_spaces_or_commas(client, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://a.example https://b.example/", "https://c.example"]
    response = client.get("/embed/diagram/?s=server")
    assert ancestors(response) == "https://a.example https://b.example https://c.example"
