"""Local inputs: files, directories, gzip, JSON/JSONL rows, WARC records, and every way they go wrong."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.fetch import Document, iter_documents
from newsprism.model import Failure
from newsprism.settings import Options

DATA = Path(__file__).parent / "data"
ARTICLE = (DATA / "article.html").read_bytes()
NOTE = (DATA / "note.txt").read_bytes()
OPTS = Options()


def run(*inputs: str | Path, options: Options = OPTS) -> list[Document | Failure]:
    return list(iter_documents([str(i) for i in inputs], options))


def only_failure(items: list[Document | Failure]) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    return items[0]


# -- single files ---------------------------------------------------------------------------------------------
def test_html_and_text_files() -> None:
    html, text = run(DATA / "article.html", DATA / "note.txt")
    assert isinstance(html, Document) and html.kind == "html" and html.body == ARTICLE
    assert html.source == str(DATA / "article.html") and html.page.url is None
    assert isinstance(text, Document) and text.kind == "text" and text.body == NOTE
    assert html.page.size == len(ARTICLE) and len(html.page.sha256) == 64


def test_text_file_holding_html_is_sniffed_as_html(tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_bytes(ARTICLE)
    (tmp_path / "noext").write_bytes(ARTICLE)
    (tmp_path / "plain").write_bytes(NOTE)
    kinds = [d.kind for d in run(tmp_path / "saved.txt", tmp_path / "noext", tmp_path / "plain")]  # type: ignore[union-attr]
    assert kinds == ["html", "html", "text"]


def test_missing_path() -> None:
    f = only_failure(run("/no/such/article.html"))
    assert f == Failure("/no/such/article.html", "no such file or directory", "fetch")


def test_unknown_extension_given_explicitly(tmp_path: Path) -> None:
    (tmp_path / "figure.xyz").write_bytes(b"data")
    assert only_failure(run(tmp_path / "figure.xyz")).reason == "unsupported file type .xyz"


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    assert only_failure(run(tmp_path / "empty.html")).reason == "empty file"


def test_binary_content(tmp_path: Path) -> None:
    (tmp_path / "junk.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    assert only_failure(run(tmp_path / "junk.html")).reason == "binary content"


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as f:  # sparse: 50 MB on paper, nothing on disk
        f.truncate(50_000_000)
    f = only_failure(run(big))
    assert f.reason == "file too large (50.0 MB > 30.0 MB)"


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b" " * 3_000_000))
    f = only_failure(run(bomb, options=Options(max_bytes=1_000_000)))
    assert "too large" in f.reason and "decompressed" in f.reason


def test_gzipped_files_are_read_by_inner_name(tmp_path: Path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(ARTICLE))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(NOTE))
    (tmp_path / "c.gz").write_bytes(gzip.compress(ARTICLE))
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    items = run(*(tmp_path / n for n in ("a.html.gz", "b.txt.gz", "c.gz", "d.jsonl.gz")))
    assert [(i.kind, i.body) for i in items] == [  # type: ignore[union-attr]
        ("html", ARTICLE), ("text", NOTE), ("html", ARTICLE), ("text", b"one"), ("text", b"two")]


def test_corrupt_gzip(tmp_path: Path) -> None:
    (tmp_path / "bad.html.gz").write_bytes(gzip.compress(ARTICLE)[:30])
    assert "corrupt gzip" in only_failure(run(tmp_path / "bad.html.gz")).reason


# -- directories ----------------------------------------------------------------------------------------------
def test_directory_is_read_recursively_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.html").write_bytes(ARTICLE)
    (tmp_path / "b" / "a.md").write_bytes(NOTE)
    (tmp_path / "a.htm").write_bytes(ARTICLE)
    (tmp_path / ".hidden.html").write_bytes(ARTICLE)
    (tmp_path / ".git" / "x.html").write_bytes(ARTICLE)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "README").write_bytes(NOTE)
    sources = [i.source for i in run(tmp_path)]
    assert sources == [str(tmp_path / "a.htm"), str(tmp_path / "b" / "a.md"), str(tmp_path / "b" / "z.html")]


def test_directory_without_articles(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    assert only_failure(run(tmp_path)).reason == "no supported files in directory"


def test_exported_names() -> None:
    import newsprism.fetch

    assert newsprism.fetch.__all__ == ["Document", "HttpFetcher", "Validators", "iter_documents", "make_document"]


def test_bad_file_in_directory_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"")
    (tmp_path / "b.html").write_bytes(ARTICLE)
    items = run(tmp_path)
    assert [type(i).__name__ for i in items] == ["Failure", "Document"]


# -- JSON and JSON lines ---------------------------------------------------------------------------------------
def test_jsonl_rows_with_a_bad_line(tmp_path: Path) -> None:
    rows = [json.dumps({"id": "hl-1", "outlet": "The Harbor Ledger", "url": "https://ledger.example/a",
                        "published": "2024-05-14", "title": "Ferry resumes", "html": ARTICLE.decode()}),
            "{not json",
            "",
            json.dumps({"text": "Plain words.", "id": 7}),
            json.dumps({"title": "no body"}),
            json.dumps(["not", "an", "object"])]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n")
    items = run(path)
    assert [i.source for i in items] == [f"{path}#{n}" for n in (1, 2, 4, 5, 6)]
    first, bad, plain, nobody, notobj = items
    assert isinstance(first, Document) and first.kind == "html" and first.page.url == "https://ledger.example/a"
    assert first.meta == {"id": "hl-1", "outlet": "The Harbor Ledger", "url": "https://ledger.example/a",
                          "published": "2024-05-14", "title": "Ferry resumes"}
    assert isinstance(bad, Failure) and bad.reason.startswith("malformed JSON line")
    assert isinstance(plain, Document) and plain.kind == "text" and plain.meta == {"id": "7"}
    assert isinstance(nobody, Failure) and "html" in nobody.reason
    assert isinstance(notobj, Failure) and "object" in notobj.reason


def test_single_row_keeps_the_plain_source(tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text(json.dumps({"text": "Only row."}) + "\n\n")
    (tmp_path / "one.json").write_text(json.dumps({"html": "<p>Only object.</p>"}))
    items = run(tmp_path / "one.jsonl", tmp_path / "one.json")
    assert [i.source for i in items] == [str(tmp_path / "one.jsonl"), str(tmp_path / "one.json")]


def test_json_list(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": "First."}, {"html": "<p>Second.</p>", "outlet": "Courier"}, 3]))
    items = run(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert isinstance(items[1], Document) and items[1].meta == {"outlet": "Courier"}
    assert isinstance(items[2], Failure)


def test_malformed_json_file(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("[{")
    assert "malformed JSON" in only_failure(run(tmp_path / "bad.json")).reason


def test_oversized_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "small"}) + "\n")
    items = run(path, options=Options(max_bytes=1000))
    assert isinstance(items[0], Failure) and "too large" in items[0].reason
    assert isinstance(items[1], Document) and items[1].body == b"small"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.dictionaries(st.sampled_from(["text", "html", "id"]),
                                                                  st.text(max_size=20), max_size=3)),
                max_size=6))
def test_any_jsonl_gives_one_item_per_nonblank_line(tmp_path_factory: pytest.TempPathFactory,
                                                    lines: list[object]) -> None:
    path = tmp_path_factory.mktemp("h") / "rows.jsonl"
    text = "\n".join(json.dumps(x) if isinstance(x, dict) else str(x).replace("\n", " ") for x in lines)
    path.write_text(text)
    items = run(path)
    nonblank = [ln for ln in text.encode().split(b"\n") if ln.strip()]  # bytes: as the reader sees them
    if not path.stat().st_size:
        assert only_failure(items).reason == "empty file"
    else:
        assert len(items) == max(1, len(nonblank))


# -- WARC -----------------------------------------------------------------------------------------------------------
def write_warc(path: Path, *, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [("https://ledger.example/ferry", "text/html; charset=utf-8", "200 OK", ARTICLE),
             ("https://ledger.example/logo.png", "image/png", "200 OK", b"\x89PNG\r\n"),
             ("https://ledger.example/old", "text/html", "301 Moved Permanently", b""),
             ("https://ledger.example/gone", "text/html", "404 Not Found", b"<p>gone</p>"),
             ("https://ledger.example/wall", "text/html", "200 OK", ARTICLE.replace(b"Ferry", b"Wall"))]
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, ctype, status, body in pages:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, gz=name.endswith(".gz"))
    items = run(path)
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document"]
    first, gone, wall = items
    assert isinstance(first, Document) and first.body == ARTICLE and first.kind == "html"
    assert first.page.url == "https://ledger.example/ferry" and first.page.status == 200
    assert first.source.startswith(f"{path}#") and int(first.source.rsplit("#", 1)[1]) > 0
    assert isinstance(gone, Failure) and "404" in gone.reason
    assert isinstance(wall, Document) and b"Wall" in wall.body


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path, name: str) -> None:
    whole = tmp_path / ("whole-" + name)
    write_warc(whole, gz=name.endswith(".gz"))
    data = whole.read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: len(data) - 40])
    items = run(cut)
    assert isinstance(items[0], Document) and items[0].body == ARTICLE
    assert isinstance(items[-1], Failure) and "WARC record" in items[-1].reason
    assert not any(isinstance(i, Document) and b"Wall" in i.body for i in items)


def test_corrupt_gzip_member_in_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 30] = b"\x00" * 30
    path.write_bytes(bytes(data))
    items = run(path)
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Failure) and items[-1].source.startswith(f"{path}#")


def test_not_a_warc(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_bytes(NOTE)
    assert "WARC" in only_failure(run(tmp_path / "fake.warc")).reason
