"""Small helpers for the diagrams tests: notations and requests."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client

CONTAINERS = "server > os > engine > [2*container > libs > app]"
BARE_METAL = "server > os > app"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/build/"}


def build_url(**params: str) -> str:
    return f"/build/?{urlencode(params)}" if params else "/build/"


def get(client: Client, path: str, *, htmx: bool = False, **headers: str):
    return client.get(path, **(HTMX if htmx else {}), **headers)
