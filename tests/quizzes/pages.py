"""Reading quiz pages in tests: the options a question offers, as the learner sees them."""

from __future__ import annotations

import html
import re

OPTION = re.compile(
    r'<input type="(?:radio|checkbox)" name="(?P<name>choice|model)" id="(?P<id>[^"]+)" '
    r'value="(?P<value>[^"]+)"[^>]*>\s*<label for="(?P=id)">(?P<text>[^<]*)</label>'
)
PLACE = re.compile(
    r'<label for="(?P<id>quiz-place-\d+)">(?P<text>[^<]*)</label>\s*'
    r'<select name="(?P<name>place-[^"]+)" id="(?P=id)">'
)
SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')


def choices(page: str) -> dict[str, str]:
    """Option text → the value to post for it."""
    return {html.unescape(m["text"]).strip(): m["value"] for m in OPTION.finditer(page)}


def places(page: str) -> dict[str, str]:
    """Order question: layer text → the name of its position select."""
    return {html.unescape(m["text"]).strip(): m["name"] for m in PLACE.finditer(page)}


def sequence(page: str) -> str:
    found = SEQUENCE.search(page)
    assert found, "the page has no answer form"
    return found[1]
