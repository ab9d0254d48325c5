"""Bad input never escapes as anything but ExtractError; batches keep order and record failures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.errors import ExtractError
from newsprism.extract import Templates, extract, extract_all, learn_templates
from newsprism.fetch.document import make_document
from newsprism.model import Article, Failure
from newsprism.settings import Options

DATA = Path(__file__).parent / "golden"
PAGE = (DATA / "lakeside_gazette.html").read_bytes()
OPTIONS = Options()


def _try(body: bytes, kind: str = "html") -> Article | None:
    try:
        return extract(make_document("fuzz", body, kind), OPTIONS)
    except ExtractError:
        return None


@pytest.mark.parametrize("body", [b"", b"   \n\t", bytes(range(256)) * 40, b"\x89PNG\r\n\x1a\n" + bytes(3000),
                                  b"<html><body><div></div></body></html>", b"<html><p>Hi</p>"])
@pytest.mark.parametrize("kind", ["html", "text"])
def test_no_article_raises_extract_error_naming_the_input(body: bytes, kind: str) -> None:
    with pytest.raises(ExtractError) as err:
        extract(make_document("input-7.html", body, kind), OPTIONS)
    assert err.value.source == "input-7.html" and err.value.message


def test_truncated_page_still_gives_text() -> None:
    cut = PAGE[: PAGE.index(b"Verun Lines said")]
    a = extract(make_document("cut.html", cut, "html"), OPTIONS)
    assert "rejected a 2.5% offer" in a.text


def test_latin1_text_is_readable() -> None:
    body = ("Die neue Brücke über die Aller in Grünhagen ist für Fußgänger geöffnet worden, "
            "teilte die Stadt mit.\n").encode("latin-1")
    a = extract(make_document("t.txt", body, "text"), OPTIONS)
    assert "Brücke über die Aller" in a.text and "\ufffd" not in a.text


def test_huge_page_finishes_in_reasonable_time() -> None:
    filler = b"<div class='x'><span>filler words here and there</span></div>\n" * 480_000  # ~30 MB
    body = PAGE.replace(b"</article>", b"</article>" + filler)
    assert len(body) > 29_000_000
    t0 = time.perf_counter()
    try:
        a = extract(make_document("big.html", body, "html"), OPTIONS)
    except ExtractError:
        a = None
    assert time.perf_counter() - t0 < 60
    if a is not None:
        assert "note" in dict(a.provenance)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["html", "text"]))
def test_random_bytes_raise_only_extract_error(body: bytes, kind: str) -> None:
    _try(body, kind)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, len(PAGE)), at=st.integers(0, len(PAGE)), junk=st.binary(max_size=200),
       charset=st.sampled_from([None, b"utf-16", b"latin-1", b"nonsense-8", b"utf-8"]))
def test_mutated_pages_raise_only_extract_error(cut: int, at: int, junk: bytes, charset: bytes | None) -> None:
    body = PAGE[:at] + junk + PAGE[at:]
    body = body[: max(cut, 1)]
    if charset:
        body = body.replace(b'charset="utf-8"', b'charset="' + charset + b'"')
    a = _try(body, "html")
    if a is not None:
        assert a.text.strip() and all(0 <= s.start < s.end <= len(a.text) for s in a.sentences)


def _docs() -> list:
    out: list = []
    for i, path in enumerate(sorted(DATA.glob("*.txt")) + sorted(DATA.glob("*.html"))):
        if path.name.endswith(".body.txt"):
            continue
        kind = "html" if path.suffix == ".html" else "text"
        out.append(make_document(f"{i}:{path.name}", path.read_bytes(), kind))
        out.append(Failure(f"missing-{i}", "not found", "fetch"))
        out.append(make_document(f"empty-{i}", b"", "text"))
    return out


@pytest.mark.parametrize("pool_min", [10**9, 4])
def test_extract_all_keeps_order_and_records_failures(pool_min: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.extract import batch

    monkeypatch.setattr(batch, "POOL_MIN", pool_min)
    docs = _docs()
    out = list(extract_all(iter(docs), OPTIONS))
    assert [x.source for x in out] == [d.source for d in docs]
    for d, x in zip(docs, out, strict=True):
        if isinstance(d, Failure):
            assert x is d
        elif d.source.startswith("empty-"):
            assert isinstance(x, Failure) and x.stage == "extract" and "empty" in x.reason
        else:
            assert isinstance(x, Article) and x.text


def test_templates_learn_lines_recurring_across_an_outlets_pages() -> None:
    footer = "Sign in to the Ledger app for live coverage of every council vote"
    texts = [f"Story number {i} about the harbour.\n{footer}" for i in range(4)]
    t = Templates.learn({"ledger": texts, "other": [texts[0]] * 5})
    assert footer.lower() in t.for_outlet("ledger")
    assert not t.for_outlet("other")  # copies of one page count once
    cleaned, removed = t.clean("ledger", texts[1])
    assert (cleaned, removed) == ("Story number 1 about the harbour.", 1)
    assert t.clean("ledger", footer) == (footer, 0)  # never empties an article


def test_extract_all_removes_an_outlets_boilerplate() -> None:
    promo = "Get unlimited Ridgeway Post journalism for one pound a week, cancel any time you like."
    bodies = ["The ridge road was closed after a landslide on Monday morning, police said.",
              "Voters in Ridgeway elected a new mayor on Sunday by a margin of 212 votes.",
              "The county hospital opened a new cancer ward on Friday after two years of building.",
              "A heatwave pushed temperatures above 35C in the valley for the first time since 2019."]
    docs = [make_document(f"r{i}.txt", f"{b}\n\n{promo}\n".encode(), "text", meta={"outlet": "Ridgeway Post"})
            for i, b in enumerate(bodies)]
    out = list(extract_all(docs, OPTIONS))
    assert all(isinstance(a, Article) and promo not in a.text for a in out)
    assert [a.text for a in out if isinstance(a, Article)] == bodies
    assert learn_templates([a for a in out if isinstance(a, Article)]).lines == {}


def test_a_broken_pool_falls_back_to_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from newsprism.extract import batch

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def map(self, *args: object, **kwargs: object) -> list:
            raise BrokenProcessPool("worker died")

        def shutdown(self, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(batch, "POOL_MIN", 2)
    monkeypatch.setattr(batch, "_workers", lambda: 2)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", Broken)
    docs = _docs()
    out = list(extract_all(docs, OPTIONS))
    assert [x.source for x in out] == [d.source for d in docs]
    real = [d for d in docs if not isinstance(d, Failure) and not d.source.startswith("empty-")]
    assert sum(isinstance(x, Article) for x in out) == len(real) > 10
