"""Small factories for stacks: the seed's three models and hand-built layers."""

from __future__ import annotations

from virtlearn.stacks.notation import parse
from virtlearn.stacks.tree import Kind, Layer

BARE_METAL = "server > os > app"
HOSTED_VMS = "server > os > hypervisor > [3*vm > os > libs > app]"
CONTAINERS = "server > os > engine > [3*container > libs > app]"
BARE_METAL_VMS = "server > hypervisor > [2*vm > os > app]"
CONTAINERS_IN_VMS = "server > hypervisor > [vm > os > engine > [2*container > libs > app]]"


def make_stack(text: str = CONTAINERS) -> Layer:
    return parse(text)


def make_layer(kind: str, *above: Layer, label: str = "") -> Layer:
    return Layer(Kind(kind), label, tuple(above))
