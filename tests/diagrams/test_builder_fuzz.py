"""Whatever a learner (or a robot) puts in the builder's URL, the answer is never a 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.diagrams.factories import HTMX, build_url

WORDS = ["server", "os", "vm", "hypervisor", "engine", "container", "libs", "app", "docker"]
SIGNS = [" > ", ">", "[", "]", ",", "2*", "51*", '"', '"x"', " ", "kernel", "\x00", "é"]
notation = st.lists(st.sampled_from(WORDS + SIGNS), max_size=14).map("".join)
paths = st.one_of(
    st.just(""),
    st.lists(st.integers(0, 3), min_size=1, max_size=5).map(lambda p: ".".join(map(str, p))),
    st.text(max_size=6),
)
ops = st.sampled_from(["", "add", "remove", "duplicate", "relabel", "explode"])
kinds = st.one_of(st.sampled_from(WORDS), st.text(max_size=5))
labels = st.one_of(st.just(""), st.text(max_size=12))
numbers = st.one_of(st.just(""), st.sampled_from(["256", "-1", "1e9", "nan", "x", "0.5"]))


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(s=notation, op=ops, at=paths, kind=kinds, label=labels, memory=numbers, htmx=st.booleans())
def test_the_builder_answers_every_request_with_a_state_or_a_message(
    client, s, op, at, kind, label, memory, htmx
):
    params = {"s": s, "op": op, "at": at, "kind": kind, "label": label, "app_memory_mb": memory}
    response = client.get(
        build_url(**{k: v for k, v in params.items() if v}), **(HTMX if htmx else {})
    )
    assert response.status_code in {200, 303, 400}
    if response.status_code == 400:
        body = response.content.decode()
        assert 'role="alert"' in body
    if response.status_code == 303:
        assert client.get(response["Location"]).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(s=notation)
def test_the_api_and_images_answer_every_notation(client, s):
    assert client.get("/api/stack", {"s": s}).status_code in {200, 400}
    assert client.get("/build/diagram.svg", {"s": s}).status_code in {200, 400}
