"""Rules a stack must follow (errors) and things worth noticing about it (hints).

Each finding has a stable code, the path of the layer it is about, and a message that
teaches why. Messages are fixed strings marked with `gettext_noop`, so a view translates
them with `gettext(finding.message)`.

Where a layer may rest comes from `kinds.MAY_REST_ON` alone; this module only chooses the
message that explains it best. Each layer gets at most one placement error (the most
telling one), followed by errors about what rests on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from virtlearn.stacks.kinds import MAY_REST_ON
from virtlearn.stacks.notation import gettext_noop as _
from virtlearn.stacks.tree import ROOT, Kind, Layer, Path, path_to_str


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    path: Path

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "layer": path_to_str(self.path)}


# code -> message, for every rule, so the set of codes is easy to see (and to test).
ERRORS: dict[str, str] = {
    "bottom-not-server": _(
        "Every stack starts with a physical server at the bottom: even a hypervisor or an "
        "operating system needs real hardware to run on."
    ),
    "server-not-at-bottom": _(
        "A physical server is the hardware itself, so it is always the bottom layer. To run a "
        "machine on top of another one, use a virtual machine."
    ),
    "nothing-on-app": _(
        "An application is the top of its stack: nothing runs on top of it. Put the other "
        "layer beside the application, on the layer below."
    ),
    "one-system-per-server": _(
        "A physical server boots one system: one operating system or one bare-metal "
        "hypervisor. To run several operating systems on it, add a hypervisor and give each "
        "one its own virtual machine."
    ),
    "os-in-container": _(
        "Containers share the host's kernel; they carry bins/libs, not an operating system."
    ),
    "os-not-on-hardware": _(
        "An operating system runs on hardware: the physical server, or the virtual hardware "
        "of a virtual machine. A hypervisor runs virtual machines, not operating systems "
        "directly."
    ),
    "hypervisor-not-on-server-or-os": _(
        "A hypervisor runs either on the physical server itself (type 1, bare-metal) or on a "
        "host operating system (type 2, hosted)."
    ),
    "vm-not-on-hypervisor": _(
        "A virtual machine is created and run by a hypervisor: put a hypervisor beneath it."
    ),
    "vm-without-guest-os": _(
        "A virtual machine is virtual hardware; it needs its own guest operating system."
    ),
    "vm-with-several-os": _(
        "A virtual machine runs one guest operating system. For a second operating system, "
        "add a second virtual machine."
    ),
    "engine-not-on-os": _(
        "A container engine uses the kernel of the operating system beneath it, so it needs "
        "an operating system to rest on."
    ),
    "container-not-on-engine": _(
        "A container is started and kept isolated by a container engine: put an engine beneath it."
    ),
    "libs-without-os": _(
        "Bins/libs are files an application loads through a kernel: they go on an operating "
        "system or inside a container."
    ),
    "app-without-os": _(
        "An application needs an operating system to run on: it calls the kernel for memory, "
        "files and network."
    ),
    "app-not-in-container": _(
        "A container engine runs containers, not applications: put the application in a "
        "container on the engine."
    ),
    "kind-not-allowed-here": _("This layer cannot rest on the layer beneath it."),
}

HINTS: dict[str, str] = {
    "one-app-per-server": _(
        "One application on a whole physical server: most of its processors and memory sit "
        "idle, bought and paid for but unused."
    ),
    "apps-share-os": _(
        "Several applications share this operating system and nothing isolates them: one can "
        "use up the memory, or change the libraries, that another one needs."
    ),
    "container-without-libs": _(
        "This container holds an application but no bins/libs. A container shares only the "
        "kernel, so it must bring the libraries its application needs."
    ),
    "container-without-app": _(
        "This container runs no application yet: a container exists to run one."
    ),
    "several-apps-in-container": _(
        "One container usually holds one application, so that each can be started, updated "
        "and scaled on its own."
    ),
    "hypervisor-without-vms": _(
        "This hypervisor runs no virtual machines yet: add one, it exists to run them."
    ),
    "engine-without-containers": _(
        "This container engine runs no containers yet: add one, it exists to run them."
    ),
    "vm-without-app": _(
        "This virtual machine boots a whole operating system but runs no application: it "
        "takes memory and gives nothing back."
    ),
}

# When a layer rests where MAY_REST_ON says it may not, the code that explains it best.
_MISPLACED: dict[Kind, str] = {
    Kind.OS: "os-not-on-hardware",
    Kind.HYPERVISOR: "hypervisor-not-on-server-or-os",
    Kind.VM: "vm-not-on-hypervisor",
    Kind.ENGINE: "engine-not-on-os",
    Kind.CONTAINER: "container-not-on-engine",
    Kind.LIBS: "libs-without-os",
    Kind.APP: "app-without-os",
}


def _error(code: str, path: Path) -> Finding:
    return Finding(code, ERRORS[code], path)


def _hint(code: str, path: Path) -> Finding:
    return Finding(code, HINTS[code], path)


def _with_parents(
    layer: Layer, path: Path = ROOT, parent: Layer | None = None
) -> Iterator[tuple[Path, Layer, Layer | None]]:
    yield path, layer, parent
    for index, upper in enumerate(layer.above):
        yield from _with_parents(upper, (*path, index), layer)


def _placement(layer: Layer, parent: Layer | None) -> str | None:
    """The code of what is wrong with where `layer` rests, or None."""
    if parent is None:
        return None if layer.kind is Kind.SERVER else "bottom-not-server"
    if parent.kind is Kind.APP:
        return "nothing-on-app"
    if layer.kind is Kind.SERVER:
        return "server-not-at-bottom"
    if parent.kind in MAY_REST_ON[layer.kind]:
        return None
    if layer.kind is Kind.OS and parent.kind is Kind.CONTAINER:
        return "os-in-container"
    if layer.kind is Kind.APP and parent.kind is Kind.ENGINE:
        return "app-not-in-container"
    return _MISPLACED.get(layer.kind, "kind-not-allowed-here")


def check(stack: Layer) -> list[Finding]:
    """Every rule the stack breaks, bottom layer first."""
    findings: list[Finding] = []
    for path, layer, parent in _with_parents(stack):
        code = _placement(layer, parent)
        if code:
            findings.append(_error(code, path))
        if layer.kind is Kind.SERVER and len(layer.above) > 1:
            findings.append(_error("one-system-per-server", path))
        if layer.kind is Kind.VM:
            guest_systems = sum(upper.kind is Kind.OS for upper in layer.above)
            if guest_systems == 0:
                findings.append(_error("vm-without-guest-os", path))
            elif guest_systems > 1:
                findings.append(_error("vm-with-several-os", path))
    return findings


def _shared_apps(os: Layer) -> int:
    """Apps running on this OS itself: not inside a container or a virtual machine."""
    count = 0
    pending = list(os.above)
    while pending:
        layer = pending.pop()
        if layer.kind is Kind.APP:
            count += 1
        elif layer.kind is Kind.LIBS:
            pending.extend(layer.above)
    return count


def hints(stack: Layer) -> list[Finding]:
    """What the learner may not have noticed about the stack, bottom layer first."""
    findings: list[Finding] = []
    kinds = {layer.kind for _path, layer in stack.walk()}
    if (
        Kind.HYPERVISOR not in kinds
        and Kind.ENGINE not in kinds
        and stack.kind is Kind.SERVER
        and stack.count(Kind.APP) == 1
    ):
        findings.append(_hint("one-app-per-server", ROOT))
    for path, layer in stack.walk():
        kind = layer.kind
        if kind is Kind.OS and _shared_apps(layer) > 1:
            findings.append(_hint("apps-share-os", path))
        elif kind is Kind.HYPERVISOR and not any(u.kind is Kind.VM for u in layer.above):
            findings.append(_hint("hypervisor-without-vms", path))
        elif kind is Kind.ENGINE and not any(u.kind is Kind.CONTAINER for u in layer.above):
            findings.append(_hint("engine-without-containers", path))
        elif kind is Kind.VM and layer.count(Kind.APP) == 0:
            findings.append(_hint("vm-without-app", path))
        elif kind is Kind.CONTAINER:
            apps = layer.count(Kind.APP)
            if apps == 0:
                findings.append(_hint("container-without-app", path))
            elif apps > 1:
                findings.append(_hint("several-apps-in-container", path))
            if any(upper.kind is Kind.APP for upper in layer.above):
                findings.append(_hint("container-without-libs", path))
    return findings
