from __future__ import annotations

import time

import pytest

from tests.stacks.factories import CONTAINERS, CONTAINERS_IN_VMS, HOSTED_VMS, make_layer
from virtlearn.stacks.notation import (
    MAX_CHARS,
    MAX_COUNT,
    MAX_DEPTH,
    MAX_LABEL,
    MAX_LAYERS,
    NotationError,
    canonical,
    format_stack,
    parse,
)
from virtlearn.stacks.tree import Kind

KINDS = "(server, os, hypervisor, vm, engine, container, libs, app)"


def error_of(text: str) -> NotationError:
    with pytest.raises(NotationError) as caught:
        parse(text)
    return caught.value


def test_parses_a_chain_bottom_first():
    stack = parse("server > os > app")
    assert stack == make_layer("server", make_layer("os", make_layer("app")))


def test_parses_groups_and_expands_counts():
    stack = parse(CONTAINERS)
    engine = stack.at((0, 0, 0))
    assert engine.kind is Kind.ENGINE
    assert len(engine.above) == 3
    assert all(
        c == make_layer("container", make_layer("libs", make_layer("app"))) for c in engine.above
    )
    assert stack.size() == 3 + 3 * 3


def test_parses_labels_and_keeps_them_exactly():
    stack = parse('server "Dell R740" > os "Ubuntu 24.04" > app "Payroll, v2 > old"')
    assert [layer.label for _path, layer in stack.walk()] == [
        "Dell R740",
        "Ubuntu 24.04",
        "Payroll, v2 > old",
    ]


def test_whitespace_is_free():
    assert parse("  server>os\n>\tengine>[ 2 * container>libs>app ]  ") == parse(
        "server > os > engine > [2*container > libs > app]"
    )


def test_kinds_are_case_insensitive():
    assert parse("SERVER > Os > ApP") == parse("server > os > app")


@pytest.mark.parametrize(
    ("alias", "kind"),
    [
        ("hardware", "server"),
        ("host", "server"),
        ("machine", "server"),
        ("docker", "engine"),
        ("Podman", "engine"),
        ("containerd", "engine"),
        ("application", "app"),
        ("lib", "libs"),
        ("bins", "libs"),
    ],
)
def test_aliases_read_as_their_kind_and_format_as_the_kind(alias, kind):
    assert parse(alias).kind is Kind(kind)
    assert canonical(alias) == kind


def test_canonical_form_folds_copies_and_spaces_evenly():
    text = "server>os>docker>[container>libs>app,container>libs>app,container > app]"
    assert canonical(text) == "server > os > engine > [2*container > libs > app, container > app]"


def test_canonical_form_of_the_design_examples_is_themselves():
    for text in [CONTAINERS, HOSTED_VMS, "server > os > app"]:
        assert canonical(text) == text


def test_a_group_of_one_is_written_without_brackets():
    assert canonical("server > [os > [app]]") == "server > os > app"
    assert canonical(CONTAINERS_IN_VMS) == (
        "server > hypervisor > vm > os > engine > [2*container > libs > app]"
    )


def test_only_consecutive_equal_siblings_fold():
    assert (
        canonical("server > os > [app, libs > app, app]") == "server > os > [app, libs > app, app]"
    )


def test_labels_are_quoted_and_empty_labels_dropped():
    assert canonical('os  "Ubuntu 24.04" > app ""') == 'os "Ubuntu 24.04" > app'


def test_format_stack_writes_a_hand_built_tree():
    vm = make_layer("vm", make_layer("os", make_layer("app")))
    stack = make_layer("server", make_layer("hypervisor", vm, vm, label="ESXi"))
    assert format_stack(stack) == 'server > hypervisor "ESXi" > [2*vm > os > app]'


def test_the_design_s_example_error():
    error = error_of("server > os > kernel")
    assert error.position == 14
    assert error.column == 15
    assert str(error) == f'column 15: expected a layer kind {KINDS}, found "kernel"'


def test_an_unknown_kind_at_the_start():
    error = error_of("kernel > app")
    assert str(error) == f'column 1: expected a layer kind {KINDS}, found "kernel"'


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_expects_a_kind_and_finds_the_end(text):
    error = error_of(text)
    assert error.message == f"expected a layer kind {KINDS}, found the end"
    assert error.position == len(text)


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("server >", 9, f"expected a layer kind {KINDS}, found the end"),
        ("server os", 8, 'expected ">" or the end, found "os"'),
        ("server > [os, ]", 15, f'expected a layer kind {KINDS}, found "]"'),
        ("server > [os > app", 19, 'expected ">", "," or "]", found the end'),
        ("server > [os app]", 14, 'expected ">", "," or "]", found "app"'),
        ("server > [3 os]", 13, 'expected "*" after the count 3, found "os"'),
        ("server > 2*os", 10, "copies go in a group"),
        ("server > [os, os] > app", 19, "expected the end (a group is the top of its stack"),
        ("server > [vm > [os, os] > app]", 25, 'expected "," or "]" (a group is the top'),
        ('server > os "Ubuntu', 20, "closing quotation mark for the label opened at column 13"),
        ("server > os > $", 15, 'found "$"'),
        ("server > os > ]", 15, 'found "]"'),
    ],
)
def test_syntax_errors_name_the_column_and_what_was_expected(text, column, expected):
    error = error_of(text)
    assert error.column == column
    assert expected in error.message


def test_a_long_unknown_word_is_shortened_in_the_message():
    error = error_of("x" * 100)
    assert 'found "xxxxxxxxxxxxxxxxxxxx…"' in error.message


def test_labels_may_not_hold_line_breaks():
    error = error_of('server > os "Ubuntu\n24.04"')
    assert error.column == 20
    assert "line break" in error.message


def test_labels_have_a_length_limit():
    assert parse(f'os "{"a" * MAX_LABEL}"').label == "a" * MAX_LABEL
    error = error_of(f'os "{"a" * (MAX_LABEL + 1)}"')
    assert f"at most {MAX_LABEL} characters" in error.message


def test_the_character_limit():
    assert parse("server" + " " * (MAX_CHARS - 6)).kind is Kind.SERVER
    error = error_of("server" + " " * (MAX_CHARS - 5))
    assert error.message == f"expected at most {MAX_CHARS} characters, found {MAX_CHARS + 1}"


def test_the_count_limit():
    assert len(parse(f"server > os > [{MAX_COUNT}*app]").at((0, 0)).above) == MAX_COUNT
    for count in [0, MAX_COUNT + 1, 1000, 10**40]:
        error = error_of(f"server > os > [{count}*app]")
        assert error.column == 16
        assert f"expected a count from 1 to {MAX_COUNT}" in error.message


def test_the_layer_limit():
    # 1 server + 1 os + 3 engines * (1 + 50 + 15) would be 200; one more is too many.
    fits = "server > os > [3*engine > [50*container, 15*container]]"
    assert parse(fits).size() == 2 + 3 * 66
    assert parse(fits).size() <= MAX_LAYERS
    error = error_of("server > os > [3*engine > [50*container, 15*container], app]")
    assert f"expected at most {MAX_LAYERS} layers" in error.message


def test_multiplied_counts_fail_fast_without_expanding():
    text = "server > [50*os > [50*engine > [50*container > [50*libs > [50*app]]]]]"
    started = time.perf_counter()
    error = error_of(text)
    assert time.perf_counter() - started < 0.05
    assert f"at most {MAX_LAYERS} layers" in error.message


def test_the_depth_limit():
    chain = " > ".join(["server"] + ["os"] * (MAX_DEPTH - 1))
    assert parse(chain).depth() == MAX_DEPTH
    error = error_of(chain + " > app")
    assert error.column == len(chain) + 4
    assert f"at most {MAX_DEPTH} layers from bottom to top" in error.message


def test_deep_brackets_never_recurse_out_of_control():
    error = error_of("server > " + "[" * 1500)
    assert error.column == 11


def test_errors_keep_a_template_and_params_for_translation():
    error = error_of("server > os > kernel")
    assert error.template % error.params == error.message
    assert "%(found)s" in error.template
