"""The cited summary: consensus first, neutral wording, valid citations, differences."""

from __future__ import annotations

import numpy as np

from newsprism.analyze import similarity
from newsprism.analyze.claims import align_claims
from newsprism.analyze.framing import find_loaded
from newsprism.analyze.summary import summarize
from newsprism.model import Claim, FramingHit, NumberConflict, Quantity, Support
from newsprism.settings import Options
from tests.analyze.helpers import corran_copies, story_articles


def _story():
    arts = story_articles()
    claims, _ = align_claims(arts, Options(), corran_copies())
    return arts, claims


def test_every_summary_sentence_cites_articles_that_support_it():
    arts, claims = _story()
    texts = {a.id: a.text for a in arts}
    summary = summarize(claims, arts, options=Options(summary_sentences=4))
    consensus = [s for s in summary if s.kind == "consensus"]
    assert 1 <= len(consensus) <= 4
    for s in consensus:
        assert s.articles
        for aid in s.articles:  # each cited article has a sentence the matcher aligns with it
            sents = [texts[aid][sp.start : sp.end] for c in claims for sp in c.support if sp.article == aid]
            p = similarity.prepare([s.text] + sents)
            scores = similarity.claim_scores(p, np.zeros(len(sents), int), np.arange(1, len(sents) + 1))
            assert scores.max() >= Options().claim_threshold or s.text in sents


def test_consensus_comes_first_and_in_article_order():
    arts, claims = _story()
    summary = summarize(claims, arts, options=Options(summary_sentences=3))
    kinds = [s.kind for s in summary]
    assert kinds == sorted(kinds, key=lambda k: k != "consensus")
    first = summary[0]
    assert "walked out" in first.text or "sailings" in first.text
    assert len(first.articles) == 4  # the copy is cited too: it carries the sentence


def test_neutral_wording_is_preferred():
    s1 = Support("a", "The scandal-hit operator slashed every sailing on Monday.", 0, 56, 0.9)
    s2 = Support("b", "The operator cancelled every sailing on Monday, it said.", 0, 56, 0.8)
    claim = Claim("c1", s1.text, (s1, s2), "consensus", 2)
    from newsprism.model import Article

    a = Article("a", "a", None, "A", None, text=s1.text)
    b = Article("b", "b", None, "B", None, text=s2.text)
    hits: list[FramingHit] = find_loaded(a)
    out = summarize([claim], [a, b], [], hits, Options())
    assert out[0].text == s2.text and set(out[0].articles) == {"a", "b"}


def test_number_conflict_becomes_a_difference_sentence():
    arts, claims = _story()
    q = [Quantity("3,000", 3000, "", "count", "tidewater", 0, 5, "passengers"),
         Quantity("3,000", 3000, "", "count", "brisk", 0, 5, "passengers"),
         Quantity("1,200", 1200, "", "count", "corran", 0, 5, "passengers")]
    conflict = NumberConflict("passengers", "count", "", tuple(q))
    diff = [s for s in summarize(claims, arts, [conflict], [], Options()) if s.kind == "difference"]
    assert diff[0].text == "Passengers: Tidewater Gazette and Brisk Herald report 3,000; Corran Courier reports 1,200."
    assert set(diff[0].articles) == {"tidewater", "brisk", "corran"}


def test_no_claims_no_summary():
    assert summarize([], [], [], [], Options()) == []


def test_standalone_rejects_fragments_and_cut_off_text():
    from newsprism.analyze.summary import standalone

    assert standalone("The Korvel dam held overnight after three days of heavy rain.")
    assert not standalone("She said the dam held.")
    assert not standalone("However, he said the dam held through the night.")
    assert standalone("However, the Korvel dam held through the night.")
    assert not standalone("The inquiry into the Korvel dam is also...")
    assert not standalone("The inquiry into the Korvel dam is also…")
    assert not standalone("“The structure is sound.”")


def _support(aid: str, text: str, body: str) -> Support:
    start = body.index(text)
    return Support(aid, text, start, start + len(text), 1.0)


def _two_outlets() -> tuple[list, list[Claim]]:
    from tests.analyze.helpers import article

    a_text = ("The Korvel council voted on Tuesday to close the Marrow Street bridge to lorries from May. "
              "The bridge opened in 1931 and carries a tram line.")
    b_text = ("On Tuesday the Korvel council voted to close the Marrow Street bridge to lorries from May, "
              "after engineers found cracks in two of its piers. "
              "Shopkeepers on Marrow Street fear fewer deliveries.")
    a, b = article("a", a_text, "Korvel Post"), article("b", b_text, "Marrow Times")
    lead_a = _support("a", a_text.split(". ")[0] + ".", a_text)
    lead_b = _support("b", b_text.split(". ")[0] + ".", b_text)
    tram = _support("a", "The bridge opened in 1931 and carries a tram line.", a_text)
    shops = _support("b", "Shopkeepers on Marrow Street fear fewer deliveries.", b_text)
    claims = [Claim("c1", lead_a.text, (lead_a, lead_b), "consensus", 2),
              Claim("c2", tram.text, (tram,), "unique", 1), Claim("c3", shops.text, (shops,), "unique", 1),
              # an aligner tie that is only on topic: the tram line is not the cracks
              Claim("c4", tram.text, (tram, lead_b), "consensus", 2)]
    return [a, b], claims


def test_an_outlet_is_cited_only_where_its_sentence_states_the_fact():
    arts, claims = _two_outlets()
    summary = summarize(claims, arts, options=Options())
    by_text = {s.text: s for s in summary}
    lead = by_text["The Korvel council voted on Tuesday to close the Marrow Street bridge to lorries from May."]
    assert set(lead.articles) == {"a", "b"} and lead.kind == "consensus"
    assert by_text["The bridge opened in 1931 and carries a tram line."].articles == ("a",)
    assert summary[0] is lead  # the fact both outlets state leads


def test_one_fact_is_stated_once():
    arts, claims = _two_outlets()
    texts = [s.text for s in summarize(claims, arts, options=Options())]
    # b's longer lead adds only the cracks: a's lead states the fact b's restates, so b's is not repeated
    assert sum("voted" in t for t in texts) == 1


def test_containment_counts_one_way_only():
    from newsprism.analyze.cite import states

    long = "The Korvel council voted on Tuesday to close the Marrow Street bridge to lorries from May."
    short = "The Korvel council voted to close the Marrow Street bridge."
    p = similarity.prepare([long, short])
    i, j = np.array([1, 0]), np.array([0, 1])
    assert states(p, None, i, j).tolist()[0]  # the long sentence states the short one's fact
    assert not states(p, None, j, i).tolist()[0]  # not the other way: "on Tuesday", "lorries", "from May"


def test_aligned_sentence_must_hold_the_figures_and_names():
    from newsprism.analyze.cite import states

    w = "Harrow Mills will cut 400 jobs at its Tessby plant, the company said on Monday."
    other = "Harrow Mills will cut 250 jobs at its Tessby plant, the company said on Monday."
    elsewhere = "Harrow Mills will cut jobs at its Lunford plant, the company said."
    p = similarity.prepare([w, other, elsewhere])
    out = states(p, None, np.array([0, 0]), np.array([1, 2]), np.array([True, True]))
    assert out.tolist() == [False, False]


def test_summary_stops_at_its_word_budget():
    arts, claims = _story()
    full = summarize(claims, arts, options=Options(summary_words=0, summary_sentences=20))
    short = summarize(claims, arts, options=Options(summary_words=20, summary_sentences=20))
    head = [s for s in short if s.kind != "difference"]
    assert 1 <= len(head) < len([s for s in full if s.kind != "difference"])
    words = [len(s.text.split()) for s in head]
    assert sum(words[:-1]) < 20  # the last sentence is the one that crossed the budget


def test_loaded_words_in_a_quotation_are_the_speakers():
    from newsprism.analyze.summary import _charged

    text = 'Mayor Ilse Brandt called the closure "a disaster for Marrow Street" on Tuesday.'
    s = Support("a", text, 0, len(text))
    at = text.index("disaster")
    assert not _charged(s, [("a", at, at + 8)])
    own = "The disastrous closure of the bridge begins in May."
    assert _charged(Support("a", own, 0, len(own)), [("a", 4, 14)])


def test_sentences_with_loaded_words_only_fill_what_neutral_ones_leave():
    from newsprism.analyze.summary import pick

    sents = [Support("a", f"Sentence number {k} about the Korvel bridge closure.", 0, 40) for k in range(3)]
    sents = [Support("a", t, 0, 40) for t in ("The council shut the Marrow Street bridge on Tuesday.",
                                              "Engineers found deep cracks in two piers last winter.",
                                              "Angry shopkeepers slammed the reckless decision at once.")]
    order = pick(sents, [0.1, 0.2, 0.9], [True, True, True], limit=5, loaded=[False, False, True])
    assert order == [1, 0, 2]
    assert pick(sents, [0.1, 0.2, 0.9], [True, True, True], limit=2, loaded=[False, False, True]) == [1, 0]


def test_a_sentence_that_needs_the_one_before_comes_right_after_it():
    from tests.analyze.helpers import article

    text = ("Mayor Ilse Brandt closed the Marrow Street bridge to lorries on Tuesday. "
            "She said engineers had found deep cracks in two of its piers. "
            "The bridge opened in 1931 and carries the number 4 tram.")
    a = article("a", text, "Korvel Post")
    parts = [p if p.endswith(".") else p + "." for p in text.split(". ")]
    claims = [Claim(f"c{k}", p, (_support("a", p, text),), "unique", 1) for k, p in enumerate(parts)]
    summary = summarize(claims, [a], options=Options())
    texts = [s.text for s in summary]
    she = texts.index("She said engineers had found deep cracks in two of its piers.")
    assert texts[she - 1] == "Mayor Ilse Brandt closed the Marrow Street bridge to lorries on Tuesday."
    # it is never a summary sentence of its own: it comes only with the sentence it goes on from
    for n in (1, 2, 3):
        head = [s.text for s in summarize(claims, [a], options=Options(summary_sentences=n))]
        assert not head[0].startswith("She")
        assert all(head[k - 1].startswith("Mayor") for k, t in enumerate(head) if t.startswith("She"))


def test_a_reworded_summary_sentence_is_not_shown_again_as_one_outlet_s_fact():
    from tests.analyze.helpers import article

    arts, claims = _two_outlets()
    text = "The Korvel council voted on Tuesday to shut the Marrow Street bridge to lorries from 1 May."
    c = article("c", text, "Lunford Echo")
    reworded = Claim("c5", text, (_support("c", text, text),), "unique", 1)
    summary = summarize([reworded, *claims], [*arts, c], options=Options(summary_sentences=1))
    assert not any(s.text.startswith("Only Lunford Echo reports") for s in summary)
    assert sum("Korvel council voted" in s.text for s in summary) == 1


def test_a_piece_of_a_quotation_is_a_fragment():
    from newsprism.analyze.summary import quote_fragment

    text = ('Mayor Ilse Brandt spoke at the Marrow Street bridge on Tuesday.\n'
            '"Where have you been, Otto?" Brandt continued, turning to the council leader. '
            '"You spent a month on a plaque. That does not mend a bridge."\n'
            'The council meets again on Friday.')
    at = {s: text.index(s) for s in ("Mayor Ilse", '"Where', "Brandt continued", '"You spent', "That does",
                                     "The council")}
    assert not quote_fragment(text, at["Mayor Ilse"])
    assert not quote_fragment(text, at['"Where'])
    assert quote_fragment(text, at["Brandt continued"])  # the attribution cut from its quotation
    assert not quote_fragment(text, at['"You spent'])
    assert quote_fragment(text, at["That does"])  # inside a quotation opened before it
    assert not quote_fragment(text, at["The council"])  # a new paragraph
    curly = "“We will rebuild it. Every pier of it,” Brandt said. Work starts in June."
    assert quote_fragment(curly, curly.index("Every pier"))
    assert not quote_fragment(curly, curly.index("Work starts"))
    doubled = '""We will rebuild it," Brandt said. "Every pier of it." The work starts in June.'
    assert quote_fragment(doubled, doubled.index("Every pier") - 1) is False
    assert quote_fragment('""We will rebuild it. Every pier of it."', 22)
    nested = "“Ruiz asked me, ‘Who pays for the pier?’ ” Brandt said on Radio Korvel, smiling at the council."
    assert quote_fragment(nested, nested.index("Brandt said"))  # the attribution after a quote in a quote


def test_a_quote_fragment_never_stands_alone_in_the_summary():
    from tests.analyze.helpers import article

    a_text = ('"Where have you been, Otto?" Brandt continued, turning to the council leader. '
              '"You spent a month on a plaque. That does not mend the Marrow Street bridge."')
    b_text = ("Mayor Ilse Brandt said a plaque does not mend the Marrow Street bridge. "
              "The Korvel council will meet again on Friday to discuss the repairs.")
    a, b = article("a", a_text, "Korvel Post"), article("b", b_text, "Marrow Times")
    frag = _support("a", "That does not mend the Marrow Street bridge.", a_text)
    attrib = _support("a", "Brandt continued, turning to the council leader.", a_text)
    lead_b = _support("b", b_text.split(". ")[0] + ".", b_text)
    meet = _support("b", "The Korvel council will meet again on Friday to discuss the repairs.", b_text)
    claims = [Claim("c1", frag.text, (frag, lead_b), "consensus", 2), Claim("c2", attrib.text, (attrib,), "unique", 1),
              Claim("c3", meet.text, (meet,), "unique", 1)]
    texts = [s.text for s in summarize(claims, [a, b], options=Options())]
    assert frag.text not in texts and attrib.text not in texts
    assert lead_b.text in texts


def test_the_summary_opens_with_an_article_s_lead():
    from newsprism.analyze.summary import lead_event

    a_text = ("The Korvel council voted on Tuesday to close the Marrow Street bridge to lorries. "
              "Engineers found cracks in two piers. The mayor called the vote overdue.")
    sents = [_support("a", t, a_text) for t in ("The Korvel council voted on Tuesday to close the Marrow Street "
                                                "bridge to lorries.", "Engineers found cracks in two piers.",
                                                "The mayor called the vote overdue.")]
    fit = [0, 1, 2]
    # the third sentence is stated by more outlets, but it is not a lead: the event opens the summary
    assert lead_event(sents, fit, {0: 1, 1: 1, 2: 3}, {0: 0.2, 1: 0.5, 2: 0.9}, {0: False, 1: False, 2: False}) == 1
    assert lead_event(sents, fit, {0: 2, 1: 1, 2: 3}, {0: 0.2, 1: 0.5, 2: 0.9}, {0: False, 1: False, 2: False}) == 0
    # among leads, a neutral one before a loaded one
    assert lead_event(sents, fit, {0: 1, 1: 1, 2: 1}, {0: 0.9, 1: 0.5, 2: 0.1}, {0: True, 1: False, 2: False}) == 1
    assert lead_event(sents, [2], {2: 3}, {2: 0.9}, {2: False}) is None


def test_a_firm_alignment_cites_an_outlet_whose_article_holds_the_figures_and_names():
    from newsprism.analyze.cite import firm_in_article

    texts = ["Harrow Mills will cut 400 jobs at its Tessby plant, the company said.",
             "The firm is shedding 400 posts at the plant.", "Harrow Mills runs the Tessby works.",
             "The firm is shedding 250 posts at the plant.", "Harrow Mills runs the Tessby works.",
             "The firm is shedding 400 posts at the plant.",
             "The firm is shedding posts at the plant.", "Harrow Mills has 400 staff at the Tessby works."]
    arts = ["a", "b", "b", "c", "c", "d", "e", "e"]
    sents = [Support(x, t, 0, len(t), 1.0) for x, t in zip(arts, texts, strict=True)]
    p = similarity.prepare(texts)
    i, j = np.array([0, 0, 0, 0, 0]), np.array([1, 3, 5, 1, 6])
    out = firm_in_article(p, sents, i, j, np.array([0.97, 0.97, 0.97, 0.6, 0.97]))
    # b states the cut and names the firm and plant in its next sentence; c gives another figure;
    # d never names the firm or the plant; a pair the aligner is not firm on is not cited; e's
    # "400" counts its staff, in another sentence
    assert out.tolist() == [True, False, False, False, False]


def test_singles_per_backed_keeps_half_the_summary_stated_by_two_outlets():
    from newsprism.analyze.summary import pick

    texts = ["The Korvel council shut the Marrow Street bridge.", "Engineers found cracks in two piers.",
             "Lorries must now use the ring road.", "Shopkeepers fear fewer deliveries this spring.",
             "The bridge opened in 1931 and carries a tram."]
    sents = [Support("a", t, 0, len(t), 1.0) for t in texts]
    lone = [False, True, True, True, True]
    weight = [0.1, 0.9, 0.8, 0.7, 0.6]
    assert pick(sents, weight, lone, limit=5) == [0, 1, 2, 3, 4]
    assert pick(sents, weight, lone, limit=5, singles=1) == [0, 1]
    assert pick(sents, weight, [True] * 5, limit=5, singles=1) == [1, 2, 3, 4, 0]  # nothing shared: no limit


def test_a_piece_of_a_quotation_is_not_what_only_one_outlet_reports():
    from newsprism.analyze.summary import differences
    from newsprism.model import Article

    post = ("The clip came with a post. “Expect more of this. The Harbour Party forced the council of Ostmark "
            "to pass 14 new port rules that few voters wanted. Nobody asked them.”")
    own = "The Ostmark council passed 14 new port rules on Tuesday, the Lakeside Gazette found in its records."
    shared = "The council met on Tuesday."
    a = Article("a", "a", None, "Lakeside Gazette", None, text=post + " " + shared)
    b = Article("b", "b", None, "Corran Courier", None, text=own + " " + shared)

    def sup(art: Article, sentence: str) -> Support:
        start = art.text.index(sentence)
        return Support(art.id, sentence, start, start + len(sentence), 1.0)

    quoted = "The Harbour Party forced the council of Ostmark to pass 14 new port rules that few voters wanted."
    both = Claim("c0", shared, (sup(a, shared), sup(b, shared)), "consensus", 2)
    inside = Claim("c1", quoted, (sup(a, quoted),), "unique", 1)
    mine = Claim("c2", own, (sup(b, own),), "unique", 1)
    got = [s.text for s in differences([both, inside, mine], [a, b], [])]
    assert got == [f"Only Corran Courier reports: {own}"]


def test_two_follow_on_sentences_never_repeat_one_quotation():
    from newsprism.model import Article

    lead = "Ana Ruiz withdrew from the race for harbour master of Ostmark on Tuesday, two weeks before the vote.\n"
    a = Article("a", "a", None, "Lakeside Gazette", None, text=(
        lead + "Ruiz sent a short letter to the council clerk on Tuesday afternoon.\n"
        "“I will not stand for office while the port of Ostmark is in trouble,” she said.\n"
        "The council will meet on Friday to set a new date for the vote."))
    b = Article("b", "b", None, "Corran Courier", None, text=(
        lead + "Ruiz spoke to reporters outside the harbour office, where a small crowd of fishermen had gathered.\n"
        "“I will not stand for office while the port of Ostmark is in trouble, and I ask my supporters to back "
        "the fishermen's list,” she said.\n"
        "Two other candidates remain in the race."))
    claims, _ = align_claims([a, b], Options())
    out = summarize(claims, [a, b], options=Options())
    assert sum("I will not stand" in s.text for s in out) == 1


def test_one_outlet_s_fuller_wording_of_a_consensus_fact_is_detail_not_one_source():
    from tests.analyze.helpers import article

    lead = "The Korvel council voted on Tuesday to close the Marrow Street bridge to lorries."
    a_text = lead + " The bridge opened in 1931 and carries a tram line."
    b_text = lead + " Shopkeepers on Marrow Street fear fewer deliveries."
    c_text = ("Heavy goods traffic will be barred from the Marrow Street crossing from May 1 after a 9-2 vote "
              "of city councillors in Korvel, the mayor announced.")
    arts = [article("a", a_text, "Korvel Post"), article("b", b_text, "Marrow Times"),
            article("c", c_text, "Tram Weekly")]
    lead_a, lead_b, vote_c = _support("a", lead, a_text), _support("b", lead, b_text), _support("c", c_text, c_text)
    tram = _support("a", "The bridge opened in 1931 and carries a tram line.", a_text)
    shops = _support("b", "Shopkeepers on Marrow Street fear fewer deliveries.", b_text)
    claims = [Claim("c1", lead, (lead_a, lead_b, vote_c), "consensus", 3),
              Claim("c2", tram.text, (tram,), "unique", 1), Claim("c3", shops.text, (shops,), "unique", 1)]
    kinds = {s.text: s.kind for s in summarize(claims, arts, options=Options())}
    assert kinds[lead] == "consensus"
    assert kinds[c_text] == "detail"  # its figures are its own; the vote is what all three report
    assert kinds[tram.text] == kinds[shops.text] == "single"


def test_one_quotation_under_two_attributions_is_picked_once():
    from newsprism.analyze.summary import pick, repeats

    texts = ["“The harbour belongs to everyone,” said Tomas Berg, an aide to the mayor.",
             "“The harbour belongs to everyone,” reads a statement from Mayor Ona Brandt's office.",
             "The council voted 7-2 to keep the pier open."]
    sents = [Support("a" if k != 1 else "b", t, 0, len(t), 1.0) for k, t in enumerate(texts)]
    assert pick(sents, [0.9, 0.8, 0.1], [True] * 3, limit=5) == [0, 2]
    assert not repeats(texts[0], texts[2])
    assert not repeats("Berg said the plan was “a good start”.", "Brandt called it “a good start” too.")  # short
