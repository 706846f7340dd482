from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from virtlearn.stacks.layout import Diagram, layout
from virtlearn.stacks.svg import to_svg
from virtlearn.stacks.tree import Kind, Layer

SVG = "{http://www.w3.org/2000/svg}"


def make_layer(kind: str, label: str = "", *above: Layer) -> Layer:
    return Layer(Kind(kind), label, tuple(above))


def make_stack(app_label: str = "nginx") -> Layer:
    return make_layer(
        "server",
        "Dell R740",
        make_layer(
            "os",
            "Ubuntu 24.04",
            make_layer(
                "engine",
                "Docker",
                make_layer("container", "", make_layer("libs", "", make_layer("app", app_label))),
                make_layer("container", "", make_layer("os")),
            ),
        ),
    )


def make_svg(diagram: Diagram | None = None, **options: object) -> str:
    return to_svg(
        diagram or layout(make_stack()),
        title=str(options.pop("title", "Stack diagram: Container-based")),
        description=str(options.pop("description", "A physical server runs one operating system.")),
        **options,  # type: ignore[arg-type]
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n'))


def layer_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "layer" in g.get("class", "").split()]


def test_the_svg_is_an_image_named_by_its_title_and_description() -> None:
    root = parse(make_svg(id_prefix="fig-1"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "fig-1-title fig-1-desc"
    assert root.find(f"{SVG}title").get("id") == "fig-1-title"
    assert root.find(f"{SVG}title").text == "Stack diagram: Container-based"
    assert root.find(f"{SVG}desc").get("id") == "fig-1-desc"
    assert root.find(f"{SVG}desc").text == "A physical server runs one operating system."


def test_size_matches_the_diagram_so_wide_stacks_scroll_rather_than_shrink() -> None:
    diagram = layout(make_stack())
    root = parse(make_svg(diagram))
    assert root.get("width") == str(diagram.width)
    assert root.get("height") == str(diagram.height)
    assert root.get("viewBox") == f"0 0 {diagram.width} {diagram.height}"


def test_ids_are_unique_within_and_between_diagrams() -> None:
    one = make_svg(id_prefix="a")
    two = make_svg(id_prefix="b")
    ids_one = re.findall(r'\bid="([^"]+)"', one)
    ids_two = re.findall(r'\bid="([^"]+)"', two)
    assert len(ids_one) == len(set(ids_one))
    assert not set(ids_one) & set(ids_two)


def test_without_a_prefix_ids_are_stable_for_a_drawing_and_differ_between_drawings() -> None:
    first = parse(make_svg()).get("aria-labelledby")
    assert first == parse(make_svg()).get("aria-labelledby")
    other = parse(make_svg(layout(make_stack("redis")))).get("aria-labelledby")
    assert other != first


def test_an_id_prefix_cannot_break_out_of_its_attribute() -> None:
    svg = make_svg(id_prefix='x" onload="alert(1)')
    root = parse(svg)
    assert "onload" not in root.attrib
    assert all(
        re.fullmatch(r"[A-Za-z0-9_-]+", value) for value in re.findall(r'\bid="([^"]+)"', svg)
    )


def test_labels_titles_and_descriptions_are_escaped() -> None:
    evil = '<script>x</script> & "co"'
    svg = make_svg(
        layout(make_stack(evil)), title="<b>title</b>", description="<img src=x onerror=alert(1)>"
    )
    assert "<script" not in svg
    assert "<b>" not in svg
    assert "<img" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<b>title</b>"
    app = next(g for g in layer_groups(root) if "layer-app" in g.get("class"))
    shown = " ".join(t.text for t in app.iter(f"{SVG}text") if t.get("class") == "layer-label")
    assert shown == evil


def test_control_characters_in_a_label_do_not_break_the_xml() -> None:
    svg = make_svg(layout(make_stack("bad\x00\x1b[31mlabel\x08")), standalone=True)
    parse(svg)  # would raise on characters XML forbids


def test_no_style_attributes_or_elements() -> None:
    svg = make_svg(layout(make_stack()), standalone=True)
    root = parse(svg)
    assert root.find(f".//{SVG}style") is None
    assert all("style" not in element.attrib for element in root.iter())
    assert "<script" not in svg


def test_each_layer_is_a_group_with_its_kind_a_glyph_and_its_full_text() -> None:
    label = "A label far too long to fit in any box of this diagram, so it gets shortened"
    stack = make_stack(label)
    root = parse(make_svg(layout(stack)))
    groups = layer_groups(root)
    assert len(groups) == stack.size()
    for group, (path, layer) in zip(groups, stack.walk(), strict=True):
        assert f"layer-{layer.kind.value}" in group.get("class").split()
        assert group.get("data-layer") == ".".join(map(str, path))
        assert group.find(f"{SVG}g[@class='layer-glyph']") is not None
        assert group.find(f"{SVG}text[@class='layer-name']") is not None
    app = next(g for g in groups if "layer-app" in g.get("class"))
    assert app.find(f"{SVG}title").text.endswith(f"“{label}”")
    shown = " ".join(t.text for t in app.iter(f"{SVG}text") if t.get("class") == "layer-label")
    assert shown.endswith("…")


def test_kinds_are_told_apart_by_glyph_not_only_colour() -> None:
    stack = make_layer(
        "server",
        "",
        make_layer("hypervisor", "", make_layer("vm", "", make_layer("os", "", make_layer("app")))),
        make_layer(
            "os", "", make_layer("engine", "", make_layer("container", "", make_layer("libs")))
        ),
    )
    root = parse(make_svg(layout(stack)))
    glyphs: dict[str, str] = {}
    for group in layer_groups(root):
        kind = group.get("class").split()[1]
        glyph = group.find(f"{SVG}g[@class='layer-glyph']")
        shapes = "".join(ET.tostring(child, encoding="unicode") for child in glyph)
        shapes = re.sub(r'(fill|stroke)="#[0-9a-f]+"', "", shapes)
        glyphs.setdefault(kind, shapes)
    assert len(glyphs) == len(Kind)
    assert len(set(glyphs.values())) == len(Kind)


def test_error_layers_get_a_dashed_outline_and_a_warning_marker() -> None:
    stack = make_stack()
    errors = frozenset({(0, 0, 0, 1, 0)})
    root = parse(make_svg(layout(stack, errors), error_title="an OS inside a container"))
    marked = [g for g in layer_groups(root) if "has-error" in g.get("class").split()]
    assert [g.get("data-layer") for g in marked] == ["0.0.0.1.0"]
    box = marked[0].find(f"{SVG}rect[@class='layer-box']")
    assert box.get("stroke-dasharray")
    assert float(box.get("stroke-width")) >= 3
    assert marked[0].find(f"{SVG}g[@class='error-marker']") is not None
    assert marked[0].find(f"{SVG}title").text.startswith("⚠")
    assert marked[0].find(f"{SVG}title").text.endswith("an OS inside a container")
    assert (
        len(list(root.iter(f"{SVG}g")))
        - len([g for g in root.iter(f"{SVG}g") if g.get("class") == "error-marker"])
        > 0
    )
    assert sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == "error-marker") == 1


def test_standalone_adds_the_xml_declaration_and_inline_does_not() -> None:
    standalone = make_svg(standalone=True)
    inline = make_svg()
    assert standalone.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
    )
    assert inline.startswith("<svg ")
    parse(standalone)
    parse(inline)


def test_the_same_input_gives_the_same_svg() -> None:
    assert make_svg() == make_svg()
