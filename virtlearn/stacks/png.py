"""The diagram as a PNG, drawn by Pillow from the same boxes as the SVG.

The image is drawn at twice the diagram's size (sharp on high-density screens), scaled down
when the diagram is huge so no stack can ask for a gigantic image, and saved without
metadata so the same diagram always gives the same bytes.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

from virtlearn.stacks.layout import (
    BACKGROUND,
    BACKGROUND_STROKE,
    CORNER,
    ERROR_COLOUR,
    ERROR_DASH,
    ERROR_STROKE_WIDTH,
    GLYPHS,
    LOOKS,
    STROKE_WIDTH,
    TEXT_COLOUR,
    WARNING_MARK,
    WARNING_TRIANGLE,
    Box,
    Diagram,
    Shape,
    font,
)

SCALE = 2.0
MAX_SIDE = 8000
MAX_PIXELS = 8_000_000
SUPERSAMPLE_PIXELS = 8_000_000  # draw at double size and reduce, for smooth edges, below this


def png_scale(diagram: Diagram) -> float:
    """How many image pixels one diagram unit takes: SCALE, less if the image would be too big."""
    return min(
        SCALE,
        MAX_SIDE / diagram.width,
        MAX_SIDE / diagram.height,
        math.sqrt(MAX_PIXELS / (diagram.width * diagram.height)),
    )


def png_size(diagram: Diagram) -> tuple[int, int]:
    scale = png_scale(diagram)
    return max(1, round(diagram.width * scale)), max(1, round(diagram.height * scale))


class _Painter:
    def __init__(self, image: Image.Image, scale: float) -> None:
        self.draw = ImageDraw.Draw(image)
        self.s = scale

    def px(self, value: float) -> float:
        return value * self.s

    def width(self, value: float) -> int:
        return max(1, round(value * self.s))

    def shape(self, shape: Shape, x: float, y: float, colour: str) -> None:
        p = shape.points
        line = self.width(STROKE_WIDTH)
        fill, outline = (colour, None) if shape.filled else (None, colour)
        if shape.shape == "rect":
            box = (
                self.px(x + p[0]),
                self.px(y + p[1]),
                self.px(x + p[0] + p[2]),
                self.px(y + p[1] + p[3]),
            )
            self.draw.rectangle(box, fill=fill, outline=outline, width=line)
        elif shape.shape == "circle":
            box = (
                self.px(x + p[0] - p[2]),
                self.px(y + p[1] - p[2]),
                self.px(x + p[0] + p[2]),
                self.px(y + p[1] + p[2]),
            )
            self.draw.ellipse(box, fill=fill, outline=outline, width=line)
        elif shape.shape == "line":
            ends = (self.px(x + p[0]), self.px(y + p[1]), self.px(x + p[2]), self.px(y + p[3]))
            self.draw.line(ends, fill=colour, width=line)
        else:
            points = [(self.px(x + p[i]), self.px(y + p[i + 1])) for i in range(0, len(p), 2)]
            self.draw.polygon(points, fill=fill, outline=outline, width=line)

    def dashed_rectangle(self, left: float, top: float, right: float, bottom: float) -> None:
        """A thick dashed outline; each side's dashes are evened out so that every corner
        is a solid L and no side ends in a sliver."""
        dash, space = (self.px(v) for v in ERROR_DASH)
        width = self.width(ERROR_STROKE_WIDTH)
        half = width / 2
        for (x1, y1), (x2, y2) in (
            ((left - half, top), (right + half, top)),
            ((right, top - half), (right, bottom + half)),
            ((left - half, bottom), (right + half, bottom)),
            ((left, top - half), (left, bottom + half)),
        ):
            length = math.dist((x1, y1), (x2, y2))
            count = max(1, round((length + space) / (dash + space)))
            period = (length + space) / count
            on = period * dash / (dash + space)
            for i in range(count):
                a, b = i * period / length, min(1.0, (i * period + on) / length)
                self.draw.line(
                    (
                        x1 + (x2 - x1) * a,
                        y1 + (y2 - y1) * a,
                        x1 + (x2 - x1) * b,
                        y1 + (y2 - y1) * b,
                    ),
                    fill=ERROR_COLOUR,
                    width=width,
                )

    def box(self, box: Box) -> None:
        look = LOOKS[box.kind]
        left, top = self.px(box.x), self.px(box.y)
        right, bottom = self.px(box.x + box.width), self.px(box.y + box.height)
        if box.has_error:
            self.draw.rectangle((left, top, right, bottom), fill=look.fill)
            inset = self.px(ERROR_STROKE_WIDTH) / 2
            self.dashed_rectangle(left + inset, top + inset, right - inset, bottom - inset)
        else:
            self.draw.rounded_rectangle(
                (left, top, right, bottom),
                radius=self.px(CORNER),
                fill=look.fill,
                outline=look.stroke,
                width=self.width(STROKE_WIDTH),
            )
        x, y = box.glyph_origin()
        for shape in GLYPHS[box.kind]:
            self.shape(shape, x, y, look.stroke)
        if box.has_error:
            x, y = box.marker_origin()
            self.shape(WARNING_TRIANGLE, x, y, ERROR_COLOUR)
            for mark in WARNING_MARK:
                self.shape(mark, x, y, "#ffffff")
        for row in box.text_rows():
            face = font(max(1, round(row.size * self.s)), bold=row.is_name)
            self.draw.text(
                (self.px(row.x), self.px(row.baseline)),
                row.text,
                fill=TEXT_COLOUR,
                font=face.face,
                anchor="ms",
                stroke_width=self.width(0.35) if face.fake_bold else 0,
                stroke_fill=TEXT_COLOUR,
            )


def to_png(diagram: Diagram) -> bytes:
    """The PNG bytes of `diagram`, at most MAX_SIDE on a side and MAX_PIXELS in all."""
    size = png_size(diagram)
    supersample = 2 if size[0] * size[1] * 4 <= SUPERSAMPLE_PIXELS else 1
    scale = png_scale(diagram) * supersample
    image = Image.new("RGB", (size[0] * supersample, size[1] * supersample), "#ffffff")
    painter = _Painter(image, scale)
    painter.draw.rounded_rectangle(
        (0, 0, image.width - 1, image.height - 1),
        radius=painter.px(CORNER),
        fill=BACKGROUND,
        outline=BACKGROUND_STROKE,
        width=painter.width(1),
    )
    for box in diagram.boxes:
        painter.box(box)
    if supersample > 1:
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
