"""The builder's interactive diagram: the stack as nested lists of layer links.

Each layer is a link that selects it; the layers resting on it are a list drawn above it
(diagram.css turns the nesting into boxes, bottom layer at the bottom). Built in Python
rather than by a recursive template include, which is many times slower.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from virtlearn.stacks import kinds
from virtlearn.stacks.tree import ROOT, Layer, Path, path_to_str


def render(
    stack: Layer,
    *,
    url: Callable[[Path], str],
    prefix: str,
    selected: Path | None,
    error_paths: frozenset[Path],
) -> SafeString:
    names = {kind: escape(_(name)) for kind, name in kinds.KIND_NAMES.items()}
    problem = escape(_("has a problem"))
    prefix = escape(prefix)
    parts: list[str] = []

    def layer_html(layer: Layer, path: Path) -> None:
        classes = f"layer layer-{layer.kind}"
        extra = ""
        flags = ""
        if path == selected:
            classes += " is-selected"
            extra = ' aria-current="true"'
            flags += '<span class="layer-selected" aria-hidden="true"></span>'
        if path in error_paths:
            classes += " has-error"
            flags += f'<span class="layer-flag" aria-hidden="true">⚠</span><span class="visually-hidden">: {problem}</span>'
        label = f'<span class="layer-label">{escape(layer.label)}</span>' if layer.label else ""
        href = escape(url(path))
        anchor = f"{prefix}-layer-{path_to_str(path).replace('.', '-')}"
        parts.append(
            f'<li class="node"><a class="{classes}" id="{anchor}" href="{href}"{extra}>'
            f'<span class="layer-kind">{names[layer.kind]}</span>{label}{flags}</a>'
        )
        if layer.above:
            parts.append('<ul class="above">')
            for index, above in enumerate(layer.above):
                layer_html(above, (*path, index))
            parts.append("</ul>")
        parts.append("</li>")

    parts.append('<ul class="stack-tree">')
    layer_html(stack, ROOT)
    parts.append("</ul>")
    return SafeString("".join(parts))
