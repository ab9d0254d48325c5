"""Flattened page text (a scraper's dump or a browser copy-paste): the line classifier keeps the
article, drops the site around it, and reads headline, byline, date and outlet from the text.
The pages in tests/extract/flat are ours: fictional outlets and events."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.extract import extract
from newsprism.extract.flat import article_lines, default_model, features, looks_flat, read_flat, read_plain
from newsprism.fetch.document import make_document
from newsprism.settings import Options

DATA = Path(__file__).parent / "flat"
FERRY = (DATA / "harborview_gazette_ferry.txt").read_text(encoding="utf-8")
BRIDGE = (DATA / "rheinblick_bruecke.txt").read_text(encoding="utf-8")
FETCHED = "2026-06-05T08:00:00+00:00"

FERRY_BODY = [
    "The only passenger ferry to Saltmere island will stay in port",
    "Inspectors from the coastal shipping authority found the crack",
    "“We will not sail a ship that we are not certain is safe,”",
    "What islanders can do now",  # a subhead between two paragraphs stays
    "The company said it had chartered two smaller boats",
    "Mayor Jonas Feld said the island's shops had enough food",
    "Some residents criticised the operator",
    "The shipping authority said it would publish its inspection report next week.",
]
FERRY_JUNK = [
    "Skip to main content", "Culture", "Copy link", "Tomas Reyes / Harborview Gazette",
    "Saltmere school to open later this autumn", "is the Harborview Gazette's transport reporter",
    "Morning Tide newsletter", "Storm warning for the weekend", "We use cookies", "Privacy policy",
    "All rights reserved",
]


def test_the_article_is_kept_whole_and_the_site_around_it_goes() -> None:
    _, body, how = read_flat(FERRY)
    for line in FERRY_BODY:
        assert line in body
    for junk in FERRY_JUNK:
        assert junk not in body
    assert how["text"] == "flat-text-classifier"
    # lines come back as written, one paragraph a line
    assert body.splitlines()[0].endswith("the operator said on Thursday.")


def test_headline_byline_date_and_outlet_from_the_text_alone() -> None:
    header, _, how = read_flat(FERRY)
    assert header.title == "Ferry service to Saltmere island suspended after hull crack found"
    assert header.authors == ("Lena Ostrova",)
    assert header.date == "4 June 2026"
    assert header.outlet == "Harborview Gazette"
    assert how["outlet"] == "text:footer" and how["title"] == "text:headline"


def test_a_german_page_through_extract_with_the_clock_passed_in() -> None:
    doc = make_document("rheinblick.txt", BRIDGE.encode(), "text", fetched_at=FETCHED)
    art = extract(doc, Options())
    prov = dict(art.provenance)
    assert art.title == "Neue Brücke in Lindau am Hang wird ein Jahr später fertig"
    assert art.authors == ("Karla Wendt",)
    assert art.published == "2026-03-03" and prov["published"] == "text:dateline"
    assert art.outlet == "Rheinblick Kurier" and prov["outlet"] == "text:footer"
    assert art.language == "de"
    assert art.text.startswith("Die neue Brücke über das Lindtal")
    assert "Mehr zum Thema" not in art.text and "Datenschutz" not in art.text
    assert "Umleitung über die Bergstraße: Anwohner" not in art.text


def test_a_date_after_the_fetch_is_not_taken_from_a_flat_page() -> None:
    doc = make_document("rheinblick.txt", BRIDGE.encode(), "text", fetched_at="2026-02-01T00:00:00+00:00")
    art = extract(doc, Options())
    assert art.published is None and "absurd" in dict(art.provenance)["published_dropped"]


def test_a_clean_article_is_not_a_flat_page() -> None:
    text = ("Bridge reopens after repairs\nBy Ana Ruiz, Lakeside Gazette\n12 May 2026\n\n"
            + "The bridge reopened on Monday after six months of repairs, the council said.\n\n" * 6)
    assert not looks_flat(text)
    header, body, how = read_plain(text)
    assert how["text"] == "text-cleaner" and header.title == "Bridge reopens after repairs"
    assert body.startswith("The bridge reopened")
    assert looks_flat(FERRY) and looks_flat(BRIDGE)
    # an article with a list of short items is still an article when it opens with its header
    listed = ("Where to vote on Sunday\nBy Ana Ruiz, Lakeside Gazette\n12 May 2026\n\n"
              + "Polling stations open at eight and close at six, the council said on Friday.\n\n"
              + "\n\n".join(f"- School hall {k}" for k in range(30)))
    assert not looks_flat(listed)
    assert looks_flat(listed.split("\n\n", 1)[1])


def test_a_page_where_no_line_is_sure_still_yields_its_likeliest_stretch() -> None:
    menu = [f"Section {k}" for k in range(30)]
    story = ["Residents of Ostmark queued for water on Friday after the main pipe burst overnight, "
             "the utility said in a short statement that gave no time for repairs"]
    lines = menu + story + menu
    keep = article_lines(lines)
    assert keep == [30]


@pytest.mark.parametrize("page", [FERRY, BRIDGE])
def test_the_weights_fit_the_features(page: str) -> None:
    model = default_model()
    lines = [s for s in (ln.strip() for ln in page.splitlines()) if s]
    p = None
    for stage in model.stages:
        x = features(lines, p)
        assert x.shape == (len(lines), len(stage.mean)) == (len(lines), len(stage.coef))
        p = stage.prob(x)
    assert 0.0 < model.threshold < 1.0


BODY = [
    "The regional water board approved a plan on Tuesday to rebuild the Ostmark reservoir dam, which "
    "inspectors said last year could fail in a major flood.",
    "Work will start in September and take three years, the board said, at a cost of 48 million.",
    "“The dam has served the valley for ninety years, but it was not built for the rain we now get,” "
    "said board chair Mira Holm.",
    "Residents downstream will be told about temporary changes to the river path in the summer.",
]


def page(*header: str) -> str:
    menu = ["Home", "News", "Region", "Sport", "Weather", "Culture", "Opinion", "Podcasts", "Subscribe",
            "Sign in", "Search", "Region"]
    footer = ["Most read", "Storm warning for the weekend", "Contact", "Privacy policy", "Terms of use",
              "© 2026 Ostmark Courier"]
    return "\n\n".join(menu + ["Ostmark reservoir dam to be rebuilt from September", *header] + BODY + footer)


@pytest.mark.parametrize(("header", "authors"), [
    (["Tomas Reyes", "June 4, 2026 10:15 am"], ("Tomas Reyes",)),  # a name on its own line
    (["by Ana Lind | Ostmark Courier", "4 June 2026"], ("Ana Lind",)),
    (["By JONAS FELD and Petra Lund", "4 June 2026"], ("JONAS FELD", "Petra Lund")),
    (["Breaking News Emails", "4 June 2026"], ()),  # shaped like a name, but a prompt
])
def test_bylines_in_the_shapes_pages_print_them(header: list[str], authors: tuple[str, ...]) -> None:
    h, body, _ = read_flat(page(*header))
    assert h.authors == authors
    assert h.title == "Ostmark reservoir dam to be rebuilt from September"
    assert h.outlet == "Ostmark Courier"
    assert body.splitlines() == BODY


def test_a_headerless_article_with_subheads_keeps_every_paragraph() -> None:
    paras = [p for p in BODY for _ in range(3)]
    paras = [f"{p} ({k})" for k, p in enumerate(paras)]
    lines = paras[:4] + ["What happens next"] + paras[4:8] + ["Costs"] + paras[8:] + ["Who pays"]
    text = "\n\n".join(lines)
    assert looks_flat(text)  # short lines among the paragraphs: read as a page
    _, body, _ = read_plain(text)
    for p in paras:
        assert p in body
    assert "What happens next" in body and "Costs" in body


def test_teasers_above_the_article_do_not_lend_it_their_headline() -> None:
    """A "related posts" list above the article has the same headline / byline / date shape; the
    block nearest the body is the article's own."""
    lines = FERRY.splitlines()
    start = next(k for k, s in enumerate(lines) if s.startswith("Ferry service to Saltmere island suspended"))
    teasers = ["RELATED", "Transport", "Harbour dues to rise for the first time in a decade", "Mara Lindqvist",
               "2 June 2026", "Islands", "Saltmere council votes to keep its primary school open", "Tomas Reyes",
               "1 June 2026"]
    header, _, _ = read_flat("\n".join(lines[:start] + teasers + lines[start:]))
    assert header.title == "Ferry service to Saltmere island suspended after hull crack found"
    assert header.authors == ("Lena Ostrova",)
    assert header.date == "4 June 2026"


@pytest.mark.parametrize(("byline", "authors"), [
    ("By\n\nLena Ostrova Harborview News", ("Lena Ostrova",)),  # "By" on a line of its own, the outlet after the name
    ("Lena Ostrova, Tomas Reyes, Ines Duarte", ("Lena Ostrova", "Tomas Reyes")),  # a list of names
    ("Thursday June 4, 2026 7:45 am by Lena Ostrova", None),  # a date line that names the author
])
def test_a_byline_in_any_of_its_page_forms_is_never_the_headline(byline: str, authors: tuple[str, ...] | None) -> None:
    page = FERRY.replace("By Lena Ostrova", byline, 1)
    header, _, _ = read_flat(page)
    assert header.title == "Ferry service to Saltmere island suspended after hull crack found"
    if authors is not None:
        assert header.authors[:len(authors)] == authors


def test_a_share_prompt_is_never_the_headline() -> None:
    page = FERRY.replace("Ferry service to Saltmere island suspended after hull crack found",
                         "Click to email this to a friend (Opens in new window)", 1)
    header, _, _ = read_flat(page)
    assert header.title is None or "Click" not in header.title


def test_the_headline_is_above_its_standfirst() -> None:
    title = "Ferry service to Saltmere island suspended after hull crack found"
    page = FERRY.replace(title, title + "\n\nIslanders face weeks without their only passenger link to the "
                         "mainland as the operator waits for a new inspection", 1)
    header, _, _ = read_flat(page)
    assert header.title == title
