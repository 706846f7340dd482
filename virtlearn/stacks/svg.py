"""The diagram as SVG: inline in a page, or standalone as a .svg file.

Presentation attributes only (the site's CSP forbids style attributes and elements); groups
carry `layer layer-<kind>`, `has-error` and `is-selected` classes so a page's stylesheet may
restyle them. Given `link_for`, each layer is a link: the builder selects layers with them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from html import escape

from virtlearn.stacks.layout import (
    BACKGROUND,
    BACKGROUND_STROKE,
    CORNER,
    ERROR_COLOUR,
    ERROR_DASH,
    ERROR_STROKE_WIDTH,
    FONT_FAMILY,
    GLYPH,
    GLYPHS,
    LOOKS,
    PADDING,
    STROKE_WIDTH,
    TEXT_COLOUR,
    WARNING_MARK,
    WARNING_TRIANGLE,
    Box,
    Diagram,
    Shape,
)
from virtlearn.stacks.tree import Path, path_to_str

# Characters XML 1.0 does not allow at all; a label could carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9_.]*")  # no "xlink:href", no "hx-on:…"
# What a caller's attributes may not set on a link: script, or what to_svg itself sets.
_RESERVED = re.compile(
    r"on.*|hx-on.*|.*href|style|id|role|aria-label|aria-current|class", re.IGNORECASE
)

SELECTED_RING = 3.5  # how far outside its box the selected layer's ring is drawn
SELECTED_STROKE_WIDTH = 3
SELECTED_MARK = 14  # a tick in a disc, bottom right: selection shown by shape, not colour

LinkAttributes = Callable[[Path], Mapping[str, str]]


def _text(value: str) -> str:
    """Text or attribute value, escaped for XML (attributes are always double-quoted)."""
    return escape(_NOT_XML.sub("", value), quote=False).replace('"', "&quot;")


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _shape(shape: Shape, colour: str) -> str:
    paint = f'fill="{colour}" stroke="none"' if shape.filled else 'fill="none"'
    p = [_num(v) for v in shape.points]
    if shape.shape == "rect":
        return f'<rect x="{p[0]}" y="{p[1]}" width="{p[2]}" height="{p[3]}" {paint}/>'
    if shape.shape == "circle":
        return f'<circle cx="{p[0]}" cy="{p[1]}" r="{p[2]}" {paint}/>'
    if shape.shape == "line":
        return f'<line x1="{p[0]}" y1="{p[1]}" x2="{p[2]}" y2="{p[3]}"/>'
    points = " ".join(f"{p[i]},{p[i + 1]}" for i in range(0, len(p), 2))
    return f'<polygon points="{points}" {paint}/>'


def _glyph(shapes: tuple[Shape, ...], x: int, y: int, colour: str, css_class: str) -> str:
    inner = "".join(_shape(shape, colour) for shape in shapes)
    return (
        f'<g class="{css_class}" transform="translate({_num(x)} {_num(y)})" stroke="{colour}" '
        f'stroke-width="1.5" stroke-linejoin="round" aria-hidden="true">{inner}</g>'
    )


def layer_id(prefix: str, path: Path) -> str:
    """The id of a layer's link: where a page's "this layer has a problem" points."""
    return f"{_NOT_ID.sub('-', prefix)}-layer-{path_to_str(path).replace('.', '-')}"


def _attributes(values: Mapping[str, str]) -> str:
    for name in values:
        if not _ATTRIBUTE_NAME.fullmatch(name) or _RESERVED.fullmatch(name):
            raise ValueError(f"{name!r} cannot be set on a layer's link")
    return "".join(f' {name}="{_text(value)}"' for name, value in values.items())


def _selected_ring(box: Box) -> str:
    ring = SELECTED_RING
    return (
        f'<rect class="selected-ring" x="{_num(box.x - ring)}" y="{_num(box.y - ring)}" '
        f'width="{_num(box.width + 2 * ring)}" height="{_num(box.height + 2 * ring)}" '
        f'rx="{_num(CORNER + ring)}" fill="none" stroke="{TEXT_COLOUR}" stroke-width="2"/>'
    )


def _selected_mark(box: Box) -> str:
    """A tick in a disc, bottom right (below where the error marker goes): with the ring
    and the thicker outline, the selection shows without colour."""
    x = box.x + box.width - PADDING - (GLYPH + SELECTED_MARK) / 2
    y = box.y + box.height - PADDING / 2 - SELECTED_MARK
    r = SELECTED_MARK / 2
    return (
        f'<g class="selected-mark" transform="translate({_num(x)} {_num(y)})" aria-hidden="true">'
        f'<circle cx="{_num(r)}" cy="{_num(r)}" r="{_num(r)}" fill="{TEXT_COLOUR}"/>'
        f'<polyline points="3.5,7.5 6,10 10.5,4.5" fill="none" stroke="#ffffff" '
        f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></g>'
    )


def _box(box: Box, error_title: str, selected: bool = False) -> str:
    look = LOOKS[box.kind]
    classes = f"layer layer-{box.kind.value}" + (" has-error" if box.has_error else "")
    classes += " is-selected" if selected else ""
    title = f"⚠ {box.full_text} — {error_title}" if box.has_error else box.full_text
    if box.has_error:
        outline = (
            f'stroke="{ERROR_COLOUR}" stroke-width="{ERROR_STROKE_WIDTH}" '
            f'stroke-dasharray="{ERROR_DASH[0]} {ERROR_DASH[1]}"'
        )
    elif selected:
        outline = f'stroke="{look.stroke}" stroke-width="{SELECTED_STROKE_WIDTH}"'
    else:
        outline = f'stroke="{look.stroke}" stroke-width="{STROKE_WIDTH}"'
    parts = [
        f'<g class="{classes}" data-layer="{path_to_str(box.path)}">',
        f"<title>{_text(title)}</title>",
        _selected_ring(box) if selected else "",
        f'<rect class="layer-box" x="{box.x}" y="{box.y}" width="{box.width}" '
        f'height="{box.height}" rx="{CORNER}" fill="{look.fill}" {outline}/>',
        _glyph(GLYPHS[box.kind], *box.glyph_origin(), look.stroke, "layer-glyph"),
    ]
    if selected:
        parts.append(_selected_mark(box))
    if box.has_error:
        x, y = box.marker_origin()
        parts.append(
            f'<g class="error-marker" transform="translate({_num(x)} {_num(y)})" aria-hidden="true">'
            f"{_shape(WARNING_TRIANGLE, ERROR_COLOUR)}"
            f"{''.join(_shape(mark, '#ffffff') for mark in WARNING_MARK)}</g>"
        )
    for row in box.text_rows():
        weight = ' font-weight="bold"' if row.is_name else ""
        css_class = "layer-name" if row.is_name else "layer-label"
        parts.append(
            f'<text class="{css_class}" x="{_num(row.x)}" y="{_num(row.baseline)}" '
            f'font-size="{row.size}"{weight}>{_text(row.text)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def default_id_prefix(diagram: Diagram, title: str) -> str:
    """The same drawing gets the same prefix (so cached bytes stay equal); different ones differ."""
    digest = hashlib.sha256(repr((diagram, title)).encode()).hexdigest()[:10]
    return f"stack-{digest}"


def _link(
    box: Box,
    number: int,
    count: int,
    *,
    href: str,
    prefix: str,
    name: str,
    error_title: str,
    selected: bool,
    attributes: Mapping[str, str],
) -> str:
    label = name.format(name=box.full_text, number=number, count=count)
    if box.has_error:
        label += f": {error_title}"
    current = ' aria-current="true"' if selected else ""
    return (
        f'<a class="layer-link" id="{layer_id(prefix, box.path)}" href="{_text(href)}" '
        f'aria-label="{_text(label)}"{current}{_attributes(attributes)}>'
    )


def to_svg(
    diagram: Diagram,
    *,
    title: str,
    description: str,
    standalone: bool = False,
    id_prefix: str = "",
    error_title: str = "this layer has a problem",
    link_for: Callable[[Path], str] | None = None,
    link_attributes: LinkAttributes | None = None,
    link_name: str = "Select {name} (layer {number} of {count})",
    selected: Path | None = None,
) -> str:
    """The SVG text of `diagram`, named by `title` and described by `description` for screen
    readers. Pass `id_prefix` when a page shows several diagrams; pass `error_title`
    translated (it ends the hover text of a layer with an error).

    With `link_for`, each layer is a link to `link_for(path)` (id `layer_id(id_prefix, path)`),
    carrying `link_attributes(path)` too (values escaped; no script or style), named by
    `link_name` (pass it translated: {name}, {number} and {count} are filled in), and the
    diagram is a group of links rather than an image. `selected` marks one layer (a ring and
    a tick; `aria-current` on its link).
    """
    prefix = _NOT_ID.sub("-", id_prefix) or default_id_prefix(diagram, title)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    header = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    # Links inside role="img" would be hidden from screen readers: a linked diagram is a
    # group named by its title (the page shows the description beside it).
    role = (
        f'role="img" aria-labelledby="{title_id} {desc_id}"'
        if link_for is None
        else f'role="group" aria-labelledby="{title_id}"'
    )
    boxes = []
    count = len(diagram.boxes)
    for number, box in enumerate(diagram.boxes, start=1):
        is_selected = box.path == selected
        drawn = _box(box, error_title, is_selected)
        if link_for is not None:
            link = _link(
                box,
                number,
                count,
                href=link_for(box.path),
                prefix=prefix,
                name=link_name,
                error_title=error_title,
                selected=is_selected,
                attributes=link_attributes(box.path) if link_attributes else {},
            )
            drawn = f"{link}{drawn}</a>"
        boxes.append(drawn)
    parts = [
        f'{header}<svg xmlns="http://www.w3.org/2000/svg" class="stack-diagram" '
        f'width="{diagram.width}" height="{diagram.height}" '
        f'viewBox="0 0 {diagram.width} {diagram.height}" {role} '
        f'font-family="{_text(FONT_FAMILY)}" fill="{TEXT_COLOUR}" text-anchor="middle">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(description)}</desc>',
        f'<rect class="diagram-background" x="0.5" y="0.5" width="{diagram.width - 1}" '
        f'height="{diagram.height - 1}" rx="{CORNER}" fill="{BACKGROUND}" '
        f'stroke="{BACKGROUND_STROKE}"/>',
        *boxes,
        "</svg>",
    ]
    return "\n".join(parts) + ("\n" if standalone else "")
