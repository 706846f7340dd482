"""The account pages at /accounts/: sign up, log in and out, password reset and change."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.learners.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-Long-passphrase-7"


def logged_in_username(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


# Sign up


def test_signup_page_labels_every_field_with_autocomplete(client: Client) -> None:
    response = client.get(reverse("learners:signup"))
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{field}"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2


def test_signup_creates_the_account_and_logs_in(client: Client) -> None:
    response = client.post(
        reverse("learners:signup"),
        {"username": "ada", "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("lessons:home")
    assert logged_in_username(client) == "ada"
    assert User.objects.get(username="ada").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password2": "something-else-entirely"}, "password2", "two password fields"),
        ({"password1": "password", "password2": "password"}, "password2", "too common"),
        ({"username": "Taken"}, "username", "already exists"),
        ({"username": "no spaces allowed"}, "username", "valid username"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_signup_bad_input_shows_the_error_beside_its_field(
    client: Client, data: dict, field: str, message: str
) -> None:
    make_user(username="taken")
    form = {"username": "ada", "password1": PASSWORD, "password2": PASSWORD} | data

    response = client.post(reverse("learners:signup"), form)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
        rf'aria-invalid="true"[^>]*id="id_{field}"', html
    )
    assert f'id="id_{field}_error"' in html
    assert f"id_{field}_error" in re.search(rf'<input[^>]*id="id_{field}"[^>]*>', html)[0]
    assert not User.objects.filter(username="ada").exists()
    assert logged_in_username(client) is None


def test_signup_follows_a_safe_next_and_ignores_another_host(client: Client) -> None:
    form = {"username": "ada", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("learners:signup") + "?next=/courses/x/", form)
    assert response["Location"] == "/courses/x/"

    other = Client()
    form["username"] = "bob"
    response = other.post(reverse("learners:signup") + "?next=https://evil.example/", form)
    assert response["Location"] == reverse("lessons:home")


def test_signup_when_logged_in_goes_home(client: Client) -> None:
    client.force_login(make_user())
    assert client.get(reverse("learners:signup"))["Location"] == reverse("lessons:home")


def test_signup_refuses_other_methods(client: Client) -> None:
    assert client.put(reverse("learners:signup")).status_code == 405


# Log in and out


def test_login_page_has_labelled_fields_and_links(client: Client) -> None:
    html = client.get(reverse("learners:login")).content.decode()
    assert '<label for="id_username"' in html and '<label for="id_password"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("learners:password_reset") in html
    assert reverse("learners:signup") in html


def test_login_with_right_password_follows_safe_next(client: Client) -> None:
    user = make_user()
    response = client.post(
        reverse("learners:login"),
        {"username": user.username, "password": PASSWORD, "next": "/courses/x/"},
    )
    assert response["Location"] == "/courses/x/"
    assert logged_in_username(client) == user.username


def test_login_ignores_a_next_on_another_host(client: Client) -> None:
    user = make_user()
    response = client.post(
        reverse("learners:login"),
        {"username": user.username, "password": PASSWORD, "next": "//evil.example/"},
    )
    assert response["Location"] == reverse("lessons:home")


def test_login_when_already_logged_in_goes_home(client: Client) -> None:
    client.force_login(make_user())
    assert client.get(reverse("learners:login"))["Location"] == reverse("lessons:home")


def test_login_with_wrong_password_says_so_without_logging_in(client: Client) -> None:
    user = make_user()
    response = client.post(
        reverse("learners:login"), {"username": user.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "correct username and password" in response.content.decode()
    assert logged_in_username(client) is None


def test_login_with_empty_form_is_a_form_error_not_a_crash(client: Client) -> None:
    response = client.post(reverse("learners:login"), {})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_logout_needs_a_post(client: Client) -> None:
    client.force_login(make_user())
    assert client.get(reverse("learners:logout")).status_code == 405
    assert logged_in_username(client) is not None

    response = client.post(reverse("learners:logout"))
    assert response.status_code == 302
    assert logged_in_username(client) is None


def test_logout_needs_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    assert client.post(reverse("learners:logout")).status_code == 403
    assert logged_in_username(client) is not None


# Password reset and change


def test_password_reset_mails_a_link_that_sets_a_new_password(client: Client) -> None:
    user = make_user(email="ada@example.com")
    assert client.get(reverse("learners:password_reset")).status_code == 200

    response = client.post(reverse("learners:password_reset"), {"email": "ada@example.com"})
    assert response["Location"] == reverse("learners:password_reset_done")
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    link = re.search(r"http://testserver(/accounts/\S+)", mail.outbox[0].body)[1]

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'autocomplete="new-password"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("learners:password_reset_complete")
    assert client.get(response["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_looks_the_same_but_sends_nothing(
    client: Client,
) -> None:
    response = client.post(reverse("learners:password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("learners:password_reset_done")
    assert mail.outbox == []


def test_password_reset_with_a_bad_address_shows_the_error(client: Client) -> None:
    response = client.post(reverse("learners:password_reset"), {"email": "nope"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_password_reset_with_a_bad_token_explains_it(client: Client) -> None:
    user = make_user()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(reverse("learners:password_reset_confirm", args=[uid, "bad-token"]))
    assert response.status_code == 200
    assert "does not work" in response.content.decode()
    assert reverse("learners:password_reset") in response.content.decode()


def test_password_change_needs_login_then_works(client: Client) -> None:
    response = client.get(reverse("learners:password_change"))
    assert response["Location"].startswith(reverse("learners:login") + "?next=")

    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("learners:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()

    response = client.post(
        reverse("learners:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("learners:password_change_done")
    assert client.get(response["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_username(client) == user.username
