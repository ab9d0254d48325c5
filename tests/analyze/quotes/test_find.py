"""Quote finding and speaker attribution on fictional sentences (tests/analyze/data/quotes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyze.quotes import direct_spans, find_quotes
from newsprism.model import Article

DATA = Path(__file__).parents[1] / "data" / "quotes"


def art(text: str, id: str = "a") -> Article:
    return Article(id=id, source=f"{id}.txt", url=None, outlet=None, title=None, text=text)


def by_text(quotes, fragment):
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote with {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


@pytest.fixture(scope="module")
def flood():
    return find_quotes(art((DATA / "velora_flood.txt").read_text(encoding="utf-8")))


def test_curly_and_straight_marks_give_the_content_without_marks():
    text = 'The mayor said: “The dam held.” Later a clerk said: "The road is closed."'
    spans = [text[s:e] for s, e, _ in direct_spans(text)]
    assert spans == ["The dam held.", "The road is closed."]


def test_a_straight_quote_closed_by_a_curly_mark_after_a_spaced_inner_quote():
    text = ('"It is a failed plan, and I hope she joins us in saying, ‘No, we must defeat this,’ ” Berg said '
            'on Harbour TV\' "Face the Harbour."')
    assert [text[s:e] for s, e, _ in direct_spans(text)] == [
        "It is a failed plan, and I hope she joins us in saying, ‘No, we must defeat this,’", "Face the Harbour."]


def test_quote_left_open_runs_to_the_end_of_its_paragraph():
    text = "“The first paragraph of a long statement\n\n“And the second.”"
    assert [text[s:e] for s, e, _ in direct_spans(text)] == ["The first paragraph of a long statement",
                                                             "And the second."]


def test_offsets_point_at_the_quote(flood):
    text = (DATA / "velora_flood.txt").read_text(encoding="utf-8")
    for q in flood:  # a split quote spans its cue, so compare its first part
        assert q.text.split(",")[0] in text[q.start:q.end]
    q = by_text(flood, "abandon the families")
    assert text[q.start:q.end] == q.text == "We will not abandon the families of Velora"


def test_surname_speaker_is_given_as_the_full_name(flood):
    q = by_text(flood, "abandon the families")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Mara Lindqvist", "said")


def test_split_quote_is_one_quote_spanning_both_parts(flood):
    parts = [q for q in flood if "promenade" in q.text or "rest by the summer" in q.text]
    assert len(parts) == 1
    q = parts[0]
    assert q.text == "Part of the promenade will reopen next week, and the rest by the summer."
    assert q.cue == "said"


def test_pronoun_speaker_resolves_to_the_named_person(flood):
    assert by_text(flood, "rest by the summer").speaker == "Mara Lindqvist"


def test_quote_without_cue_continues_the_previous_speaker(flood):
    assert by_text(flood, "money is already there").speaker == "Mara Lindqvist"


def test_indirect_quote_with_that(flood):
    q = by_text(flood, "asked for help")
    assert q.kind == "indirect"
    assert q.speaker == "Jonas Berg"
    assert q.text.startswith("the city had asked")


def test_according_to(flood):
    q = by_text(flood, "damage will take months")
    assert q.kind == "indirect" and q.cue.lower() == "according"
    assert "harbour authority" in q.speaker


def test_role_and_pronoun_in_indirect_quotes(flood):
    assert by_text(flood, "insurance would not cover").speaker == "Mara Lindqvist"
    told = by_text(flood, "fund would open")
    assert (told.speaker, told.cue) == ("Mara Lindqvist", "told")


def test_inverted_cue_and_apposition():
    qs = find_quotes(art("“The bridge is safe,” said Tomas Reyes, the city engineer. "
                         "Orla Quinn, the chief executive, said the company would appeal."))
    assert by_text(qs, "bridge is safe").speaker == "Tomas Reyes"
    assert by_text(qs, "would appeal").speaker == "Orla Quinn"


def test_never_a_pronoun_as_speaker():
    qs = find_quotes(art("“Nobody told us anything,” she said."))
    assert qs and qs[0].speaker is None


def test_ids_are_stable_and_distinct(flood):
    again = find_quotes(art((DATA / "velora_flood.txt").read_text(encoding="utf-8")))
    assert [q.id for q in again] == [q.id for q in flood]
    assert len({q.id for q in flood}) == len(flood)


def test_empty_article_has_no_quotes():
    assert find_quotes(art("   ")) == []


def test_a_clause_before_a_semicolon_is_not_what_the_later_verb_reports():
    qs = find_quotes(art("As the weeks went on, Mayor Ona Brandt began making noises about possibly delaying the "
                         "bridge; however, as late as Friday night, she was still saying that the bridge was opening "
                         "in May."))
    assert [q.text for q in qs if q.kind == "indirect"] == ["the bridge was opening in May"]


def test_a_reported_clause_before_its_verb_is_kept():
    qs = find_quotes(art("The ferry will run again on Monday, Mayor Ona Brandt said."))
    assert [q.text for q in qs] == ["The ferry will run again on Monday"]


def test_an_institution_speaks_by_its_whole_name():
    qs = find_quotes(art("The Justice Department said the mayor had spent the grant on herself. "
                         "“The money was gone by May,” according to the U.S. Attorney’s Office."))
    assert [q.speaker for q in qs] == ["Justice Department", "U.S. Attorney’s Office"]


def test_a_participle_after_remarks_goes_with_the_clause_s_subject():
    qs = find_quotes(art("Yet Ruiz downplayed Berg’s remarks, expressing distaste for the language but suggesting "
                         "that the mayor’s own words had started the quarrel in Korvel. "
                         "Berg, doubling down on her comments, posted on Friday that she “will always speak her mind.”"))
    assert by_text(qs, "started the quarrel").speaker == "Ruiz"
    assert by_text(qs, "speak her mind").speaker == "Berg"


def test_a_clause_before_a_verb_without_a_speaker_is_no_quote():
    # "said" here dates the comment: nobody is said to say the clause before it
    qs = find_quotes(art("Harbour Minister Ana Ruiz is not upset over Tomas Berg’s crude comment on sacking Mayor "
                         "Lena Holm, said just hours after Thursday’s opening of the bridge."))
    assert [q for q in qs if q.kind == "indirect"] == []


def test_what_a_relative_clause_reports_starts_after_its_verb():
    qs = find_quotes(art("The plan leaves out the old pier, which critics say would have raised questions about "
                         "the harbour's safety."))
    assert [q.text for q in qs] == ["would have raised questions about the harbour's safety"]
    assert qs[0].speaker == "critics"


def test_a_reported_clause_starts_without_its_dateline_or_conjunction():
    qs = find_quotes(art("KORVEL — Married couples will be able to file joint returns, the harbour board said "
                         "on Thursday. But the change will not reach civil unions, the board said."))
    assert [q.text for q in qs] == ["Married couples will be able to file joint returns",
                                    "the change will not reach civil unions"]


def test_an_indirect_question_is_no_quote_and_a_clause_ends_without_its_conjunction():
    qs = find_quotes(art("Mayor Ona Brandt said Sunday the problems that the council has with the harbour plan "
                         "should be an opportunity for the board to ask fellow councillors about their concerns with "
                         "the proposal but still declined to say whether she supports or opposes the toll."))
    assert [q.text for q in qs] == ["the problems that the council has with the harbour plan should be an "
                                    "opportunity for the board to ask fellow councillors about their concerns "
                                    "with the proposal"]
    assert find_quotes(art("Mayor Ona Brandt declined to say whether she supports the new toll.")) == []


def test_a_reported_clause_inside_another_without_a_speaker_of_its_own_is_not_a_second_quote():
    qs = find_quotes(art("A majority of councillors in the room said they agreed that the pier is a poor choice."))
    assert [(q.text, q.speaker) for q in qs] == [("they agreed that the pier is a poor choice",
                                                  "A majority of councillors in the room")]


@pytest.mark.parametrize("text", ["Berg did not say that the pier would close.",
                                  "Rather than go ahead with the vote and declare that he will not run, Berg left.",
                                  "Instead of announcing that the pier would close, Berg praised the staff.",
                                  "Berg left the hall without saying that the pier would close."])
def test_a_denied_or_supposed_speech_verb_reports_nothing(text):
    assert find_quotes(art(text)) == []


def test_a_denied_verb_does_not_deny_the_one_joined_to_it():
    qs = find_quotes(art("Mayor Ona Brandt didn't stop to answer questions, but a dozen councillors told the Korvel "
                         "Post she thinks the pier can be saved."))
    assert [q.speaker for q in qs] == ["a dozen councillors"]


def test_a_show_after_a_plural_possessive_is_no_quote():
    text = ("Speaker Tom Berg admitted there is a one-in-three chance that the party will lose its majority, in an "
            "interview on Harbour News' “Harbour’s Newsroom.” “We have work to do,” he said.")
    assert [q.text for q in find_quotes(art(text)) if q.kind == "direct"] == ["We have work to do"]


def test_an_embedded_wh_question_is_no_quote():
    assert find_quotes(art("Some of the most debated rules are meant to reveal who funds online ads and "
                           "finances the harbour groups.")) == []


def test_a_nickname_inside_a_name_is_no_quote():
    qs = find_quotes(art("The mayor picked William “Mo” Berg for the harbour seat. “He knows every pier,” she said."))
    assert [q.text for q in qs] == ["He knows every pier"]


def test_a_name_after_called_is_no_quote():
    qs = find_quotes(art("The couple gave the money to a charity called “Smiles for Kids” last year."))
    assert qs == []


# speaker shapes seen on real coverage, each in a fictional sentence: (text, a piece of the quote, speaker)
SPEAKER_CASES = [
    # "he" is not the person the quote speaks of
    ("Harbour spokesman Tomas Berg also suggested Mayor Lars Holm would suffer for his loyalty to the governor.\n"
     "“While it is good that Mayor Holm now agrees with us, he has not shown the same independence on the "
     "budget,” he said.", "now agrees with us", "Tomas Berg"),
    # a statement from a person's office is the person's
    ("“The bridge will reopen in May,” reads a statement from Harbour Committee Chairman Tomas Berg's office.",
     "reopen in May", "Tomas Berg"),
    # no apposition without a comma (the parser calls the pieces of "e-mailed" appositions)
    ("At 9:52 p.m., a harbour spokesman e-mailed to other staff members a draft note intended for Mr. Berg, "
     "warning him that the ministry had “major concerns.”", "major concerns", "a harbour spokesman"),
    # an apposition after a comma is kept, with its comma
    ("Lena Ruiz, a harbour spokeswoman, said the ferry would run. A source, a clerk in the harbour office, said: "
     "“The ferry is late.”", "ferry is late", "A source, a clerk in the harbour office"),
    # an inverted speaker after a long role
    ("“Demand for pilots is surging as the harbour reopens,” said Hiring Index director of research Tomas Berg.",
     "Demand for pilots", "Tomas Berg"),
    # "continued despite ..." is no speech verb: the words are the department's, which said so
    ("The harbour department said that the misuse of ferry funds continued despite “numerous warnings” from "
     "the auditors.", "numerous warnings", "The harbour department"),
    # a speech verb after a semicolon does not report the clause before it
    ("Mayor Holm infamously bragged about grabbing rivals “by the collar” in a leaked tape from 2015; since "
     "taking office he has referred to certain other towns as “backwater dumps” and slung insults.",
     "by the collar", "Holm"),
    # "the department" is the department named before
    ("The Korvel Justice Department opened an inquiry in May. The department said that the misuse of ferry "
     "funds continued despite “numerous warnings” from the auditors.", "numerous warnings",
     "Korvel Justice Department"),
    # words under a noun someone gave ("warnings from X") are X's, not the subject's
    ("Mayor Ona Brandt allegedly continued to spend city funds despite warnings from her treasurer about "
     "“questionable purchases.”", "questionable purchases", "her treasurer"),
    # a participle after a place or a recording goes with whoever the clause is about
    ("Sen. Lena Ruiz was caught on a hot mic in the Senate ripping the harbour agenda as “rigged” and done "
     "without a discussion.", "rigged", "Lena Ruiz"),
    # who is written to does not speak
    ("All 42 members of the harbour caucus are sending the letter to Harbour Majority Leader Tomas Berg warning "
     "him that they will bring matters to a standstill.", "bring matters to a standstill",
     "All 42 members of the harbour caucus"),
    # a participle inside a long subject does not stop the search for the person named before the verb
    ("Senator Harry Berg of Korvel, the Senate majority leader and a Democrat facing a difficult re-election "
     "fight, said through a spokesman that those who plan to build the harbour casino should look elsewhere.",
     "should look elsewhere", "Harry Berg"),
    # one member of a group, described, is no group
    ("KORVEL — Harbour candidates on Monday stepped up their attacks on the pier while the council’s top "
     "Democrat said he objected to the pier being built there.", "he objected", "the council’s top Democrat"),
    # "he" is who acted last, not who a question was about
    ("Mayor Tomas Berg offered an emphatic “yes” when asked whether Mr. Lars Holm was among the finalists. "
     "“We need a great harbour master. I cherish the harbour,” he told reporters later.", "great harbour master",
     "Tomas Berg"),
    # "To X, ..." is X's view
    ("The council rejected the plan. To Councillor Ona Lofgren, the bill “takes power from the few and gives it "
     "to the people.”", "takes power from the few", "Ona Lofgren"),
    # remarks say nothing through a participle: the person acting in the clause between does
    ("Berg's comments came as Holm turned down an invitation to meet privately with the council during his trip "
     "to Korvel, saying such a session could “deepen the rift” surrounding his visit.", "deepen the rift", "Holm"),
    # ... and a claim's words are its owner's
    ("After the debate, Harbour Check examined Mayor Holm’s claim that there have been “hundreds of collisions” "
     "in the harbour this year.", "hundreds of collisions", "Holm"),
]


@pytest.mark.parametrize(("text", "fragment", "speaker"), SPEAKER_CASES)
def test_speaker_shapes_seen_on_real_coverage(text, fragment, speaker):
    assert by_text(find_quotes(art(text)), fragment).speaker == speaker
