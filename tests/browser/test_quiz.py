"""A learner takes a quiz in Chromium: with htmx, without JavaScript, by keyboard; axe-core
checks the question, feedback, results and instructor pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from quizzes.spec import ChoiceSpec
from tests.browser.a11y import assert_accessible
from tests.quizzes.factories import build, classify, make_quiz, make_user, order, single

pytestmark = pytest.mark.browser

ORDER = [
    "Physical server “Rack”",
    "Operating system “Ubuntu”",
    "Bins/libs “PHP”",
    "Application “Shop”",
]
BUILD_STEPS = ["Operating system", "Container engine", "Container", "Bins/libs", "Application"]


def build_question():
    return build(
        constraints={"valid": True, "model": "container-based", "apps": 1},
        solution="server > os > engine > container > libs > app",
    )


def make_browser_quiz():
    questions = (
        single(
            choices=(
                ChoiceSpec("The hardware sits idle", True, "Yes: idle."),
                ChoiceSpec("The OS cannot run apps", False, "It can."),
            )
        ),
        order(),
        build_question(),
        classify(),
    )
    return make_quiz(questions=questions)


def make_results_viewer():
    # Browser tests flush the database, and with it the Instructors group a migration made.
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_results"))
    return user


def quiz_page(live_server, quiz) -> str:
    return f"{live_server.url}{quiz.get_absolute_url()}"


def expect_feedback(page: Page) -> None:
    feedback = page.locator("#quiz-feedback")
    expect(feedback).to_contain_text("Right.")
    expect(feedback).to_be_focused()


def test_practice_quiz_start_to_finish_with_htmx(page: Page, live_server) -> None:
    quiz = make_browser_quiz()
    page.goto(quiz_page(live_server, quiz))
    assert_accessible(page)
    page.get_by_role("button", name="Start the quiz").click()

    expect(page.get_by_role("heading", name="Question 1 of 4")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The hardware sits idle").check()
    page.get_by_role("button", name="Check my answer").click()
    expect_feedback(page)
    assert_accessible(page)
    page.get_by_role("link", name="Next question").click()

    # Ordering by keyboard alone: Tab to each layer's position and type it.
    expect(page.get_by_role("heading", name="Question 2 of 4")).to_be_visible()
    page.locator("#quiz-place-1").focus()
    wanted = {name: str(n) for n, name in enumerate(ORDER, start=1)}
    for index in range(1, 6):
        label = page.locator(f"label[for=quiz-place-{index}]").inner_text()
        if label in wanted:
            page.keyboard.type(wanted[label])
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check my answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect_feedback(page)
    page.get_by_role("link", name="Next question").click()

    # Building in the embedded builder.
    expect(page.get_by_role("heading", name="Question 3 of 4")).to_be_visible()
    assert_accessible(page)
    for name in BUILD_STEPS:
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.locator("#quiz-build-announcement")).to_contain_text(f"Added {name}")
    expect(page.locator("#quiz-build-answer")).to_have_value(
        "server > os > engine > container > libs > app"
    )
    page.get_by_role("button", name="Check my stack").click()
    expect_feedback(page)
    page.get_by_role("link", name="Next question").click()

    expect(page.get_by_role("heading", name="Question 4 of 4")).to_be_visible()
    expect(page.locator(".quiz-figure svg")).to_be_visible()
    page.get_by_label("Hypervisor-based, type 1 (bare-metal)").check()
    page.get_by_role("button", name="Check my answer").click()
    expect_feedback(page)
    page.get_by_role("link", name="See your results").click()

    expect(page.locator(".quiz-score")).to_contain_text("Score: 100 %")
    assert_accessible(page)


def test_the_same_quiz_without_javascript(browser: Browser, live_server) -> None:
    quiz = make_browser_quiz()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(quiz_page(live_server, quiz))
    page.get_by_role("button", name="Start the quiz").click()

    page.get_by_label("The OS cannot run apps").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#quiz-feedback")).to_contain_text("Not right.")
    expect(page.locator("#quiz-feedback")).to_contain_text("It can.")
    page.get_by_role("link", name="Next question").click()

    for n, name in enumerate(ORDER, start=1):
        page.get_by_label(name).select_option(str(n))
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#quiz-feedback")).to_contain_text("Right.")
    page.reload()  # a reload shows the feedback again and answers nothing twice
    expect(page.locator("#quiz-feedback")).to_contain_text("Right.")
    page.get_by_role("link", name="Next question").click()

    for name in BUILD_STEPS:
        with page.expect_navigation():
            page.get_by_role("button", name=name, exact=True).click()
    page.get_by_role("button", name="Check my stack").click()
    expect(page.locator("#quiz-feedback")).to_contain_text("Right.")
    page.get_by_role("link", name="Next question").click()

    page.get_by_label("Container-based").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#quiz-feedback")).to_contain_text("Not right.")
    page.get_by_role("link", name="See your results").click()
    expect(page.locator(".quiz-score")).to_contain_text("Score: 50 %")
    context.close()


def test_a_double_submit_is_answered_once(page: Page, live_server) -> None:
    quiz = make_quiz(questions=(single(), order()))
    page.goto(quiz_page(live_server, quiz))
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label("The hardware sits idle").check()
    page.get_by_role("button", name="Check my answer").dblclick()
    expect_feedback(page)
    assert quiz.attempts.get().responses.count() == 1


def test_instructor_results_page_is_accessible(browser: Browser, live_server) -> None:
    quiz = make_browser_quiz()
    client = Client()
    client.force_login(make_results_viewer())
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    learner = context.browser.new_context().new_page()
    learner.goto(quiz_page(live_server, quiz))
    learner.get_by_role("button", name="Start the quiz").click()
    learner.get_by_label("The hardware sits idle").check()
    learner.get_by_role("button", name="Check my answer").click()
    expect(learner.locator("#quiz-feedback")).to_be_visible()
    page.goto(f"{live_server.url}{quiz.get_absolute_url()}results/")
    expect(page.get_by_role("heading", name=re.compile("^Results:"))).to_be_visible()
    expect(page.locator("svg.histogram")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    context.close()


def test_question_pages_fit_a_phone_in_dark_mode(browser: Browser, live_server) -> None:
    quiz = make_quiz(questions=(order(), build_question()))
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="dark")
    page = context.new_page()
    page.goto(quiz_page(live_server, quiz))
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name="Question 1 of 2")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    context.close()
