from __future__ import annotations

from tests.stacks.factories import HOSTED_VMS, make_stack
from virtlearn.stacks.kinds import (
    KIND_DESCRIPTIONS,
    KIND_NAMES,
    MAY_REST_ON,
    Kind,
    kinds_that_fit_on,
)


def test_the_table_covers_every_kind():
    assert set(MAY_REST_ON) == set(KIND_NAMES) == set(KIND_DESCRIPTIONS) == set(Kind)
    assert KIND_NAMES[Kind.LIBS] == "Bins/libs"


def test_what_fits_where():
    assert kinds_that_fit_on(None) == [Kind.SERVER]
    assert kinds_that_fit_on(Kind.SERVER) == [Kind.OS, Kind.HYPERVISOR]
    assert kinds_that_fit_on(Kind.OS) == [Kind.HYPERVISOR, Kind.ENGINE, Kind.LIBS, Kind.APP]
    assert kinds_that_fit_on(Kind.HYPERVISOR) == [Kind.VM]
    assert kinds_that_fit_on(Kind.VM) == [Kind.OS]
    assert kinds_that_fit_on(Kind.ENGINE) == [Kind.CONTAINER]
    assert kinds_that_fit_on(Kind.CONTAINER) == [Kind.LIBS, Kind.APP]
    assert kinds_that_fit_on(Kind.LIBS) == [Kind.APP]
    assert kinds_that_fit_on(Kind.APP) == []


def test_a_server_rests_on_nothing():
    assert MAY_REST_ON[Kind.SERVER] == frozenset()
    assert all(Kind.SERVER not in kinds_that_fit_on(kind) for kind in Kind)


def test_a_layer_counts_the_kinds_on_it():
    stack = make_stack(HOSTED_VMS)
    assert stack.count(Kind.OS) == 4
    assert stack.at((0, 0, 0, 1)).count(Kind.OS) == 1
    assert stack.count(Kind.CONTAINER) == 0
