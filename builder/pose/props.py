"""The props vocabulary (props.yml): kit drawn around the figure, each term with its geometry."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = ("floor", "under", "rest", "held", "line", "partner", "wall")


@dataclass(frozen=True)
class Prop:
    """One prop: what it is and how big, in units of body height."""

    slug: str
    name: str
    definition: str
    kind: str
    """One of KINDS: how the prop meets the landmark it is placed at."""
    width: float = 0.0
    height: float = 0.0
    """For rest props, the height of the top the landmark meets."""
    radius: float = 0.0
    back: float = 0.0
    """A chair's backrest above the seat."""

    @property
    def top(self) -> float:
        """Height of the surface a landmark rests on (rest and under props)."""
        return 2 * self.radius if self.radius else self.height


@functools.cache
def props() -> dict[str, Prop]:
    """Every prop by slug, in file order."""
    data = yaml.safe_load((Path(__file__).parent / "props.yml").read_text("utf-8"))
    return {slug: Prop(slug, **values) for slug, values in data.items()}
