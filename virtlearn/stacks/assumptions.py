"""The stated, editable figures behind the metrics.

Every number the metrics show comes from this table, and the learner sees (and may change)
it beside them. The defaults are round, typical figures for a modest rack server, chosen to
be defensible rather than precise:

- a server OS at idle (kernel, page cache floor, system services) takes about 1 GB;
- a type 1 hypervisor (ESXi, Hyper-V, Xen) or a type 2 one's host services: about 512 MB;
- each VM costs its virtual hardware (device emulation, page tables): about 128 MB,
  besides the guest OS inside it;
- a container engine (dockerd + containerd): about 128 MB; each container (its shim,
  namespaces and cgroups): about 8 MB;
- an application's bins/libs: 64 MB; the application itself: 512 MB, whatever it runs on;
- a new VM takes about 15 s to create and power on, then its guest OS boots (45 s);
  a container starts in about a second; a new physical server takes weeks to buy and rack.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from virtlearn.stacks.notation import gettext_noop as _


@dataclass(frozen=True)
class Assumptions:
    server_memory_mb: int = 65536
    os_memory_mb: int = 1024
    hypervisor_memory_mb: int = 512
    vm_overhead_mb: int = 128
    engine_memory_mb: int = 128
    container_overhead_mb: int = 8
    libs_memory_mb: int = 64
    app_memory_mb: int = 512
    os_boot_seconds: float = 45
    vm_create_seconds: float = 15
    container_start_seconds: float = 1
    server_provision_days: float = 30

    @property
    def vm_boot_seconds(self) -> float:
        """A new VM: its virtual hardware is created, then a whole guest OS boots."""
        return self.vm_create_seconds + self.os_boot_seconds


DEFAULT_ASSUMPTIONS = Assumptions()

MB = _("MB")
SECONDS = _("seconds")
DAYS = _("days")

# field: (label, unit, lowest, highest)
_TABLE: dict[str, tuple[str, str, float, float]] = {
    "server_memory_mb": (_("Memory of the physical server"), MB, 1024, 16 * 1024 * 1024),
    "os_memory_mb": (_("Memory an operating system takes"), MB, 16, 1024 * 1024),
    "hypervisor_memory_mb": (_("Memory the hypervisor takes"), MB, 0, 1024 * 1024),
    "vm_overhead_mb": (_("Memory each virtual machine's virtual hardware takes"), MB, 0, 65536),
    "engine_memory_mb": (_("Memory the container engine takes"), MB, 0, 65536),
    "container_overhead_mb": (_("Memory each container adds"), MB, 0, 65536),
    "libs_memory_mb": (_("Memory an application's bins/libs take"), MB, 0, 65536),
    "app_memory_mb": (_("Memory an application takes"), MB, 1, 1024 * 1024),
    "os_boot_seconds": (_("Time an operating system takes to boot"), SECONDS, 0, 3600),
    "vm_create_seconds": (
        _("Time to create and power on a virtual machine, before its OS boots"),
        SECONDS,
        0,
        3600,
    ),
    "container_start_seconds": (_("Time a container takes to start"), SECONDS, 0, 3600),
    "server_provision_days": (
        _("Time to buy, deliver and install a physical server"),
        DAYS,
        0,
        365,
    ),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: float
    unit: str


def describe(assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> list[Row]:
    """The figures as labelled rows, in the table's order, for display."""
    return [
        Row(key, label, getattr(assumptions, key), unit)
        for key, (label, unit, _lowest, _highest) in _TABLE.items()
    ]


def _read(name: str, text: str) -> float:
    label, _unit, lowest, highest = _TABLE[name]
    whole = name.endswith("_mb")
    kind = "a whole number" if whole else "a number"
    problem = ValueError(
        f"{name} ({label}): expected {kind} from {lowest:g} to {highest:g}, found {text[:20]!r}"
    )
    try:
        value = float(text.strip()) if len(text) <= 20 else math.nan
    except ValueError:
        raise problem from None
    if not math.isfinite(value) or not lowest <= value <= highest:
        raise problem
    if value.is_integer():
        return int(value)
    if whole:
        raise problem
    return value


def with_overrides(
    overrides: Mapping[str, str], base: Assumptions = DEFAULT_ASSUMPTIONS
) -> Assumptions:
    """`base` with some figures replaced by text a learner typed; ValueError names the field."""
    known = {field.name for field in fields(Assumptions)}
    changes: dict[str, float] = {}
    for name, text in overrides.items():
        if name not in known:
            raise ValueError(f"{name[:40]}: not an assumption; known: {', '.join(sorted(known))}")
        changes[name] = _read(name, str(text))
    return replace(base, **changes)
