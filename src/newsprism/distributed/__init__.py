"""Run the pipeline over many inputs into Parquet, on this machine or on a Ray cluster.

``run(inputs, out_dir, options, engine="local" | "ray")`` calls the stage functions (no second
implementation of any stage) and writes the tables ``articles``, ``copies``, ``stories``,
``analyses`` and ``failures``; ``read_run`` reads them back. This package may import the stages,
the model, the settings and pyarrow, never the store or an interface; Ray is imported only by the
Ray engine. See docs/scale.md.

The runner (and the stages it imports) loads on first use of these names, so reading a run's
tables (``newsprism.distributed.tables``, as ``serve --run`` does) does not import the stages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsprism.distributed.runner import ENGINES, RunReport, read_run, run

__all__ = ["ENGINES", "RunReport", "read_run", "run"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newsprism.distributed import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
