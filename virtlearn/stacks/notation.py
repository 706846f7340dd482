"""The stack notation: read it (a small recursive-descent parser) and write it (canonical form).

    stack   := layer ( ">" ( stack | group ) )?
    group   := "[" member ( "," member )* "]"
    member  := ( COUNT "*" )? stack
    layer   := KIND ( LABEL )?
    LABEL   := '"' any text but '"' '"'

Limits are checked while parsing, before anything is expanded: `50*[50*[…]]` fails on the
layer count as soon as the product passes MAX_LAYERS, without building the copies.

Error messages are plain English templates marked with `gettext_noop`; `NotationError` keeps
the template and its parameters so a view can translate them (`_(err.template) % err.params`).
"""

from __future__ import annotations

from virtlearn.stacks.tree import Kind, Layer

MAX_CHARS = 2000
MAX_LAYERS = 200
MAX_DEPTH = 12
MAX_COUNT = 50
MAX_LABEL = 100


def gettext_noop(message: str) -> str:
    return message


_ = gettext_noop

ALIASES: dict[str, Kind] = {
    **{kind.value: kind for kind in Kind},
    "hardware": Kind.SERVER,
    "host": Kind.SERVER,
    "machine": Kind.SERVER,
    "docker": Kind.ENGINE,
    "podman": Kind.ENGINE,
    "containerd": Kind.ENGINE,
    "application": Kind.APP,
    "lib": Kind.LIBS,
    "bins": Kind.LIBS,
    "libraries": Kind.LIBS,
}

KIND_LIST = ", ".join(kind.value for kind in Kind)
THE_END = _("the end")

EXPECTED_KIND = _("expected a layer kind (%(kinds)s), found %(found)s")
EXPECTED_GROUP_FOR_COUNT = _(
    'expected a layer kind or "[": copies go in a group, such as "[3*vm > os]", found %(found)s'
)
EXPECTED_AFTER_TOP = _('expected ">" or the end, found %(found)s')
EXPECTED_AFTER_MEMBER = _('expected ">", "," or "]", found %(found)s')
EXPECTED_AFTER_GROUP = _(
    "expected the end (a group is the top of its stack: nothing rests on it), found %(found)s"
)
EXPECTED_AFTER_INNER_GROUP = _(
    'expected "," or "]" (a group is the top of its stack: nothing rests on it), found %(found)s'
)
EXPECTED_STAR = _('expected "*" after the count %(count)s, found %(found)s')
EXPECTED_COUNT = _("expected a count from 1 to %(max)d, found %(found)s")
EXPECTED_QUOTE = _(
    "expected a closing quotation mark for the label opened at column %(column)d, found the end"
)
EXPECTED_LABEL_CHAR = _(
    "expected printable text in the label, found a line break or control character"
)
EXPECTED_SHORT_LABEL = _("expected a label of at most %(max)d characters, found %(found)d")
EXPECTED_FEW_CHARS = _("expected at most %(max)d characters, found %(found)d")
EXPECTED_FEW_LAYERS = _("expected at most %(max)d layers in a stack, found %(found)d or more")
EXPECTED_SHALLOW = _(
    "expected at most %(max)d layers from bottom to top, found a layer at height %(found)d"
)


class NotationError(ValueError):
    """Text that is not a stack: what was expected, what was found, and where."""

    def __init__(self, template: str, params: dict[str, object], position: int) -> None:
        self.template = template
        self.params = params
        self.message = template % params
        self.position = position
        self.column = position + 1
        super().__init__(f"column {self.column}: {self.message}")


def label_problem(label: str) -> tuple[str, dict[str, object]] | None:
    """Why `label` cannot be a layer's label (a template and its parameters), or None."""
    if len(label) > MAX_LABEL:
        return EXPECTED_SHORT_LABEL, {"max": MAX_LABEL, "found": len(label)}
    if '"' in label or any(not char.isprintable() for char in label):
        return EXPECTED_LABEL_CHAR, {}
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    # Tokens -------------------------------------------------------------------------------

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        """The next character after whitespace, or "" at the end."""
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def word_end(self, start: int) -> int:
        end = start
        while end < len(self.text) and (self.text[end].isalnum() or self.text[end] in "_-"):
            end += 1
        return end

    def found(self) -> str:
        """The token at the current position, quoted, for an error message."""
        char = self.peek()
        if not char:
            return THE_END
        end = self.word_end(self.pos)
        token = self.text[self.pos : end] if end > self.pos else char
        if len(token) > 20:
            token = token[:20] + "…"
        return f'"{token}"'

    def fail(self, template: str, **params: object) -> NotationError:
        if "found" not in params:
            params["found"] = self.found()
        if "kinds" in template:
            params["kinds"] = KIND_LIST
        return NotationError(template, params, self.pos)

    # Grammar ------------------------------------------------------------------------------

    def stack(self, height: int, after_arrow: bool = False) -> tuple[Layer, int, bool]:
        """A layer and everything on it: the layer, its size, and whether it ends in a group."""
        self.skip_space()
        if height > MAX_DEPTH:
            raise self.fail(EXPECTED_SHALLOW, max=MAX_DEPTH, found=height)
        kind, label = self.layer(after_arrow)
        if self.peek() != ">":
            return Layer(kind, label), 1, False
        self.pos += 1
        if self.peek() == "[":
            above, size = self.group(height + 1)
            return Layer(kind, label, above), size + 1, True
        child, size, in_group = self.stack(height + 1, after_arrow=True)
        return Layer(kind, label, (child,)), size + 1, in_group

    def layer(self, after_arrow: bool) -> tuple[Kind, str]:
        start = self.pos
        end = self.word_end(start)
        kind = ALIASES.get(self.text[start:end].lower()) if end > start else None
        if kind is None:
            if after_arrow and self.text[start:end].isdecimal():
                raise self.fail(EXPECTED_GROUP_FOR_COUNT)
            raise self.fail(EXPECTED_KIND)
        self.pos = end
        label = ""
        if self.peek() == '"':
            label = self.label()
        return kind, label

    def label(self) -> str:
        opened = self.pos
        close = self.text.find('"', opened + 1)
        if close < 0:
            self.pos = len(self.text)
            raise self.fail(EXPECTED_QUOTE, column=opened + 1)
        label = self.text[opened + 1 : close]
        problem = label_problem(label)
        if problem:
            bad = [i for i, char in enumerate(label) if not char.isprintable()]
            raise NotationError(*problem, opened + 1 + (bad[0] if bad else 0))
        self.pos = close + 1
        return label

    def group(self, height: int) -> tuple[tuple[Layer, ...], int]:
        """The members of a group at `height`; counts multiply sizes before anything is copied."""
        self.pos += 1  # "["
        above: list[Layer] = []
        total = 0
        while True:
            self.skip_space()
            start = self.pos
            count = self.count()
            member, size, in_group = self.stack(height)
            total += count * size
            if total + height - 1 > MAX_LAYERS:
                self.pos = start
                raise self.fail(EXPECTED_FEW_LAYERS, max=MAX_LAYERS, found=total + height - 1)
            above.extend([member] * count)
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char == "]":
                self.pos += 1
                return tuple(above), total
            else:
                raise self.fail(EXPECTED_AFTER_INNER_GROUP if in_group else EXPECTED_AFTER_MEMBER)

    def count(self) -> int:
        start = self.pos
        end = start
        while end < len(self.text) and self.text[end] in "0123456789":
            end += 1
        if end == start:
            return 1
        digits = self.text[start:end]
        if len(digits) > 3 or not 1 <= int(digits) <= MAX_COUNT:
            raise self.fail(EXPECTED_COUNT, max=MAX_COUNT, found=f'"{digits}"')
        self.pos = end
        if self.peek() != "*":
            raise self.fail(EXPECTED_STAR, count=digits)
        self.pos += 1
        return int(digits)


def parse(text: str) -> Layer:
    """Read a stack from its notation; NotationError says where and why it is not one."""
    if len(text) > MAX_CHARS:
        raise NotationError(EXPECTED_FEW_CHARS, {"max": MAX_CHARS, "found": len(text)}, MAX_CHARS)
    parser = _Parser(text)
    stack, _size, in_group = parser.stack(1)
    if parser.peek():
        raise parser.fail(EXPECTED_AFTER_GROUP if in_group else EXPECTED_AFTER_TOP)
    return stack


def format_layer(layer: Layer) -> str:
    return f'{layer.kind.value} "{layer.label}"' if layer.label else layer.kind.value


def format_stack(stack: Layer) -> str:
    """The canonical notation: single spaces around ">", ", " in groups, copies folded."""
    text = format_layer(stack)
    if not stack.above:
        return text
    if len(stack.above) == 1:
        return f"{text} > {format_stack(stack.above[0])}"
    members: list[str] = []
    index = 0
    while index < len(stack.above):
        layer = stack.above[index]
        count = 1
        while index + count < len(stack.above) and stack.above[index + count] == layer:
            count += 1
        member = format_stack(layer)
        members.append(f"{count}*{member}" if count > 1 else member)
        index += count
    return f"{text} > [{', '.join(members)}]"


def canonical(text: str) -> str:
    return format_stack(parse(text))
