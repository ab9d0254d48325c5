"""The Ray engine gives the local engine's answers (slow: starts a local Ray with 2 CPUs)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsprism.distributed import read_run, run, runner, tables
from newsprism.settings import Options
from tests.distributed.conftest import answers

ray = pytest.importorskip("ray", reason="the Ray engine needs pip install 'newsprism[ray]'")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    """One local Ray for the module (Ray 2.5x has no local_mode), shut down after."""
    env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": env})
    yield
    ray.shutdown()


def test_ray_gives_the_local_answers_on_the_sample(sample: str, local_sample_run: Path, tmp_path: Path,
                                                   opts: Options) -> None:
    report = run([sample], tmp_path / "ray", opts, engine="ray")
    assert report.engine == "ray" and report.stories == report.analyses == 4
    got, want = answers(tmp_path / "ray"), answers(local_sample_run)
    assert got["copies"] == want["copies"] and got["stories"] == want["stories"]
    assert got["analyses"] == want["analyses"]  # the same JSON text for every story
    assert got == want
    assert ray.is_initialized()  # a Ray the caller started is left running


def test_ray_gives_the_local_answers_on_synthetic_shards_in_any_order(
        synth_shards: list[str], local_synth_run: Path, tmp_path: Path, opts: Options) -> None:
    report = run([synth_shards[2], synth_shards[0], synth_shards[1]], tmp_path / "ray", opts, engine="ray",
                 analyses=False)
    assert report.articles == 300 and report.shards == 3
    got, want = answers(tmp_path / "ray"), answers(local_synth_run)
    assert len(want["copies"]) > 10 and len(want["stories"]) > 10  # there is something to get wrong
    assert got == want


def test_ray_analyses_a_story_as_the_local_engine_does(local_synth_run: Path, opts: Options) -> None:
    from newsprism.distributed.ray_engine import RayEngine

    t = read_run(local_synth_run)
    by_id = {a.id: a for a in t["articles"]}
    story = max(t["stories"], key=lambda s: (len(s.copies), len(s.article_ids), s.id))
    todo = [("part", [(story, [by_id[i] for i in story.article_ids])])]
    (_, [(sid, js, failure)]), = RayEngine(workers=2).analyze(todo, opts)
    (_, [(_, local_js, _)]), = runner.LocalEngine().analyze(todo, opts)
    assert sid == story.id and failure is None and js is not None
    assert js == local_js and json.loads(js)["copies"]


def test_ray_reads_parquet_shards_and_records_bad_inputs(local_synth_run: Path, tmp_path: Path,
                                                         opts: Options) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    parquet = [str(p) for p in tables.parts(local_synth_run / "articles")]
    report = run([*parquet, str(bad)], tmp_path / "ray", opts, engine="ray", analyses=False)
    assert [(f.source, f.stage) for f in read_run(tmp_path / "ray")["failures"]] == [(str(bad), "fetch")]
    got, want = answers(tmp_path / "ray"), answers(local_synth_run)
    assert report.failures == 1 and (got["copies"], got["stories"]) == (want["copies"], want["stories"])


def test_ray_resumes_a_run_the_local_engine_began(synth_shards: list[str], local_synth_run: Path,
                                                  tmp_path: Path, opts: Options) -> None:
    out = tmp_path / "out"
    run(synth_shards[:1], out / "first", opts, analyses=False)  # one shard written by another run
    (out / "articles").mkdir(parents=True)
    (part,) = tables.parts(out / "first" / "articles")
    part.rename(out / "articles" / part.name)
    report = run(synth_shards, out, opts, engine="ray", analyses=False)
    assert report.shards_skipped == 1 and report.shards == 3
    got, want = answers(out), answers(local_synth_run)
    assert got == want


def test_ray_map_gives_the_results_in_job_order(opts: Options) -> None:
    """``Engine.map`` on workers (an argument shared by every job goes to the object store once)."""
    import operator

    import numpy as np

    from newsprism.distributed.ray_engine import RayEngine

    shared = np.arange(100, 150)
    jobs = [(shared, k) for k in reversed(range(37))]
    assert RayEngine(workers=2).map(operator.getitem, jobs) == [100 + k for k in reversed(range(37))]
    assert RayEngine(workers=2).map(operator.getitem, []) == []
