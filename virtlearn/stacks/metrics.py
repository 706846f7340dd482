"""The seed's claims made measurable: kernels, overhead, start time, how many apps fit.

Every figure comes from the `Assumptions` table; nothing here is a hidden constant.

- Memory: each layer takes its figure from the table (the server provides memory and takes
  none) and the stack uses the sum. What the applications themselves do not use is overhead.
- Utilization: the share of the server's memory that does the applications' work.
- Start one more application "the way this stack does it": with a container engine, start a
  container; with a hypervisor, create a VM and boot its guest OS; on bare metal, buy, rack
  and boot another server. The application's own start time is the same everywhere and is
  left out.
- Apps that fit: the memory left once the shared layers are paid for, divided by what one
  more application costs in this stack (its container or VM with everything in it, averaged
  over the ones the stack has; the table's figures when it has none). On bare metal one
  server holds what it runs now: another isolated application needs another server.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from virtlearn.stacks.architectures import hypervisor_type
from virtlearn.stacks.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from virtlearn.stacks.tree import Kind, Layer

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Metrics:
    kernels: int
    vms: int
    containers: int
    apps: int
    virtualization: str  # "none", "hardware", "os" or "hardware+os"
    hypervisor_type: int | None
    memory_used_mb: int
    memory_overhead_mb: int
    overhead_per_app_mb: float
    utilization: float
    start_seconds: float
    apps_that_fit: int
    server_memory_mb: int
    memory_free_mb: int
    fits: bool

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def layer_memory_mb(kind: Kind, figures: Assumptions) -> int:
    return {
        Kind.SERVER: 0,
        Kind.OS: figures.os_memory_mb,
        Kind.HYPERVISOR: figures.hypervisor_memory_mb,
        Kind.VM: figures.vm_overhead_mb,
        Kind.ENGINE: figures.engine_memory_mb,
        Kind.CONTAINER: figures.container_overhead_mb,
        Kind.LIBS: figures.libs_memory_mb,
        Kind.APP: figures.app_memory_mb,
    }[kind]


def memory_mb(layer: Layer, figures: Assumptions) -> int:
    """The memory `layer` and everything resting on it take."""
    return sum(layer_memory_mb(upper.kind, figures) for _path, upper in layer.walk())


def _unit_kind(kinds: set[Kind]) -> Kind | None:
    """What one more application gets in this stack: a container, a VM, or a whole server."""
    if Kind.ENGINE in kinds:
        return Kind.CONTAINER
    if Kind.HYPERVISOR in kinds:
        return Kind.VM
    return None


def _default_unit_mb(unit: Kind, figures: Assumptions) -> int:
    app = figures.libs_memory_mb + figures.app_memory_mb
    if unit is Kind.CONTAINER:
        return figures.container_overhead_mb + app
    return figures.vm_overhead_mb + figures.os_memory_mb + app


def _start_seconds(unit: Kind | None, figures: Assumptions) -> float:
    if unit is Kind.CONTAINER:
        return figures.container_start_seconds
    if unit is Kind.VM:
        return figures.vm_boot_seconds
    return figures.server_provision_days * SECONDS_PER_DAY + figures.os_boot_seconds


def _apps_that_fit(
    stack: Layer, unit: Kind | None, apps: int, used: int, figures: Assumptions
) -> int:
    if unit is None:
        return max(apps, 1) if used <= figures.server_memory_mb else 0
    units = [layer for _path, layer in stack.walk() if layer.kind is unit]
    in_units = [(memory_mb(layer, figures), layer.count(Kind.APP)) for layer in units]
    in_units = [(memory, count) for memory, count in in_units if count]
    unit_apps = sum(count for _memory, count in in_units)
    unit_memory = sum(memory for memory, _count in in_units)
    per_app = unit_memory / unit_apps if unit_apps else _default_unit_mb(unit, figures)
    shared = used - unit_memory
    room = figures.server_memory_mb - shared
    if room < 0 or per_app <= 0:
        return 0
    return apps - unit_apps + math.floor(room / per_app)


def measure(stack: Layer, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Metrics:
    kinds = {layer.kind for _path, layer in stack.walk()}
    apps = stack.count(Kind.APP)
    used = memory_mb(stack, assumptions)
    app_memory = apps * assumptions.app_memory_mb
    overhead = used - app_memory
    server = assumptions.server_memory_mb
    unit = _unit_kind(kinds)
    virtualization = "+".join(
        level
        for level, kind in (("hardware", Kind.HYPERVISOR), ("os", Kind.ENGINE))
        if kind in kinds
    )
    return Metrics(
        kernels=stack.count(Kind.OS),
        vms=stack.count(Kind.VM),
        containers=stack.count(Kind.CONTAINER),
        apps=apps,
        virtualization=virtualization or "none",
        hypervisor_type=hypervisor_type(stack),
        memory_used_mb=used,
        memory_overhead_mb=overhead,
        overhead_per_app_mb=round(overhead / max(apps, 1), 1),
        utilization=round(min(1.0, app_memory / server), 4),
        start_seconds=_start_seconds(unit, assumptions),
        apps_that_fit=_apps_that_fit(stack, unit, apps, used, assumptions),
        server_memory_mb=server,
        memory_free_mb=server - used,
        fits=used <= server,
    )
