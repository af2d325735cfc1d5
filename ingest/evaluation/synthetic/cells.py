"""How a synthetic table writes its cells: a figure as text (`cell_text`) and a `|` row in one
report's style (`PipeStyle`).
"""
from __future__ import annotations

import random


def cell_text(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v else "0"
    return str(v)


class PipeStyle:
    def __init__(self, rng: random.Random):
        self.lead = rng.random() < 0.3  # markdown style "| a | b |"
        self.trail = rng.random() < 0.5
        self.pad = rng.randint(0, 2)  # surplus trailing empty cells, as in seed 002

    def row(self, cells: list) -> str:
        parts = [cell_text(c) for c in cells]
        s = " | ".join(parts)
        if self.lead:
            return "| " + s + " |"
        if self.trail:
            s += " |" + " |" * self.pad
        return s
