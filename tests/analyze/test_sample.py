"""The bundled sample corpus analysed event by event: every phenomenon planted in its MANIFEST is found.

The manifest (``src/newsprism/data/sample/MANIFEST.json``) says what was planted where; these tests
read the expectations from it (files, values, outlets) rather than repeating them, so a change to the
corpus that keeps its manifest right keeps them meaningful. Each event is analysed once per module.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from newsprism.analyze import analyze
from newsprism.analyze.summary import standalone
from newsprism.dedup import group_copies
from newsprism.model import Analysis, Article
from newsprism.pipeline import read_articles
from newsprism.settings import Options

SAMPLE = Path(__file__).parents[2] / "src" / "newsprism" / "data" / "sample"
MANIFEST = json.loads((SAMPLE / "MANIFEST.json").read_text("utf-8"))
PLANTED = {p["id"]: p for p in MANIFEST["planted"]}


class Event:
    """One event's articles, their analysis, and lookups by manifest file name."""

    def __init__(self, name: str) -> None:
        files = [a["file"] for a in MANIFEST["articles"] if a["event"] == name]
        options = Options()
        articles = [a for a in read_articles([str(SAMPLE / f) for f in files], options) if isinstance(a, Article)]
        assert len(articles) == len(files), f"not every {name} article could be read"
        self.articles = articles
        self.by_file = {Path(a.source).name: a for a in articles}
        self.file_of = {a.id: Path(a.source).name for a in articles}
        self.analysis: Analysis = analyze(articles, options, copies=group_copies(articles, options))

    def id(self, file: str) -> str:
        return self.by_file[file].id


@pytest.fixture(scope="module")
def events() -> dict[str, Event]:
    return {name: Event(name) for name in MANIFEST["events"]}


def test_syndicated_wire_copies_form_one_group(events):
    plant = PLANTED["syndicated-wire-copy"]
    ev = events[plant["event"]]
    wanted = {ev.id(plant["source"])} | {ev.id(c["file"]) for c in plant["copies"]}
    groups = [g for g in ev.analysis.copies if set(g.members) & wanted]
    assert len(groups) == 1 and set(groups[0].members) == wanted
    assert groups[0].canonical == ev.id(plant["source"])


def test_copies_align_despite_the_dateline_and_count_once(events):
    plant = PLANTED["syndicated-wire-copy"]
    ev = events[plant["event"]]
    members = {ev.id(plant["source"])} | {ev.id(c["file"]) for c in plant["copies"]}
    lead = [c for c in ev.analysis.claims if {s.article for s in c.support} >= members
            and any("12 people were killed" in s.text for s in c.support)]
    assert lead, "the wire lead is not aligned across its copies"
    for claim in ev.analysis.claims:
        voices = {s.article for s in claim.support}
        assert claim.outlets <= len(voices - members) + bool(voices & members)
        assert not any(s.text.startswith(("MARROWBY", "NORHAVEN", "ORLESK", "PORT AVERY")) for s in claim.support)


@pytest.mark.parametrize("plant_id", [p["id"] for p in MANIFEST["planted"] if p["kind"] == "quote_alteration"
                                      and not p.get("secondary")])
def test_cut_and_reworded_quotes_are_flagged(events, plant_id):
    plant = PLANTED[plant_id]
    ev = events[plant["event"]]
    for inst in plant["instances"]:
        if not inst["alteration"]:
            continue
        aid = ev.id(inst["file"])
        expected = set(inst["alteration"].split("+"))
        flagged = {a for q in ev.analysis.quotes if q.article == aid for a in q.alterations}
        assert expected & flagged, f"{inst['file']}: {expected} not among {flagged}"


def test_planted_number_conflicts_and_nothing_else(events):
    planted = [p for p in MANIFEST["planted"] if p["kind"] == "number_conflict"]
    for plant in planted:
        ev = events[plant["event"]]
        wanted = {(ev.id(f), v["value"]) for v in plant["values"] for f in v["files"]}
        found = [c for c in ev.analysis.conflicts
                 if {(q.article, q.value) for q in c.values} == wanted]
        assert len(found) == 1, f"{plant['id']}: {[(c.subject, [q.text for q in c.values]) for c in ev.analysis.conflicts]}"
    total = sum(len(ev.analysis.conflicts) for ev in events.values())
    assert total == len(planted), [c.subject for ev in events.values() for c in ev.analysis.conflicts]


def test_conflict_labels_name_the_event(events):
    flood = events["flood"].analysis
    (dead,) = flood.conflicts
    assert dead.subject == "people killed"
    text = " ".join(s.text for s in flood.summary if s.kind == "difference")
    assert "People killed:" in text and "peoples" not in text


def test_same_value_variants_do_not_conflict(events):
    for variant in MANIFEST["same_value_variants"]:
        ev = events[variant["event"]]
        ids = {ev.id(f) for f in variant["variants"]}
        for c in ev.analysis.conflicts:
            texts = {q.text for q in c.values if q.article in ids}
            assert not texts & set(variant["variants"].values()), (variant["what"], c.subject)


def test_shared_misspelling_is_reuse_evidence_with_direction(events):
    plant = next(p for p in MANIFEST["planted"] if p["kind"] == "shared_error")
    ev = events[plant["event"]]
    src, tgt = ev.id(plant["likely_direction"]["source"]), ev.id(plant["likely_direction"]["target"])
    links = [r for r in ev.analysis.reuse if {r.source, r.target} == {src, tgt}]
    assert links and any(plant["misspelled"] in e for e in links[0].shared_errors)
    assert (links[0].source, links[0].target, links[0].direction) == (src, tgt, "source->target")


def test_loaded_words_in_the_tabloid_and_nearly_none_elsewhere(events):
    plant = next(p for p in MANIFEST["planted"] if p["kind"] == "framing_loaded")
    for file, words in plant["instances"].items():
        ev = next(e for e in events.values() if file in e.by_file)
        aid = ev.id(file)
        mine = {h.text.lower() for h in ev.analysis.framing if h.article == aid and h.kind == "loaded"}
        hits = [w for w in words if any(w.lower() in m or m in w.lower() for m in mine)]
        assert len(hits) >= len(words) // 2, f"{file}: found {sorted(mine)} of {words}"
        others = [h.text for h in ev.analysis.framing if h.kind == "loaded" and h.article != aid]
        assert len(others) <= 1, f"{file}'s story: loaded words elsewhere: {others}"


def test_four_labels_for_the_same_crowd(events):
    plant = next(p for p in MANIFEST["planted"] if p["kind"] == "framing_label")
    ev = events[plant["event"]]
    for file, label in plant["labels"].items():
        used = {h.text.lower() for h in ev.analysis.framing if h.article == ev.id(file) and h.kind == "label"}
        assert label in used, f"{file}: {label!r} not among {used}"


def test_omitted_vote_split(events):
    plant = next(p for p in MANIFEST["planted"] if p["kind"] == "omission")
    ev = events[plant["event"]]
    vote = [o for o in ev.analysis.omissions if "5-2" in o.text]
    assert {ev.file_of[o.article] for o in vote} == {plant["omitted_by"]}


def test_unique_claim_of_one_outlet(events):
    plant = next(p for p in MANIFEST["planted"] if p["kind"] == "unique_claim")
    ev = events[plant["event"]]
    aid = ev.id(plant["file"])
    holding = [c for c in ev.analysis.claims if any(plant["text"] in s.text for s in c.support)]
    assert holding
    # the sentence also reports the rate rise, so it may be aligned through that fact; no other
    # outlet's sentence in its claims reports the bond sales
    for c in holding:
        assert all(s.article == aid or "bond" not in s.text for s in c.support)


def test_paraphrase_pair_is_one_claim(events):
    plant = next(p for p in MANIFEST["planted"] if p["kind"] == "paraphrase")
    ev = events[plant["event"]]
    wanted = {(ev.id(x["file"]), x["text"]) for x in plant["pair"]}
    claims = [c for c in ev.analysis.claims
              if all(any(s.article == aid and text in s.text for s in c.support) for aid, text in wanted)]
    assert len(claims) == 1


def test_summary_is_standalone_neutral_and_rightly_cited(events):
    for ev in events.values():
        an = ev.analysis
        loaded = [(h.article, h.start, h.end) for h in an.framing if h.kind == "loaded"]
        support_of = defaultdict(set)
        for c in an.claims:
            for s in c.support:
                support_of[s.text] |= {x.article for x in c.support}
        for k, s in enumerate(an.summary):
            assert s.articles
            if s.kind == "difference":
                continue
            # a sentence that needs the one before it ("he said") comes right after it, from its article
            assert standalone(s.text) or (k > 0 and an.summary[k - 1].articles[0] == s.articles[0]), s.text
            assert not s.text[:40].isupper()  # no dateline
            assert set(s.articles) <= support_of[s.text], s.text
            if s.kind == "consensus":
                heads = {next((g.canonical for g in an.copies if a in g.members), a) for a in s.articles}
                assert len(heads) >= 2, s.text
            for aid in s.articles:
                src = next(a for a in ev.articles if a.id == aid)
                assert any(src.text[x.start:x.end] == x.text for c in an.claims for x in c.support
                           if x.article == aid and x.text)
            for aid, st, _ in loaded:
                assert not any(x.article == aid and x.text == s.text and x.start <= st < x.end
                               for c in an.claims for x in c.support)
