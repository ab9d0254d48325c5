"""Fixtures shared by the whole suite. Tests mirror the package (``tests/extract`` tests
``newsprism.extract``, ...); inputs we wrote sit beside the tests that read them (``data/``,
``golden/``), and ``tests/data`` holds what several folders share (the cluster corpus, the floors)."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.settings import Options
from newsprism.store import Store

# The suite's answers (goldens, floors) are those of the lexical path, whichever extras are
# installed: the neural models (the ``neural`` extra) are off unless a test turns them on
# (tests/analyze/test_xenc.py, tests/analyze/test_neural_tagger.py).
os.environ.setdefault("NEWSPRISM_NEURAL", "0")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store in its own file."""
    return Store(tmp_path / "np.db")


@pytest.fixture(scope="session")
def sample() -> str:
    """The bundled sample corpus (a folder)."""
    from newsprism.demo import sample_dir

    return str(sample_dir())


@pytest.fixture(scope="session")
def local_sample_run(sample: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus run once on the local engine, with analyses (the reference answers of the
    runner tests; served read-only by the ``serve --run`` tests)."""
    from newsprism.distributed import run

    out = tmp_path_factory.mktemp("local-sample")
    run([sample], out, Options())
    return out


@pytest.fixture
def options() -> Options:
    """Default options, whatever NEWSPRISM_* variables the environment holds."""
    return Options()


DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n<p>never</p>"


@pytest.fixture
def drip() -> Iterator[str]:
    """A URL on 127.0.0.1 whose server sends its response headers one byte per 0.3 s (about a minute)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve_one(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(4096)
                for byte in DRIP:
                    if stop.wait(0.3):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/article"
    finally:
        stop.set()
        thread.join(timeout=5)
        srv.close()
