"""Kill -9 at random points of ``ingest`` and of a ``serve`` under load; check what survives.

    python benchmarks/faults.py [--rounds 5] [--pages 1500] [--seed 1]

Writes fictional pages to a temporary folder (nothing external), then:

- ``ingest`` rounds: start ``newsprism ingest`` over the folder, SIGKILL it after a random delay,
  and check the database (``PRAGMA integrity_check``), that the article count never goes down, and
  that no extraction worker outlives its parent (Linux: read from /proc). A final uninterrupted run
  must reach every page, and one more run must add nothing (re-runs converge).
- ``serve`` rounds: start ``newsprism serve`` on a free loopback port, have readers fetch pages and
  the API and an uploader add files, SIGKILL the server after a random delay; check integrity and
  orphans, and count request errors other than the server going away.

Prints one JSON object. Linux only (process accounting reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
PAGE = """<html><head><title>Harbour report {i}</title><meta property="og:site_name" content="Outlet {o}">
</head><body><article><h1>Harbour report {i}</h1>
<p>The Korvel harbour authority said on Tuesday that berth {i} would close for repairs after a crane
collapsed, and that ships would be sent to the northern quay until the work is done.</p>
<p>Officials expect the closure of berth {i} to last {w} weeks, with the cost put at {i} thousand.</p>
</article></body></html>"""


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def integrity(db: Path) -> tuple[str, int]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return str(ok), int(n)


def orphans_after(workers: list[int], wait: float = 10.0) -> int:
    end = time.monotonic() + wait
    while time.monotonic() < end and any(alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:  # ours: do not leave them behind whatever the figure says
        os.kill(w, signal.SIGKILL)
    return len(left)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsprism.cli", *args]


def ingest_rounds(pages: Path, db: Path, rounds: int, rng: random.Random, total: int) -> dict[str, object]:
    counts, orphans, bad = [], 0, []
    for _ in range(rounds):
        proc = subprocess.Popen(cli("ingest", "--no-stories", "--db", str(db), str(pages)), env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(1.0, 8.0)
        workers: list[int] = []
        end = time.monotonic() + delay
        while time.monotonic() < end and proc.poll() is None:
            workers = sorted(set(workers) | set(children(proc.pid)))
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        orphans += orphans_after(workers)
        ok, n = integrity(db) if db.exists() else ("ok", 0)
        if ok != "ok":
            bad.append(ok)
        counts.append(n)
    done = subprocess.run(cli("ingest", "--no-stories", "--db", str(db), str(pages)), env=ENV,
                          capture_output=True, text=True)
    again = subprocess.run(cli("ingest", "--no-stories", "--db", str(db), str(pages), "--json"), env=ENV,
                           capture_output=True, text=True)
    ok, final = integrity(db)
    added_again = json.loads(again.stdout.strip().splitlines()[-1])["added"] if again.stdout.strip() else None
    return {"rounds": rounds, "counts_after_each_kill": counts, "count_never_fell": counts == sorted(counts),
            "integrity_failures": bad, "orphaned_workers": orphans, "final_count": final, "expected": total,
            "final_exit": done.returncode, "rerun_added": added_again, "final_integrity": ok}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Load:
    """Readers (and one uploader) against ``base`` until stopped; counts requests and errors."""

    def __init__(self, base: str, files: list[Path], rng: random.Random) -> None:
        self.base, self.files, self.rng = base, files, rng
        self.stop, self.killed = threading.Event(), threading.Event()
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: dict[str, int] = {}

    def run(self, uploader: bool) -> None:
        with httpx.Client(trust_env=False, timeout=10) as client:
            while not self.stop.is_set():
                try:
                    if uploader:
                        batch = self.rng.sample(self.files, 20)
                        r = client.post(self.base + "/api/v1/ingest/files",
                                        files=[("files", (f.name, f.read_bytes(), "text/html")) for f in batch])
                    else:
                        path = self.rng.choice(["/", "/api/v1/stories", "/ingest", "/api/v1/outlets"])
                        r = client.get(self.base + path)
                    key = str(r.status_code) if r.status_code >= 400 and r.status_code != 429 else None
                except httpx.TransportError:
                    key = "gone" if self.killed.is_set() else "transport"
                with self.lock:
                    self.requests += 1
                    if key:
                        self.errors[key] = self.errors.get(key, 0) + 1


def serve_rounds(pages: Path, db: Path, rounds: int, rng: random.Random, clients: int) -> dict[str, object]:
    files = sorted(pages.iterdir())
    errors: dict[str, int] = {}
    requests = orphans = 0
    bad: list[str] = []
    for _ in range(rounds):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(cli("serve", "--db", str(db), "--port", str(port)), env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with httpx.Client(trust_env=False, timeout=10) as probe:
            for _ in range(300):
                try:
                    probe.get(base + "/api/v1/outlets")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
        load = Load(base, files, rng)
        threads = [threading.Thread(target=load.run, args=(i == 0,), daemon=True) for i in range(clients)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(1.0, 6.0))
        workers = children(proc.pid)
        load.killed.set()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        load.stop.set()
        for t in threads:
            t.join(timeout=15)
        orphans += orphans_after(workers)
        requests += load.requests
        for key, n in load.errors.items():
            errors[key] = errors.get(key, 0) + n
        ok, _ = integrity(db)
        if ok != "ok":
            bad.append(ok)
    ok, n = integrity(db)
    errors.pop("gone", None)  # requests cut by the kill itself are the point, not a failure
    return {"rounds": rounds, "clients": clients, "requests": requests, "errors": errors,
            "integrity_failures": bad, "orphaned_processes": orphans, "articles": n, "final_integrity": ok}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not sys.platform.startswith("linux"):
        sys.exit("faults.py reads /proc: Linux only")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="newsprism-faults-") as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for i in range(args.pages):
            (pages / f"p{i:05d}.html").write_text(PAGE.format(i=i, o=i % 7, w=i % 11 + 1))
        started = time.monotonic()
        result = {"ingest": ingest_rounds(pages, Path(tmp) / "ingest.db", args.rounds, rng, args.pages),
                  "serve": serve_rounds(pages, Path(tmp) / "serve.db", args.rounds, rng, args.clients),
                  "seconds": round(time.monotonic() - started, 1), "pages": args.pages, "seed": args.seed}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
