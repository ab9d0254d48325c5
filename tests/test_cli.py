"""Every CLI command, run as a user would, on inputs we wrote."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.demo import sample_dir

runner = CliRunner()

PAGE = """<!doctype html><html lang="en"><head><title>Dam at Korvel holds after night of rain</title>
<meta property="og:site_name" content="Valley Courier"><meta name="author" content="Ines Baro">
<meta property="article:published_time" content="2026-04-02T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Dam at Korvel holds after night of rain</h1>
<p>The Korvel dam held overnight after three days of heavy rain, the regional water authority said on Thursday.</p>
<p>"The structure is sound and the spillway is working as designed," said Teodor Marsh, the authority's chief engineer.</p>
<p>About 1,200 residents of the lower valley spent the night in shelters as a precaution, officials said.</p>
<p>Engineers will inspect the dam again on Friday morning before residents are allowed home.</p>
</article><footer>Copyright 2026 Valley Courier. All rights reserved.</footer></body></html>"""

TEXT = """Korvel dam holds as residents wait to return
By Lena Fisk, Harbor Ledger
2 April 2026

The Korvel dam held overnight after three days of heavy rain, the regional water authority said.
Photo: A view of the spillway. Credit: J. Ortega/Harbor Ledger
"The structure is sound and the spillway is working as designed," Teodor Marsh, the chief engineer, said.
Sign up for our morning newsletter
About 1,500 residents of the lower valley spent the night in shelters, the authority said.
Engineers will inspect the dam again on Friday before anyone returns home.
"""


def lines(output: str) -> list[dict]:
    return [json.loads(x) for x in output.splitlines() if x.startswith("{")]


@pytest.fixture()
def inputs(tmp_path: Path) -> dict[str, Path]:
    page = tmp_path / "courier.html"
    page.write_text(PAGE, encoding="utf-8")
    text = tmp_path / "ledger.txt"
    text.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 40)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Le maire de Sévrac a annoncé la réouverture du pont. " * 5).encode("latin-1"))
    odd = tmp_path / "notes.xyz"
    odd.write_text("hello")
    return {"page": page, "text": text, "empty": empty, "junk": junk, "latin": latin, "odd": odd}


def test_extract_json_contract_and_bad_inputs(inputs):
    args = [str(inputs[k]) for k in ("page", "text", "empty", "junk", "latin", "odd")] + ["missing.html"]
    result = runner.invoke(app, ["extract", "--json", *args])
    assert result.exit_code == 0, result.output
    rows = {r["source"]: r for r in lines(result.stdout)}
    page = rows[str(inputs["page"])]
    assert {"source", "url", "outlet", "title", "authors", "published", "language", "text"} <= set(page)
    assert page["outlet"] == "Valley Courier"
    assert "spillway is working" in page["text"] and "cookies" not in page["text"]
    assert "newsletter" not in rows[str(inputs["text"])]["text"]
    assert "Sévrac" in rows[str(inputs["latin"])]["text"]
    for bad in ("empty", "junk", "odd"):
        assert rows[str(inputs[bad])]["error"], bad
    assert rows["missing.html"]["error"]
    for name in ("empty.txt", "junk.html", "notes.xyz", "missing.html"):
        assert "error: " in result.stderr and name in result.stderr


def test_extract_exits_non_zero_only_when_nothing_worked(inputs):
    result = runner.invoke(app, ["extract", "--json", str(inputs["empty"]), "missing.txt"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr


def test_quotes_json(inputs):
    result = runner.invoke(app, ["quotes", "--json", str(inputs["page"])])
    assert result.exit_code == 0, result.output
    (row,) = lines(result.stdout)
    q = next(q for q in row["quotes"] if "spillway" in q["text"])
    assert q["speaker"] == "Teodor Marsh"
    assert {"text", "speaker", "start", "end"} <= set(q)


def test_cluster_json(tmp_path):
    rows = [
        {"id": "a", "title": "Korvel dam holds", "text": TEXT, "published": "2026-04-02"},
        {"id": "b", "title": "Dam at Korvel holds after rain", "html": PAGE},
        {"id": "c", "title": "Central bank of Estrel raises rates",
         "text": "The Estrel central bank raised its main rate by half a point to 4.5 percent on Tuesday. "
                 "Governor Alma Reyes said inflation remained too high. Markets had expected the move."},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(app, ["cluster", "--json", str(path)])
    assert result.exit_code == 0, result.output
    story = {r["id"]: r["story"] for r in lines(result.stdout)}
    assert set(story) == {"a", "b", "c"}
    assert story["a"] == story["b"] != story["c"]


def test_compare_json_has_the_design_keys(inputs):
    result = runner.invoke(app, ["compare", "--json", str(inputs["page"]), str(inputs["text"])])
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert {"articles", "claims", "quotes", "numbers", "entities", "framing", "reuse", "summary"} <= set(analysis)
    assert len(analysis["articles"]) == 2
    assert any(len(c["support"]) == 2 for c in analysis["claims"])
    assert all(s["articles"] for s in analysis["summary"])


def test_compare_writes_markdown_and_html(inputs, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["compare", "--md", "--html", str(out), str(inputs["page"]), str(inputs["text"])])
    assert result.exit_code == 0, result.output
    assert "## Summary" in result.stdout
    html = out.read_text()
    assert html.startswith("<!doctype html") or html.lower().startswith("<!doctype html")
    assert "Korvel" in html and "<script src=" not in html and "<link rel=\"stylesheet\" href=\"http" not in html


def test_ingest_stories_show_export_and_story_edits(inputs, tmp_path):
    db = str(tmp_path / "n.db")
    args = ["ingest", "--db", db, "--json", str(inputs["page"]), str(inputs["text"]), str(inputs["empty"])]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert lines(first.stdout)[-1]["added"] == 2
    again = runner.invoke(app, args)
    assert lines(again.stdout)[-1] == {"added": 0, "skipped": 2, "failed": 1, "stories_updated": 0}

    listed = runner.invoke(app, ["stories", "--db", db, "--json"])
    (story,) = lines(listed.stdout)
    assert len(story["articles"]) == 2 and set(story["outlets"]) == {"Valley Courier", "Harbor Ledger"}
    found = runner.invoke(app, ["stories", "--db", db, "--json", "--search", "spillway"])
    assert len(lines(found.stdout)) == 1
    assert lines(runner.invoke(app, ["stories", "--db", db, "--json", "--search", "zebra"]).stdout) == []

    shown = runner.invoke(app, ["show", story["id"][:6], "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["story"] == story["id"]
    missing = runner.invoke(app, ["show", "nosuchstory", "--db", db])
    assert missing.exit_code != 0

    out = tmp_path / "articles.jsonl"
    assert runner.invoke(app, ["export", str(out), "--db", db]).exit_code == 0
    exported = [json.loads(x) for x in out.read_text().splitlines()]
    assert {r["story"] for r in exported} == {story["id"]}

    split = runner.invoke(app, ["story", "split", story["id"], story["articles"][1], "--db", db])
    assert split.exit_code == 0, split.output
    assert len(lines(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)) == 2
    ids = [s["id"] for s in lines(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)]
    merged = runner.invoke(app, ["story", "merge", *ids, "--db", db])
    assert merged.exit_code == 0, merged.output
    assert len(lines(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)) == 1


def test_export_rejects_unknown_format(tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "x.csv"), "--db", str(tmp_path / "n.db")])
    assert result.exit_code != 0


def test_demo_writes_reports(tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.db"), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((sample_dir() / "MANIFEST.json").read_text())
    events = {a["event"] for a in manifest["articles"]} if "articles" in manifest else set()
    reports = sorted(out.glob("story-*.html"))
    assert (out / "index.html").exists()
    assert len(reports) >= max(len(events), 2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback(inputs, tmp_path):
    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["ingest", "--db", db, str(inputs["page"])]).exit_code == 0
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/stories", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not start")
        assert r.status_code == 200
        assert "Korvel" in httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_gzipped_jsonl_input(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt") as f:
        f.write(json.dumps({"id": "x1", "outlet": "Harbor Ledger", "text": TEXT}) + "\n")
    result = runner.invoke(app, ["extract", "--json", str(path)])
    assert result.exit_code == 0, result.output
    (row,) = lines(result.stdout)
    assert row["id"] == "x1" and row["outlet"] == "Harbor Ledger"


def test_watch_ingests_a_feed_on_loopback(tmp_path):
    import http.server
    import threading

    article = PAGE.encode()
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>'
        b"<item><title>Dam at Korvel holds</title><link>/korvel.html</link>"
        b"<pubDate>Thu, 02 Apr 2026 08:00:00 GMT</pubDate></item></channel></rss>"
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body, ctype = {"/feed.xml": (feed, "application/rss+xml"),
                           "/korvel.html": (article, "text/html; charset=utf-8")}.get(self.path, (b"", ""))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", ctype or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"# our test feed\nhttp://127.0.0.1:{server.server_address[1]}/feed.xml\n")
        db = str(tmp_path / "w.db")
        refused = runner.invoke(app, ["watch", str(feeds), "--every", "1s", "--rounds", "1", "--db", db])
        assert refused.exit_code == 0 and "added 0" in refused.stdout  # loopback refused by default
        result = runner.invoke(app, ["watch", str(feeds), "--every", "1s", "--rounds", "2", "--db", db,
                                     "--allow-private"])
        assert result.exit_code == 0, result.output
        assert "added 1" in result.stdout and result.stdout.count("added 0") >= 1
        listed = lines(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
        assert len(listed) == 1
    finally:
        server.shutdown()


def test_export_parquet(inputs, tmp_path):
    import pyarrow.parquet as pq

    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["ingest", "--db", db, str(inputs["page"]), str(inputs["text"])]).exit_code == 0
    out = tmp_path / "articles.parquet"
    result = runner.invoke(app, ["export", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 2 and {"id", "text", "outlet", "story"} <= set(table.column_names)


def test_cluster_reports_bad_rows_and_keeps_going(tmp_path):
    rows = [
        {"id": "a", "title": "Korvel dam holds", "text": TEXT, "published": "1900-01-01"},
        {"id": "a", "title": "Same id again", "text": TEXT.replace("Korvel", "Sorrel")},
        {"id": "e", "title": "Empty", "text": ""},
        {"title": "No id", "text": TEXT, "published": "2999-01-01"},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n")
    result = runner.invoke(app, ["cluster", "--json", str(path)])
    assert result.exit_code == 0, result.output
    ids = [r["id"] for r in lines(result.stdout) if "story" in r]
    assert ids.count("a") == 1 and len(ids) == 2  # the row without an id gets a generated one
    assert "duplicate id 'a'" in result.stderr
    assert result.stderr.count("error:") >= 3  # duplicate, empty text, malformed line


EVAL = Path(__file__).parent / "data" / "eval"
CLUSTER_CORPUS = Path(__file__).parent / "data" / "cluster" / "corpus.jsonl"


def test_eval_stories_scores_the_labelled_corpus():
    result = runner.invoke(app, ["eval", "stories", str(CLUSTER_CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert got["stage"] == "stories" and got["articles"] == 17 and got["stories_labelled"] == 6
    assert got["F1"] >= 0.9 and 0 < got["P"] <= 1 and 0 < got["R"] <= 1


def test_eval_quotes_counts_hits_misses_and_speakers():
    result = runner.invoke(app, ["eval", "quotes", str(EVAL / "quotes.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert (got["labelled"], got["R"]) == (5, 0.8)  # the made-up fifth quote is not in its article
    assert got["speaker_scored"] == 4 and got["speaker_accuracy"] == 1.0


def test_eval_claims_scores_sentence_pairs(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": "Ilse Varga resigned on Monday.", "b": "On Monday Ilse Varga resigned.", "same": true}\n'
                     '{"a": "Ilse Varga resigned on Monday.", "b": "The ferry sank off Corran.", "same": false}\n',
                     encoding="utf-8")
    result = runner.invoke(app, ["eval", "claims", str(pairs), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["accuracy"] == 1.0
    pairs.write_text('{"a": "x", "b": "y"}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "eval", "claims", str(pairs)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and '"same": true or false' in proc.stderr


def test_eval_rejects_misuse_with_a_clear_error(tmp_path):
    assert runner.invoke(app, ["eval", "summaries", str(CLUSTER_CORPUS)]).exit_code != 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x", "story": "s"}\nnot json\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "eval", "stories", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and f"{bad}:2: not a JSON object" in proc.stderr
    unlabelled = tmp_path / "unlabelled.jsonl"
    unlabelled.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "eval", "stories", str(unlabelled)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "needs a \"story\" label" in proc.stderr


def test_story_table_gives_the_title_the_width(capsys, monkeypatch):
    from newsprism.cli import _print_stories
    from newsprism.model import Article, CopyGroup, Story

    monkeypatch.setenv("COLUMNS", "80")
    arts = {k: Article(id=k, source=k, url=None, outlet=o, title=None, text="x")
            for k, o in (("a", "Korvel Post"), ("b", "Marrow Times"))}
    plain = Story("0123456789abcdef", ("a", "b"), "Korvel council closes the Marrow Street bridge", None, "2026-03-12")
    _print_stories([plain], arts)
    out = capsys.readouterr().out
    assert "01234567 " in out and "0123456789" not in out  # a prefix `show` accepts
    assert out.splitlines()[0].count("┳") == 4 and "Korvel council closes the Marrow" in out  # no copies column
    copied = Story("fedcba9876543210", ("a", "b"), "Bridge", None, None,
                   (CopyGroup("a", ("a", "b"), ("Korvel Post", "Marrow Times")),))
    _print_stories([plain, copied], arts)
    assert capsys.readouterr().out.splitlines()[0].count("┳") == 5
