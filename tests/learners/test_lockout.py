"""Repeated failed log-ins lock the username out from that address for a while (django-axes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.learners.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("learners:login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_out_even_for_the_right_password(client: Client) -> None:
    user = make_user()
    for _ in range(4):
        assert attempt(client, user.username, "wrong").status_code == 200

    locked = attempt(client, user.username, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed log-ins" in html
    assert "try again in 15 minutes" in html
    assert reverse("learners:password_reset") in html

    right = attempt(client, user.username, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username(client: Client) -> None:
    victim, other = make_user(), make_user()
    for _ in range(5):
        attempt(client, victim.username, "wrong")
    assert attempt(client, other.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client: Client) -> None:
    user = make_user()
    for _ in range(4):
        attempt(client, user.username, "wrong")
    assert attempt(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("learners:logout"))
    for _ in range(4):
        assert attempt(client, user.username, "wrong").status_code == 200
