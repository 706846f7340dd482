"""Embedding in Chromium: a page on another origin frames the diagram and the builder, and
they work; a page on an origin not listed cannot frame them, nor any other page."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.browser.a11y import assert_accessible

pytestmark = pytest.mark.browser

STACK = "server > os > engine > [2*container > libs > app]"


def host_page(src: str) -> bytes:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title>'
        f'</head><body><h1>Course page</h1><iframe src="{src}" title="virtlearn" width="900" '
        'height="700"></iframe></body></html>'
    ).encode()


@pytest.fixture
def other_site() -> Iterator[Callable[[str], str]]:
    """Serve a page framing a given address, from 127.0.0.2 and from 127.0.0.1 on its own port.

    Returns serve(host) -> the origin; the page at <origin>/?src=<url> frames <url>.
    """
    servers: list[ThreadingHTTPServer] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            from urllib.parse import parse_qs, urlsplit

            src = parse_qs(urlsplit(self.path).query).get("src", [""])[0]
            body = host_page(src.replace('"', "%22"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def serve(host: str) -> str:
        server = ThreadingHTTPServer((host, 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://{host}:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def framing(page: Page, origin: str, url: str) -> Frame:
    page.goto(f"{origin}/?src={quote(url, safe='')}")
    page.wait_for_load_state("load")
    (child,) = page.main_frame.child_frames
    return child


def assert_blocked(child: Frame, live_server_url: str) -> None:
    """Chromium shows its own error document instead of a page whose policy refuses the frame."""
    assert not child.url.startswith(live_server_url)
    assert child.locator("main, svg, .workspace").count() == 0


def test_listed_origin_frames_the_diagram_and_the_builder(
    page: Page, live_server, settings, other_site
) -> None:
    school = other_site("127.0.0.2")
    settings.EMBED_FRAME_ANCESTORS = [school]

    diagram = framing(page, school, f"{live_server.url}/embed/diagram/?s={quote(STACK)}")
    frame = page.frame_locator("iframe")
    expect(frame.locator("svg").first).to_be_visible()
    expect(frame.locator(".stack-figure")).to_contain_text("Container-based")
    assert diagram.url.startswith(live_server.url)
    # "Open in the builder" leaves the frame for a new tab.
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="Open in the virtlearn builder").click()
    builder_tab = opened.value
    builder_tab.wait_for_load_state()
    assert "/build/?s=server" in builder_tab.url and "/embed/" not in builder_tab.url
    builder_tab.close()

    framing(page, school, f"{live_server.url}/embed/build/?s=server&at=0")
    frame = page.frame_locator("iframe")
    frame.get_by_role("button", name="Operating system", exact=True).click()
    expect(frame.locator(".builder-announcement")).to_contain_text("Operating system")
    expect(frame.locator("#builder-notation")).to_have_value("server > os")
    expect(frame.locator(".site-header")).to_have_count(0)


def test_embedded_builder_works_in_a_frame_without_javascript(
    browser: Browser, live_server, settings, other_site
) -> None:
    school = other_site("127.0.0.2")
    settings.EMBED_FRAME_ANCESTORS = [school]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    framing(page, school, f"{live_server.url}/embed/build/?s=server&at=0")
    frame = page.frame_locator("iframe")
    (child,) = page.main_frame.child_frames
    with child.expect_navigation():
        frame.get_by_role("button", name="Operating system", exact=True).click()
    assert child.url.startswith(f"{live_server.url}/embed/build/?s=server+%3E+os")
    expect(child.locator("#builder-notation")).to_have_value("server > os")
    context.close()


def test_origin_not_listed_cannot_frame_anything(
    page: Page, live_server, settings, other_site
) -> None:
    school = other_site("127.0.0.2")
    stranger = other_site("127.0.0.1")  # same host as the app, another port: another origin
    settings.EMBED_FRAME_ANCESTORS = [school]
    for url in (f"/embed/diagram/?s={quote(STACK)}", "/embed/build/?s=server"):
        assert_blocked(framing(page, stranger, f"{live_server.url}{url}"), live_server.url)
    # The listed origin still cannot frame the rest of the app.
    for url in ("/", f"/build/?s={quote(STACK)}", "/accounts/login/"):
        assert_blocked(framing(page, school, f"{live_server.url}{url}"), live_server.url)


def test_nothing_can_frame_the_embeds_by_default(page: Page, live_server, other_site) -> None:
    school = other_site("127.0.0.2")
    assert_blocked(
        framing(page, school, f"{live_server.url}/embed/diagram/?s=server"), live_server.url
    )


def test_embedded_diagram_is_accessible(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/embed/diagram/?s={quote(STACK)}")
    expect(page.locator("svg").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_listed_origin_frames_a_quiz_that_can_be_taken(
    page: Page, live_server, settings, other_site
) -> None:
    from tests.lti.factories import make_quiz

    # Same host, another port: another origin but the same site, so plain-HTTP cookies work
    # (cross-site frames need HTTPS, where the embed's cookies become SameSite=None; Secure).
    school = other_site("127.0.0.1")
    settings.EMBED_FRAME_ANCESTORS = [school]
    lesson = make_quiz().lesson
    host = live_server.url.replace("localhost", "127.0.0.1")
    framing(page, school, f"{host}/embed/courses/{lesson.course.slug}/{lesson.slug}/quiz/")
    frame = page.frame_locator("iframe")
    frame.get_by_role("button", name="Start the quiz").click()
    expect(
        frame.get_by_text("Each virtual machine needs its own guest operating system.")
    ).to_be_visible()
    (child,) = page.main_frame.child_frames
    assert child.url.startswith(f"{host}/embed/courses/")
    expect(frame.locator(".site-header")).to_have_count(0)


def test_builder_page_offers_an_embed_code_to_copy(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/build/?s={quote(STACK)}")
    page.get_by_text("Embed this builder in another site").click()
    code = page.get_by_label("Embed code (paste it into your page or course site)")
    expect(code).to_have_attribute("readonly", "")
    assert code.input_value().startswith(f'<iframe src="{live_server.url}/embed/build/?s=server')
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the code").click()
    expect(page.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
    assert_accessible(page)
