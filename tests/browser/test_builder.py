"""The stack builder in Chromium: by mouse, without JavaScript, by keyboard, with history."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.a11y import assert_accessible

pytestmark = pytest.mark.browser

CONTAINER_STACK = "server > os > engine > container > libs > app"
STEPS = [
    "Physical server",
    "Operating system",
    "Container engine",
    "Container",
    "Bins/libs",
    "Application",
]


def state(page: Page) -> str:
    return parse_qs(urlsplit(page.url).query).get("s", [""])[0]


def add(page: Page, name: str) -> None:
    """Click a kind in the palette and wait until the builder says it was added."""
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("#builder-announcement")).to_contain_text(
        re.compile(rf"(Added|Started with) {re.escape(name)}")
    )


def layer_link(page: Page, name: str):
    """A layer of the drawn diagram (an SVG link), by the kind's name."""
    return page.locator("svg.stack-diagram").get_by_role(
        "link", name=re.compile(rf"^Select {re.escape(name)} \(layer \d+ of \d+\)")
    )


def test_build_the_container_model_by_clicking(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/")
    for name in STEPS:
        add(page, name)
    expect(page.locator(".model")).to_contain_text("Container-based")
    expect(page.locator("#builder-announcement")).to_contain_text("Model: Container-based.")
    assert state(page) == CONTAINER_STACK
    expect(page.locator("#builder-notation")).to_have_value(CONTAINER_STACK)
    # A second container: click the engine in the drawing, then build on it.
    layer_link(page, "Container engine").click()
    expect(page.locator("#builder-announcement")).to_contain_text("Selected Container engine")
    expect(layer_link(page, "Container engine")).to_have_attribute("aria-current", "true")
    assert parse_qs(urlsplit(page.url).query)["at"] == ["0.0.0"]
    for name in STEPS[3:]:
        add(page, name)
    assert state(page) == "server > os > engine > [2*container > libs > app]"
    expect(layer_link(page, "Container")).to_have_count(2)
    # Back to the first application, through the drawing alone.
    layer_link(page, "Application").first.click()
    expect(page.locator("#builder-announcement")).to_contain_text("Selected Application")
    expect(page.locator(".stack-diagram .is-selected")).to_have_attribute(
        "data-layer", "0.0.0.0.0.0"
    )
    page.go_back()
    expect(layer_link(page, "Application").last).to_have_attribute("aria-current", "true")


def test_build_the_container_model_without_javascript(browser: Browser, live_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/build/")
    for name in STEPS:
        with page.expect_navigation():
            page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".model")).to_contain_text("Container-based")
    assert state(page) == CONTAINER_STACK
    assert "op=" not in page.url
    page.reload()
    assert state(page) == CONTAINER_STACK  # a reload never applies a step twice
    context.close()


def focused_text(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.textContent.trim() : ''")


def tab_to(page: Page, text: str, limit: int = 80) -> None:
    for _ in range(limit):
        if focused_text(page) == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {text!r}; focus is on {focused_text(page)!r}")


def test_build_the_container_model_by_keyboard(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/")
    for index, name in enumerate(STEPS):
        tab_to(page, name)
        page.keyboard.press("Enter" if index % 2 else "Space")
        expect(page.locator("#builder-announcement")).to_contain_text(name)
    expect(page.locator(".model")).to_contain_text("Container-based")
    assert state(page) == CONTAINER_STACK
    # Back from the palette into the drawing: its layers are links, Enter selects one.
    for _ in range(40):
        if focused_label(page).startswith("Select Operating system"):
            break
        page.keyboard.press("Shift+Tab")
    else:
        raise AssertionError(
            f"Shift+Tab never reached the OS layer; focus is on {focused_label(page)!r}"
        )
    page.keyboard.press("Enter")
    expect(page.locator("#builder-announcement")).to_contain_text("Selected Operating system")
    expect(page.locator(".palette .kind-button").first).to_be_focused()


def focused_label(page: Page) -> str:
    return page.evaluate("document.activeElement?.getAttribute('aria-label') || ''")


def test_focus_lands_on_the_next_control_after_a_step(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/")
    add(page, "Physical server")
    expect(page.get_by_role("button", name="Operating system", exact=True)).to_be_focused()


def test_the_back_button_returns_the_previous_stack(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/")
    add(page, "Physical server")
    add(page, "Operating system")
    add(page, "Application")
    assert state(page) == "server > os > app"
    page.go_back()
    expect(page).to_have_url(re.compile(r"s=server\+%3E\+os&"))
    expect(page.locator("#builder-notation")).to_have_value("server > os")
    expect(page.locator(".stack-diagram .layer-app")).to_have_count(0)
    page.go_back()
    expect(page.locator("#builder-notation")).to_have_value("server")
    page.go_forward()
    expect(page.locator("#builder-notation")).to_have_value("server > os")


def test_a_step_error_shows_in_the_workspace_with_htmx(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/?s={quote('server > [os, os]')}&at=0")
    page.get_by_role("button", name="Remove Physical server").click()
    alert = page.locator(".builder-error")
    expect(alert).to_contain_text("several layers")
    expect(alert).to_be_focused()
    assert state(page) == "server > [2*os]"


def test_a_notation_typo_is_shown_next_to_the_field(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/?s={quote('server > os')}")
    field = page.locator("#builder-notation")
    field.fill("server > os > kernel")
    field.press("Enter")
    expect(page.locator(".notation-error")).to_contain_text("Column 15")
    expect(page.locator("#builder-notation")).to_have_value("server > os > kernel")
    expect(page.locator("#builder-notation")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".stack-diagram .layer-os")).to_have_count(1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?s=" + quote("server > hypervisor > [2*vm > os > engine > [2*container > libs > app]]"),
        "?s=" + quote("server > app > os"),
        "?s=" + quote("server >> os") + "&last=server",
    ],
    ids=["empty", "valid", "rule-errors", "syntax-error"],
)
def test_the_builder_is_accessible(page: Page, live_server, query: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/build/{query}")
    assert_accessible(page)


def test_the_page_fits_a_phone(page: Page, live_server) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    stack = "server > hypervisor > [3*vm > os > engine > [2*container > libs > app]]"
    page.goto(f"{live_server.url}/build/?s={quote(stack)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    scroller = page.locator(".diagram-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")  # the diagram scrolls itself


def test_presets_and_assumptions_update_in_place(page: Page, live_server) -> None:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(f"{live_server.url}/build/")
    page.get_by_role("link", name="Containers", exact=True).click()
    expect(page.locator(".model")).to_contain_text("Container-based")
    assert state(page) == "server > os > engine > [3*container > libs > app]"
    fit = page.locator(".metrics-table tr", has_text="fit on the server").locator("td")
    before = fit.inner_text()
    page.get_by_label("Memory an application takes").fill("4096")
    page.get_by_role("button", name="Recalculate").click()
    expect(fit).not_to_have_text(before)
    assert "app_memory_mb=4096" in page.url
    layer_link(page, "Application").first.click()
    expect(page.locator("#builder-announcement")).to_contain_text("Selected Application")
    assert "app_memory_mb=4096" in page.url  # the changed figure travels with every step
    assert problems == []


def test_a_misplaced_layer_is_flagged_and_linked(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/?s=server")
    page.get_by_text("Other layers").click()
    page.get_by_role("button", name="Application", exact=True).click()
    expect(page.locator(".model")).to_contain_text("Invalid")
    problem = page.locator(".findings.errors a").first
    expect(problem).to_have_text("Application")
    expect(page.locator(".stack-diagram .layer-app")).to_have_class(re.compile("has-error"))
