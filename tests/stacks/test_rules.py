from __future__ import annotations

import pytest

from tests.stacks.factories import (
    BARE_METAL,
    BARE_METAL_VMS,
    CONTAINERS,
    CONTAINERS_IN_VMS,
    HOSTED_VMS,
    make_stack,
)
from virtlearn.stacks.kinds import MAY_REST_ON
from virtlearn.stacks.rules import ERRORS, HINTS, Finding, check, hints
from virtlearn.stacks.tree import Kind, Layer


def error_codes(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.to_dict()["layer"]) for f in check(make_stack(text))]


def hint_codes(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.to_dict()["layer"]) for f in hints(make_stack(text))]


@pytest.mark.parametrize(
    "text",
    [
        BARE_METAL,
        HOSTED_VMS,
        CONTAINERS,
        BARE_METAL_VMS,
        CONTAINERS_IN_VMS,
        "server",
        "server > os",
        "server > os > [app, libs > app, engine > container > app]",
        "server > os > hypervisor > vm > os > hypervisor > vm > os > app",
        "server > os > [hypervisor > vm > os > app, engine > container > libs > app]",
    ],
)
def test_sound_stacks_break_no_rule(text):
    assert check(make_stack(text)) == []


RULE_CASES = [
    ("os > app", [("bottom-not-server", "0")]),
    ("app", [("bottom-not-server", "0")]),
    ("hypervisor > vm > os > app", [("bottom-not-server", "0")]),
    ("server > os > server", [("server-not-at-bottom", "0.0.0")]),
    ("server > server > os", [("server-not-at-bottom", "0.0")]),
    ("server > os > app > libs", [("nothing-on-app", "0.0.0.0")]),
    ("server > os > app > app", [("nothing-on-app", "0.0.0.0")]),
    ("server > os > app > server", [("nothing-on-app", "0.0.0.0")]),
    ("server > [os > app, hypervisor]", [("one-system-per-server", "0")]),
    ("server > [os, os]", [("one-system-per-server", "0")]),
    (
        "server > os > engine > container > os > app",
        [("os-in-container", "0.0.0.0.0")],
    ),
    ("server > os > hypervisor > os > app", [("os-not-on-hardware", "0.0.0.0")]),
    ("server > os > os > app", [("os-not-on-hardware", "0.0.0")]),
    ("server > os > engine > os", [("os-not-on-hardware", "0.0.0.0")]),
    (
        "server > hypervisor > vm > os > engine > hypervisor",
        [("hypervisor-not-on-server-or-os", "0.0.0.0.0.0")],
    ),
    (
        "server > hypervisor > vm > hypervisor > vm > os",
        [
            ("vm-without-guest-os", "0.0.0"),
            ("hypervisor-not-on-server-or-os", "0.0.0.0"),
        ],
    ),
    ("server > vm > os > app", [("vm-not-on-hypervisor", "0.0")]),
    ("server > os > vm > os > app", [("vm-not-on-hypervisor", "0.0.0")]),
    ("server > os > hypervisor > vm", [("vm-without-guest-os", "0.0.0.0")]),
    (
        "server > os > hypervisor > vm > app",
        [("vm-without-guest-os", "0.0.0.0"), ("app-without-os", "0.0.0.0.0")],
    ),
    ("server > hypervisor > vm > [os > app, os > app]", [("vm-with-several-os", "0.0.0")]),
    ("server > engine > container > app", [("engine-not-on-os", "0.0")]),
    ("server > hypervisor > engine", [("engine-not-on-os", "0.0.0")]),
    ("server > os > container > libs > app", [("container-not-on-engine", "0.0.0")]),
    ("server > os > libs > container > app", [("container-not-on-engine", "0.0.0.0")]),
    ("server > libs > app", [("libs-without-os", "0.0")]),
    ("server > os > engine > libs > app", [("libs-without-os", "0.0.0.0")]),
    ("server > app", [("app-without-os", "0.0")]),
    ("server > os > hypervisor > app", [("app-without-os", "0.0.0.0")]),
    ("server > os > engine > app", [("app-not-in-container", "0.0.0.0")]),
]


@pytest.mark.parametrize(("text", "expected"), RULE_CASES)
def test_each_rule_points_at_the_layer_that_breaks_it(text, expected):
    assert error_codes(text) == expected


def test_errors_come_bottom_layer_first():
    codes = error_codes("app > server > vm")
    assert codes == [
        ("bottom-not-server", "0"),
        ("nothing-on-app", "0.0"),
        ("vm-not-on-hypervisor", "0.0.0"),
        ("vm-without-guest-os", "0.0.0"),
    ]


def test_every_specific_rule_has_a_case_above():
    covered = {code for _text, expected in RULE_CASES for code, _layer in expected}
    # kind-not-allowed-here is the fallback for a kind with no message of its own (none yet).
    assert covered == set(ERRORS) - {"kind-not-allowed-here"}


def test_messages_are_sentences_that_explain():
    for code, message in ERRORS.items():
        assert len(message) > 40, code
        assert message.endswith("."), code
    for code, message in HINTS.items():
        assert len(message) > 40, code


def test_the_design_s_messages_are_used_as_written():
    assert check(make_stack("server > app"))[0].message == (
        "An application needs an operating system to run on: it calls the kernel for memory, "
        "files and network."
    )
    assert check(make_stack("server > hypervisor > vm"))[0].message == (
        "A virtual machine is virtual hardware; it needs its own guest operating system."
    )


def test_a_placement_is_an_error_exactly_when_may_rest_on_forbids_it():
    for lower in Kind:
        if lower is Kind.APP:
            continue
        for upper in Kind:
            stack = Layer(
                Kind.SERVER, above=(Layer(Kind.OS, above=(Layer(lower, above=(Layer(upper),)),)),)
            )
            if lower is Kind.SERVER:
                continue
            placement = [f for f in check(stack) if f.path == (0, 0, 0, 0)]
            placement = [f for f in placement if f.code not in {"vm-without-guest-os"}]
            assert bool(placement) == (lower not in MAY_REST_ON[upper]), (lower, upper)


def test_finding_to_dict_names_the_layer_by_path():
    finding = Finding("app-without-os", "msg", (0, 1, 2))
    assert finding.to_dict() == {"code": "app-without-os", "message": "msg", "layer": "0.1.2"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BARE_METAL, [("one-app-per-server", "0")]),
        ("server > os > libs > app", [("one-app-per-server", "0")]),
        ("server > os > [app, libs > app]", [("apps-share-os", "0.0")]),
        ("server > hypervisor > vm > os > [app, app]", [("apps-share-os", "0.0.0.0")]),
        ("server > os > engine > container > app", [("container-without-libs", "0.0.0.0")]),
        ("server > os > engine > container > libs", [("container-without-app", "0.0.0.0")]),
        (
            "server > os > engine > container > libs > [app, app]",
            [("several-apps-in-container", "0.0.0.0")],
        ),
        ("server > os > hypervisor", [("hypervisor-without-vms", "0.0.0")]),
        ("server > hypervisor", [("hypervisor-without-vms", "0.0")]),
        ("server > os > engine", [("engine-without-containers", "0.0.0")]),
        (
            "server > hypervisor > [vm > os > app, vm > os]",
            [("vm-without-app", "0.0.1")],
        ),
    ],
)
def test_each_hint_points_at_what_to_notice(text, expected):
    assert hint_codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        HOSTED_VMS,
        CONTAINERS,
        BARE_METAL_VMS,
        CONTAINERS_IN_VMS,
        "server > os > engine > [2*container > libs > app]",
        "server > os > [engine > container > libs > app, libs > app]",
    ],
)
def test_well_built_stacks_get_no_hints(text):
    assert hints(make_stack(text)) == []


def test_apps_in_containers_do_not_share_the_host_os():
    assert hint_codes("server > os > engine > [2*container > libs > app]") == []
