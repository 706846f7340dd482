"""Lessons in Chromium: reading a course in order, without JavaScript, safely, accessibly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lessons.models import Course, Lesson, Status
from tests.browser.a11y import assert_accessible
from tests.lessons.test_rendering import XSS_PAYLOADS

pytestmark = pytest.mark.browser

BODY = """## What it is {{#what}}

Lesson {n} explains a layer. A **kernel** runs on the server.

```stack
server "Rack" > os "Ubuntu" > engine > [2*container > libs > app]
caption: Two containers on one kernel.
```

| kind | rests on |
| --- | --- |
| os | server |

## Why it matters {{#why}}

{filler}
"""


FIGURE_WITH_EVIL_CAPTION = "```stack\nserver > os > app\ncaption: <script>alert(1)</script><img src=x onerror=alert(1)>\n```"


def make_course(lessons: int = 3) -> Course:
    course = Course.objects.create(
        slug="virt", title="Virtualization", summary="From bare metal to containers.",
        status=Status.PUBLISHED,
    )  # fmt: skip
    filler = "\n\n".join(["A paragraph of text to scroll past."] * 30)
    for n in range(1, lessons + 1):
        Lesson.objects.create(
            course=course, slug=f"lesson-{n}", title=f"Lesson {n}", order=n,
            status=Status.PUBLISHED, summary=f"Summary {n}.",
            objectives=[f"Objective {n}"], body=BODY.format(n=n, filler=filler),
        )  # fmt: skip
    return course


def progress_value(page: Page, base: str) -> str:
    page.goto(f"{base}/courses/virt/")
    return page.locator("#course-progress").get_attribute("value") or ""


def test_a_learner_reads_the_course_in_order_and_progress_rises(page: Page, live_server) -> None:
    make_course(3)
    base = live_server.url
    assert progress_value(page, base) == "0"
    page.get_by_role("link", name="Start the course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    page.get_by_role("button", name="Mark as read and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")
    assert progress_value(page, base) == "1"

    # Scrolling to the end of a lesson marks it read (htmx, intersect once).
    page.goto(f"{base}/courses/virt/lesson-2/")
    with page.expect_response(lambda r: r.url.endswith("/read/") and r.status == 200):
        page.locator("#read-status").scroll_into_view_if_needed()
    expect(page.locator("#read-status")).to_contain_text("You have read this lesson.")
    assert progress_value(page, base) == "2"
    expect(page.get_by_text("2 of 3 lessons read")).to_be_visible()

    page.goto(f"{base}/")
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 3")


def test_reading_without_javascript(browser: Browser, live_server) -> None:
    make_course(2)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/courses/virt/lesson-1/")
    page.get_by_role("button", name="Mark as read and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")
    page.get_by_role("button", name="Mark as read and finish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Virtualization")
    expect(page.get_by_text("2 of 2 lessons read")).to_be_visible()
    context.close()


def test_a_lesson_full_of_xss_payloads_runs_no_script(page: Page, live_server) -> None:
    course = make_course(1)
    Lesson.objects.create(
        course=course, slug="evil", title="Evil", order=9, status=Status.PUBLISHED,
        body="\n\n".join(["Intro", FIGURE_WITH_EVIL_CAPTION, *XSS_PAYLOADS]),
    )  # fmt: skip
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/courses/virt/evil/")
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    page.locator("#read-status").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert not [text for text in console if "Content Security Policy" in text or "alert" in text]
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    expect(page.locator("figcaption")).to_contain_text("<script>alert(1)</script>")


def test_an_instructor_edits_previews_and_publishes_then_a_learner_sees_it(
    browser: Browser, live_server
) -> None:
    from django.contrib.auth.models import Group, Permission, User

    course = make_course(1)
    draft = Lesson.objects.create(
        course=course, slug="draft", title="Coming soon", order=2, status=Status.DRAFT,
        body="Old text.\n",
    )  # fmt: skip
    group, _ = Group.objects.get_or_create(name="Instructors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="lessons"))
    user = User.objects.create_user("ines", password="a-Long-passphrase-42", is_staff=True)
    user.groups.add(group)

    learner = browser.new_page()
    assert learner.goto(f"{live_server.url}/courses/virt/draft/").status == 404

    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/lessons/lesson/{draft.pk}/change/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("a-Long-passphrase-42")
    page.get_by_role("button", name="Log in").click()
    body = page.locator("#id_body")
    expect(body).to_be_visible()
    body.fill(
        "## Fresh {#fresh}\n\nNew *text*.\n\n```stack\nserver > hypervisor > [2*vm > os > app]\n```\n"
    )
    preview = page.locator("#lesson-preview")
    expect(preview.locator("h2#fresh")).to_have_text("Fresh")
    expect(preview.locator("figure.stack-figure")).to_be_visible()
    body.press("End")
    body.type("\n```stack\nserver > kernel\n```\n")
    expect(preview).to_contain_text("column 10: expected")
    body.fill("## Fresh {#fresh}\n\nNew *text*.\n")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    assert learner.goto(f"{live_server.url}/courses/virt/draft/").status == 200
    expect(learner.locator(".lesson-body em")).to_have_text("text")
    expect(learner.locator(".badge-draft")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_course_and_lesson_pages_are_accessible(page: Page, live_server, scheme: str) -> None:
    make_course(2)
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/", "/courses/virt/", "/courses/virt/lesson-1/"]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_lesson_is_usable_by_keyboard(page: Page, live_server) -> None:
    make_course(2)
    page.goto(f"{live_server.url}/courses/virt/lesson-1/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.get_by_role("button", name="Mark as read and continue").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")
