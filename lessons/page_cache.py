"""Rendered pages kept in the cache, keyed by everything that decides what they show.

The view reads the versions (`updated_at`) of what the page shows from the database on every
request and puts them in the key, so an edit shows at once in every app-server process with
nothing to invalidate. What differs per response (the CSRF token, the CSP nonce, the username
in the header) is rendered as a random marker and put in when the page is served.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

TIMEOUT = 60 * 60  # seconds; a key never goes stale, this only frees what is no longer asked


@dataclass(frozen=True)
class Markers:
    csrf_token: str
    csp_nonce: str
    username: str

    @classmethod
    def new(cls) -> Markers:
        return cls(*(f"marker-{secrets.token_hex(16)}" for _ in range(3)))


@dataclass(frozen=True)
class HeaderUser:
    """What the site header shows of the user, with the name left as a marker."""

    is_authenticated: bool
    is_staff: bool
    username: str

    def get_username(self) -> str:
        return self.username


def render_cached(
    request: HttpRequest,
    template_name: str,
    key: Hashable,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """`render(request, template_name, context())`, from the cache when `key` was seen before.

    `key` must hold everything the context depends on; the viewer's header (logged in, staff),
    the language and the framing are added here. `context` is only called on a miss.
    """
    if get_messages(request):  # shown once, so never cached
        return render(request, template_name, context())
    user = request.user
    viewer = (user.is_authenticated, user.is_staff)
    embedded = bool(getattr(request, "embedded", False))
    nonce = get_nonce(request)
    parts = repr((template_name, key, viewer, embedded, nonce is None, get_language()))
    cache_key = "page:" + hashlib.sha256(parts.encode()).hexdigest()
    cached = cache.get(cache_key)
    if cached is None:
        markers = Markers.new()
        header_user = HeaderUser(*viewer, username=markers.username)
        extra = {"csrf_token": markers.csrf_token}
        if nonce is not None:
            extra["csp_nonce"] = markers.csp_nonce
        html = render_to_string(template_name, context() | extra | {"user": header_user}, request)
        cached = (html, markers)
        cache.set(cache_key, cached, TIMEOUT)
    html, markers = cached
    if markers.csrf_token in html:
        html = html.replace(markers.csrf_token, get_token(request))
    if markers.csp_nonce in html:
        html = html.replace(markers.csp_nonce, str(nonce))
    if markers.username in html:
        html = html.replace(markers.username, escape(user.get_username()))
    return HttpResponse(html)
