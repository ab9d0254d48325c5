"""End-to-end throughput of ``newsprism run``: the local engine vs Ray with 1 and 2 workers.

    python benchmarks/scale.py                      # 10k synthetic articles, all configurations
    python benchmarks/scale.py --n 2000 --configs local1,ray2 --analyses
    python benchmarks/scale.py --labelled ../shared/bench/data/stories/articles.jsonl --configs local1,ray2

Each configuration runs in its own process on the same synthetic corpus (``synth.py``, one JSONL
input, shards of 512) into a fresh output folder, and prints one JSON object: wall seconds per
stage, articles per second end to end, peak RSS of the driver and of the largest other process
under it (pool or Ray worker; Ray's own daemons included), and a digest of the copy groups and
stories so that a configuration that gives other answers shows. Without ``--analyses`` the run stops
after the stories (analysis costs ~1 s per story and would dominate a 10k run on 2 cores).

Before and after the runs it measures the machine's parallel capacity (``parallel_capacity``:
pure-Python throughput of two processes over one; 2.0 on two idle cores): on a shared machine no
two-worker configuration can beat one process by more than that.

Configurations: ``local1`` (the local engine, extraction in one process), ``local`` (extraction
over a process pool of all CPUs, as ``ingest`` does), ``rayN`` (a local Ray with N CPUs and N
workers). Not a test: figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parent: dict[int, int] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                parent[int(p.name)] = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        k = todo.pop()
        kids = [c for c, pp in parent.items() if pp == k]
        out += kids
        todo += kids
    return out


class PeakMemory(threading.Thread):
    """Samples the RSS of every process under this one, twice a second; keeps each one's peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            for pid in _descendants(os.getpid()):
                self.peaks[pid] = max(self.peaks.get(pid, 0), _rss_kb(pid))


def one(config: str, inputs: list[str], out: str, analyses: bool, labelled: str | None = None) -> dict:
    from newsprism.distributed import read_run, run
    from newsprism.settings import Options

    engine, workers = ("ray", int(config[3:])) if config.startswith("ray") else \
        ("local", 1 if config == "local1" else None)
    if engine == "ray":
        import ray

        env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": env})
    mem = PeakMemory()
    mem.start()
    t0 = time.perf_counter()
    report = run(inputs, out, Options(), engine, workers=workers, analyses=analyses)
    wall = time.perf_counter() - t0
    mem.stop.set()
    tables = read_run(out)
    digest = hashlib.sha256(json.dumps([sorted(sorted(g.members) for g in tables["copies"]),
                                        sorted(sorted(s.article_ids) for s in tables["stories"])]).encode())
    others = sorted(mem.peaks.values(), reverse=True)
    quality = _bcubed(labelled, tables["stories"]) if labelled else {}
    return {**quality, "config": config, "articles": report.articles, "stories": report.stories, "analyses": report.analyses,
            "wall_s": round(wall, 2), "articles_per_s": round(report.articles / wall, 1), "stages_s": report.seconds,
            "cpu_s": report.cpu_seconds, "load_avg_1min": round(os.getloadavg()[0], 2),
            "bytes_per_article": {k: round(v / max(1, report.articles)) for k, v in report.bytes_moved.items()},
            "driver_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "largest_other_process_peak_mb": round(others[0] / 1024) if others else 0,
            "other_processes": len(others), "answers_digest": digest.hexdigest()[:16]}


def _bcubed(labelled: str, stories: list) -> dict:
    """B-cubed F1 of the run's stories against the ``story`` labels of the input (all articles, and
    the "report" half of stories.py's fixed split)."""
    from newsprism.evaluate import bcubed

    sys.path.insert(0, str(HERE))
    from stories import half

    rows = [json.loads(line) for line in Path(labelled).read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = {r["id"]: r["story"] for r in rows}
    pred = {i: s.id for s in stories for i in s.article_ids}
    report = [i for i, c in gold.items() if half(c) == "report"]
    return {"bcubed_f1": bcubed(gold, pred)["F1"],
            "bcubed_f1_report_half": bcubed(gold, pred, report)["F1"]}


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def parallel_capacity(n: int = 4_000_000) -> float:
    """How much more pure-Python work two processes get done than one, right now: 2.0 on two idle
    cores, 1.0 when the machine's other work leaves the second core no time. The ceiling for any
    two-worker speed-up measured in the same minutes."""
    import multiprocessing

    def timed(k: int) -> float:
        t = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(k) as pool:
            pool.map(_spin, [n] * (2 * k))
        return (time.perf_counter() - t) / (2 * k)  # seconds per job

    return round(timed(1) / timed(2), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--configs", default="local1,local,ray1,ray2")
    ap.add_argument("--analyses", action="store_true", help="also analyse every story")
    ap.add_argument("--labelled", help="a JSONL input with a 'story' label per article (the dev story data) "
                                       "instead of the synthetic corpus: reports B-cubed F1 per configuration")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--input", action="append", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.input, args.out, args.analyses, args.labelled)))
        return
    sys.path.insert(0, str(HERE))
    from synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "synth.jsonl"
        if args.labelled:
            src = Path(args.labelled).resolve()
        else:
            src.write_text("".join(json.dumps(r) + "\n" for r in generate(args.n)), encoding="utf-8")
        results = []
        capacity = [parallel_capacity()]
        for config in args.configs.split(","):
            cmd = [sys.executable, __file__, "--one", config, "--input", str(src), "--out", str(Path(tmp) / config)]
            if args.analyses:
                cmd.append("--analyses")
            if args.labelled:
                cmd += ["--labelled", str(src)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1]), file=sys.stderr)
        capacity.append(parallel_capacity())
    print(json.dumps({"n": args.n, "cpus": os.cpu_count(), "analyses": args.analyses,
                      "parallel_capacity_before_after": capacity, "runs": results}, indent=1))


if __name__ == "__main__":
    main()
