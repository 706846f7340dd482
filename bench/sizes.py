"""Bytes a learner downloads: a page and everything it loads, gzip-compressed."""

from __future__ import annotations

import gzip
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if (
            tag == "link"
            and attributes.get("href")
            and attributes.get("rel")
            in {
                "stylesheet",
                "icon",
            }
        ):
            self.urls.append(attributes["href"] or "")
        elif tag in {"script", "img"} and attributes.get("src"):
            self.urls.append(attributes["src"] or "")


@dataclass
class PageWeight:
    html: int
    assets: dict[str, int]

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


def compressed_size(body: bytes, encoding: str) -> int:
    """As sent with gzip: whitenoise's own .gz for static files, gzip -6 for pages."""
    return len(body) if encoding == "gzip" else len(gzip.compress(body, 6, mtime=0))


def page_weight(url: str, headers: dict[str, str] | None = None) -> PageWeight:
    body, encoding = fetch(url, headers)
    html = gzip.decompress(body) if encoding == "gzip" else body
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    assets = {}
    for asset in dict.fromkeys(parser.urls):
        if asset.startswith("data:"):
            continue
        asset_body, asset_encoding = fetch(urljoin(url, asset))
        assets[asset] = compressed_size(asset_body, asset_encoding)
    return PageWeight(html=compressed_size(body, encoding), assets=assets)
