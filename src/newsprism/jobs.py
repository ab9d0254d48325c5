"""How a stage hands out independent pieces of its work: a ``Mapper``.

A stage that has many independent, pure pieces of work (score these day blocks, verify these
candidate pairs, make these stories) takes an optional ``mapper`` and calls
``mapper(fn, jobs)``, which must return ``[fn(*job) for job in jobs]`` in job order. ``serial`` does
exactly that in this process; a distributed engine runs the jobs on its workers. The stage then
combines the results in job order, so where the jobs ran never changes the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Mapper = Callable[[Callable[..., Any], Sequence[tuple[Any, ...]]], list[Any]]


def serial(fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
    """The jobs one after the other, here."""
    return [fn(*job) for job in jobs]
