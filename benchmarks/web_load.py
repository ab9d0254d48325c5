"""Load test of the story page: p95 latency at N concurrent clients on loopback.

    python benchmarks/web_load.py [--articles 1000] [--clients 20] [--requests 2000] [--seconds 60] [--ingest]

Builds a store of fictional articles (``--articles``, 10 per story) with an analysis cached for
every story, starts ``newsprism`` in a separate process on a free 127.0.0.1 port, and has
``--clients`` async httpx clients fetch random story pages until ``--requests`` are done or
``--seconds`` pass. Prints one JSON document (latencies in ms). Traffic stays on loopback.

The cached analyses are synthetic (claims, quotes, numbers, framing and reuse with real offsets)
and are read back per request exactly as a cache hit is: one SQL row, JSON parse, records rebuilt,
view built, template rendered. The per-client rate limit is turned off for the run.

With ``--ingest``, one more client uploads a batch of new fictional articles through
``POST /api/v1/ingest/files`` every second during the steady phase and polls each job to its end,
so the page latencies are measured while the server's ingest worker writes to the same database
(``ingest_jobs``, ``ingest_errors``, ``ingested`` in the output).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from newsprism.model import (
    Analysis,
    Article,
    ArticleRef,
    Claim,
    FramingHit,
    NumberConflict,
    Quantity,
    Quote,
    Reuse,
    Span,
    Story,
    SummarySentence,
    Support,
    to_dict,
)
from newsprism.settings import Options
from newsprism.store import Store

KEY = "web-load-bench"
OUTLETS = ["Calder Gazette", "Northwind Wire", "Bayside Courier", "The Evening Lantern", "Riverside Post",
           "Tallow Herald", "Marrow Valley News", "Eastgate Observer", "Pine Coast Journal", "Quill Daily"]
WORDS = ["council", "harbor", "bridge", "budget", "river", "storm", "school", "port", "rail", "market", "clinic", "union", "court", "ferry", "festival", "station", "library", "mayor", "minister", "inspectors", "residents", "engineers", "workers", "officials"]
LOADED = ["crumbling", "disaster", "fiasco", "reckless", "heroic", "shocking"]
SPEAKERS = ["Ilse Varga", "Tomas Reyn", "Ada Kwell", "Pieter Olm", "Mara Sunde"]


def _sentence(rng: random.Random, story: int, i: int) -> str:
    w = rng.sample(WORDS, 6)
    return (f"The {w[0]} of story {story} and the {w[1]} met {w[2]} after {rng.randint(2, 900)} "
            f"{w[3]} asked about the {w[4]} near the {w[5]} ({i}).")


def build(path: Path, n_articles: int, seed: int = 7) -> list[str]:
    """Write articles, stories and cached analyses; returns the story ids."""
    rng = random.Random(seed)
    store = Store(path)
    ids: list[str] = []
    for s in range(max(1, n_articles // 10)):
        sid = f"bench{s:04d}"
        shared = [_sentence(rng, s, i) for i in range(12)]
        quote = f"We will not give up on the {rng.choice(WORDS)} until every {rng.choice(WORDS)} is safe"
        arts: list[Article] = []
        for k in range(10):
            parts = [x for x in shared if rng.random() < 0.7] + [_sentence(rng, s, 100 + k * 20 + j) for j in range(12)]
            rng.shuffle(parts)
            parts.insert(3, f'"{quote if k % 3 else quote[:30]}," {rng.choice(SPEAKERS)} said.')
            parts.insert(5, f"It is a {rng.choice(LOADED)} plan costing ${rng.choice([4.2, 4.2, 6])} million.")
            text = "\n\n".join(" ".join(parts[i:i + 3]) for i in range(0, len(parts), 3))
            spans, pos = [], 0
            for p in parts:
                start = text.index(p, pos)
                spans.append(Span(start, start + len(p)))
                pos = start + len(p)
            arts.append(Article(id=f"{sid}-{k}", source=f"bench/{sid}-{k}.txt", url=f"https://news{k}.example/{sid}",
                                outlet=OUTLETS[k], title=f"Story {s}: the {rng.choice(WORDS)} question",
                                published=f"2024-{1 + s % 12:02d}-{1 + s % 27:02d}", language="en", text=text,
                                sentences=tuple(spans)))
        for a in arts:
            store.add_article(a)
        story = Story(id=sid, article_ids=tuple(a.id for a in arts), title=arts[0].title,
                      first_seen=arts[0].published, last_seen=arts[0].published)
        store.replace_stories([story])
        store.put_analysis(sid, KEY, json.dumps(to_dict(_analysis(sid, arts, shared, quote))))
        ids.append(sid)
    store.close()
    return ids


def _find(a: Article, phrase: str) -> tuple[int, int] | None:
    i = a.text.find(phrase)
    return (i, i + len(phrase)) if i >= 0 else None


def _analysis(sid: str, arts: list[Article], shared: list[str], quote: str) -> Analysis:
    claims, quotes, numbers, framing = [], [], [], []
    for c, sentence in enumerate(shared):
        sup = tuple(Support(a.id, sentence, *at) for a in arts if (at := _find(a, sentence)))
        claims.append(Claim(f"c{c}", sentence, sup, "consensus" if len(sup) >= 8 else "shared", len(sup)))
    for a in arts:
        for j, span in enumerate(a.sentences[-6:]):  # unique claims
            claims.append(Claim(f"u{a.id}{j}", a.text[span.start:span.end],
                                (Support(a.id, a.text[span.start:span.end], span.start, span.end),), "unique", 1))
        q = _find(a, quote[:30])
        if q:
            end = a.text.index('"', q[0])
            quotes.append(Quote(f"q{a.id}", a.text[q[0]:end], "Ilse Varga", a.id, q[0], end, group="g0"))
        m = _find(a, "$")
        if m:
            end = a.text.index("million", m[0]) + 7
            numbers.append(Quantity(a.text[m[0]:end], 4.2e6 if "4.2" in a.text[m[0]:end] else 6e6, "USD", "money",
                                    a.id, m[0], end, subject="cost"))
        for word in LOADED:
            if at := _find(a, word):
                framing.append(FramingHit(word, a.id, *at, "loaded"))
    refs = tuple(ArticleRef(a.id, a.source, a.outlet, a.title, a.published, a.text, a.url) for a in arts)
    reuse = (Reuse(arts[0].id, arts[1].id, tuple(c.support[1] for c in claims[:3] if len(c.support) > 1), (), 0.6,
                   "source->target"),)
    summary = tuple(SummarySentence(c.text, tuple(s.article for s in c.support)) for c in claims[:6])
    return Analysis(story=sid, articles=refs, claims=tuple(claims), quotes=tuple(quotes), numbers=tuple(numbers),
                    conflicts=(NumberConflict("cost", "money", "USD", tuple(numbers)),), framing=tuple(framing),
                    reuse=reuse, summary=summary)


def serve(db: str, port: int) -> None:
    """The server process: the real app, with analyses read from the store's cache."""
    import uvicorn

    from newsprism.render.json import analysis_from_dict
    from newsprism.store.protocol import ReadStore
    from newsprism.web import create_app

    def cached(store: ReadStore, story_id: str, _options: Options) -> Analysis:
        payload = store.cached_analysis(story_id, KEY)
        assert payload is not None
        return analysis_from_dict(json.loads(payload))

    store = Store(db)
    app = create_app(store, Options(db=db, api_rate=0), analysis_of=cached)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def ingest_while(base: str, running: asyncio.Event, every: float = 1.0) -> dict[str, int]:
    """Upload a few new articles every ``every`` seconds while ``running`` is set; wait for each job."""
    rng = random.Random(3)
    jobs = errors = added = 0
    async with httpx.AsyncClient(timeout=60, trust_env=False, headers={"Origin": base}) as client:
        while running.is_set():
            files = []
            for k in range(5):
                body = " ".join(_sentence(rng, 10_000 + jobs, i) for i in range(12))
                files.append(("files", (f"upload-{jobs}-{k}.txt", f"Upload {jobs}-{k}\n\n{body}\n".encode(), "text/plain")))
            r = await client.post(f"{base}/api/v1/ingest/files", files=files)
            jobs += 1
            if r.status_code != 202:
                errors += 1
            else:
                job = r.json()
                while not job.get("finished"):
                    await asyncio.sleep(0.2)
                    job = (await client.get(f"{base}/api/v1/jobs/{job['id']}")).json()
                added += len(job.get("added") or [])
                errors += job.get("state") != "done"
            await asyncio.sleep(every)
    return {"ingest_jobs": jobs, "ingest_errors": errors, "ingested": added}


async def load(base: str, ids: list[str], clients: int, requests: int, seconds: float,
               ingest: bool = False) -> dict[str, object]:
    """Two phases at the same concurrency: every story once (rendered pages not cached yet), then
    ``requests`` random story pages (steady state), with ``ingest`` one more client adding coverage
    meanwhile. Analyses come from the store's cache in both."""
    errors = 0
    deadline = time.monotonic() + seconds
    rng = random.Random(1)

    async def run(paths: list[str]) -> tuple[list[float], float]:
        nonlocal errors
        latencies: list[float] = []
        todo = iter(paths)

        async def worker() -> None:
            nonlocal errors
            # One client (one keep-alive connection) per simulated reader: a shared pool of 20
            # connections costs the load generator more CPU than the server spends per page.
            async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
                await fetch_all(client)

        async def fetch_all(client: httpx.AsyncClient) -> None:
            nonlocal errors
            for path in todo:
                if time.monotonic() > deadline:
                    return
                t0 = time.perf_counter()
                r = await client.get(base + path)
                latencies.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200 or "claim" not in r.text:
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, time.perf_counter() - t0

    async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
        await client.get(f"{base}/")  # imports, template compilation
    cold, _ = await run([f"/stories/{sid}" for sid in ids])
    running = asyncio.Event()
    running.set()
    writer = asyncio.create_task(ingest_while(base, running)) if ingest else None
    warm, wall = await run([f"/stories/{rng.choice(ids)}" for _ in range(requests)])
    running.clear()
    ingested = await writer if writer is not None else {}
    return {"requests": len(warm), "errors": errors, "clients": clients, "seconds": round(wall, 2),
            "throughput_rps": round(len(warm) / wall, 1), **_stats("", warm), **_stats("cold_", cold), **ingested}


def _stats(prefix: str, ms: list[float]) -> dict[str, float]:
    if len(ms) < 2:
        return {}
    q = statistics.quantiles(ms, n=100)
    return {f"{prefix}p50_ms": round(q[49], 1), f"{prefix}p95_ms": round(q[94], 1), f"{prefix}p99_ms": round(q[98], 1),
            f"{prefix}max_ms": round(max(ms), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--ingest", action="store_true", help="upload new articles every second during the steady phase")
    ap.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    with tempfile.TemporaryDirectory(prefix="newsprism-load-") as tmp:
        db = Path(tmp) / "load.db"
        t0 = time.perf_counter()
        ids = build(db, args.articles)
        built = time.perf_counter() - t0
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(db), str(port)],
                                  env={**os.environ, "NO_PROXY": "127.0.0.1"})
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(base + "/api/v1/openapi.json", timeout=1, trust_env=False)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            page = httpx.get(f"{base}/stories/{ids[0]}", trust_env=False)
            result = asyncio.run(load(base, ids, args.clients, args.requests, args.seconds, args.ingest))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(json.dumps({"benchmark": "web_load", "ingest": args.ingest, "articles": len(ids) * 10, "stories": len(ids),
                      "build_seconds": round(built, 1), "page_bytes": len(page.content), **result,
                      "target_p95_ms": 200,
                      "ok": float(str(result.get("p95_ms", 1e9))) < 200 and result["errors"] == 0
                      and not result.get("ingest_errors")}))


if __name__ == "__main__":
    main()
