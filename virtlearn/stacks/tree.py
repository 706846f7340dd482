"""The stack as a tree of layers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    SERVER = "server"
    OS = "os"
    HYPERVISOR = "hypervisor"
    VM = "vm"
    ENGINE = "engine"
    CONTAINER = "container"
    LIBS = "libs"
    APP = "app"


# A path names one layer: the root is (0,), its second layer above is (0, 1), and so on.
Path = tuple[int, ...]
ROOT: Path = (0,)


def path_to_str(path: Path) -> str:
    return ".".join(str(i) for i in path)


def path_from_str(text: str) -> Path:
    """Read "0.1.2" back into a path; ValueError if it is not one."""
    parts = text.split(".")
    if not text or not all(part.isdigit() and len(part) <= 4 for part in parts) or parts[0] != "0":
        raise ValueError(f"not a layer path: {text!r}")
    return tuple(int(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer and the layers resting on it (left to right)."""

    kind: Kind
    label: str = ""
    above: tuple[Layer, ...] = field(default=())

    def walk(self, path: Path = ROOT) -> Iterator[tuple[Path, Layer]]:
        """Every layer with its path, bottom first (pre-order)."""
        yield path, self
        for index, layer in enumerate(self.above):
            yield from layer.walk((*path, index))

    def at(self, path: Path) -> Layer:
        """The layer at `path`; KeyError if there is none."""
        if not path or path[0] != 0:
            raise KeyError(path)
        layer = self
        for index in path[1:]:
            if index >= len(layer.above):
                raise KeyError(path)
            layer = layer.above[index]
        return layer

    def count(self, kind: Kind) -> int:
        """How many layers of `kind` there are, this one and all resting on it."""
        return sum(layer.kind is kind for _path, layer in self.walk())

    def size(self) -> int:
        return 1 + sum(layer.size() for layer in self.above)

    def depth(self) -> int:
        return 1 + max((layer.depth() for layer in self.above), default=0)
