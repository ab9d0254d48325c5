"""Extraction workers die with their parent: kill -9 of ``ingest`` leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprism.extract import batch

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

PAGE = """<html><head><title>Harbour report {i}</title></head><body><article><h1>Harbour report {i}</h1>
<p>The Korvel harbour authority said on Tuesday that berth {i} would close for repairs after a crane
collapsed, and that ships would be sent to the northern quay until the work is done.</p>
<p>Officials expect the closure of berth {i} to last {i} weeks, with the cost put at {i} million.</p>
</article></body></html>"""


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its entry waits to be reaped


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_ingest_leaves_no_worker(tmp_path: Path, sig: signal.Signals) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3000):
        (pages / f"p{i:04d}.html").write_text(PAGE.format(i=i))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "ingest", "--no-stories", "--db",
                             str(tmp_path / "x.db"), str(pages)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        for _ in range(1200):  # up to a minute for imports and the first chunk
            workers = _children(proc.pid)
            if len(workers) >= 1 or proc.poll() is not None:
                break
            time.sleep(0.05)
        if not workers:
            pytest.skip("the ingest made no worker processes on this machine (one core?)")
        time.sleep(0.3)
        workers = _children(proc.pid)
        proc.send_signal(sig)
        proc.wait(timeout=30)
        for _ in range(200):
            if not any(_alive(w) for w in workers):
                break
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "workers outlived the ingest"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in workers:  # a failed run must not leave them behind either
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def test_a_worker_whose_parent_is_gone_ends() -> None:
    # the fallback used where prctl is missing: the parent id no longer matches, so the worker exits
    code = ("import os, newsprism.extract.batch as b; b._watch_parent(os.getppid() + 1, every=0.01); "
            "print('still here')")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "still here" not in done.stdout


def test_pool_workers_get_the_reaper(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    class Pool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            seen.update(kwargs)

        def map(self, fn: object, items: list[object], **kwargs: object) -> list[object]:
            return [batch._one_packed(x) for x in items]  # type: ignore[arg-type]

        def shutdown(self, **kwargs: object) -> None:
            pass

    from newsprism.fetch.document import make_document
    from newsprism.settings import Options

    monkeypatch.setattr(batch, "_workers", lambda: 2)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", Pool)
    docs = [make_document(f"p{i}.html", PAGE.format(i=i).encode(), "html") for i in range(batch.POOL_MIN)]
    assert len(list(batch.extract_all(docs, Options()))) == batch.POOL_MIN
    assert seen["initializer"] is batch._die_with and seen["initargs"] == (os.getpid(),)
