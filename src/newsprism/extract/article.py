"""One ``Document`` → one ``Article``: decode, extract (HTML or plain text), fill the fields.

Fields given with the input (``Document.meta``) always win; then what the page says about itself;
then what the URL tells. Every field records where it came from in ``Article.provenance`` so a wrong
outlet or date can be traced to its source. Anything that yields no article raises ``ExtractError``
and nothing else: batch callers turn it into a ``Failure``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from newsprism.errors import ExtractError
from newsprism.extract.decode import decode
from newsprism.extract.flat import read_plain
from newsprism.extract.html import extract_html
from newsprism.extract.language import guess_language
from newsprism.extract.meta import date_from_url, normalize_date, outlet_from_url, sane_date
from newsprism.extract.sentences import split_sentences
from newsprism.extract.templates import Templates
from newsprism.fetch.document import Document
from newsprism.fetch.sniff import looks_binary
from newsprism.model import Article, stable_id
from newsprism.settings import Options


def article_identity(url: str | None, outlet: str | None, text: str) -> str:
    """An article's id: its URL and text, or without a URL its outlet and text — never the path it
    was read from, so the same saved page read from two folders (or two machines) is one article."""
    return stable_id(url or f"outlet:{outlet or ''}", normalized_text(text))


# fewer word characters than this is not an article (a "404", a cookie wall, a lone caption)
MIN_WORDS = 5
_WORD = re.compile(r"\w+")
_LOOKS_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml)", re.I)


def _meta(doc: Document, key: str) -> str | None:
    value = doc.meta.get(key) if doc.meta else None
    return str(value).strip() or None if value is not None else None


def normalized_text(text: str) -> str:
    """The text an id is made from: case, spacing and Unicode form do not change an id."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def extract(doc: Document, options: Options, templates: Templates | None = None) -> Article:
    """The article in ``doc``; raises ``ExtractError`` when the bytes yield none."""
    try:
        return _extract(doc, options, templates)
    except ExtractError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise ExtractError(f"page too deeply nested or too large to extract ({type(exc).__name__})",
                           doc.source) from exc
    except Exception as exc:  # a bug or a library failure on hostile input must not escape as a crash
        raise ExtractError(f"extraction failed: {type(exc).__name__}: {exc}", doc.source) from exc


@dataclasses.dataclass
class _Found:
    """What the page or text says about itself, before the input's own fields are weighed in."""

    body: str
    url: str | None
    prov: dict[str, str]
    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    language: str | None = None
    dates: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (value, provenance), most trusted first
    notes: list[str] = dataclasses.field(default_factory=list)


def _extract(doc: Document, options: Options, templates: Templates | None) -> Article:
    source = doc.source
    if not doc.body or not doc.body.strip():
        raise ExtractError("empty input", source)
    text, charset = decode(doc.body, doc.page.content_type)
    if looks_binary(text):
        raise ExtractError("binary data, not text or HTML", source)
    url = _meta(doc, "url") or doc.page.url
    if doc.kind == "html" or _LOOKS_HTML.match(doc.body[:200]):  # HTML saved as .txt is still HTML
        found = _from_html(doc, text, url)
    else:
        found = _from_text(text, url)
    prov = found.prov
    prov["charset"] = charset
    if found.url and doc.page.url and found.url == doc.page.url and not _meta(doc, "url"):
        prov["url"] = "page"
    outlet = _outlet(doc, found)
    body = found.body
    if templates:
        body, removed = templates.clean(outlet, body)
        if removed:
            prov["templates"] = f"{removed} boilerplate lines removed"
    if len(_WORD.findall(body)) < MIN_WORDS:
        nested = [n for n in found.notes if n.startswith("page nested deeper")]
        raise ExtractError("no main text found" + (f" ({nested[0]})" if nested else ""), source)
    title = _meta(doc, "title")
    if title:
        prov["title"] = "meta"
    else:
        title = found.title
    language = found.language or guess_language(body)
    if language and "language" not in prov:
        prov["language"] = "text:stopwords"
    published = _pick_date(_date_candidates(doc, found), prov, language, doc.page.fetched_at)
    for note in found.notes:
        prov.setdefault("note", note)
    article_id = _meta(doc, "id")
    if article_id:
        prov["id"] = "meta"
    else:
        article_id = article_identity(found.url, outlet, body)
    return Article(
        id=article_id, source=source, url=found.url, outlet=outlet, title=title or None, authors=found.authors,
        published=published, language=language, text=body, sentences=split_sentences(body),
        page_sha256=doc.page.sha256, provenance=tuple(sorted(prov.items())),
    )


def _from_html(doc: Document, text: str, url: str | None) -> _Found:
    res = extract_html(text, url, fetched_at=doc.page.fetched_at)
    found = _Found(res.text, url or res.url, {k: v for k, v in res.how.items() if k != "published"},
                   title=res.title, authors=tuple(res.authors or ()), outlet=res.sitename,
                   language=res.language, notes=list(res.notes))
    if res.url and not doc.page.url and not _meta(doc, "url"):
        found.prov["url"] = "html:canonical"
    if res.date:
        found.dates.append((res.date, res.how.get("published", "html:date")))
    return found


def _from_text(text: str, url: str | None) -> _Found:
    header, body, how = read_plain(text)
    found = _Found(body, url, {"text": how["text"]})
    if header.title:
        found.title, found.prov["title"] = header.title, how["title"]
    if header.authors:
        found.authors, found.prov["authors"] = tuple(header.authors), how["authors"]
    if header.outlet:
        found.outlet, found.prov["outlet"] = header.outlet, how["outlet"]
    if header.date:
        found.dates.append((header.date, "text:dateline"))
    return found


def _outlet(doc: Document, found: _Found) -> str | None:
    """The input's own outlet, else the one the page names, else the URL's registered domain."""
    prov = found.prov
    outlet = _meta(doc, "outlet")
    if outlet:
        prov["outlet"] = "meta"
        return outlet
    if found.outlet:
        return str(found.outlet)
    outlet = outlet_from_url(found.url)
    if outlet:
        prov["outlet"] = "url"
    else:
        prov.pop("outlet", None)
    return outlet


def _date_candidates(doc: Document, found: _Found) -> list[tuple[str, str]]:
    """Dates in order of trust: the input's own, the page's or the text's, the URL's."""
    dates = list(found.dates)
    meta_date = _meta(doc, "published")
    if meta_date:
        dates.insert(0, (meta_date, "meta"))
    url_date = date_from_url(found.url)
    if url_date:
        dates.append((url_date, "url"))
    return dates


def _pick_date(candidates: list[tuple[str, str]], prov: dict[str, str], language: str | None,
               fetched_at: str) -> str | None:
    """The first candidate that parses and is sane (not after the page was fetched); dropped ones
    are noted in provenance."""
    for value, how in candidates:
        iso = normalize_date(value, language)
        if iso is None:
            prov.setdefault("published_dropped", f"{how}: unreadable {value[:40]!r}")
        elif not sane_date(iso, fetched_at):
            prov.setdefault("published_dropped", f"{how}: absurd {iso}")
        else:
            prov["published"] = how
            return iso
    return None


def with_templates(article: Article, templates: Templates) -> Article:
    """``article`` with its outlet's learned boilerplate lines removed (unchanged if none or if all)."""
    text, removed = templates.clean(article.outlet, article.text)
    if not removed or len(_WORD.findall(text)) < MIN_WORDS:
        return article
    prov = dict(article.provenance)
    prov["templates"] = f"{removed} boilerplate lines removed"
    meta_id = prov.get("id") == "meta"
    new_id = article.id if meta_id else article_identity(article.url, article.outlet, text)
    return dataclasses.replace(article, id=new_id, text=text, sentences=split_sentences(text),
                               provenance=tuple(sorted(prov.items())))
