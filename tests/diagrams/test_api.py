from __future__ import annotations

from tests.diagrams.factories import CONTAINERS

KEYS = {"notation", "valid", "model", "model_name", "errors", "hints", "metrics"}


def test_a_valid_stack_answers_the_analysis(client):
    response = client.get(
        "/api/stack", {"s": "server>os>engine>[container>libs>app, container>libs>app]"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == KEYS
    assert data["notation"] == CONTAINERS
    assert data["valid"] is True
    assert data["model"] == "container-based"
    assert data["model_name"] == "Container-based"
    assert data["errors"] == []
    assert data["metrics"]["kernels"] == 1
    assert data["metrics"]["containers"] == 2
    assert data["metrics"]["apps"] == 2


def test_a_broken_rule_is_still_200_with_the_errors(client):
    data = client.get("/api/stack", {"s": "server > app"}).json()
    assert data["valid"] is False
    assert data["model"] == "invalid"
    assert data["metrics"] is None
    assert data["errors"]
    assert set(data["errors"][0]) == {"code", "message", "layer"}
    assert data["errors"][0]["layer"] == "0.0"


def test_text_that_does_not_parse_is_a_400_with_its_position(client):
    response = client.get("/api/stack", {"s": "server > os > kernel"})
    assert response.status_code == 400
    data = response.json()
    assert data["position"] == 14
    assert data["error"].startswith("column 15: expected a layer kind")


def test_past_a_limit_is_a_400(client):
    response = client.get("/api/stack", {"s": "x" * 2001})
    assert response.status_code == 400
    assert "error" in response.json()


def test_a_missing_notation_is_a_400_json(client):
    response = client.get("/api/stack")
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_empty_notation_is_a_400(client):
    response = client.get("/api/stack", {"s": "  "})
    assert response.status_code == 400
    assert response.json()["position"] is not None


def test_assumptions_may_be_overridden(client):
    default = client.get("/api/stack", {"s": CONTAINERS}).json()["metrics"]
    lighter = client.get("/api/stack", {"s": CONTAINERS, "app_memory_mb": "128"}).json()["metrics"]
    assert lighter["apps_that_fit"] > default["apps_that_fit"]


def test_a_bad_assumption_is_a_400_naming_it(client):
    response = client.get("/api/stack", {"s": CONTAINERS, "app_memory_mb": "lots"})
    assert response.status_code == 400
    assert "app_memory_mb" in response.json()["error"]


def test_the_api_refuses_post(client):
    assert client.post("/api/stack", {"s": CONTAINERS}).status_code == 405
