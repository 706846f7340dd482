from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from learners.identity import SESSION_KEY, get_learner
from learners.models import Learner
from tests.learners.factories import make_learner, make_user

pytestmark = pytest.mark.django_db


def make_request(user: User | None = None, session: SessionStore | None = None) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session if session is not None else SessionStore()
    return request


def test_anonymous_reader_gets_no_learner_no_row_no_session() -> None:
    request = make_request()
    assert get_learner(request) is None
    assert Learner.objects.count() == 0
    assert request.session.session_key is None
    assert not request.session.modified


def test_anonymous_create_makes_one_learner_and_saves_the_session() -> None:
    request = make_request()
    learner = get_learner(request, create=True)
    assert learner is not None and learner.user is None
    assert request.session.session_key is not None
    assert SessionStore(request.session.session_key)[SESSION_KEY] == learner.pk
    assert get_learner(request, create=True) == learner
    assert Learner.objects.count() == 1


def test_anonymous_learner_is_found_again_from_the_session() -> None:
    first = make_request()
    learner = get_learner(first, create=True)
    again = make_request(session=SessionStore(first.session.session_key))
    assert get_learner(again) == learner


def test_session_cannot_point_at_an_account_learner() -> None:
    account_learner = make_learner(make_user())
    session = SessionStore()
    session[SESSION_KEY] = account_learner.pk
    assert get_learner(make_request(session=session)) is None


def test_a_deleted_anonymous_learner_is_replaced_on_create() -> None:
    session = SessionStore()
    session[SESSION_KEY] = 987654
    request = make_request(session=session)
    assert get_learner(request) is None
    learner = get_learner(request, create=True)
    assert learner is not None and request.session[SESSION_KEY] == learner.pk


def test_logged_in_user_gets_their_learner_created_on_demand() -> None:
    user = make_user()
    assert get_learner(make_request(user)) is None
    assert Learner.objects.count() == 0

    learner = get_learner(make_request(user), create=True)
    assert learner.user == user
    assert get_learner(make_request(user)) == learner
    assert get_learner(make_request(user), create=True) == learner
    assert Learner.objects.count() == 1


def test_logged_in_user_never_touches_the_session() -> None:
    request = make_request(make_user())
    get_learner(request, create=True)
    assert SESSION_KEY not in request.session


def test_the_learner_is_cached_on_the_request(django_assert_num_queries) -> None:
    user = make_user()
    make_learner(user)
    request = make_request(user)
    with django_assert_num_queries(1):
        assert get_learner(request) is get_learner(request)
        assert get_learner(request, create=True).user == user


def test_a_miss_is_cached_but_create_still_creates(django_assert_num_queries) -> None:
    request = make_request(make_user())
    with django_assert_num_queries(1):
        assert get_learner(request) is None
        assert get_learner(request) is None
    assert get_learner(request, create=True) is not None
