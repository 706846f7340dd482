"""Accounts in Chromium: sign up, log out, log in; accessible, keyboard-only, phone-sized."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.a11y import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "a-Long-passphrase-42"


def sign_up(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()


def test_sign_up_log_out_and_log_in_again(page: Page, live_server) -> None:
    sign_up(page, live_server.url, "ada")
    log_out = page.get_by_role("button", name="Log out ada")
    expect(log_out).to_be_visible()

    log_out.click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out ada")).to_have_count(0)

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out ada")).to_be_visible()


def test_log_in_by_keyboard_alone_without_javascript(browser: Browser, live_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, live_server.url, "bob")
    page.get_by_role("button", name="Log out bob").click()

    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.type("bob")  # the username field has the focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out bob")).to_be_visible()
    context.close()


def test_a_failed_sign_up_points_at_the_field(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password confirmation").fill("something else")
    page.get_by_role("button", name="Sign up").click()

    confirmation = page.get_by_label("Password confirmation")
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(confirmation).to_have_accessible_description(re.compile("two password fields"))
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["login/", "signup/", "password/reset/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_account_pages_are_accessible_and_fit_a_phone(
    browser: Browser, live_server, path: str, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/{path}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_lockout_page_is_accessible(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("mallory")
        page.get_by_label("Password").fill("guess")
        page.get_by_role("button", name="Log in").click()
        if page.get_by_role("heading", name="Too many failed log-ins").count():
            break
    expect(page.get_by_role("heading", name="Too many failed log-ins")).to_be_visible()
    assert_accessible(page)
