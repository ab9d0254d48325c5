"""Run the pipeline over many inputs into Parquet, on this machine or on a Ray cluster.

``run(inputs, out_dir, options, engine="local" | "ray")`` calls the stage functions (no second
implementation of any stage) and writes the tables ``articles``, ``copies``, ``stories``,
``analyses`` and ``failures``; ``read_run`` reads them back. This package may import the stages,
the model, the settings and pyarrow, never the store or an interface; Ray is imported only by the
Ray engine. See docs/scale.md.
"""

from newsprism.distributed.runner import ENGINES, RunReport, read_run, run

__all__ = ["ENGINES", "RunReport", "read_run", "run"]
