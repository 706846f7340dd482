"""The stack builder page, the JSON API and the image exports."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from virtlearn.diagrams import figures
from virtlearn.diagrams.builder import (
    Workspace,
    builder_context,
    read_assumptions,
    render_workspace,
)
from virtlearn.http import HtmxHttpRequest, HttpResponseSeeOther
from virtlearn.stacks import kinds
from virtlearn.stacks.analysis import analyse
from virtlearn.stacks.notation import NotationError, format_stack, parse

# Bumped when the drawing changes, so long-cached images are fetched again.
DRAWING_VERSION = "1"

PRESETS = [
    (gettext_noop("Bare metal"), "server > os > app"),
    (gettext_noop("Type 2 hypervisor"), "server > os > hypervisor > [3*vm > os > libs > app]"),
    (gettext_noop("Type 1 hypervisor"), "server > hypervisor > [2*vm > os > libs > app]"),
    (gettext_noop("Containers"), "server > os > engine > [3*container > libs > app]"),
    (
        gettext_noop("Containers in VMs"),
        "server > hypervisor > [2*vm > os > engine > [2*container > libs > app]]",
    ),
]


@lru_cache(maxsize=8)
def _builder_path(script_prefix: str) -> str:
    # Keyed by the script prefix: the builder is also served under /embed/ (lti.framing).
    return reverse("diagrams:builder")


@require_GET
def builder(request: HtmxHttpRequest) -> HttpResponse:
    context = builder_context(request.GET, action_url=_builder_path(get_script_prefix()))
    workspace: Workspace = context["workspace"]
    if request.htmx and not request.htmx.history_restore_request:
        return render_workspace(request, context)
    if workspace.redirect_to:
        return HttpResponseSeeOther(workspace.redirect_to)
    context["presets"] = [(_(name), figures.builder_url(notation)) for name, notation in PRESETS]
    context["kinds"] = [
        (_(kinds.KIND_NAMES[kind]), _(kinds.KIND_DESCRIPTIONS[kind])) for kind in kinds.Kind
    ]
    response = render(request, "diagrams/builder.html", context, status=workspace.status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def api_stack(request: HttpRequest) -> JsonResponse:
    """The analysis of `s` as JSON; 400 with the error (and its position) if it cannot be read."""
    if "s" not in request.GET:
        return JsonResponse(
            {"error": _("Give the stack notation in the “s” parameter."), "position": None},
            status=400,
        )
    try:
        stack = parse(request.GET["s"])
        figures_used, _carried = read_assumptions(request.GET)
    except NotationError as error:
        return JsonResponse({"error": str(error), "position": error.position}, status=400)
    except ValueError as error:
        return JsonResponse({"error": str(error), "position": None}, status=400)
    return JsonResponse(analyse(stack, figures_used).to_dict())


@require_GET
def diagram_svg(request: HttpRequest) -> HttpResponse:
    return _image(request, "svg")


@require_GET
def diagram_png(request: HttpRequest) -> HttpResponse:
    return _image(request, "png")


def _image(request: HttpRequest, extension: str) -> HttpResponse:
    try:
        notation = format_stack(parse(request.GET.get("s", "")))
    except NotationError as error:
        return HttpResponse(
            _("This stack cannot be drawn: %(error)s") % {"error": error},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    language = get_language() or ""
    digest = hashlib.sha256(f"{DRAWING_VERSION}|{language}|{notation}".encode()).hexdigest()
    etag = f'"{extension}-{digest[:32]}"'
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
    elif extension == "svg":
        body = figures.svg_for(notation, standalone=True)
        response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(figures.png_for(notation), content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Disposition"] = f'inline; filename="stack.{extension}"'
    return response


def _matches(if_none_match: str, etag: str) -> bool:
    tags = parse_etags(if_none_match) if if_none_match else []
    return any(tag == "*" or tag.removeprefix("W/") == etag for tag in tags)
