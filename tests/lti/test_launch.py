from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from lti.models import DeepLinkRequest, GradeSend, LoginState, LtiUser, ResourceLink, ResumeToken
from tests.lti.factories import make_lesson, make_quiz
from tests.lti.platform import INSTRUCTOR, begin_launch, launch

pytestmark = pytest.mark.django_db


def written() -> dict[str, int]:
    models = [
        get_user_model(),
        LtiUser,
        ResourceLink,
        DeepLinkRequest,
        ResumeToken,
        GradeSend,
        Session,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_learner_launch_opens_the_quiz_as_a_new_learner_account(client, platform):
    quiz = make_quiz()
    lesson = quiz.lesson
    hint = platform.prepare(
        sub="student-42",
        custom={"course": lesson.course.slug, "lesson": lesson.slug, "activity": "quiz"},
    )
    response = launch(client, platform, hint)
    assert response.status_code == 200
    identity = LtiUser.objects.get(issuer=platform.issuer, sub="student-42")
    user = identity.user
    assert not user.is_staff
    assert user.email == "student-42@school.test"
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert f"/courses/{lesson.course.slug}/{lesson.slug}/quiz/" in response.content.decode()
    link = ResourceLink.objects.get(lti_user=identity)
    assert link.lesson == lesson and link.is_quiz
    assert link.can_send_grades
    assert LoginState.objects.count() == 0  # the state is used up


def test_a_second_launch_matches_the_same_account(client, platform):
    make_lesson()
    launch(client, platform, platform.prepare(sub="same"))
    client.logout()
    launch(client, platform, platform.prepare(sub="same", resource_link_id="link-2"))
    assert LtiUser.objects.filter(sub="same").count() == 1
    assert get_user_model().objects.filter(lti_identities__sub="same").count() == 1
    assert ResourceLink.objects.count() == 2


def test_instructor_launch_makes_staff_in_the_instructors_group(client, platform):
    lesson = make_lesson()
    hint = platform.prepare(
        sub="teacher-1",
        roles=(INSTRUCTOR,),
        custom={"course": lesson.course.slug, "lesson": lesson.slug},
    )
    response = launch(client, platform, hint)
    assert response.status_code == 200
    user = LtiUser.objects.get(sub="teacher-1").user
    assert user.is_staff
    assert user.groups.filter(name="Instructors").exists()
    assert lesson.get_absolute_url() in response.content.decode()


def test_launched_page_can_be_framed_by_the_lms_only(client, platform):
    make_lesson()
    response = launch(client, platform, platform.prepare())
    assert "X-Frame-Options" not in response
    assert f"frame-ancestors {platform.issuer}" in response["Content-Security-Policy"]
    # Other pages of that session too, for that LMS; a fresh visitor still gets DENY.
    home = client.get("/")
    assert f"frame-ancestors {platform.issuer}" in home["Content-Security-Policy"]
    other = client.__class__().get("/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_resume_link_logs_in_once_in_a_new_tab(client, platform):
    lesson = make_lesson()
    launch(
        client,
        platform,
        platform.prepare(custom={"course": lesson.course.slug, "lesson": lesson.slug}),
    )
    token = ResumeToken.objects.get()
    fresh = client.__class__()
    response = fresh.get(f"/lti/resume/{token.token}/")
    assert response.status_code == 302
    assert response["Location"] == lesson.get_absolute_url()
    assert "_auth_user_id" in fresh.session
    assert fresh.get(f"/lti/resume/{token.token}/").status_code == 404


def refused(client, platform, hint, *, expect: str, status: int = 400, fields_change=None):
    path, fields = begin_launch(client, platform, hint)
    if fields_change:
        fields = fields_change(fields)
    before = written()
    response = client.post(path, fields)
    assert response.status_code == status
    assert expect in response.content.decode()
    assert written() == before
    assert "_auth_user_id" not in client.session
    return response


def test_wrong_issuer_is_refused_and_writes_nothing(client, platform):
    hint = platform.prepare(claims={"iss": "https://lms.unknown.example"})
    refused(client, platform, hint, expect="No platform is registered with the issuer")


def test_unknown_client_id_is_refused(client, platform):
    hint = platform.prepare(claims={"aud": "someone-else"})
    refused(client, platform, hint, expect="not with the client id")


def test_expired_token_is_refused_and_writes_nothing(client, platform):
    hint = platform.prepare(exp_in=-120)
    response = refused(client, platform, hint, expect="The launch token expired")
    assert "clocks" in response.content.decode()


def test_bad_signature_is_refused_and_writes_nothing(client, platform):
    hint = platform.prepare(forged=True)
    refused(client, platform, hint, expect="signature does not match the platform")


def test_unknown_deployment_is_refused_and_writes_nothing(client, platform):
    hint = platform.prepare(
        claims={"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "nope"}
    )
    refused(client, platform, hint, expect="The deployment id “nope” is not registered")


def test_replayed_token_is_refused_and_writes_nothing(client, platform):
    make_lesson()
    path, fields = begin_launch(client, platform, platform.prepare())
    assert client.post(path, fields).status_code == 200
    other = client.__class__()
    before = written()
    response = other.post(path, fields)
    assert response.status_code == 400
    assert "already used" in response.content.decode()
    assert written() == before


def test_token_from_another_login_is_refused(client, platform):
    hint = platform.prepare()
    _path, first = begin_launch(client, platform, hint)
    _path, second = begin_launch(client, platform, hint)
    # The first login's token with the second login's state: the nonce does not answer it.
    refused(
        client,
        platform,
        platform.prepare(),
        expect="nonce differs",
        fields_change=lambda fields: {"id_token": first["id_token"], "state": second["state"]},
    )


def test_missing_state_is_refused(client, platform):
    refused(
        client,
        platform,
        platform.prepare(),
        expect="without its login state",
        fields_change=lambda fields: {"id_token": fields["id_token"]},
    )


def test_garbage_token_is_refused(client, platform):
    refused(
        client,
        platform,
        platform.prepare(),
        expect="readable id_token",
        fields_change=lambda fields: {**fields, "id_token": "not-a-jwt"},
    )


def test_login_with_unknown_issuer_is_refused(client, db):
    response = client.post("/lti/login/", {"iss": "https://nobody.example", "login_hint": "x"})
    assert response.status_code == 400
    assert "No platform is registered" in response.content.decode()
    assert LoginState.objects.count() == 0


def test_login_without_hint_is_refused(client, db):
    response = client.get("/lti/login/", {"iss": "https://nobody.example"})
    assert response.status_code == 400


def test_launch_is_post_only(client, db):
    assert client.get("/lti/launch/").status_code == 405
