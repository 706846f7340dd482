"""Lesson Markdown → safe HTML, once, when a lesson is saved or imported.

Markdown is rendered by Python-Markdown and then sanitized by nh3 with an allow-list, so an
author cannot plant script in a learner's page. ```stack fences are cut out before that and
replaced, after sanitizing, by the trusted figure HTML the diagrams app draws.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.translation import gettext as _

from lessons.models import IMAGE_PREFIX

EXTENSIONS = ["fenced_code", "tables", "attr_list", "toc", "sane_lists"]

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = HEADINGS | {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "kbd", "samp", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "dl", "dt", "dd", "sup", "sub", "abbr", "del", "ins", "mark", "small", "span",
    "div", "figure", "figcaption", "details", "summary",
}  # fmt: skip
# Dropped with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
    "textarea", "select", "frameset", "noembed", "xmp",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    **{heading: {"id"} for heading in HEADINGS},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Ids the lesson page itself uses; a heading that would take one gets another.
PAGE_IDS = {
    "main",
    "lesson-title",
    "objectives-title",
    "read-status",
    "preview-title",
    "lesson-preview",
}
FIGURE_ID = re.compile(r"^figure-\d+")

FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
CAPTION = "caption:"
IMAGE_REFERENCE = re.compile(r"\]\(\s*<?" + re.escape(IMAGE_PREFIX) + r"(?P<name>[^)\s>]+)")


class FenceError(ValueError):
    """A ```stack block (or an image reference) an author must fix; `line` counts from 1."""

    def __init__(self, line: int, column: int | None, message: str) -> None:
        self.line = line
        self.column = column
        self.message = message
        where = _("Line %(line)d") % {"line": line}
        if column is not None:
            where += ": " + _("column %(column)d") % {"column": column}
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class StackFence:
    notation: str
    caption: str
    first_line: int  # the line of the opening ```stack
    notation_lines: tuple[int, ...]  # the body line of each notation line


def split_fences(body: str) -> tuple[list[str], list[StackFence]]:
    """The body's lines with each top-level ```stack block replaced by a marker line.

    A block's place holds the line "\\0N" (N: its index in fences); bodies hold no NUL.
    """
    lines = body.split("\n")
    out: list[str] = []
    fences: list[StackFence] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE_OPEN.match(line)
        if not opening:
            out.append(line)
            index += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((j for j in range(index + 1, len(lines)) if closing.match(lines[j])), None)
        is_stack = opening["info"].strip().split(" ")[0].lower() == "stack"
        if end is None:
            if is_stack:
                raise FenceError(index + 1, None, _("this ```stack block is never closed"))
            out.extend(lines[index:])
            break
        if not is_stack:
            out.extend(lines[index : end + 1])
        else:
            notation: list[str] = []
            numbers: list[int] = []
            caption = ""
            for number in range(index + 1, end):
                text = lines[number]
                if text.strip().lower().startswith(CAPTION):
                    caption = text.strip()[len(CAPTION) :].strip()
                elif text.strip():
                    notation.append(text)
                    numbers.append(number + 1)
            fences.append(StackFence("\n".join(notation), caption, index + 1, tuple(numbers)))
            out.extend(["", f"\0{len(fences) - 1}", ""])
        index = end + 1
    return out, fences


def check_fence(fence: StackFence) -> None:
    """FenceError with the body line and column if the fence's notation does not parse."""
    try:
        from virtlearn.stacks.notation import NotationError, parse
    except ImportError:  # the stack model is not there yet: nothing to check against
        return
    try:
        parse(fence.notation)
    except NotationError as error:
        before = fence.notation[: error.position]
        row = before.count("\n")
        column = error.position - (before.rfind("\n") + 1) + 1
        line = fence.notation_lines[row] if row < len(fence.notation_lines) else fence.first_line
        raise FenceError(line, column, _(error.template) % error.params) from None


def check_body(body: str, image_names: set[str] | None = None) -> list[FenceError]:
    """Every authoring fault of a lesson body: stack fences that do not parse, unknown images."""
    try:
        _lines, fences = split_fences(body)
    except FenceError as error:
        return [error]
    errors = []
    for fence in fences:
        try:
            check_fence(fence)
        except FenceError as error:
            errors.append(error)
    if image_names is not None:
        for number, line in enumerate(body.split("\n"), start=1):
            for match in IMAGE_REFERENCE.finditer(line):
                if match["name"] not in image_names:
                    message = _("there is no image %(name)s in this course") % {
                        "name": f"{IMAGE_PREFIX}{match['name']}"
                    }
                    errors.append(FenceError(number, None, message))
    return sorted(errors, key=lambda error: error.line)


def figure_html(fence: StackFence, number: int) -> str:
    try:
        from virtlearn.diagrams.figures import stack_figure
    except ImportError:  # until the diagrams app can draw: the notation as text
        caption = f"<figcaption>{html.escape(fence.caption)}</figcaption>" if fence.caption else ""
        return (
            f'<figure class="stack-figure" id="figure-{number}">'
            f"<pre>{html.escape(fence.notation)}</pre>{caption}</figure>"
        )
    return str(stack_figure(fence.notation, caption=fence.caption, id_prefix=f"figure-{number}"))


def sanitize(untrusted: str, images: Mapping[str, str] | None = None) -> str:
    """Keep only the allow-listed tags and attributes; images only from this site."""
    images = images or {}

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and (value in PAGE_IDS or FIGURE_ID.match(value)):
            return f"{value}-section"  # the lesson page already uses that id
        if tag == "img" and attribute == "src":
            if value.startswith(IMAGE_PREFIX):
                return images.get(value[len(IMAGE_PREFIX) :])
            parts = urlsplit(value)
            # Pages load nothing from another host: remote images are dropped.
            if parts.scheme or parts.netloc or not value.startswith("/"):
                return None
        return value

    return nh3.clean(
        untrusted,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def fence_error_html(fence: StackFence, error: FenceError) -> str:
    return (
        f'<div class="fence-error" role="alert"><p>{html.escape(str(error))}</p>'
        f"<pre>{html.escape(fence.notation)}</pre></div>"
    )


def render_markdown(
    body: str, images: Mapping[str, str] | None = None, *, show_errors: bool = False
) -> str:
    """The lesson body as safe HTML with live diagrams.

    A fence that does not parse raises FenceError, or with `show_errors` (the admin preview)
    is shown as the error in its place.
    """
    lines, fences = split_fences(body.replace("\r\n", "\n").replace("\0", ""))
    figures = {}
    for number, fence in enumerate(fences):
        try:
            check_fence(fence)
        except FenceError as error:
            if not show_errors:
                raise
            figures[number] = fence_error_html(fence, error)
    token = secrets.token_hex(8)
    markers = {f"\0{number}": f"STACKFIGURE{token}X{number}" for number in range(len(fences))}
    source = "\n".join(markers.get(line, line) for line in lines)
    converted = markdown.Markdown(extensions=EXTENSIONS).convert(source)
    safe = sanitize(converted, images)
    for number, fence in enumerate(fences):
        figure = figures.get(number) or figure_html(fence, number + 1)
        safe = safe.replace(f"<p>{markers[f'\0{number}']}</p>", figure, 1)
    return safe


HEADING_ID = re.compile(r"<h[2-6] id=\"([^\"]+)\"")


def heading_ids(body_html: str) -> list[str]:
    """The ids of the headings of rendered HTML (quiz questions point at them)."""
    return [html.unescape(value) for value in HEADING_ID.findall(body_html)]
