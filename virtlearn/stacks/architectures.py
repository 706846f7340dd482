"""Recognise which model of the course a stack follows.

- `invalid`: at least one rule of `rules.check` is broken.
- `incomplete`: every rule holds, but no application runs yet.
- Otherwise the model names the virtualization that divides the machine first, looking from
  the bottom up:
  - `containers-in-vms`: a container engine runs inside a virtual machine (as in the cloud),
    whatever else the stack does.
  - `bare-metal-hypervisor`: a hypervisor rests on the server (type 1).
  - `hosted-hypervisor`: a hypervisor rests on the host OS (type 2). A host OS that runs both
    a hypervisor and a container engine is hosted-hypervisor: its VMs divide the machine at
    the hardware level, and the metrics still count the containers beside them.
  - `container-based`: a container engine rests on the host OS.
  - `bare-metal`: applications run on the host OS, with no hypervisor and no engine.
"""

from __future__ import annotations

from enum import StrEnum

from virtlearn.stacks.notation import gettext_noop as _
from virtlearn.stacks.rules import check
from virtlearn.stacks.tree import Kind, Layer


class Model(StrEnum):
    BARE_METAL = "bare-metal"
    HOSTED_HYPERVISOR = "hosted-hypervisor"
    BARE_METAL_HYPERVISOR = "bare-metal-hypervisor"
    CONTAINER_BASED = "container-based"
    CONTAINERS_IN_VMS = "containers-in-vms"
    INCOMPLETE = "incomplete"
    INVALID = "invalid"


MODEL_NAMES: dict[Model, str] = {
    Model.BARE_METAL: _("Pre-virtualization (bare metal)"),
    Model.HOSTED_HYPERVISOR: _("Hypervisor-based, type 2 (hosted)"),
    Model.BARE_METAL_HYPERVISOR: _("Hypervisor-based, type 1 (bare-metal)"),
    Model.CONTAINER_BASED: _("Container-based"),
    Model.CONTAINERS_IN_VMS: _("Containers inside virtual machines"),
    Model.INCOMPLETE: _("Incomplete"),
    Model.INVALID: _("Invalid"),
}

MODEL_SUMMARIES: dict[Model, str] = {
    Model.BARE_METAL: _(
        "One operating system on one physical server runs the applications directly: "
        "nothing is virtualized, and adding an isolated application means buying a server."
    ),
    Model.HOSTED_HYPERVISOR: _(
        "A hypervisor running on a host operating system divides the server into virtual "
        "machines, each with its own guest operating system and kernel."
    ),
    Model.BARE_METAL_HYPERVISOR: _(
        "A hypervisor running directly on the server divides it into virtual machines, each "
        "with its own guest operating system, with no host operating system in between."
    ),
    Model.CONTAINER_BASED: _(
        "A container engine on one operating system runs isolated containers that all share "
        "its kernel: virtualization at the operating-system level."
    ),
    Model.CONTAINERS_IN_VMS: _(
        "Containers run on an engine inside a virtual machine, as in the cloud: hardware-level "
        "virtualization beneath, operating-system-level virtualization on top."
    ),
    Model.INCOMPLETE: _(
        "Every layer is in a sensible place so far, but no application runs yet: add one."
    ),
    Model.INVALID: _("At least one layer rests where it cannot run: see what is wrong and why."),
}


def _has_engine_in_vm(layer: Layer, in_vm: bool = False) -> bool:
    if layer.kind is Kind.ENGINE and in_vm:
        return True
    in_vm = in_vm or layer.kind is Kind.VM
    return any(_has_engine_in_vm(upper, in_vm) for upper in layer.above)


def hypervisor_type(stack: Layer) -> int | None:
    """1 if a hypervisor rests on the server, 2 if one rests on an OS, else None."""
    found: set[int] = set()
    for _path, layer in stack.walk():
        for upper in layer.above:
            if upper.kind is Kind.HYPERVISOR:
                found.add(1 if layer.kind is Kind.SERVER else 2)
    return min(found, default=None)


def recognise(stack: Layer) -> Model:
    if check(stack):
        return Model.INVALID
    kinds = [layer.kind for _path, layer in stack.walk()]
    if Kind.APP not in kinds:
        return Model.INCOMPLETE
    if _has_engine_in_vm(stack):
        return Model.CONTAINERS_IN_VMS
    hypervisor = hypervisor_type(stack)
    if hypervisor == 1:
        return Model.BARE_METAL_HYPERVISOR
    if hypervisor == 2:
        return Model.HOSTED_HYPERVISOR
    if Kind.ENGINE in kinds:
        return Model.CONTAINER_BASED
    return Model.BARE_METAL
