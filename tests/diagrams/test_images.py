from __future__ import annotations

import io

from PIL import Image

from tests.diagrams.factories import CONTAINERS

LONG_CACHE = "public, max-age=31536000, immutable"


def test_svg_export(client):
    response = client.get("/build/diagram.svg", {"s": CONTAINERS})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == LONG_CACHE
    assert response["Content-Disposition"] == 'inline; filename="stack.svg"'
    body = response.content.decode()
    assert body.startswith("<?xml")
    assert 'xmlns="http://www.w3.org/2000/svg"' in body
    assert "<title" in body and "<desc" in body
    assert "style=" not in body


def test_png_export_opens_with_pillow(client):
    response = client.get("/build/diagram.png", {"s": CONTAINERS})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="stack.png"'
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.width > 100 and image.height > 100


def test_the_same_stack_written_differently_gives_the_same_etag_and_bytes(client):
    for extension in ("svg", "png"):
        first = client.get(f"/build/diagram.{extension}", {"s": CONTAINERS})
        second = client.get(
            f"/build/diagram.{extension}",
            {"s": "hardware>os>docker>[container>libs>app,container>libs>app]"},
        )
        assert first["ETag"] == second["ETag"]
        assert first.content == second.content


def test_different_stacks_and_formats_have_different_etags(client):
    svg = client.get("/build/diagram.svg", {"s": CONTAINERS})["ETag"]
    png = client.get("/build/diagram.png", {"s": CONTAINERS})["ETag"]
    other = client.get("/build/diagram.svg", {"s": "server > os > app"})["ETag"]
    assert len({svg, png, other}) == 3


def test_if_none_match_answers_304(client):
    etag = client.get("/build/diagram.png", {"s": CONTAINERS})["ETag"]
    response = client.get("/build/diagram.png", {"s": CONTAINERS}, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == LONG_CACHE
    weak = client.get("/build/diagram.png", {"s": CONTAINERS}, HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert weak.status_code == 304
    stale = client.get("/build/diagram.png", {"s": CONTAINERS}, HTTP_IF_NONE_MATCH='"old"')
    assert stale.status_code == 200


def test_a_stack_that_breaks_rules_is_drawn_with_its_errors(client):
    response = client.get("/build/diagram.svg", {"s": "server > app"})
    assert response.status_code == 200
    assert "has-error" in response.content.decode()


def test_bad_notation_is_a_400_with_a_message(client):
    for extension in ("svg", "png"):
        response = client.get(f"/build/diagram.{extension}", {"s": "server > kernel"})
        assert response.status_code == 400
        assert "column 10" in response.content.decode()
        missing = client.get(f"/build/diagram.{extension}")
        assert missing.status_code == 400
