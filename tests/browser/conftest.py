"""Browser tests run against pytest-django's live_server in the system Chromium."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _browser_db(transactional_db: None) -> None:
    """live_server needs data committed where the server thread can see it."""
