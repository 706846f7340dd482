"""Browser tests: a live server, the system Chromium, and axe-core."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def axe() -> Axe:
    return Axe()


def assert_accessible(page: Page, axe: Axe) -> None:
    """axe-core finds no violations on the page as it is now."""
    results = axe.run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
