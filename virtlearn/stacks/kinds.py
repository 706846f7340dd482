"""The layer kinds of the design in one place: what each may rest on, its name, what it is.

Names and descriptions are plain strings marked with `gettext_noop` so makemessages finds
them; views translate them at display time.
"""

from __future__ import annotations

from virtlearn.stacks.notation import gettext_noop as _
from virtlearn.stacks.tree import Kind

__all__ = ["KIND_DESCRIPTIONS", "KIND_NAMES", "MAY_REST_ON", "Kind", "kinds_that_fit_on"]

# An empty set means "nothing": the layer is always the bottom of its stack.
MAY_REST_ON: dict[Kind, frozenset[Kind]] = {
    Kind.SERVER: frozenset(),
    Kind.OS: frozenset({Kind.SERVER, Kind.VM}),
    Kind.HYPERVISOR: frozenset({Kind.SERVER, Kind.OS}),
    Kind.VM: frozenset({Kind.HYPERVISOR}),
    Kind.ENGINE: frozenset({Kind.OS}),
    Kind.CONTAINER: frozenset({Kind.ENGINE}),
    Kind.LIBS: frozenset({Kind.OS, Kind.CONTAINER}),
    Kind.APP: frozenset({Kind.OS, Kind.LIBS, Kind.CONTAINER}),
}

KIND_NAMES: dict[Kind, str] = {
    Kind.SERVER: _("Physical server"),
    Kind.OS: _("Operating system"),
    Kind.HYPERVISOR: _("Hypervisor"),
    Kind.VM: _("Virtual machine"),
    Kind.ENGINE: _("Container engine"),
    Kind.CONTAINER: _("Container"),
    Kind.LIBS: _("Bins/libs"),
    Kind.APP: _("Application"),
}

KIND_DESCRIPTIONS: dict[Kind, str] = {
    Kind.SERVER: _(
        "The physical machine: processors, memory, disks and network. Everything else runs on it."
    ),
    Kind.OS: _(
        "An operating system with its own kernel, which shares out memory, files and the "
        "network to the programs above it: a host OS on a server, or a guest OS in a VM."
    ),
    Kind.HYPERVISOR: _(
        "Creates and runs virtual machines. On the server itself it is type 1 (bare-metal); "
        "on a host operating system it is type 2 (hosted)."
    ),
    Kind.VM: _(
        "A virtual machine: virtual hardware carved out of the real one, which needs its own "
        "guest operating system."
    ),
    Kind.ENGINE: _(
        "A container engine, such as Docker Engine, containerd or Podman: it starts containers "
        "on the kernel of the operating system beneath it."
    ),
    Kind.CONTAINER: _(
        "An isolated user space that shares the host's kernel: it holds bins/libs and an "
        "application, never a kernel of its own."
    ),
    Kind.LIBS: _("The binaries and libraries an application needs to run."),
    Kind.APP: _("An application: the program that does the work someone actually wants done."),
}


def kinds_that_fit_on(kind: Kind | None) -> list[Kind]:
    """The kinds that may rest on `kind`, in the table's order; None (an empty stack): server."""
    if kind is None:
        return [Kind.SERVER]
    return [upper for upper in Kind if kind in MAY_REST_ON[upper]]
