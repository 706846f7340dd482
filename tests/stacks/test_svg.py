from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from virtlearn.stacks.layout import Diagram, layout
from virtlearn.stacks.svg import layer_id, to_svg
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


def link_for(path: tuple[int, ...]) -> str:
    return "/build/?s=server&at=" + ".".join(map(str, path))


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def test_without_link_for_there_are_no_links_and_the_svg_is_an_image() -> None:
    root = parse(make_svg())
    assert links(root) == []
    assert root.get("role") == "img"


def test_with_link_for_each_layer_is_a_named_link_in_a_group() -> None:
    stack = make_stack()
    root = parse(make_svg(layout(stack), id_prefix="b", link_for=link_for))
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "b-title"
    found = links(root)
    assert len(found) == stack.size()
    for number, (link, (path, _layer)) in enumerate(zip(found, stack.walk(), strict=True), 1):
        dotted = ".".join(map(str, path))
        assert link.get("href") == f"/build/?s=server&at={dotted}"
        assert link.get("id") == f"b-layer-{dotted.replace('.', '-')}"
        assert link.get("aria-label").endswith(f"(layer {number} of {stack.size()})")
        assert link.get("aria-current") is None
        (group,) = link
        assert group.get("data-layer") == dotted
    assert found[0].get("aria-label") == "Select Physical server “Dell R740” (layer 1 of 8)"


def test_link_names_come_from_the_given_template_and_say_when_a_layer_has_a_problem() -> None:
    svg = make_svg(
        layout(make_stack(), frozenset({(0, 0, 0, 1, 0)})),
        link_for=link_for,
        link_name="Choisir {name} (couche {number} sur {count})",
        error_title="cette couche a un problème",
    )
    names = [link.get("aria-label") for link in links(parse(svg))]
    assert names[0] == "Choisir Physical server “Dell R740” (couche 1 sur 8)"
    assert names[-1] == "Choisir Operating system (couche 8 sur 8): cette couche a un problème"


def test_link_attributes_are_added_and_escaped() -> None:
    svg = make_svg(
        link_for=lambda path: '/b/?s=a&x="><script>',
        link_attributes=lambda path: {"hx-get": f'/b/?at={len(path)}&q="<x>'},
    )
    assert "<script" not in svg and "<x>" not in svg
    link = links(parse(svg))[0]
    assert link.get("hx-get") == '/b/?at=1&q="<x>'
    assert link.get("href") == '/b/?s=a&x="><script>'


@pytest.mark.parametrize(
    "name",
    ["onclick", "ONFOCUS", "hx-on:click", "hx-on-click", "style", "href", "xlink:href", "x y", ""],
)
def test_link_attributes_cannot_add_script_style_or_replace_the_link(name: str) -> None:
    with pytest.raises(ValueError, match="cannot be set"):
        make_svg(link_for=link_for, link_attributes=lambda path: {name: "alert(1)"})


def test_the_selected_layer_is_marked_by_shape_and_aria_current() -> None:
    selected = (0, 0, 0, 0)
    root = parse(make_svg(link_for=link_for, selected=selected))
    current = [link for link in links(root) if link.get("aria-current") == "true"]
    assert len(current) == 1
    (group,) = current[0]
    assert group.get("data-layer") == "0.0.0.0"
    assert "is-selected" in group.get("class").split()
    box = group.find(f"{SVG}rect[@class='layer-box']")
    assert float(box.get("stroke-width")) > 1.5  # thicker outline
    assert group.find(f"{SVG}rect[@class='selected-ring']") is not None
    assert group.find(f"{SVG}g[@class='selected-mark']") is not None
    others = [g for g in layer_groups(root) if g is not group]
    assert not any("is-selected" in g.get("class") for g in others)
    assert sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == "selected-mark") == 1


def test_selection_shows_without_links_too() -> None:
    root = parse(make_svg(selected=(0,)))
    assert root.find(f".//{SVG}g[@data-layer='0']/{SVG}g[@class='selected-mark']") is not None
    assert links(root) == []


def test_linked_ids_are_unique_and_use_the_prefix() -> None:
    one = make_svg(id_prefix="a", link_for=link_for)
    two = make_svg(id_prefix="b", link_for=link_for)
    ids_one = re.findall(r'\bid="([^"]+)"', one)
    ids_two = re.findall(r'\bid="([^"]+)"', two)
    assert len(ids_one) == len(set(ids_one)) == 2 + make_stack().size()
    assert not set(ids_one) & set(ids_two)
    assert layer_id("a", (0, 1, 2)) == "a-layer-0-1-2" and "a-layer-0-1-2" not in ids_two
