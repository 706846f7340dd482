"""An LTI launch inside the LMS's iframe, in Chromium: the test platform's course page frames
the tool's login, the browser follows the OIDC redirects and the auto-posted id_token, and the
launched page shows inside the frame (which only that LMS may frame)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from lti.models import LtiUser, ToolKey
from tests.lti.factories import make_quiz
from tests.lti.platform import TestPlatform, lti_platform  # noqa: F401

pytestmark = pytest.mark.browser


def test_learner_launch_opens_inside_the_lms_frame(
    page: Page,
    live_server,
    lti_platform: TestPlatform,  # noqa: F811
) -> None:
    lti_platform.register()
    lti_platform.tool_jwks = {"keys": [ToolKey.objects.current().public_jwk]}
    lesson = make_quiz().lesson
    hint = lti_platform.prepare(
        sub="framed-learner",
        custom={"course": lesson.course.slug, "lesson": lesson.slug, "activity": "quiz"},
    )
    login = f"{live_server.url}/lti/login/?" + urlencode(
        {"iss": lti_platform.issuer, "login_hint": hint, "client_id": lti_platform.client_id}
    )
    page.goto(f"{lti_platform.issuer}/course?" + urlencode({"src": login}))
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_contain_text(lesson.title)
    expect(frame.get_by_role("link", name="open it in a new tab")).to_be_visible()
    assert LtiUser.objects.filter(sub="framed-learner").exists()
    (child,) = page.main_frame.child_frames
    assert child.url == f"{live_server.url}/lti/launch/"
