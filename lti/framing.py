"""Who may put virtlearn in a frame: nobody, except

- the embed views (the read-only diagram, the builder, a lesson's quiz), for the origins the
  operator lists in EMBED_FRAME_ANCESTORS;
- the pages of a session launched from an LMS, for that LMS.

Everything else keeps the global X-Frame-Options DENY and frame-ancestors 'none'.

The builder and the quiz are embedded as themselves: `/embed/build/` is `/build/` served with
the script prefix `/embed/`, so every address they make (links, forms, htmx, redirects) stays
inside the embed, and `request.embedded` tells the base template to leave the chrome out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

# The session key listing the LMS origins a launched session may be framed by.
FRAME_ORIGIN_KEY = "lti_frame_origin"
EMBED = "/embed"
# Under /embed/, these are views of their own (lti.embed_urls); the rest is the site itself.
OWN_EMBED_VIEWS = ("/embed/diagram/", "/embed/code/")
# The pages of the site that may be framed when asked for under /embed/.
EMBEDDABLE = re.compile(r"^/(build/|courses/[-\w]+/[-\w]+/quiz/)")

View = Callable[..., HttpResponse]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def embed_origins() -> list[str]:
    listed = getattr(settings, "EMBED_FRAME_ANCESTORS", [])
    text = listed if isinstance(listed, str) else " ".join(listed)
    return [origin.rstrip("/") for origin in text.replace(",", " ").split()]


def policy(
    *, frame_ancestors: list[str] | None = None, form_action: list[str] | None = None
) -> dict[str, Any]:
    """The site's CSP with other frame ancestors and/or form targets."""
    config: dict[str, Any] = dict(settings.SECURE_CSP)
    if frame_ancestors is not None:
        config["frame-ancestors"] = frame_ancestors or [CSP.NONE]
    if form_action is not None:
        config["form-action"] = [CSP.SELF, *form_action]
    return config


def with_policy(request: HttpRequest, response: HttpResponse, config: dict) -> HttpResponse:
    """Give one response its own CSP, through Django's per-view override (applied per request:
    the decorator form would freeze the settings at import)."""
    return csp_override(config)(lambda _request: response)(request)


def embeddable(view: View) -> View:
    """The view may be framed by the origins in EMBED_FRAME_ANCESTORS (none: 'none')."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        return with_policy(request, response, policy(frame_ancestors=embed_origins()))

    # X-Frame-Options cannot list origins; CSP frame-ancestors decides in every current browser.
    return xframe_options_exempt(wrapped)


class FramingMiddleware:
    """Serves the site's embeddable pages under /embed/, and lets the LMS frame a launched
    session (whose session and CSRF cookies then become SameSite=None; Secure, so the LMS
    iframe keeps them).

    Sits right after the CSP middleware: before the session, CSRF, URL resolution and
    X-Frame-Options, so it sees the path first and the cookies and headers last.
    """

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(f"{EMBED}/") or path.startswith(OWN_EMBED_VIEWS):
            return self.framed(request, self.get_response(request), embedded=False)
        # STATIC_URL and MEDIA_URL take the script prefix when first read: read them first.
        settings.STATIC_URL, settings.MEDIA_URL  # noqa: B018
        prefix = get_script_prefix()
        request.path_info = path[len(EMBED) :]
        request.embedded = True  # type: ignore[attr-defined]
        set_script_prefix(f"{prefix}{EMBED[1:]}/")
        try:
            response = self.get_response(request)
        finally:
            set_script_prefix(prefix)
        return self.framed(request, response, embedded=bool(EMBEDDABLE.match(request.path_info)))

    def framed(
        self, request: HttpRequest, response: HttpResponse, *, embedded: bool
    ) -> HttpResponse:
        session = getattr(request, "session", None)
        launched = session.get(FRAME_ORIGIN_KEY) if session is not None else None
        launched = launched if isinstance(launched, list) else []
        embedding = embed_origins() if embedded else []
        if (launched or embedded) and request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        if not (launched or embedding):
            return response
        if "X-Frame-Options" in response.headers:
            del response.headers["X-Frame-Options"]
        current = getattr(response, "_csp_config", None) or settings.SECURE_CSP
        ancestors = [a for a in current.get("frame-ancestors", []) if a != CSP.NONE]
        allowed = list(dict.fromkeys([*launched, *embedding, *ancestors]))
        return with_policy(request, response, {**current, "frame-ancestors": allowed})
