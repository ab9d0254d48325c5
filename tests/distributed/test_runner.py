"""The runner on the local engine: tables, failures, resume, shard order, Parquet input, load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import pipeline
from newsprism.distributed import read_run, run, runner, tables
from newsprism.errors import UsageError
from newsprism.settings import Options
from newsprism.store import Store
from tests.distributed.conftest import answers, synth_rows, write_jsonl


def test_a_run_writes_every_table(local_sample_run: Path) -> None:
    t = read_run(local_sample_run)
    assert len(t["articles"]) == 21 and len(t["stories"]) == 4
    assert {i for s in t["stories"] for i in s.article_ids} == {a.id for a in t["articles"]}
    assert any(len(g.members) > 1 for g in t["copies"])
    assert sorted(t["analyses"]) == sorted(s.id for s in t["stories"])
    analysis = json.loads(t["analyses"][t["stories"][0].id])
    assert analysis["story"] == t["stories"][0].id and analysis["claims"]
    for name in ("articles", "analyses", "failures"):
        assert tables.parts(local_sample_run / name), name
    assert (local_sample_run / "copies.parquet").exists() and (local_sample_run / "_SUCCESS").exists()


def test_the_local_engine_never_imports_ray(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", synth_rows(20))
    code = ("import sys\nfrom newsprism.distributed import run\nfrom newsprism.settings import Options\n"
            f"r = run([{src!r}], {str(tmp_path / 'out')!r}, Options())\n"
            "assert r.articles == 20 and r.analyses == r.stories > 0, r\n"
            "print('ray' in sys.modules, 'newsprism.distributed.ray_engine' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "False"]


def test_a_bad_input_is_a_failure_row_and_the_run_goes_on(tmp_path: Path, opts: Options) -> None:
    rows = synth_rows(12)
    good = write_jsonl(tmp_path / "good.jsonl", rows)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rows[0] | {"id": "x1"}) + "\n{not json\n" + json.dumps({"title": "no body"}) + "\n")
    missing = str(tmp_path / "missing.html")
    report = run([good, str(bad), missing], tmp_path / "out", opts, analyses=False)
    failures = {(f.source, f.stage) for f in read_run(tmp_path / "out")["failures"]}
    assert (f"{bad}#2", "fetch") in failures and (f"{bad}#3", "fetch") in failures
    assert (missing, "fetch") in failures
    assert report.articles == 13 and report.failures == 3 and report.stories > 0


def test_a_story_that_fails_analysis_is_a_failure_row(tmp_path: Path, opts: Options, monkeypatch) -> None:
    import newsprism.analyze

    real = newsprism.analyze.analyze
    broken: list[str] = []

    def flaky(articles, options, story_id=None, copies=()):
        if not broken:
            broken.append(story_id)
            raise RuntimeError("boom")
        return real(articles, options, story_id=story_id, copies=copies)

    monkeypatch.setattr(newsprism.analyze, "analyze", flaky)
    src = write_jsonl(tmp_path / "in.jsonl", synth_rows(12))
    report = run([src], tmp_path / "out", opts)
    t = read_run(tmp_path / "out")
    assert [(f.source, f.stage) for f in t["failures"]] == [(broken[0], "analyze")]
    assert "boom" in t["failures"][0].reason
    assert report.stories == report.analyses + 1 and broken[0] not in t["analyses"]


def test_the_order_of_the_inputs_does_not_change_the_answers(synth_shards: list[str], local_synth_run: Path,
                                                             tmp_path: Path, opts: Options) -> None:
    run(list(reversed(synth_shards)), tmp_path / "reversed", opts, analyses=False)
    assert answers(tmp_path / "reversed") == answers(local_synth_run)


def test_articles_parquet_is_an_input(local_synth_run: Path, tmp_path: Path, opts: Options) -> None:
    parts = [str(p) for p in tables.parts(local_synth_run / "articles")]
    run(parts, tmp_path / "again", opts, analyses=False)
    again, first = answers(tmp_path / "again"), answers(local_synth_run)
    assert (again["copies"], again["stories"]) == (first["copies"], first["stories"])


class Killed(BaseException):
    """Stands for a kill: not an Exception, so nothing on the way may catch it."""


def test_a_killed_run_resumes_from_the_shards_written(synth_shards: list[str], local_synth_run: Path,
                                                      tmp_path: Path, opts: Options, monkeypatch) -> None:
    real = runner.extract_shard
    calls: list[int] = []
    killed: list[bool] = []

    def dies_on_the_second_shard(items, options, workers=None):
        calls.append(len(items))
        if len(calls) == 2 and not killed:
            killed.append(True)
            raise Killed  # the run is killed mid-way
        return real(items, options, workers)

    monkeypatch.setattr(runner, "extract_shard", dies_on_the_second_shard)
    out = tmp_path / "out"
    with pytest.raises(Killed):
        run(synth_shards, out, opts, analyses=False)
    assert len(tables.parts(out / "articles")) == 1 and not (out / "stories.parquet").exists()

    calls.clear()
    report = run(synth_shards, out, opts, analyses=False)
    assert report.shards == 3 and report.shards_skipped == 1 and len(calls) == 2
    assert answers(out) == answers(local_synth_run)


def test_a_finished_stage_is_not_run_again(local_sample_run: Path, sample: str, opts: Options, monkeypatch) -> None:
    import newsprism.analyze

    def never(*args, **kwargs):
        raise AssertionError("analysed again")

    monkeypatch.setattr(newsprism.analyze, "analyze", never)
    monkeypatch.setattr(runner, "extract_shard", never)
    report = run([sample], local_sample_run, opts)
    assert report.shards_skipped == report.shards == 1 and report.parts_skipped == 1 and report.failures == 1


def test_a_folder_holds_one_run(local_synth_run: Path, synth_shards: list[str], opts: Options) -> None:
    with pytest.raises(UsageError):
        run(synth_shards[:1], local_synth_run, opts, analyses=False)
    with pytest.raises(UsageError):
        run(synth_shards, local_synth_run, opts.replace(cluster_threshold=opts.cluster_threshold + 0.1),
            analyses=False)


def test_load_brings_a_run_into_the_store(local_sample_run: Path, store: Store, opts: Options) -> None:
    report = pipeline.load_run(str(local_sample_run), store)
    t = read_run(local_sample_run)
    assert (report.added, report.stories, report.analyses, report.failures) == (21, 4, 4, 1)
    assert {frozenset(s.article_ids) for s in store.stories()} == {frozenset(s.article_ids) for s in t["stories"]}
    story = t["stories"][0]
    assert store.cached_analysis(story.id, pipeline.analysis_key(store.story(story.id))) == t["analyses"][story.id]
    assert pipeline.story_analysis(store, story.id, opts).story == story.id
    assert pipeline.load_run(str(local_sample_run), store).skipped == 21  # loading twice adds nothing


def test_load_needs_a_finished_run(tmp_path: Path, store: Store) -> None:
    with pytest.raises(UsageError):
        pipeline.load_run(str(tmp_path), store)


def test_the_report_counts_cpu_seconds_and_bytes_moved(local_synth_run: Path) -> None:
    report = json.loads((local_synth_run / "_SUCCESS").read_text())
    cpu, moved = report["cpu_seconds"], report["bytes_moved"]
    assert {"extract", "prepare", "driver_copies", "driver_stories"} <= set(cpu) and cpu["extract"] > 0
    assert moved["documents_out"] > 0 and moved["tables_back"] > 0 and moved["prepared_back"] > 0


def test_a_resumed_run_prepares_the_articles_it_did_not_extract(synth_shards: list[str], local_synth_run: Path,
                                                                 tmp_path: Path, opts: Options) -> None:
    """Copies and stories read prepared values, never the text: shards written by an earlier run are
    prepared from their Parquet part, so the answers stay the same."""
    out = tmp_path / "out"
    run(synth_shards, out, opts, analyses=False)
    (out / "copies.parquet").unlink()
    (out / "stories.parquet").unlink()
    report = run(synth_shards, out, opts, analyses=False)
    assert report.shards_skipped == 3 and report.bytes_moved["documents_out"] == 0
    assert answers(out) == answers(local_synth_run)
