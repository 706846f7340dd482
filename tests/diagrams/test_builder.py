"""The builder's state machine, called the way an embedding page (a quiz question) would."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string

from tests.diagrams.factories import BARE_METAL
from virtlearn.diagrams.builder import (
    BuilderError,
    apply_operation,
    builder_context,
    state_url,
)
from virtlearn.stacks.notation import NotationError


def params(**values: str) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


def test_add_selects_the_new_layer():
    step = apply_operation(params(s="server > os", op="add", at="0.0", kind="app"))
    assert step.notation == "server > os > app"
    assert step.selected == (0, 0, 0)
    assert step.announcement == "Added Application on Operating system."


def test_add_a_second_layer_beside_the_first():
    step = apply_operation(
        params(s="server > os > engine > container", op="add", at="0.0.0", kind="container")
    )
    assert step.notation == "server > os > engine > [2*container]"
    assert step.selected == (0, 0, 0, 1)


def test_add_keeps_a_label():
    step = apply_operation(params(s="server", op="add", at="0", kind="os", label="  Debian   12 "))
    assert step.notation == 'server > os "Debian 12"'


def test_errors_are_value_errors_with_a_message():
    with pytest.raises(BuilderError, match=r"no layer at 0\.3"):
        apply_operation(params(s=BARE_METAL, op="remove", at="0.3"))
    with pytest.raises(NotationError):
        apply_operation(params(s="server >", op="remove", at="0"))
    with pytest.raises(BuilderError):
        apply_operation(params(s=BARE_METAL, op="add", at="0", kind=""))
    with pytest.raises(BuilderError):
        apply_operation(params(s=BARE_METAL, op="relabel", at="0", label="x" * 101))


def test_state_url_carries_hidden_parameters():
    assert state_url("/q/7/", "server > os", (0, 0), {"question": "7"}) == (
        "/q/7/?question=7&s=server+%3E+os&at=0.0"
    )
    assert state_url("/build/", "") == "/build/"


def test_an_embedded_workspace_points_at_its_own_url():
    context = builder_context(
        params(s="server > os", at="0.0"),
        action_url="/quiz/3/",
        id_prefix="q3",
        hidden={"question": "build-containers"},
    )
    workspace = context["workspace"]
    assert workspace.status == 200
    assert workspace.redirect_to is None
    html = render_to_string("diagrams/builder.html#workspace", context)
    assert 'id="q3-workspace"' in html
    assert 'action="/builder/"' not in html and 'action="/quiz/3/"' in html
    assert html.count('name="question" value="build-containers"') >= 3
    assert 'href="/quiz/3/?question=build-containers&amp;s=server' in html


def test_an_embedded_step_gives_the_url_to_redirect_to():
    context = builder_context(
        params(s="server", op="add", at="0", kind="os"), action_url="/quiz/3/", hidden={"q": "1"}
    )
    assert context["workspace"].redirect_to == "/quiz/3/?q=1&s=server+%3E+os&at=0.0"
    assert context["workspace"].notation == "server > os"


def test_an_embedded_error_is_a_400_workspace():
    context = builder_context(params(s=BARE_METAL, op="nope"), action_url="/quiz/3/")
    assert context["workspace"].status == 400
    assert context["workspace"].error
    assert context["workspace"].stack is not None


def test_the_builder_partial_wraps_the_workspace_with_its_announcement():
    context = builder_context(params(s="server"), action_url="/quiz/3/", id_prefix="q3")
    html = render_to_string("diagrams/builder.html#builder", context)
    assert 'id="q3-announcement"' in html and 'role="status"' in html
    assert 'hx-target="#q3-workspace"' in html
    assert 'id="q3-workspace"' in html
    assert "hx-swap-oob" not in html
