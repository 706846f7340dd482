"""The read-only diagram to embed in other sites, and the page that hands out embed codes.

The builder and the quiz embed as themselves under /embed/ (see lti.framing).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lti.framing import embeddable
from virtlearn.diagrams import figures
from virtlearn.stacks.notation import NotationError, format_stack, parse


def diagram_url(notation: str) -> str:
    return f"{reverse('embed:diagram')}?{urlencode({'s': notation})}"


def builder_url(notation: str = "") -> str:
    return f"/embed{figures.builder_url(notation)}" if notation else "/embed/build/"


@embeddable
@require_GET
def diagram(request: HttpRequest) -> HttpResponse:
    """One stack, drawn and explained, with a way out to the full builder (in a new tab)."""
    try:
        notation = format_stack(parse(request.GET.get("s", "")))
    except NotationError as error:
        context = {"error": _("This stack cannot be drawn: %(error)s") % {"error": error}}
        return render(request, "embed/diagram.html", context, status=400)
    context = {
        "title": figures.diagram_title(parse(notation)),
        "figure": figures.stack_figure(notation, id_prefix="embedded"),
        "builder_url": figures.builder_url(notation),
    }
    return render(request, "embed/diagram.html", context)


@require_GET
def code(request: HttpRequest) -> HttpResponse:
    """Embed codes for one stack: the read-only diagram, and the builder starting from it."""
    try:
        notation = format_stack(parse(request.GET.get("s", "")))
    except NotationError as error:
        context = {"error": _("This stack cannot be drawn: %(error)s") % {"error": error}}
        return render(request, "embed/code.html", context, status=400)
    context = {
        "notation": notation,
        "diagram_url": diagram_url(notation),
        "builder_url": builder_url(notation),
        "figure": figures.stack_figure(notation, id_prefix="preview"),
    }
    return render(request, "embed/code.html", context)
