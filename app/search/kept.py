"""A cache as a dict: a missing key's value is made on first use, and a full cache starts afresh."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(dict[K, V], Generic[K, V]):
    """A cache: a missing key's value is made by ``make(key)`` (or given to ``keep``); when what it
    holds (counted by ``size``) passes ``limit``, it starts afresh."""

    def __init__(self, make: Callable[[K], V] | None, limit: float = math.inf,
                 size: Callable[[V], int] = lambda _: 1) -> None:
        super().__init__()
        self.make = make
        self.limit = limit
        self.size = size
        self.held = 0

    def __missing__(self, key: K) -> V:
        if self.make is None:
            raise KeyError(key)
        return self.keep(key, self.make(key))

    def keep(self, key: K, value: V) -> V:
        self.held += self.size(value)
        if self.held > self.limit:
            self.clear()
            self.held = self.size(value)
        self[key] = value
        return value
