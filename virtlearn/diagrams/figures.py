"""Diagrams as HTML and images: the lesson figure, feedback and metric rows, the exports.

`stack_figure(notation, caption=..., id_prefix=...)` is what lessons store for a ```stack
block: self-contained HTML (classes styled by static/css/diagram.css), no script.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from virtlearn.stacks import kinds
from virtlearn.stacks.analysis import analyse
from virtlearn.stacks.describe import describe
from virtlearn.stacks.layout import layout
from virtlearn.stacks.metrics import Metrics
from virtlearn.stacks.notation import format_stack, parse
from virtlearn.stacks.png import to_png
from virtlearn.stacks.rules import Finding
from virtlearn.stacks.svg import layer_id, to_svg
from virtlearn.stacks.tree import Layer, Path


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Feedback:
    """An error or hint, with the layer it points at (named, and as an anchor in the page)."""

    code: str
    message: str
    layer: str
    anchor: str


def layer_name(stack: Layer, path: Path) -> str:
    try:
        layer = stack.at(path)
    except KeyError:
        return ""
    name = _(kinds.KIND_NAMES[layer.kind])
    return f"{name} “{layer.label}”" if layer.label else name


def feedback(stack: Layer, findings: list[Finding], prefix: str) -> list[Feedback]:
    return [
        Feedback(
            code=finding.code,
            message=_(finding.message),
            layer=layer_name(stack, finding.path),
            anchor=layer_id(prefix, finding.path),
        )
        for finding in findings
    ]


def memory(mb: float) -> str:
    if mb >= 1024:
        return _("%(gb)s GB") % {"gb": number_format(round(mb / 1024, 1))}
    return _("%(mb)s MB") % {"mb": number_format(round(mb))}


def duration(seconds: float) -> str:
    if seconds >= 86400:
        days = round(seconds / 86400)
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds >= 90:
        minutes = round(seconds / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    value = round(seconds, 1)
    return ngettext("%(n)s second", "%(n)s seconds", value) % {"n": number_format(value)}


VIRTUALIZATION = {
    "none": gettext_noop("None: applications run on the machine itself"),
    "hardware": gettext_noop("Hardware level (a hypervisor)"),
    "os": gettext_noop("Operating-system level (containers)"),
    "hardware+os": gettext_noop("Both hardware and operating-system level"),
}


def metric_rows(metrics: Metrics, *, brief: bool = False) -> list[Row]:
    """The metrics as labelled, formatted rows; `brief` keeps the ones a figure shows."""
    hypervisor = (
        _("Type %(n)d") % {"n": metrics.hypervisor_type} if metrics.hypervisor_type else _("None")
    )
    rows = [
        Row(_("Kernels running"), str(metrics.kernels)),
        Row(_("Virtual machines"), str(metrics.vms)),
        Row(_("Containers"), str(metrics.containers)),
        Row(_("Applications"), str(metrics.apps)),
        Row(_("Memory not used by applications"), memory(metrics.memory_overhead_mb)),
        Row(_("Time to start one more application"), duration(metrics.start_seconds)),
    ]
    if brief:
        return rows
    return [
        *rows[:4],
        Row(_("Virtualization"), _(VIRTUALIZATION.get(metrics.virtualization, "None"))),
        Row(_("Hypervisor"), hypervisor),
        Row(_("Memory used"), memory(metrics.memory_used_mb)),
        rows[4],
        Row(_("Overhead per application"), memory(metrics.overhead_per_app_mb)),
        Row(_("Server memory used by applications"), f"{round(metrics.utilization * 100)} %"),
        rows[5],
        Row(_("Applications like these that fit on the server"), str(metrics.apps_that_fit)),
    ]


def export_url(extension: str, notation: str) -> str:
    return f"{reverse(f'diagrams:diagram_{extension}')}?{urlencode({'s': notation})}"


def builder_url(notation: str) -> str:
    return f"{reverse('diagrams:builder')}?{urlencode({'s': notation})}"


def diagram_title(stack: Layer, *, reveal: bool = True) -> str:
    if not reveal:
        return _("Stack diagram")
    return _("Stack diagram: %(model)s") % {"model": _(analyse(stack).model_name)}


def _names() -> dict[kinds.Kind, str]:
    return {kind: _(name) for kind, name in kinds.KIND_NAMES.items()}


@lru_cache(maxsize=64)
def _svg(
    notation: str, language: str | None, standalone: bool, id_prefix: str, reveal: bool
) -> str:
    stack = parse(notation)
    analysis = analyse(stack)
    return to_svg(
        layout(stack, analysis.error_paths, names=_names()),
        title=diagram_title(stack, reveal=reveal),
        description=describe(stack, _),
        standalone=standalone,
        id_prefix=id_prefix,
        error_title=_("this layer has a problem"),
    )


def svg_for(
    notation: str, *, standalone: bool = False, id_prefix: str = "", reveal: bool = True
) -> str:
    """The drawing of a canonical notation (cached: the same notation gives the same bytes).
    `reveal=False` leaves the model out of its title (for "which model is this?" questions)."""
    return _svg(notation, get_language(), standalone, id_prefix, reveal)


@lru_cache(maxsize=32)
def _png(notation: str, language: str | None) -> bytes:
    stack = parse(notation)
    return to_png(layout(stack, analyse(stack).error_paths, names=_names()))


def png_for(notation: str) -> bytes:
    return _png(notation, get_language())


def stack_figure(
    notation: str, *, caption: str = "", id_prefix: str, reveal: bool = True
) -> SafeString:
    """The HTML of a live lesson diagram; NotationError if the notation does not parse.

    The drawing, the model recognised, key metrics, errors if any and a link to open the
    stack in the builder. `id_prefix` keeps ids unique when a page holds several figures.
    `reveal=False` gives the drawing alone (its description, no model, metrics or links), for
    a question that asks the learner to name the model.
    """
    stack = parse(notation)
    canonical = format_stack(stack)
    if not reveal:
        drawing = svg_for(canonical, id_prefix=f"{id_prefix}-drawing", reveal=False)
        context = {"prefix": id_prefix, "caption": caption, "svg": mark_safe(drawing)}
        return mark_safe(render_to_string("diagrams/figure.html", context))
    analysis = analyse(stack)
    context = {
        "prefix": id_prefix,
        "caption": caption,
        # Our own drawing: every text in it is escaped by svg.py.
        "svg": mark_safe(svg_for(canonical, id_prefix=f"{id_prefix}-drawing")),
        "analysis": analysis,
        "model_name": _(analysis.model_name),
        "errors": feedback(stack, analysis.errors, id_prefix),
        "metrics": metric_rows(analysis.metrics, brief=True) if analysis.metrics else [],
        "builder_url": builder_url(canonical),
        "embed_url": f"{reverse('embed:code')}?{urlencode({'s': canonical})}",
    }
    return mark_safe(render_to_string("diagrams/figure.html", context))
