"""axe-core in the page: a helper for browser tests."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core finds no violations on the page as it is now."""
    results = _axe.run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
