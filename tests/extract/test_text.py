"""The plain-text line cleaner and header reader, on lines written in several house styles."""

from __future__ import annotations

import pytest

from newsprism.extract.text import BODY, classify_line, clean_text, parse_byline, split_header

JUNK = [
    ("Floodwater in Marrowby on Monday morning. Photo: Elif Durmaz/Northgate Wire", "credit"),
    ("Protesters gather outside the ministry. (AP Photo/Jana Keller)", "credit"),
    ("Getty Images", "credit"),
    ("The governor at a news conference in Orlesk. Photograph: Tom Bay/Getty Images", "credit"),
    ("(Reporting by Petar Lenk; Editing by Ann Forde)", "credit"),
    ("© 2026 The Harbor Ledger. All rights reserved.", "credit"),
    ("Now playing", "media"),
    ("Watch: Drone footage shows the fire front near Coldbrook", "media"),
    ("Watch this: the moment the bridge opened", "media"),
    ("VIDEO: Residents describe the night the river rose", "media"),
    ("Sign up for our free Tidewater Business newsletter, delivered every Friday.", "newsletter"),
    ("Get the Morning Brief newsletter in your inbox", "newsletter"),
    ("Turn on notifications to get breaking news first", "newsletter"),
    ("First published at 10:02 am", "stamp"),
    ("Updated 11:15 am", "stamp"),
    ("Last updated: 3 hours ago", "stamp"),
    ("Share this article", "share"),
    ("Facebook Twitter Email", "share"),
    ("Comments (12)", "share"),
    ("87 comments", "share"),
    ("Read more: Library opening hours cut across the city", "teaser"),
    ("READ MORE: Pinecrest council tax to rise for third year running", "teaser"),
    ("Related: Freight operators call for lower track charges", "teaser"),
    ("Most read", "teaser"),
    ("Advertisement", "ad"),
    ("Story continues below advertisement", "ad"),
    ("Home | News | Sport | Weather", "nav"),
    ("Skip to main content", "nav"),
    ("![A crane at the port](https://example.org/crane.jpg)", "markup"),
    ("## What the deal includes", "markup"),
    ("[Read more: Dam inquiry opens](https://coastline.example/2026/04/dam)", "teaser"),
    ("*Share this article* · Comments (8)", "share"),
    ("This story was supplied by Northgate Wire.", "credit"),
]

BODY_LINES = [
    "The company said in a newsletter to investors that profits had fallen by 12%.",
    "Readers who subscribe to the paper's print edition will see prices rise in May.",
    "Share prices fell 4% after the announcement, the steepest drop since 2022.",
    "Updated forecasts show the deficit narrowing to 2.1% of output next year, the ministry said.",
    "\"Watch this space,\" the minister told reporters, declining to give details.",
    "Getty Images, the photo agency, said it would cut 300 jobs across its European offices this year.",
    "Read the full report, the auditor said, and you will see that nobody checked the invoices.",
    "Home owners in the valley were told to leave by 6 pm on Sunday.",
    "Photographers were kept behind a barrier at the edge of the site.",
    "More than 2,000 people attended the opening on Saturday.",
    "Prices rose 3% · wages rose 2% · rents rose 6%, the statistics office said on Tuesday.",
    "The [report](https://example.org/r) found that nobody had checked the dam since 2019.",
]


@pytest.mark.parametrize(("line", "label"), JUNK)
def test_junk_lines_are_classified(line: str, label: str) -> None:
    assert classify_line(line) == label


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_sentences_that_mention_junk_words_stay(line: str) -> None:
    assert classify_line(line) == BODY


def test_clean_text_keeps_body_lines_verbatim_in_order() -> None:
    text = "\n\n".join([BODY_LINES[0], JUNK[0][0], BODY_LINES[2], JUNK[20][0], BODY_LINES[4]])
    assert clean_text(text) == "\n".join([BODY_LINES[0], BODY_LINES[2], BODY_LINES[4]])


def test_byline_with_outlet_and_several_authors() -> None:
    assert parse_byline("By Sam Ilves and Priya Nandakumar, Tidewater Times") == (
        ("Sam Ilves", "Priya Nandakumar"), "Tidewater Times")
    assert parse_byline("By Nadia Koller") == (("Nadia Koller",), None)
    assert parse_byline("By A. Reyes, B. Chu and C. Diallo") == (("A. Reyes", "B. Chu", "C. Diallo"), None)
    assert parse_byline("By the end of the week the river had risen by two metres.") is None


def test_header_convention_is_read_and_skipped() -> None:
    text = "Dam gives way\nBy Daniel Okoro, Coastline Daily\nApril 6, 2026 12:40 pm\n\nAt least 12 people died.\n"
    h = split_header(text)
    assert (h.title, h.authors, h.outlet, h.date) == ("Dam gives way", ("Daniel Okoro",), "Coastline Daily",
                                                      "April 6, 2026 12:40 pm")
    assert text[h.end:].strip() == "At least 12 people died."


def test_markdown_headline_without_byline() -> None:
    h = split_header("# Port reopens\n\nShips returned to the port on Monday.\n")
    assert h.title == "Port reopens" and h.authors == ()


def test_no_header_keeps_first_sentence() -> None:
    text = "The railway will reopen in April.\nThat was the promise made on Friday by the operator.\n"
    h = split_header(text)
    assert h.end == 0 and h.title is None


def test_date_line_alone_is_read_in_other_languages() -> None:
    h = split_header("Les écluses rouvrent\nPar Amélie Roux, Le Courrier\n12 mai 2026\n\nLe canal a rouvert.")
    assert h.date == "12 mai 2026" and h.authors == ("Amélie Roux",)
