from __future__ import annotations

import re

import pytest

from lti.models import DeepLinkRequest
from tests.lti.factories import make_lesson, make_quiz
from tests.lti.platform import INSTRUCTOR, launch

pytestmark = pytest.mark.django_db

ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"


def picker(client, platform):
    hint = platform.prepare(
        sub="teacher", roles=(INSTRUCTOR,), message_type="LtiDeepLinkingRequest"
    )
    response = launch(client, platform, hint)
    assert response.status_code == 200
    return response, DeepLinkRequest.objects.get()


def test_instructor_picks_a_lesson_and_a_quiz_and_they_go_back_signed(client, platform):
    quiz = make_quiz()
    lesson = quiz.lesson
    other = make_lesson(course=lesson.course, slug="bare-metal", title="Bare metal", order=0)
    response, picking = picker(client, platform)
    page = response.content.decode()
    assert f'value="lesson:{other.pk}"' in page
    assert f'value="quiz:{lesson.pk}"' in page
    assert f'value="quiz:{other.pk}"' not in page  # no quiz, not offered

    answer = client.post(
        "/lti/deep-link/",
        {"token": picking.token, "item": [f"lesson:{other.pk}", f"quiz:{lesson.pk}"]},
    )
    assert answer.status_code == 200
    body = answer.content.decode()
    assert f'action="{platform.issuer}/deep-link-return"' in body
    assert "form-action 'self' " + platform.issuer in answer["Content-Security-Policy"]
    assert '<button type="submit"' in body  # works without JavaScript
    token = re.search(r'name="JWT" value="([^"]+)"', body).group(1)
    claims = platform.decode_tool_jwt(token)
    assert claims["iss"] == platform.client_id
    assert (
        claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] == "LtiDeepLinkingResponse"
    )
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-platform-data"
    items = claims[ITEMS]
    assert [item["type"] for item in items] == ["ltiResourceLink", "ltiResourceLink"]
    assert items[0]["custom"] == {
        "course": lesson.course.slug,
        "lesson": "bare-metal",
        "activity": "lesson",
    }
    assert items[1]["custom"]["activity"] == "quiz"
    assert items[1]["lineItem"]["scoreMaximum"] == 100
    assert items[0]["url"] == "http://testserver/lti/launch/"
    # Used once.
    assert not DeepLinkRequest.objects.exists()
    assert (
        client.post(
            "/lti/deep-link/", {"token": picking.token, "item": f"lesson:{other.pk}"}
        ).status_code
        == 400
    )


def test_picking_nothing_asks_again(client, platform):
    make_lesson()
    _response, picking = picker(client, platform)
    answer = client.post("/lti/deep-link/", {"token": picking.token})
    assert answer.status_code == 400
    assert "Pick at least one item" in answer.content.decode()
    assert DeepLinkRequest.objects.filter(pk=picking.pk).exists()


def test_picking_an_unknown_item_is_refused(client, platform):
    make_lesson()
    _response, picking = picker(client, platform)
    answer = client.post("/lti/deep-link/", {"token": picking.token, "item": "quiz:99999"})
    assert answer.status_code == 400


def test_a_forged_token_cannot_send_a_selection(client, platform):
    make_lesson()
    answer = client.post("/lti/deep-link/", {"token": "guess", "item": "lesson:1"})
    assert answer.status_code == 400
