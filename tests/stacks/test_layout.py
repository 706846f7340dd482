from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from virtlearn.stacks import layout as layout_module
from virtlearn.stacks.layout import (
    ELLIPSIS,
    GAP,
    LABEL_SIZE,
    MAX_LABEL_LINES,
    MIN_BOX_WIDTH,
    NAME_SIZE,
    Box,
    Diagram,
    font,
    layout,
    text_room,
    wrap,
)
from virtlearn.stacks.tree import Kind, Layer


def make_layer(kind: str, label: str = "", *above: Layer) -> Layer:
    return Layer(Kind(kind), label, tuple(above))


def make_vm_stack(vms: int = 3) -> Layer:
    return make_layer(
        "server",
        "",
        make_layer(
            "hypervisor",
            "ESXi",
            *[
                make_layer(
                    "vm", "", make_layer("os", "Debian 12", make_layer("app", f"Service {i}"))
                )
                for i in range(vms)
            ],
        ),
    )


def make_container_stack(containers: int = 3) -> Layer:
    return make_layer(
        "server",
        "",
        make_layer(
            "os",
            "Ubuntu 24.04",
            make_layer(
                "engine",
                "Docker",
                *[
                    make_layer("container", "", make_layer("libs", "", make_layer("app", "nginx")))
                    for _ in range(containers)
                ],
            ),
        ),
    )


def by_path(diagram: Diagram) -> dict[tuple[int, ...], Box]:
    return {box.path: box for box in diagram.boxes}


def overlap(a: Box, b: Box) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def assert_well_formed(stack: Layer, diagram: Diagram) -> None:
    boxes = by_path(diagram)
    assert set(boxes) == {path for path, _ in stack.walk()}
    for path, layer in stack.walk():
        box = boxes[path]
        assert box.x >= 0 and box.x + box.width <= diagram.width
        assert box.y >= 0 and box.y + box.height <= diagram.height
        assert box.width >= MIN_BOX_WIDTH
        children = [boxes[(*path, i)] for i in range(len(layer.above))]
        if children:
            # a layer is exactly as wide as what rests on it
            assert children[0].x == box.x
            assert children[-1].x + children[-1].width == box.x + box.width
            for child in children:
                assert child.y + child.height < box.y  # above, not on top of it
            for left, right in pairwise(children):
                assert right.x - (left.x + left.width) == GAP
    all_boxes = list(diagram.boxes)
    for i, a in enumerate(all_boxes):
        for b in all_boxes[i + 1 :]:
            assert not overlap(a, b), (a.path, b.path)


def assert_text_fits(diagram: Diagram) -> None:
    for box in diagram.boxes:
        assert box.name_lines >= 1
        for index, line in enumerate(box.lines):
            face = font(NAME_SIZE, bold=True) if index < box.name_lines else font(LABEL_SIZE)
            assert face.width(line) <= text_room(box.width), (box.path, line)
        for row in box.text_rows():
            assert box.y < row.baseline - row.size * 0.8
            assert row.baseline + row.size * 0.25 < box.y + box.height


def test_the_bottom_layer_is_at_the_bottom_and_rows_go_up() -> None:
    stack = make_vm_stack()
    diagram = layout(stack)
    boxes = by_path(diagram)
    root = boxes[(0,)]
    assert root.y + root.height == max(box.y + box.height for box in diagram.boxes)
    assert root.width == diagram.width - 2 * layout_module.MARGIN
    for depth in range(stack.depth()):
        row = [box for box in diagram.boxes if box.depth == depth]
        assert len({(box.y, box.height) for box in row}) == 1


def test_boxes_are_nested_without_overlap_and_text_fits() -> None:
    for stack in (make_vm_stack(), make_container_stack(), make_layer("server")):
        diagram = layout(stack)
        assert_well_formed(stack, diagram)
        assert_text_fits(diagram)


def test_boxes_show_the_kind_name_then_the_label() -> None:
    diagram = layout(make_layer("server", "", make_layer("os", "Ubuntu 24.04")))
    os_box = by_path(diagram)[(0, 0)]
    assert os_box.lines == (layout_module.KIND_NAMES[Kind.OS], "Ubuntu 24.04")
    assert os_box.name_lines == 1
    assert by_path(diagram)[(0,)].lines == (layout_module.KIND_NAMES[Kind.SERVER],)


def test_translated_names_are_used_when_given() -> None:
    names = {kind: f"«{kind.value}»" for kind in Kind}
    diagram = layout(make_layer("server", "", make_layer("os")), names=names)
    assert by_path(diagram)[(0, 0)].lines == ("«os»",)
    assert by_path(diagram)[(0, 0)].name == "«os»"


def test_a_long_label_wraps_then_ends_with_an_ellipsis() -> None:
    label = "A very long application label that keeps going well past any box " * 3
    diagram = layout(make_layer("server", "", make_layer("os", "", make_layer("app", label))))
    app = by_path(diagram)[(0, 0, 0)]
    label_lines = app.lines[app.name_lines :]
    assert len(label_lines) == MAX_LABEL_LINES
    assert label_lines[-1].endswith(ELLIPSIS)
    assert label_lines[0] == label[: len(label_lines[0])]
    assert app.full_text.endswith(f"“{label}”")  # the whole label is kept for the tooltip
    assert_text_fits(diagram)


def test_a_word_longer_than_the_box_is_cut() -> None:
    word = "x" * 300
    lines = wrap(word, font(LABEL_SIZE), 100, 2)
    assert len(lines) == 1
    assert lines[0].endswith(ELLIPSIS)
    assert font(LABEL_SIZE).width(lines[0]) <= 100


def test_wrap_keeps_text_that_fits_and_collapses_spaces() -> None:
    assert wrap("  nginx   web ", font(LABEL_SIZE), 200, 2) == ("nginx web",)
    assert wrap("", font(LABEL_SIZE), 200, 2) == ()
    lines = wrap("alpha beta gamma delta", font(LABEL_SIZE), 60, 4)
    assert " ".join(lines) == "alpha beta gamma delta"
    assert all(font(LABEL_SIZE).width(line) <= 60 for line in lines)


def test_ten_vms_keep_their_minimum_width_and_the_diagram_grows() -> None:
    stack = make_vm_stack(10)
    diagram = layout(stack)
    vms = [box for box in diagram.boxes if box.kind is Kind.VM]
    assert len(vms) == 10
    assert all(box.width >= MIN_BOX_WIDTH for box in diagram.boxes)
    assert diagram.width >= 10 * MIN_BOX_WIDTH + 9 * GAP
    assert_well_formed(stack, diagram)
    assert_text_fits(diagram)
    # legible: the kind names of the VMs are whole, not shortened
    assert all(vm.lines[0] == layout_module.KIND_NAMES[Kind.VM] for vm in vms)


def test_fifty_containers_stay_legible() -> None:
    stack = make_container_stack(50)
    diagram = layout(stack)
    containers = [box for box in diagram.boxes if box.kind is Kind.CONTAINER]
    assert len(containers) == 50
    assert min(box.width for box in containers) >= MIN_BOX_WIDTH
    assert_well_formed(stack, diagram)


def test_a_parent_wider_than_its_children_spreads_them_out() -> None:
    stack = make_layer(
        "server", "", make_layer("os", "A rather long operating system label", make_layer("app"))
    )
    diagram = layout(stack)
    boxes = by_path(diagram)
    assert boxes[(0, 0, 0)].width == boxes[(0, 0)].width == boxes[(0,)].width
    assert_well_formed(stack, diagram)


def test_error_paths_mark_only_those_boxes() -> None:
    stack = make_container_stack(2)
    diagram = layout(stack, frozenset({(0, 0, 0, 1)}))
    assert {box.path for box in diagram.boxes if box.has_error} == {(0, 0, 0, 1)}


def test_the_same_stack_gives_the_same_diagram() -> None:
    assert layout(make_vm_stack()) == layout(make_vm_stack())


def test_without_system_fonts_pillows_own_font_is_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout_module, "FONT_DIRS", ())
    font.cache_clear()
    try:
        assert font(NAME_SIZE, bold=True).fake_bold
        diagram = layout(make_vm_stack(), frozenset({(0, 0)}))
        assert_text_fits(diagram)
    finally:
        font.cache_clear()


kinds_on_top = st.sampled_from(list(Kind))
labels = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
trees = st.recursive(
    st.builds(Layer, kinds_on_top, labels),
    lambda children: st.builds(
        Layer, kinds_on_top, labels, st.lists(children, min_size=1, max_size=4).map(tuple)
    ),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None)
@given(trees)
def test_any_tree_lays_out_well(stack: Layer) -> None:
    diagram = layout(stack)
    assert_well_formed(stack, diagram)
    assert_text_fits(diagram)


def test_wide_characters_are_measured_a_full_em_each() -> None:
    # a browser draws CJK and emoji about one em wide even where our font lacks them
    label_font = font(LABEL_SIZE)
    assert label_font.width("数据库服务器") >= 6 * LABEL_SIZE
    diagram = layout(make_layer("server", "", make_layer("os", "数据库服务器" * 6)))
    os_box = by_path(diagram)[(0, 0)]
    assert all(label_font.width(line) <= text_room(os_box.width) for line in os_box.lines[1:])
    assert os_box.lines[-1].endswith(ELLIPSIS)
