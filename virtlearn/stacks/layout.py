"""Where each layer of a stack is drawn: one computation of boxes, drawn by svg.py and png.py.

The bottom layer sits at the bottom; the layers resting on a layer stand side by side on
top of it, and a layer is exactly as wide as what rests on it. Text is measured with a real
font, wrapped, and shortened with "…" so it never leaves its box. Wide stacks grow wider
rather than shrinking their text: the page scrolls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path as FilePath

from PIL import ImageFont

from virtlearn.stacks.kinds import KIND_NAMES
from virtlearn.stacks.tree import ROOT, Kind, Layer, Path

NAME_SIZE = 14  # the kind's name, bold
LABEL_SIZE = 13  # the learner's label
LINE_HEIGHT = 18
MAX_NAME_LINES = 2
MAX_LABEL_LINES = 2

MARGIN = 12  # around the whole diagram
GAP = 8  # between layers standing side by side
ROW_GAP = 6  # between a layer and the layers resting on it
PADDING = 8  # inside a box
GLYPH = 16  # the kind's glyph (top left) and the error marker (top right)
GLYPH_GAP = 6
MIN_BOX_WIDTH = 140
MAX_LEAF_WIDTH = 240
MIN_BOX_HEIGHT = 2 * PADDING + 2 * LINE_HEIGHT

ELLIPSIS = "…"

FONT_DIRS = (
    FilePath("/usr/share/fonts/truetype/dejavu"),
    FilePath("/usr/share/fonts/dejavu"),
    FilePath("/usr/share/fonts/TTF"),
)
FONT_FAMILY = "'DejaVu Sans', Verdana, 'Segoe UI', system-ui, sans-serif"


@dataclass(frozen=True)
class Font:
    """A font to measure and draw with, and how much wider than it a browser may draw."""

    face: ImageFont.FreeTypeFont | ImageFont.ImageFont
    size: int
    bold: bool
    safety: float
    fake_bold: bool = False  # Pillow's own font has no bold face: thicken it when drawing

    def width(self, text: str) -> float:
        # Wide characters (CJK, emoji) are missing from our font but a browser finds one
        # that draws them a full em wide: count them so.
        narrow = "".join(char for char in text if unicodedata.east_asian_width(char) not in "WF")
        wide = len(text) - len(narrow)
        return (self.face.getlength(narrow) + wide * self.size) * self.safety


@lru_cache(maxsize=16)
def font(size: int, *, bold: bool = False) -> Font:
    """DejaVu Sans when the system has it (as wide as the browser fonts we name, or wider);
    otherwise Pillow's own font, measured with a larger margin since it runs narrower."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return Font(ImageFont.truetype(str(folder / name), size), size, bold, 1.08)
    return Font(ImageFont.load_default(size=size), size, bold, 1.5 if bold else 1.3, bold)


@dataclass(frozen=True)
class Box:
    """One layer's rectangle, top-left origin, and the text lines that fit inside it."""

    path: Path
    kind: Kind
    label: str
    name: str  # the kind's display name, as given to layout()
    lines: tuple[str, ...]  # the name's lines first (bold), then the label's
    name_lines: int
    x: int
    y: int
    width: int
    height: int
    has_error: bool

    @property
    def depth(self) -> int:
        return len(self.path) - 1

    @property
    def full_text(self) -> str:
        return f"{self.name} “{self.label}”" if self.label else self.name

    @property
    def text_top(self) -> float:
        """The top of the block of text lines, which is centred vertically in the box."""
        return self.y + (self.height - len(self.lines) * LINE_HEIGHT) / 2

    def text_rows(self) -> tuple[TextRow, ...]:
        """Each line with where it goes: centred across the box, one below the other."""
        return tuple(
            TextRow(
                text=line,
                x=self.x + self.width / 2,
                baseline=self.text_top
                + (i + 0.5) * LINE_HEIGHT
                + 0.36 * (NAME_SIZE if i < self.name_lines else LABEL_SIZE),
                is_name=i < self.name_lines,
            )
            for i, line in enumerate(self.lines)
        )

    def glyph_origin(self) -> tuple[float, float]:
        """The kind's glyph: left, level with the first line (the kind's name)."""
        return self.x + PADDING, self.text_top + (LINE_HEIGHT - GLYPH) / 2

    def marker_origin(self) -> tuple[float, float]:
        """The error marker: right, level with the first line."""
        return self.x + self.width - PADDING - GLYPH, self.text_top + (LINE_HEIGHT - GLYPH) / 2


@dataclass(frozen=True)
class TextRow:
    text: str
    x: float
    baseline: float
    is_name: bool

    @property
    def size(self) -> int:
        return NAME_SIZE if self.is_name else LABEL_SIZE


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    boxes: tuple[Box, ...]


def text_room(width: int) -> int:
    """The width text may take in a box: its corners hold the glyph and the error marker."""
    return width - 2 * (PADDING + GLYPH + GLYPH_GAP)


_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """`text` on one line without control characters (the font shaper rejects some)."""
    text = "".join(" " if char.isspace() else char for char in text)
    return "".join(char for char in text if unicodedata.category(char) not in {"Cc", "Cs"})


def shorten(text: str, face: Font, width: float) -> str:
    """`text` cut at the end with "…" so that it fits `width`, after a whole word when
    that keeps most of the line."""
    if face.width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if face.width(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    if not low:
        return ELLIPSIS
    kept = text[:low]
    word_end = kept.rfind(" ")
    if word_end > 0 and text[low] != " " and word_end >= 0.6 * low:
        kept = kept[:word_end]
    return kept.rstrip() + ELLIPSIS


def wrap(text: str, face: Font, width: float, max_lines: int) -> tuple[str, ...]:
    """Greedy word wrap into at most `max_lines` lines, each fitting `width`; the last line
    that cannot hold the rest ends with "…"; a word wider than a line is cut."""
    words = _SPACES.sub(" ", clean(text)).strip()[:400].split(" ")
    if words == [""]:
        return ()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if face.width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            rest = " ".join(words[index:])
            return (*lines, shorten(rest, face, width))
        if face.width(word) > width:
            current = shorten(word, face, width)
    lines.append(current)
    return tuple(lines)


def _natural_width(name: str, label: str) -> int:
    """The width a box would like: its longest text on one line, within the leaf limits."""
    widest = max(
        font(NAME_SIZE, bold=True).width(name),
        font(LABEL_SIZE).width(clean(label)[:400]) if label else 0,
    )
    wanted = int(widest + 0.999) + 2 * (PADDING + GLYPH + GLYPH_GAP)
    return max(MIN_BOX_WIDTH, min(MAX_LEAF_WIDTH, wanted))


def layout(
    stack: Layer,
    error_paths: frozenset[Path] = frozenset(),
    *,
    names: Mapping[Kind, str] | None = None,
) -> Diagram:
    """The boxes of `stack`. `names` are the kinds' display names (pass translated ones);
    `error_paths` are the layers a rule points at."""
    names = names if names is not None else KIND_NAMES
    layers = dict(stack.walk())

    needed: dict[Path, int] = {}

    def need(path: Path, layer: Layer) -> int:
        children = [need((*path, i), above) for i, above in enumerate(layer.above)]
        own = _natural_width(names[layer.kind], layer.label)
        span = sum(children) + GAP * (len(children) - 1) if children else 0
        needed[path] = max(own, span)
        return needed[path]

    need(ROOT, stack)

    placed: dict[Path, tuple[int, int]] = {}  # path -> (x, width)

    def place(path: Path, layer: Layer, x: int, width: int) -> None:
        placed[path] = (x, width)
        if not layer.above:
            return
        child_paths = [(*path, i) for i in range(len(layer.above))]
        room = width - GAP * (len(child_paths) - 1)
        total = sum(needed[p] for p in child_paths)
        # Spread any extra width in proportion to need, so the children exactly fill the parent.
        widths = [needed[p] * room // total for p in child_paths]
        for i in range(room - sum(widths)):
            widths[i % len(widths)] += 1
        for child_path, above, child_width in zip(child_paths, layer.above, widths, strict=True):
            place(child_path, above, x, child_width)
            x += child_width + GAP

    place(ROOT, stack, MARGIN, needed[ROOT])

    texts: dict[Path, tuple[tuple[str, ...], int]] = {}
    for path, (_, width) in placed.items():
        layer = layers[path]
        room = text_room(width)
        name_lines = wrap(names[layer.kind], font(NAME_SIZE, bold=True), room, MAX_NAME_LINES)
        label_lines = wrap(layer.label, font(LABEL_SIZE), room, MAX_LABEL_LINES)
        texts[path] = ((*name_lines, *label_lines), len(name_lines))

    rows = stack.depth()
    row_heights = [MIN_BOX_HEIGHT] * rows
    for path, (lines, _) in texts.items():
        depth = len(path) - 1
        row_heights[depth] = max(row_heights[depth], 2 * PADDING + len(lines) * LINE_HEIGHT)
    height = 2 * MARGIN + sum(row_heights) + ROW_GAP * (rows - 1)
    # Row 0 (the bottom layer) is drawn lowest: y grows downward in SVG and PNG.
    row_tops = []
    bottom = height - MARGIN
    for row_height in row_heights:
        row_tops.append(bottom - row_height)
        bottom -= row_height + ROW_GAP

    boxes = tuple(
        Box(
            path=path,
            kind=layers[path].kind,
            label=layers[path].label,
            name=names[layers[path].kind],
            lines=texts[path][0],
            name_lines=texts[path][1],
            x=x,
            y=row_tops[len(path) - 1],
            width=width,
            height=row_heights[len(path) - 1],
            has_error=path in error_paths,
        )
        for path, (x, width) in placed.items()
    )
    return Diagram(width=needed[ROOT] + 2 * MARGIN, height=height, boxes=boxes)


# What each kind looks like, shared by both drawings. Fills are light in every colour scheme
# and text is dark on them, so a box reads the same on a light or a dark page; the glyph and
# the name carry the kind, never the colour alone.


@dataclass(frozen=True)
class Look:
    fill: str
    stroke: str


TEXT_COLOUR = "#111827"
BACKGROUND = "#f8fafc"
BACKGROUND_STROKE = "#cbd5e1"
ERROR_COLOUR = "#b91c1c"
ERROR_DASH = (8, 4)
STROKE_WIDTH = 1.5
ERROR_STROKE_WIDTH = 3.5
CORNER = 6

LOOKS: dict[Kind, Look] = {
    Kind.SERVER: Look("#cbd5e1", "#334155"),
    Kind.OS: Look("#bfdbfe", "#1e40af"),
    Kind.HYPERVISOR: Look("#ddd6fe", "#5b21b6"),
    Kind.VM: Look("#fbcfe8", "#9d174d"),
    Kind.ENGINE: Look("#a5f3fc", "#155e75"),
    Kind.CONTAINER: Look("#bbf7d0", "#166534"),
    Kind.LIBS: Look("#fde68a", "#92400e"),
    Kind.APP: Look("#fed7aa", "#9a3412"),
}


@dataclass(frozen=True)
class Shape:
    """One stroke of a glyph on a 16-unit square: "rect" (x, y, w, h), "circle" (cx, cy, r),
    "line" (x1, y1, x2, y2) or "polygon" (x1, y1, x2, y2, …); filled or outlined."""

    shape: str
    points: tuple[float, ...]
    filled: bool = False


def _rect(x: float, y: float, w: float, h: float, filled: bool = False) -> Shape:
    return Shape("rect", (x, y, w, h), filled)


def _line(x1: float, y1: float, x2: float, y2: float) -> Shape:
    return Shape("line", (x1, y1, x2, y2))


def _circle(cx: float, cy: float, r: float, filled: bool = False) -> Shape:
    return Shape("circle", (cx, cy, r), filled)


GLYPHS: dict[Kind, tuple[Shape, ...]] = {
    # a rack of two units with their lights
    Kind.SERVER: (
        _rect(1, 1.5, 14, 5.5),
        _rect(1, 9, 14, 5.5),
        _circle(4, 4.25, 1.2, True),
        _circle(4, 11.75, 1.2, True),
        _line(8, 4.25, 12.5, 4.25),
        _line(8, 11.75, 12.5, 11.75),
    ),
    # a window with its title bar
    Kind.OS: (_rect(1, 2, 14, 12), _rect(1, 2, 14, 3.5, True)),
    # one machine split into two
    Kind.HYPERVISOR: (
        _rect(1, 2, 14, 12),
        _rect(3.5, 4.5, 4, 7, True),
        _rect(8.5, 4.5, 4, 7, True),
    ),
    # a screen on a stand
    Kind.VM: (_rect(1, 1.5, 14, 9.5), _line(8, 11, 8, 14), _line(4, 14.5, 12, 14.5)),
    # a gear: the engine that runs containers
    Kind.ENGINE: (
        _circle(8, 8, 4.5),
        _circle(8, 8, 1.8, True),
        *(
            _line(8 + 4.5 * dx, 8 + 4.5 * dy, 8 + 7.2 * dx, 8 + 7.2 * dy)
            for dx, dy in (
                (1, 0),
                (0.71, 0.71),
                (0, 1),
                (-0.71, 0.71),
                (-1, 0),
                (-0.71, -0.71),
                (0, -1),
                (0.71, -0.71),
            )
        ),
    ),
    # a shipping container with its ribs
    Kind.CONTAINER: (
        _rect(1, 3.5, 14, 9),
        _line(4.5, 5.5, 4.5, 10.5),
        _line(8, 5.5, 8, 10.5),
        _line(11.5, 5.5, 11.5, 10.5),
    ),
    # books on a shelf
    Kind.LIBS: (
        _rect(1.5, 3, 3.5, 11, True),
        _rect(6, 5, 3.5, 9, True),
        Shape("polygon", (10.5, 3.5, 13.5, 2.8, 15.5, 13.3, 12.5, 14)),
        _line(0.5, 15, 15.5, 15),
    ),
    # an app grid: four tiles, one still outlined
    Kind.APP: (
        _rect(1.5, 1.5, 5.5, 5.5, True),
        _rect(9, 1.5, 5.5, 5.5, True),
        _rect(1.5, 9, 5.5, 5.5, True),
        _rect(9, 9, 5.5, 5.5),
    ),
}

# The error marker: a warning triangle with "!" (the ⚠ sign), drawn rather than typed so it
# looks the same in every font.
WARNING_TRIANGLE = Shape("polygon", (8, 0.5, 15.5, 15, 0.5, 15), True)
WARNING_MARK = (_rect(7.1, 5, 1.8, 5.8, True), _rect(7.1, 11.8, 1.8, 1.8, True))
