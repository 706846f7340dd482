from __future__ import annotations

import json
from dataclasses import replace

from tests.stacks.factories import CONTAINERS, HOSTED_VMS, make_stack
from virtlearn.stacks.analysis import analyse
from virtlearn.stacks.architectures import Model
from virtlearn.stacks.assumptions import DEFAULT_ASSUMPTIONS


def test_the_design_s_api_example():
    data = analyse(make_stack("server > os > engine > [2*container > libs > app]")).to_dict()
    assert data["notation"] == "server > os > engine > [2*container > libs > app]"
    assert data["valid"] is True
    assert data["model"] == "container-based"
    assert data["model_name"] == "Container-based"
    assert data["errors"] == []
    assert data["hints"] == []
    assert {k: data["metrics"][k] for k in ("kernels", "vms", "containers", "apps")} == {
        "kernels": 1,
        "vms": 0,
        "containers": 2,
        "apps": 2,
    }
    assert json.loads(json.dumps(data)) == data


def test_an_invalid_stack_reports_errors_and_no_metrics():
    analysis = analyse(make_stack("server>app"))
    assert analysis.notation == "server > app"
    assert not analysis.valid
    assert analysis.model is Model.INVALID
    assert analysis.model_name == "Invalid"
    assert analysis.metrics is None
    assert analysis.error_paths == frozenset({(0, 0)})
    data = analysis.to_dict()
    assert data["errors"] == [
        {"code": "app-without-os", "message": analysis.errors[0].message, "layer": "0.0"}
    ]
    assert data["metrics"] is None
    assert data["hints"] == []


def test_hints_come_with_valid_stacks():
    analysis = analyse(make_stack("server > os > app"))
    assert [hint.code for hint in analysis.hints] == ["one-app-per-server"]
    assert analysis.error_paths == frozenset()


def test_assumptions_reach_the_metrics():
    small = replace(DEFAULT_ASSUMPTIONS, app_memory_mb=128)
    assert (
        analyse(make_stack(CONTAINERS), small).metrics.apps_that_fit
        > analyse(make_stack(CONTAINERS)).metrics.apps_that_fit
    )


def test_model_name_follows_the_model():
    assert analyse(make_stack(HOSTED_VMS)).model_name == "Hypervisor-based, type 2 (hosted)"
