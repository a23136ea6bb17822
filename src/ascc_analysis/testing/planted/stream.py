"""Seeded uniform draws handed out one by one: ``_Stream``, the generator's cheap source of randomness.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). Wraps the seeded
:class:`numpy.random.Generator` of one :func:`~ascc_analysis.testing.planted.generate_corpus` call, so that the
sentence-by-sentence choices stay reproducible from the seed.
"""

from __future__ import annotations

import numpy as np


class _Stream:
    """Uniform floats from the seeded generator, drawn in blocks and handed out one by one (no per-call cost)."""

    def __init__(self, rng: np.random.Generator, block: int = 1 << 16) -> None:
        self._rng = rng
        self._block = block
        self._values: list[float] = []
        self._position = 0

    def uniform(self) -> float:
        if self._position == len(self._values):
            self._values = self._rng.random(self._block).tolist()
            self._position = 0
        value = self._values[self._position]
        self._position += 1
        return value

    def index(self, n: int) -> int:
        """A uniform index in ``range(n)``."""
        return min(int(self.uniform() * n), n - 1)
