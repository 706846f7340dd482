"""The stack builder's state and steps, read from GET parameters.

The notation in `s` is the whole state; `at` names a layer (the one selected, or the one an
operation applies to); `op` (add, remove, duplicate, relabel) with `kind` and `label` is one
step. `apply_operation` is the one place that turns parameters into a resulting stack, and
`builder_context` gathers what the `diagrams/builder.html#workspace` partial shows, so another
page (a "build a stack" quiz question) can embed the same workspace with its own `action_url`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_htmx.http import push_url, reswap, retarget

from virtlearn.diagrams import figures
from virtlearn.stacks import architectures, assumptions, kinds, operations
from virtlearn.stacks.analysis import Analysis, analyse
from virtlearn.stacks.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from virtlearn.stacks.describe import describe
from virtlearn.stacks.layout import layout
from virtlearn.stacks.notation import NotationError, format_stack, label_problem, parse
from virtlearn.stacks.svg import to_svg
from virtlearn.stacks.tree import ROOT, Kind, Layer, Path, path_from_str, path_to_str

_TOKEN = re.compile(r"\w+|\S")  # the word (or sign) a syntax error points at
OPERATIONS = ("add", "remove", "duplicate", "relabel")
WORKSPACE_TEMPLATE = "diagrams/builder.html#workspace"


class BuilderError(ValueError):
    """A step the builder cannot take; the message is written for the learner."""


@dataclass(frozen=True)
class Step:
    """The result of one operation: the new stack, the layer to select, what happened."""

    stack: Layer | None
    selected: Path | None
    announcement: str

    @property
    def notation(self) -> str:
        return notation_of(self.stack)


@lru_cache(maxsize=256)
def notation_of(stack: Layer | None) -> str:
    """The canonical notation ("" for the empty stack)."""
    return format_stack(stack) if stack is not None else ""


@lru_cache(maxsize=256)
def read_stack(text: str) -> Layer | None:
    """Blank text is the empty stack (nothing built yet); anything else must parse."""
    return parse(text) if text.strip() else None


def kind_name(kind: Kind) -> str:
    return _(kinds.KIND_NAMES[kind])


def read_path(stack: Layer, text: str) -> Path:
    try:
        path = path_from_str(text.strip())
        stack.at(path)
    except ValueError:
        raise BuilderError(
            _("“%(at)s” is not a layer path: use numbers joined by dots, like 0.1.")
            % {"at": text[:20]}
        ) from None
    except KeyError:
        raise BuilderError(
            _("There is no layer at %(at)s in this stack.") % {"at": text.strip()}
        ) from None
    return path


def read_kind(text: str) -> Kind:
    try:
        return Kind(text.strip().lower())
    except ValueError:
        raise BuilderError(
            _("“%(kind)s” is not a layer kind; choose one of: %(kinds)s.")
            % {"kind": text[:20], "kinds": ", ".join(Kind)}
        ) from None


def read_label(text: str) -> str:
    label = " ".join(text.split())
    problem = label_problem(label)
    if problem is not None:
        template, values = problem
        raise BuilderError(_("This name cannot be used: %(why)s.") % {"why": _(template) % values})
    return label


def apply_operation(params: Mapping[str, str]) -> Step:
    """Apply the step in `params` (s, op, at, kind, label) to the stack in `s`.

    Raises NotationError if `s` does not parse and BuilderError for a step that cannot be
    taken (unknown op, a path naming no layer, a bad kind, a limit passed); both are
    ValueErrors whose str() is a message for the learner.
    """
    return _apply(
        params.get("s", ""),
        params.get("op", ""),
        params.get("at", ""),
        params.get("kind", ""),
        params.get("label", ""),
        get_language(),
    )


@lru_cache(maxsize=256)
def _apply(text: str, op: str, at: str, kind: str, label: str, language: str | None) -> Step:
    """One step is a pure function of its parameters (errors are raised, never cached)."""
    stack = read_stack(text)
    if op not in OPERATIONS:
        raise BuilderError(
            _("“%(op)s” is not a builder operation; use add, remove, duplicate or relabel.")
            % {"op": op[:20]}
        )
    if stack is None:
        if op != "add":
            raise BuilderError(_("The stack is empty: add a layer first."))
        kind_read = read_kind(kind)
        layer = operations.add_layer(None, None, kind_read, read_label(label))
        return Step(layer, ROOT, _("Started with %(kind)s.") % {"kind": kind_name(kind_read)})

    path = read_path(stack, at)
    layer = stack.at(path)
    try:
        if op == "add":
            kind_read = read_kind(kind)
            result = operations.add_layer(stack, path, kind_read, read_label(label))
            selected: Path | None = (*path, len(result.at(path).above) - 1)
            message = _("Added %(kind)s on %(below)s.") % {
                "kind": kind_name(kind_read),
                "below": kind_name(layer.kind),
            }
        elif op == "remove":
            if path == ROOT and len(stack.above) > 1:
                raise BuilderError(
                    _(
                        "The bottom layer holds up several layers: remove those first, "
                        "or start over."
                    )
                )
            result = operations.remove_layer(stack, path)
            selected = path[:-1] or (ROOT if result is not None else None)
            message = _("Removed %(kind)s.") % {"kind": kind_name(layer.kind)}
        elif op == "duplicate":
            if path == ROOT:
                raise BuilderError(_("A stack has one bottom layer: it cannot be duplicated."))
            result = operations.duplicate(stack, path)
            selected = (*path[:-1], path[-1] + 1)
            message = _("Duplicated %(kind)s.") % {"kind": kind_name(layer.kind)}
        else:
            new_label = read_label(label)
            result = operations.relabel(stack, path, new_label)
            selected = path
            message = (
                _("Named %(kind)s “%(label)s”.")
                % {"kind": kind_name(layer.kind), "label": new_label}
                if new_label
                else _("Removed the name of %(kind)s.") % {"kind": kind_name(layer.kind)}
            )
    except operations.OperationError as error:
        raise BuilderError(str(error)) from error
    return Step(result, selected, message)


def state_url(
    action_url: str,
    notation: str,
    selected: Path | None = None,
    hidden: Mapping[str, str] | None = None,
) -> str:
    """The address of one state: what the address bar and history hold."""
    params: dict[str, str] = dict(hidden or {})
    if notation:
        params["s"] = notation
        if selected is not None:
            params["at"] = path_to_str(selected)
    return f"{action_url}?{urlencode(params)}" if params else action_url


def _last_path(stack: Layer) -> Path:
    """Where a learner most likely builds next: the last layer drawn, top right."""
    return max(path for path, _layer in stack.walk())


@dataclass(frozen=True)
class PaletteEntry:
    kind: Kind
    name: str
    fits: bool


@dataclass(frozen=True)
class AssumptionField:
    name: str
    label: str
    value: str
    unit: str


ASSUMPTION_NAMES = tuple(f.name for f in dataclasses.fields(Assumptions))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def read_assumptions(params: Mapping[str, str]) -> tuple[Assumptions, tuple[tuple[str, str], ...]]:
    """The figures the learner changed (ValueError naming a bad one), and those changes as
    parameters to carry from state to state (only the ones that differ from the defaults)."""
    given = {name: params[name] for name in ASSUMPTION_NAMES if params.get(name, "").strip()}
    if not given:
        return DEFAULT_ASSUMPTIONS, ()
    figures_used = assumptions.with_overrides(given)
    carried = tuple(
        (name, _number(getattr(figures_used, name)))
        for name in ASSUMPTION_NAMES
        if getattr(figures_used, name) != getattr(DEFAULT_ASSUMPTIONS, name)
    )
    return figures_used, carried


@dataclass(frozen=True)
class Workspace:
    """Everything the workspace partial shows; built by `builder_context`."""

    action_url: str
    prefix: str
    extra: tuple[tuple[str, str], ...]  # the embedding page's own parameters
    text: str
    assumed: Assumptions = DEFAULT_ASSUMPTIONS
    carried: tuple[tuple[str, str], ...] = ()  # the learner's changed assumptions
    stack: Layer | None = None
    selected: Path | None = None
    chosen: bool = False  # selected by the learner (kept in the URL), not by default
    syntax_error: NotationError | None = None
    error: str = ""
    step: str = ""
    redirect_to: str | None = None
    focus: str = ""

    @property
    def status(self) -> int:
        return 400 if self.error or self.syntax_error else 200

    @property
    def hidden(self) -> tuple[tuple[str, str], ...]:
        """What every form and link carries besides the stack: page parameters, assumptions."""
        return self.extra + self.carried

    @cached_property
    def notation(self) -> str:
        return notation_of(self.stack)

    @cached_property
    def analysis(self) -> Analysis | None:
        return analyse(self.stack, self.assumed) if self.stack is not None else None

    @cached_property
    def url(self) -> str:
        selected = self.selected if self.chosen else None
        return state_url(self.action_url, self.notation, selected, dict(self.hidden))

    @cached_property
    def announcement(self) -> str:
        if self.status != 200:
            return ""
        if self.analysis is None:
            return " ".join(filter(None, [self.step, _("The stack is empty.")]))
        model = _("Model: %(model)s.") % {"model": _(self.analysis.model_name)}
        return " ".join(filter(None, [self.step, model]))

    @cached_property
    def selected_layer(self) -> Layer | None:
        return self.stack.at(self.selected) if self.stack and self.selected else None

    @property
    def selected_at(self) -> str:
        return path_to_str(self.selected) if self.selected else ""

    @cached_property
    def selected_name(self) -> str:
        return kind_name(self.selected_layer.kind) if self.selected_layer else ""

    @cached_property
    def palette(self) -> list[PaletteEntry]:
        """Every kind, those that may rest on the selected layer first."""
        below = self.selected_layer.kind if self.selected_layer else None
        fitting = kinds.kinds_that_fit_on(below)
        rest = [kind for kind in Kind if kind not in fitting]
        return [PaletteEntry(k, kind_name(k), True) for k in fitting] + [
            PaletteEntry(k, kind_name(k), False) for k in rest
        ]

    @cached_property
    def fitting(self) -> list[PaletteEntry]:
        return [entry for entry in self.palette if entry.fits]

    @cached_property
    def others(self) -> list[PaletteEntry]:
        return [entry for entry in self.palette if not entry.fits]

    @cached_property
    def diagram_html(self) -> SafeString:
        """The drawing, each layer a link that selects it (htmx swaps the workspace)."""
        if self.stack is None:
            return SafeString("")
        errors = self.analysis.error_paths if self.analysis else frozenset()
        drawing = _diagram_svg(
            self.stack,
            errors,
            self.selected,
            self.prefix,
            self.action_url,
            self.hidden,
            self.description,
            get_language(),
        )
        return SafeString(drawing)  # svg.py escapes every text and attribute it writes

    @cached_property
    def description(self) -> str:
        return describe(self.stack, _) if self.stack is not None else _("The stack is empty.")

    @cached_property
    def errors(self) -> list[figures.Feedback]:
        return (
            figures.feedback(self.stack, self.analysis.errors, self.prefix) if self.analysis else []
        )

    @cached_property
    def hints(self) -> list[figures.Feedback]:
        return (
            figures.feedback(self.stack, self.analysis.hints, self.prefix) if self.analysis else []
        )

    @cached_property
    def metric_rows(self) -> list[figures.Row]:
        metrics = self.analysis.metrics if self.analysis else None
        return figures.metric_rows(metrics) if metrics is not None else []

    @cached_property
    def assumption_fields(self) -> list[AssumptionField]:
        return [
            AssumptionField(row.key, _(row.label), _number(row.value), _(row.unit))
            for row in assumptions.describe(self.assumed)
        ]

    @cached_property
    def assumptions_reset_url(self) -> str:
        selected = self.selected if self.chosen else None
        return state_url(self.action_url, self.notation, selected, dict(self.extra))

    @cached_property
    def svg_url(self) -> str:
        return figures.export_url("svg", self.notation)

    @cached_property
    def png_url(self) -> str:
        return figures.export_url("png", self.notation)

    @cached_property
    def model_name(self) -> str:
        return _(self.analysis.model_name) if self.analysis else ""

    @cached_property
    def model_summary(self) -> str:
        return _(architectures.MODEL_SUMMARIES[self.analysis.model]) if self.analysis else ""

    @cached_property
    def syntax_context(self) -> tuple[str, str, str]:
        """The learner's text around the syntax error: before, at (marked), after."""
        if self.syntax_error is None:
            return ("", "", "")
        position = min(self.syntax_error.position, len(self.text))
        start = max(0, position - 40)
        before = ("…" if start else "") + self.text[start:position]
        found = _TOKEN.match(self.text, position)
        end = found.end() if found else position
        at = self.text[position:end] or "␣"
        after = self.text[end : end + 40]
        return (before, at, after + ("…" if len(self.text) > end + 40 else ""))

    @cached_property
    def syntax_message(self) -> str:
        error = self.syntax_error
        return _(error.template) % error.params if error is not None else ""

    @property
    def error_id(self) -> str:
        return f"{self.prefix}-notation-error"


def builder_context(
    params: Mapping[str, str],
    *,
    action_url: str = "/build/",
    id_prefix: str = "builder",
    hidden: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Read the builder's state (and any step) from GET `params` into a template context.

    The context's `workspace` is what `diagrams/builder.html#workspace` renders; its forms and
    links point at `action_url` and carry the `hidden` parameters (e.g. a question's id).
    `workspace.status` is 200 or 400 (an error message is then shown in the workspace, with
    the last good state kept), and `workspace.redirect_to` is the state URL to answer 303 to
    when the request carried a step (or a state written differently than its canonical form).
    """
    base: dict[str, Any] = {
        "action_url": action_url,
        "prefix": id_prefix,
        "extra": tuple((hidden or {}).items()),
    }
    text = params.get("s", "")
    try:
        try:
            base["assumed"], base["carried"] = read_assumptions(params)
        except ValueError as error:
            raise BuilderError(str(error)) from error
        if params.get("op"):
            step = apply_operation(params)
            workspace = Workspace(
                **base,
                text=step.notation,
                stack=step.stack,
                selected=step.selected,
                chosen=step.selected is not None,
                step=step.announcement,
                focus="palette",
            )
        else:
            stack = read_stack(text)
            selected, chosen = _read_selection(stack, params.get("at", ""))
            workspace = Workspace(**base, text=text, stack=stack, selected=selected, chosen=chosen)
            workspace = _with_selection_step(workspace, params)
    except NotationError as error:
        stack = _last_good(params)
        selected, _chosen = _read_selection(stack, "")
        workspace = Workspace(
            **base, text=text, stack=stack, selected=selected, syntax_error=error, focus="notation"
        )
    except BuilderError as error:
        try:
            stack = read_stack(text)
        except NotationError:
            stack = _last_good(params)
        selected, chosen = _read_selection(stack, params.get("at", ""))
        workspace = Workspace(
            **base,
            text=text,
            stack=stack,
            selected=selected,
            chosen=chosen,
            error=str(error),
            focus="error",
        )
    if workspace.status == 200:
        workspace = _with_redirect(workspace, params)
    return {"workspace": workspace}


def _read_selection(stack: Layer | None, text: str) -> tuple[Path | None, bool]:
    """The layer named by `at`, or (when it names none) the last one drawn."""
    if stack is None:
        return None, False
    try:
        return read_path(stack, text), True
    except BuilderError:
        return _last_path(stack), False


def _with_selection_step(workspace: Workspace, params: Mapping[str, str]) -> Workspace:
    if workspace.chosen and workspace.selected_layer is not None:
        step = _("Selected %(kind)s.") % {"kind": workspace.selected_name}
        return _replace(workspace, step=step, focus="palette")
    return workspace


def _with_redirect(workspace: Workspace, params: Mapping[str, str]) -> Workspace:
    canonical = (
        not params.get("op")
        and "last" not in params
        and params.get("s", "") == workspace.notation
        and params.get("at", "") in ("", workspace.selected_at)
        and {name: params[name] for name in ASSUMPTION_NAMES if name in params}
        == dict(workspace.carried)
    )
    if canonical:
        return workspace
    return _replace(workspace, text=workspace.notation, redirect_to=workspace.url)


def _last_good(params: Mapping[str, str]) -> Layer | None:
    """The state before a notation that does not parse (the form carries it as `last`)."""
    try:
        return read_stack(params.get("last", ""))
    except NotationError:
        return None


def _replace(workspace: Workspace, **changes: Any) -> Workspace:
    return dataclasses.replace(workspace, **changes)


@lru_cache(maxsize=256)
def _diagram_svg(
    stack: Layer,
    error_paths: frozenset[Path],
    selected: Path | None,
    prefix: str,
    action_url: str,
    hidden: tuple[tuple[str, str], ...],
    description: str,
    language: str | None,
) -> str:
    notation = notation_of(stack)

    def link(path: Path) -> str:
        return state_url(action_url, notation, path, dict(hidden))

    names = {kind: kind_name(kind) for kind in Kind}
    return to_svg(
        layout(stack, error_paths, names=names),
        title=_("Layers (select one to build on it)"),
        description=description,
        id_prefix=prefix,
        error_title=_("this layer has a problem"),
        link_for=link,
        link_attributes=lambda path: {"hx-get": link(path)},
        link_name=_("Select %(name)s (layer %(number)s of %(count)s)")
        % {"name": "{name}", "number": "{number}", "count": "{count}"},
        selected=selected,
    )


@lru_cache(maxsize=256)
def _fragment(workspace: Workspace, language: str | None) -> str:
    """A state renders the same every time (the fragment holds no token or nonce)."""
    return render_to_string(WORKSPACE_TEMPLATE, {"workspace": workspace, "oob": True})


def render_workspace(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The htmx answer: the workspace partial (400 for an error, retargeted so it shows),
    the new state pushed to the address bar on success."""
    workspace: Workspace = context["workspace"]
    if set(context) == {"workspace"} and workspace.syntax_error is None:
        body = _fragment(workspace, get_language())
    else:
        body = render_to_string(WORKSPACE_TEMPLATE, {**context, "oob": True}, request=request)
    response = HttpResponse(body, status=workspace.status)
    patch_vary_headers(response, ("HX-Request",))
    if workspace.status == 200:
        return push_url(response, workspace.redirect_to or workspace.url)
    push_url(response, False)
    retarget(response, f"#{workspace.prefix}-workspace")
    return reswap(response, "outerHTML show:none")
