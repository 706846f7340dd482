from __future__ import annotations

import pytest

from tests.diagrams.factories import CONTAINERS
from virtlearn.diagrams.figures import stack_figure
from virtlearn.stacks.notation import NotationError


def test_a_figure_holds_the_drawing_model_metrics_and_a_builder_link():
    html = stack_figure(CONTAINERS, caption="Two containers", id_prefix="fig-1")
    assert html.startswith('<figure class="stack-figure" id="fig-1"')
    assert "<svg" in html and 'id="fig-1-drawing-title"' in html
    assert "Container-based" in html
    assert "Two containers" in html
    assert "Kernels running" in html
    assert 'href="/build/?s=server+%3E+os+%3E+engine' in html
    assert "Open in the builder" in html
    assert "<script" not in html and "style=" not in html


def test_two_figures_on_a_page_have_different_ids():
    first = stack_figure(CONTAINERS, id_prefix="a")
    second = stack_figure(CONTAINERS, id_prefix="b")
    assert 'id="a-drawing-title"' in first and 'id="b-drawing-title"' in second


def test_a_figure_of_a_broken_stack_lists_its_errors():
    html = stack_figure("server > app", id_prefix="broken")
    assert 'class="findings errors"' in html
    assert "Kernels running" not in html


def test_a_figure_escapes_its_caption():
    html = stack_figure("server", caption="<b>x</b>", id_prefix="e")
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_figure_of_text_that_does_not_parse_raises():
    with pytest.raises(NotationError):
        stack_figure("server > kernel", id_prefix="bad")


def test_a_figure_that_does_not_reveal_its_model():
    html = stack_figure(CONTAINERS, id_prefix="q1", reveal=False)
    assert "<svg" in html
    assert "Container-based" not in html
    assert "/build/" not in html
    assert "Kernels running" not in html
    assert "container engine" in html  # the drawing's description still says what it shows


def test_the_template_tag_renders_a_figure():
    from django.template import engines

    template = engines["django"].from_string(
        '{% load diagrams %}{% stack_figure s id_prefix="t1" caption="A caption" %}'
    )
    html = template.render({"s": "server > os > app"})
    assert 'id="t1"' in html and "A caption" in html and "Pre-virtualization" in html
