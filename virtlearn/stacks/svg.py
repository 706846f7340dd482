"""The diagram as SVG: inline in a page, or standalone as a .svg file.

Presentation attributes only (the site's CSP forbids style attributes and elements); groups
carry `layer layer-<kind>` and `has-error` classes so a page's stylesheet may restyle them.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from virtlearn.stacks.layout import (
    BACKGROUND,
    BACKGROUND_STROKE,
    CORNER,
    ERROR_COLOUR,
    ERROR_DASH,
    ERROR_STROKE_WIDTH,
    FONT_FAMILY,
    GLYPHS,
    LOOKS,
    STROKE_WIDTH,
    TEXT_COLOUR,
    WARNING_MARK,
    WARNING_TRIANGLE,
    Box,
    Diagram,
    Shape,
)
from virtlearn.stacks.tree import path_to_str

# Characters XML 1.0 does not allow at all; a label could carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")


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


def _box(box: Box, error_title: str) -> str:
    look = LOOKS[box.kind]
    classes = f"layer layer-{box.kind.value}" + (" has-error" if box.has_error else "")
    title = f"⚠ {box.full_text} — {error_title}" if box.has_error else box.full_text
    if box.has_error:
        outline = (
            f'stroke="{ERROR_COLOUR}" stroke-width="{ERROR_STROKE_WIDTH}" '
            f'stroke-dasharray="{ERROR_DASH[0]} {ERROR_DASH[1]}"'
        )
    else:
        outline = f'stroke="{look.stroke}" stroke-width="{STROKE_WIDTH}"'
    parts = [
        f'<g class="{classes}" data-layer="{path_to_str(box.path)}">',
        f"<title>{_text(title)}</title>",
        f'<rect class="layer-box" x="{box.x}" y="{box.y}" width="{box.width}" '
        f'height="{box.height}" rx="{CORNER}" fill="{look.fill}" {outline}/>',
        _glyph(GLYPHS[box.kind], *box.glyph_origin(), look.stroke, "layer-glyph"),
    ]
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


def to_svg(
    diagram: Diagram,
    *,
    title: str,
    description: str,
    standalone: bool = False,
    id_prefix: str = "",
    error_title: str = "this layer has a problem",
) -> str:
    """The SVG text of `diagram`, named by `title` and described by `description` for screen
    readers. Pass `id_prefix` when a page shows several diagrams; pass `error_title`
    translated (it ends the hover text of a layer with an error)."""
    prefix = _NOT_ID.sub("-", id_prefix) or default_id_prefix(diagram, title)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    header = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    parts = [
        f'{header}<svg xmlns="http://www.w3.org/2000/svg" class="stack-diagram" '
        f'width="{diagram.width}" height="{diagram.height}" '
        f'viewBox="0 0 {diagram.width} {diagram.height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{_text(FONT_FAMILY)}" '
        f'fill="{TEXT_COLOUR}" text-anchor="middle">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(description)}</desc>',
        f'<rect class="diagram-background" x="0.5" y="0.5" width="{diagram.width - 1}" '
        f'height="{diagram.height - 1}" rx="{CORNER}" fill="{BACKGROUND}" '
        f'stroke="{BACKGROUND_STROKE}"/>',
        *(_box(box, error_title) for box in diagram.boxes),
        "</svg>",
    ]
    return "\n".join(parts) + ("\n" if standalone else "")
