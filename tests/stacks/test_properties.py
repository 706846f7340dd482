"""Property tests: the notation round-trips, and no text can make the parser misbehave."""

from __future__ import annotations

import contextlib
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from virtlearn.stacks.analysis import analyse
from virtlearn.stacks.architectures import Model
from virtlearn.stacks.describe import describe
from virtlearn.stacks.notation import (
    ALIASES,
    MAX_CHARS,
    MAX_DEPTH,
    MAX_LAYERS,
    NotationError,
    canonical,
    format_stack,
    label_problem,
    parse,
)
from virtlearn.stacks.operations import OperationError, duplicate, remove_layer
from virtlearn.stacks.tree import Kind, Layer

SPACE = st.sampled_from(["", " ", "  ", "\n", "\t "])
LABELS = st.one_of(
    st.just(""),
    st.text(
        st.characters(categories=("L", "N", "P", "S"), exclude_characters='"') | st.just(" "),
        max_size=12,
    ).filter(lambda label: label_problem(label) is None),
)
WORDS = {kind: [word for word, aliased in ALIASES.items() if aliased is kind] for kind in Kind}


def _layer(kind: Kind, label: str, groups: list[tuple[Layer, int]]) -> Layer:
    return Layer(kind, label, tuple(child for child, count in groups for _ in range(count)))


def _within_limits(stack: Layer) -> bool:
    return (
        stack.size() <= MAX_LAYERS
        and stack.depth() <= MAX_DEPTH
        and len(format_stack(stack)) <= MAX_CHARS
    )


TREES = st.recursive(
    st.builds(Layer, st.sampled_from(list(Kind)), LABELS),
    lambda children: st.builds(
        _layer,
        st.sampled_from(list(Kind)),
        LABELS,
        st.lists(st.tuples(children, st.integers(1, 3)), min_size=1, max_size=3),
    ),
    max_leaves=25,
).filter(_within_limits)


@st.composite
def noisy_text(draw: st.DrawFn, stack: Layer) -> str:
    """The stack written the way a person might: odd spacing and case, aliases, brackets."""

    def write(layer: Layer) -> str:
        word = draw(st.sampled_from(WORDS[layer.kind]))
        word = "".join(c.upper() if draw(st.booleans()) else c for c in word)
        text = word
        if layer.label or draw(st.booleans()):
            text += f'{draw(SPACE)}"{layer.label}"'
        if not layer.above:
            return text
        text += f"{draw(SPACE)}>{draw(SPACE)}"
        if len(layer.above) == 1 and draw(st.booleans()):
            return text + write(layer.above[0])
        members: list[str] = []
        index = 0
        while index < len(layer.above):
            child = layer.above[index]
            run = 1
            while index + run < len(layer.above) and layer.above[index + run] == child:
                run += 1
            count = draw(st.integers(1, run))
            prefix = (
                f"{count}{draw(SPACE)}*{draw(SPACE)}" if count > 1 or draw(st.booleans()) else ""
            )
            members.append(prefix + write(child))
            index += count
        return text + "[" + f"{draw(SPACE)},{draw(SPACE)}".join(members) + "]"

    return draw(SPACE) + write(stack) + draw(SPACE)


@given(TREES)
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_the_canonical_form_reads_back_as_the_same_tree(stack):
    assert parse(format_stack(stack)) == stack


@given(st.data(), TREES)
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_any_way_of_writing_a_tree_reads_as_that_tree(data, stack):
    text = data.draw(noisy_text(stack))
    if len(text) > MAX_CHARS:
        return
    assert parse(text) == stack
    assert format_stack(parse(text)) == canonical(text) == format_stack(stack)
    assert canonical(canonical(text)) == canonical(text)


GRAMMAR_SOUP = st.lists(
    st.sampled_from(
        [
            "server",
            "os",
            "vm",
            "app",
            "docker",
            ">",
            "[",
            "]",
            ",",
            "*",
            "3",
            "50",
            "99",
            '"',
            " ",
            "x",
        ]
    ),
    max_size=80,
).map("".join)


@given(st.one_of(st.text(max_size=300), GRAMMAR_SOUP))
def test_random_text_parses_or_raises_a_notation_error_quickly(text):
    started = time.perf_counter()
    try:
        stack = parse(text)
    except NotationError as error:
        assert 0 <= error.position <= max(len(text), 0) or error.position == MAX_CHARS
        assert str(error).startswith(f"column {error.position + 1}: ")
    else:
        assert stack.size() <= MAX_LAYERS
        assert stack.depth() <= MAX_DEPTH
        assert parse(format_stack(stack)) == stack
    assert time.perf_counter() - started < 0.1


@given(st.text(alphabet="[5*os>,] ", min_size=0, max_size=MAX_CHARS + 10))
def test_nested_counts_never_blow_up(text):
    started = time.perf_counter()
    with contextlib.suppress(NotationError):
        parse("server > " + text)
    assert time.perf_counter() - started < 0.1


@given(TREES)
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_analysis_is_total_and_consistent(stack):
    analysis = analyse(stack)
    assert analysis.valid == (not analysis.errors)
    assert (analysis.model is Model.INVALID) == (not analysis.valid)
    assert (analysis.metrics is None) == (not analysis.valid)
    assert all(stack.at(path) for path in analysis.error_paths)
    assert describe(stack).endswith(".")
    if analysis.metrics:
        assert analysis.metrics.memory_overhead_mb >= 0
        assert 0 <= analysis.metrics.utilization <= 1


@given(st.data(), TREES)
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_removing_and_duplicating_change_the_size_by_what_they_say(data, stack):
    paths = [path for path, _layer in stack.walk()]
    path = data.draw(st.sampled_from(paths))
    layer = stack.at(path)
    try:
        removed = remove_layer(stack, path)
    except OperationError:
        assert len(path) == 1 and len(layer.above) > 1
    else:
        assert (removed.size() if removed else 0) == stack.size() - 1
    try:
        doubled = duplicate(stack, path)
    except OperationError:
        # Only the bottom layer, or a copy that would pass a limit, cannot be duplicated.
        grown = len(format_stack(stack)) + len(format_stack(layer)) + 4
        assert len(path) == 1 or stack.size() + layer.size() > MAX_LAYERS or grown > MAX_CHARS
    else:
        assert doubled.size() == stack.size() + layer.size()
        assert parse(format_stack(doubled)) == doubled
