from __future__ import annotations

import io

from PIL import Image

from virtlearn.stacks.layout import ERROR_COLOUR, LOOKS, Box, Diagram, layout
from virtlearn.stacks.png import MAX_PIXELS, MAX_SIDE, SCALE, png_scale, png_size, to_png
from virtlearn.stacks.tree import Kind, Layer


def make_layer(kind: str, label: str = "", *above: Layer) -> Layer:
    return Layer(Kind(kind), label, tuple(above))


def make_stack(apps: int = 2) -> Layer:
    return make_layer(
        "server",
        "",
        make_layer(
            "hypervisor",
            "KVM",
            *[
                make_layer("vm", "", make_layer("os", "Debian", make_layer("app", f"App {i}")))
                for i in range(apps)
            ],
        ),
    )


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def near(pixel: tuple[int, ...], colour: str, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], rgb(colour), strict=True))


def pixel_in(image: Image.Image, diagram: Diagram, x: float, y: float) -> tuple[int, ...]:
    scale = png_scale(diagram)
    return image.getpixel((int(x * scale), int(y * scale)))


def test_the_png_opens_and_is_twice_the_diagram() -> None:
    diagram = layout(make_stack())
    image = open_png(to_png(diagram))
    assert image.format == "PNG"
    assert (
        image.size
        == png_size(diagram)
        == (round(diagram.width * SCALE), round(diagram.height * SCALE))
    )


def test_same_input_same_bytes_and_no_varying_metadata() -> None:
    diagram = layout(make_stack(), frozenset({(0, 0, 1)}))
    data = to_png(diagram)
    assert data == to_png(layout(make_stack(), frozenset({(0, 0, 1)})))
    image = open_png(data)
    assert not getattr(image, "text", {})
    assert b"tIME" not in data


def test_boxes_are_drawn_in_their_kinds_colours_where_the_layout_puts_them() -> None:
    diagram = layout(make_stack())
    image = open_png(to_png(diagram)).convert("RGB")
    for box in diagram.boxes:
        # just inside the right edge, halfway up: fill, clear of the text and glyph
        pixel = pixel_in(image, diagram, box.x + box.width - 3, box.y + box.height - 3)
        assert near(pixel, LOOKS[box.kind].fill), (box.path, pixel)


def error_pixels(image: Image.Image, diagram: Diagram, box: Box) -> int:
    scale = png_scale(diagram)
    region = image.crop(
        (
            int(box.x * scale),
            int(box.y * scale),
            int((box.x + box.width) * scale),
            int((box.y + box.height) * scale),
        )
    )
    return sum(1 for pixel in region.get_flattened_data() if near(pixel, ERROR_COLOUR, 30))


def test_error_layers_are_outlined_and_marked_in_red() -> None:
    diagram = layout(make_stack(), frozenset({(0, 0, 1)}))
    image = open_png(to_png(diagram)).convert("RGB")
    boxes = {box.path: box for box in diagram.boxes}
    wrong, right = boxes[(0, 0, 1)], boxes[(0, 0, 0)]
    assert error_pixels(image, diagram, wrong) > 500
    assert error_pixels(image, diagram, right) == 0
    # the marker sits in the top right corner, away from the outline
    x, y = wrong.marker_origin()
    marker = pixel_in(image, diagram, x + 4, y + 13.5)
    assert near(marker, ERROR_COLOUR, 30)


def test_a_huge_stack_gives_a_bounded_image() -> None:
    stack = make_layer(
        "server",
        "",
        make_layer(
            "os", "", make_layer("engine", "", *[make_layer("container") for _ in range(198)])
        ),
    )
    diagram = layout(stack)
    image = open_png(to_png(diagram))
    width, height = image.size
    assert width <= MAX_SIDE and height <= MAX_SIDE
    assert width * height <= MAX_PIXELS
    assert image.size == png_size(diagram)
    assert abs((width / height) / (diagram.width / diagram.height) - 1) < 0.02


def test_a_tall_stack_gives_a_bounded_image() -> None:
    stack = make_layer("app")
    for _ in range(11):
        stack = make_layer("os", "", stack)
    diagram = layout(stack)
    image = open_png(to_png(diagram))
    assert image.size == png_size(diagram)
    assert image.height <= MAX_SIDE
