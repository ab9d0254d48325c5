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
from newsprism.extract.html import extract_html
from newsprism.extract.language import guess_language
from newsprism.extract.meta import date_from_url, normalize_date, outlet_from_url, sane_date
from newsprism.extract.sentences import split_sentences
from newsprism.extract.templates import Templates
from newsprism.extract.text import clean_text, split_header
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


def _extract(doc: Document, options: Options, templates: Templates | None) -> Article:
    source = doc.source
    if not doc.body or not doc.body.strip():
        raise ExtractError("empty input", source)
    text, charset = decode(doc.body, doc.page.content_type)
    if looks_binary(text):
        raise ExtractError("binary data, not text or HTML", source)
    prov: dict[str, str] = {"charset": charset}
    found: dict[str, object] = {}
    notes: list[str] = []
    url = _meta(doc, "url") or doc.page.url
    dates: list[tuple[str, str]] = []  # (value, provenance) candidates in order of trust
    if doc.kind == "html" or _LOOKS_HTML.match(doc.body[:200]):  # HTML saved as .txt is still HTML
        res = extract_html(text, url, fetched_at=doc.page.fetched_at)
        notes += res.notes
        body = res.text
        prov.update({k: v for k, v in res.how.items() if k != "published"})
        found.update(title=res.title, authors=res.authors, language=res.language, outlet=res.sitename)
        url = url or res.url
        if res.url and not doc.page.url and not _meta(doc, "url"):
            prov["url"] = "html:canonical"
        if res.date:
            dates.append((res.date, res.how.get("published", "html:date")))
    else:
        header = split_header(text)
        body = clean_text(text[header.end:])
        prov["text"] = "text-cleaner"
        if header.title:
            found["title"], prov["title"] = header.title, "text:headline"
        if header.authors:
            found["authors"], prov["authors"] = header.authors, "text:byline"
        if header.outlet:
            found["outlet"], prov["outlet"] = header.outlet, "text:byline"
        if header.date:
            dates.append((header.date, "text:dateline"))
    if url and doc.page.url and url == doc.page.url and not _meta(doc, "url"):
        prov["url"] = "page"
    outlet = _meta(doc, "outlet")
    if outlet:
        prov["outlet"] = "meta"
    elif found.get("outlet"):
        outlet = str(found["outlet"])
    else:
        outlet = outlet_from_url(url)
        if outlet:
            prov["outlet"] = "url"
        else:
            prov.pop("outlet", None)
    if templates:
        body, removed = templates.clean(outlet, body)
        if removed:
            prov["templates"] = f"{removed} boilerplate lines removed"
    if len(_WORD.findall(body)) < MIN_WORDS:
        nested = [n for n in notes if n.startswith("page nested deeper")]
        raise ExtractError("no main text found" + (f" ({nested[0]})" if nested else ""), source)
    title = _meta(doc, "title")
    if title:
        prov["title"] = "meta"
    else:
        title = found.get("title")  # type: ignore[assignment]
    meta_date = _meta(doc, "published")
    if meta_date:
        dates.insert(0, (meta_date, "meta"))
    url_date = date_from_url(url)
    if url_date:
        dates.append((url_date, "url"))
    language = found.get("language") or guess_language(body)
    if language and "language" not in prov:
        prov["language"] = "text:stopwords"
    published = _pick_date(dates, prov, language, doc.page.fetched_at)  # type: ignore[arg-type]
    for note in notes:
        prov.setdefault("note", note)
    article_id = _meta(doc, "id")
    if article_id:
        prov["id"] = "meta"
    else:
        article_id = article_identity(url, outlet, body)
    return Article(
        id=article_id, source=source, url=url, outlet=outlet, title=title or None,
        authors=tuple(found.get("authors") or ()),  # type: ignore[arg-type]
        published=published, language=language,  # type: ignore[arg-type]
        text=body, sentences=split_sentences(body), page_sha256=doc.page.sha256,
        provenance=tuple(sorted(prov.items())),
    )


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
