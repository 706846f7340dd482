from __future__ import annotations

import pytest

from tests.stacks.factories import CONTAINERS, make_stack
from virtlearn.stacks.notation import MAX_DEPTH, MAX_LABEL, format_stack
from virtlearn.stacks.operations import (
    OperationError,
    add_layer,
    duplicate,
    relabel,
    remove_layer,
)
from virtlearn.stacks.tree import ROOT, Kind


def test_adding_to_an_empty_stack_starts_it():
    assert format_stack(add_layer(None, None, Kind.SERVER)) == "server"
    assert add_layer(None, None, Kind.SERVER, "Dell").label == "Dell"


def test_adding_puts_the_layer_on_top_after_the_ones_there():
    stack = make_stack("server > os > app")
    assert format_stack(add_layer(stack, (0, 0), Kind.ENGINE)) == "server > os > [app, engine]"
    assert format_stack(add_layer(stack, (0, 0, 0), Kind.LIBS)) == "server > os > app > libs"


def test_the_original_stack_is_unchanged():
    stack = make_stack("server > os")
    add_layer(stack, ROOT, Kind.OS)
    assert format_stack(stack) == "server > os"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((0, 0, 0), "server > os > [3*container > libs > app]"),
        (
            (0, 0, 0, 1),
            "server > os > engine > [container > libs > app, libs > app, container > libs > app]",
        ),
        (
            (0, 0, 0, 1, 0, 0),
            "server > os > engine > [container > libs > app, container > libs, container > libs > app]",
        ),
        ((0, 0), "server > engine > [3*container > libs > app]"),
    ],
)
def test_removing_drops_the_layers_above_into_its_place(path, expected):
    assert format_stack(remove_layer(make_stack(CONTAINERS), path)) == expected


def test_removing_the_bottom():
    assert remove_layer(make_stack("server"), ROOT) is None
    assert format_stack(remove_layer(make_stack("server > os > app"), ROOT)) == "os > app"
    with pytest.raises(OperationError, match="several layers"):
        remove_layer(make_stack("server > [os, hypervisor]"), ROOT)


def test_duplicating_copies_the_layer_with_everything_on_it_beside_it():
    stack = make_stack("server > os > engine > [container > libs > app, container > app]")
    doubled = duplicate(stack, (0, 0, 0, 0))
    assert (
        format_stack(doubled)
        == "server > os > engine > [2*container > libs > app, container > app]"
    )
    with pytest.raises(OperationError, match="bottom layer"):
        duplicate(stack, ROOT)


def test_relabel_names_and_unnames():
    stack = relabel(make_stack("server > os"), (0, 0), "Ubuntu 24.04")
    assert format_stack(stack) == 'server > os "Ubuntu 24.04"'
    assert format_stack(relabel(stack, (0, 0), "")) == "server > os"


@pytest.mark.parametrize("label", ['say "hi"', "two\nlines", "x" * (MAX_LABEL + 1)])
def test_bad_labels_are_refused(label):
    with pytest.raises(OperationError):
        relabel(make_stack("server"), ROOT, label)
    with pytest.raises(OperationError):
        add_layer(make_stack("server"), ROOT, Kind.OS, label)


@pytest.mark.parametrize("path", [(0, 5), (1,), (0, 0, 0, 0), (0, -1), ()])
def test_every_operation_refuses_a_path_with_no_layer(path):
    stack = make_stack("server > os > app")
    for operation in (
        lambda: add_layer(stack, path, Kind.APP),
        lambda: remove_layer(stack, path),
        lambda: duplicate(stack, path),
        lambda: relabel(stack, path, "x"),
    ):
        with pytest.raises(OperationError, match="no layer at"):
            operation()


def test_operations_respect_the_limits():
    chain = make_stack(" > ".join(["server"] + ["os"] * (MAX_DEPTH - 1)))
    top = tuple([0] * MAX_DEPTH)
    with pytest.raises(OperationError, match="high"):
        add_layer(chain, top, Kind.APP)
    wide = make_stack("server > os > [50*app, 50*app, 50*app, 48*app]")
    with pytest.raises(OperationError, match="200 layers"):
        add_layer(wide, (0, 0), Kind.APP)
    with pytest.raises(OperationError, match="200 layers"):
        duplicate(wide, (0, 0, 3))


def test_adding_refuses_what_is_not_a_kind():
    with pytest.raises(OperationError, match="not a layer kind"):
        add_layer(make_stack("server"), ROOT, "kernel")  # type: ignore[arg-type]
    with pytest.raises(OperationError):
        add_layer(None, ROOT, Kind.SERVER)
    with pytest.raises(OperationError):
        add_layer(make_stack("server"), None, Kind.OS)


def test_operations_keep_the_notation_within_its_character_limit():
    labels = ", ".join(f'app "{index:02d}{"x" * 95}"' for index in range(18))
    stack = make_stack(f"server > os > [{labels}]")
    assert len(format_stack(stack)) <= 2000
    assert len(format_stack(duplicate(stack, (0, 0, 0)))) == 1906  # copies fold: "2*app …"
    with pytest.raises(OperationError, match="2000 characters"):
        add_layer(stack, (0, 0), Kind.APP, "y" * 100)
