"""The builder's steps: each takes a stack and returns a new one (layers are immutable).

A step that would pass the notation's limits, or name a layer that is not there, raises
OperationError with a message for the learner, and the stack stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from virtlearn.stacks.notation import (
    MAX_CHARS,
    MAX_DEPTH,
    MAX_LAYERS,
    format_stack,
    label_problem,
)
from virtlearn.stacks.tree import ROOT, Kind, Layer, Path, path_to_str


class OperationError(ValueError):
    pass


def _layer_at(stack: Layer, path: Path) -> Layer:
    try:
        if any(index < 0 for index in path):
            raise KeyError(path)
        return stack.at(path)
    except KeyError:
        raise OperationError(f"no layer at {path_to_str(path) or 'nowhere'}") from None


def _checked_label(label: str) -> str:
    problem = label_problem(label)
    if problem:
        template, params = problem
        raise OperationError(template % params)
    return label


def _within_limits(stack: Layer) -> Layer:
    if stack.size() > MAX_LAYERS:
        raise OperationError(f"a stack may have at most {MAX_LAYERS} layers")
    if stack.depth() > MAX_DEPTH:
        raise OperationError(f"a stack may be at most {MAX_DEPTH} layers high")
    if len(format_stack(stack)) > MAX_CHARS:
        raise OperationError(f"a stack's notation may be at most {MAX_CHARS} characters long")
    return stack


def _change(stack: Layer, path: Path, change: Callable[[Layer], Layer]) -> Layer:
    """`stack` with the layer at `path` replaced by change(that layer)."""
    if len(path) == 1:
        return change(stack)
    index = path[1]
    above = list(stack.above)
    above[index] = _change(above[index], path[1:], change)
    return replace(stack, above=tuple(above))


def add_layer(stack: Layer | None, path: Path | None, kind: Kind, label: str = "") -> Layer:
    """A new `kind` layer on the layer at `path`, after the ones already there.

    On an empty stack (None) the new layer is the bottom one; `path` must then be None.
    """
    if kind not in set(Kind):
        raise OperationError(f"{str(kind)[:20]!r} is not a layer kind")
    new = Layer(Kind(kind), _checked_label(label))
    if stack is None:
        if path is not None:
            raise OperationError(f"no layer at {path_to_str(path)}: the stack is empty")
        return new
    if path is None:
        raise OperationError("choose the layer to add the new one on")
    _layer_at(stack, path)
    return _within_limits(
        _change(stack, path, lambda layer: replace(layer, above=(*layer.above, new)))
    )


def remove_layer(stack: Layer, path: Path) -> Layer | None:
    """The stack without the layer at `path`: the layers on it drop into its place.

    Removing the bottom layer leaves the one layer resting on it as the new bottom (or an
    empty stack, None); with several resting on it there would be no single bottom.
    """
    removed = _layer_at(stack, path)
    if path == ROOT:
        if len(removed.above) > 1:
            raise OperationError(
                "the bottom layer holds up several layers: remove those first, or start over"
            )
        return removed.above[0] if removed.above else None
    index = path[-1]

    def drop(parent: Layer) -> Layer:
        above = (*parent.above[:index], *removed.above, *parent.above[index + 1 :])
        return replace(parent, above=above)

    return _within_limits(_change(stack, path[:-1], drop))


def duplicate(stack: Layer, path: Path) -> Layer:
    """A copy of the layer at `path`, with everything on it, placed just after it."""
    copied = _layer_at(stack, path)
    if path == ROOT:
        raise OperationError("a stack has one bottom layer: it cannot be duplicated")
    index = path[-1]

    def copy(parent: Layer) -> Layer:
        above = (*parent.above[: index + 1], copied, *parent.above[index + 1 :])
        return replace(parent, above=above)

    return _within_limits(_change(stack, path[:-1], copy))


def relabel(stack: Layer, path: Path, label: str) -> Layer:
    """The stack with the layer at `path` named `label` ("" removes its name)."""
    _layer_at(stack, path)
    label = _checked_label(label)
    return _within_limits(_change(stack, path, lambda layer: replace(layer, label=label)))
