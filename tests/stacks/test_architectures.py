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
from virtlearn.stacks.architectures import (
    MODEL_NAMES,
    MODEL_SUMMARIES,
    Model,
    hypervisor_type,
    recognise,
)


@pytest.mark.parametrize(
    ("text", "model"),
    [
        (BARE_METAL, Model.BARE_METAL),
        ("server > os > [app, libs > app]", Model.BARE_METAL),
        (HOSTED_VMS, Model.HOSTED_HYPERVISOR),
        (BARE_METAL_VMS, Model.BARE_METAL_HYPERVISOR),
        (CONTAINERS, Model.CONTAINER_BASED),
        ("server > os > [engine > container > app, app]", Model.CONTAINER_BASED),
        (CONTAINERS_IN_VMS, Model.CONTAINERS_IN_VMS),
        (
            "server > os > hypervisor > [vm > os > engine > container > app, vm > os > app]",
            Model.CONTAINERS_IN_VMS,
        ),
        ("server", Model.INCOMPLETE),
        ("server > os > hypervisor > vm > os", Model.INCOMPLETE),
        ("server > os > engine > container > libs", Model.INCOMPLETE),
        ("server > app", Model.INVALID),
        ("os > app", Model.INVALID),
        ("server > os > engine > container > os > app", Model.INVALID),
    ],
)
def test_recognises_the_course_models(text, model):
    assert recognise(make_stack(text)) is model


def test_a_host_running_a_hypervisor_and_an_engine_is_hypervisor_based():
    stack = make_stack("server > os > [hypervisor > vm > os > app, engine > container > app]")
    assert recognise(stack) is Model.HOSTED_HYPERVISOR


def test_a_type_1_hypervisor_wins_over_a_nested_type_2():
    stack = make_stack("server > hypervisor > vm > os > hypervisor > vm > os > app")
    assert recognise(stack) is Model.BARE_METAL_HYPERVISOR
    assert hypervisor_type(stack) == 1


def test_hypervisor_type_follows_what_it_rests_on():
    assert hypervisor_type(make_stack(BARE_METAL_VMS)) == 1
    assert hypervisor_type(make_stack(HOSTED_VMS)) == 2
    assert hypervisor_type(make_stack(CONTAINERS)) is None


def test_every_model_has_a_name_and_a_summary():
    assert set(MODEL_NAMES) == set(Model) == set(MODEL_SUMMARIES)
    assert MODEL_NAMES[Model.BARE_METAL_HYPERVISOR] == "Hypervisor-based, type 1 (bare-metal)"
    assert Model("containers-in-vms") is Model.CONTAINERS_IN_VMS
