"""Speaker attribution edge cases and scare quotes, on fictional sentences."""

from __future__ import annotations

from newsprism.analyze.quotes import find_quotes
from newsprism.model import Article


def quotes(text: str) -> list[tuple[str, str | None]]:
    art = Article(id="a", source="a.txt", url=None, outlet=None, title=None, text=text)
    return [(q.text, q.speaker) for q in find_quotes(art)]


def test_scare_quote_without_speech_verb_is_not_a_quote():
    assert quotes("The harbour board has armed its wardens with “riot gear” since the spring.") == []


def test_short_quote_with_a_speech_verb_is_kept():
    assert quotes("Mayor Ilsa Brandt called the plan “reckless” on Monday.") == [("reckless", "Ilsa Brandt")]


def test_name_before_colon_is_the_speaker():
    got = quotes("Turnout fell in the north - Petra Vonk: “The rain kept older voters at home, "
                 "and the young never came.”")
    assert [s for _, s in got] == ["Petra Vonk"]


def test_object_of_lead_to_declare_speaks():
    got = quotes("The recount led the Velora Tribune to declare, “This is the closest race the town "
                 "has seen in fifty years.”")
    assert got[0][1] == "Velora Tribune"


def test_adding_takes_the_subject_of_the_speech_verb_above():
    got = quotes("Councillor Omar Haddad said the budget could be “tight,” adding, "
                 "“Nobody will lose their job this year.”")
    assert got and all(s == "Omar Haddad" for _, s in got)


def test_speaker_keeps_the_article_spelling_of_a_possessive():
    got = quotes("Velmont’s lawyers told the court that the merger was “entirely lawful under the charter.”")
    assert got[0][1] == "Velmont’s lawyers"


def test_passive_speech_verb_subject_is_not_the_speaker():
    got = quotes("The harbour lights were labeled “Made in Velora” last year.")
    assert all(s is None for _, s in got)


def test_non_speech_verb_with_a_thing_as_subject_gives_no_speaker():
    got = quotes("The timing of the storm did not worry the planners: “We had built for worse than this "
                 "and the walls held everywhere.”")
    assert got and got[0][1] != "The timing of the storm"


def test_quote_signed_with_a_dash_at_the_end_of_its_line():
    got = quotes("Readers wrote in after the vote.\n\n"
                 "“The ferry is late every day and nobody answers for it.”\u00a0― Odile Marchetti\n"
                 "“I stopped taking it in March.”― Bram Oyelaran, 41, Port Velora.\n")
    assert got == [("The ferry is late every day and nobody answers for it.", "Odile Marchetti"),
                   ("I stopped taking it in March.", "Bram Oyelaran")]


def test_a_title_in_quotation_marks_is_not_a_quote():
    got = quotes("Mayor Ilsa Brandt said on “Harbour Tonight” that the ferry would run again.")
    assert [t for t, _ in got if t == "Harbour Tonight"] == []


def test_a_chant_is_kept_though_every_word_is_capitalised():
    got = quotes("The crowd outside the hall chanted “Ferry Now! Ferry Now!” until midnight.")
    assert [t for t, _ in got] == ["Ferry Now! Ferry Now!"]


def test_words_inside_the_quote_never_name_its_speaker():
    got = quotes("“The council is in panic mode. Full panic mode,” said Oskar Lindgren, a ferry captain.")
    assert [s for _, s in got] == ["Oskar Lindgren"]


def test_a_speech_verb_sentence_before_the_quote_names_its_speaker():
    got = quotes("“The tide tables are wrong,” said Petra Vonk.\n\n"
                 "Harbour pilot Jonas Arvid agreed. “We have sailed by guesswork since June.”")
    assert got[-1] == ("We have sailed by guesswork since June.", "Jonas Arvid")


def test_straight_opening_mark_closed_by_a_curly_one():
    text = '"But the bridge held,” Jonas Arvid said.'
    assert quotes(text) == [("But the bridge held", "Jonas Arvid")]


def test_a_role_is_held_by_the_person_named_last_before_it():
    got = quotes("Senator Ana Ruiz opened the hearing on the ferry contract.\n\n"
                 "“We will vote against it,” the senator said.\n\n"
                 "Senator Tom Berg arrived an hour later and did not speak.")
    assert got == [("We will vote against it", "Ana Ruiz")]


def test_she_goes_to_the_latest_subject_whose_gender_is_unknown():
    got = quotes("Marta Olsen chaired the morning session.\n\n"
                 "Attorney General Kerrigan Vale announced the lawsuit on Monday.\n\n"
                 "“We will ask the court for an injunction,” she said.")
    assert got[-1] == ("We will ask the court for an injunction", "Kerrigan Vale")


def test_curly_opening_mark_closed_by_a_straight_one():
    assert quotes('“We are going to win so much," Ana Ruiz said at the party.') == [
        ("We are going to win so much", "Ana Ruiz")]


def test_signature_on_the_line_after_the_quote():
    got = quotes('"Families are worried about the ferry and about their jobs."\n\n- Tomas Reiher.\n\n'
                 "The council meets on Friday.")
    assert got == [("Families are worried about the ferry and about their jobs.", "Tomas Reiher")]


def test_transcript_line_with_party_tag_and_no_space():
    got = quotes('Rep. Ana Ruiz (D-Ore.):"I have not heard anyone cite that figure."\n\n'
                 'Former minister Tom Berg:"We learned that from the department."')
    assert got == [("I have not heard anyone cite that figure.", "Ana Ruiz"),
                   ("We learned that from the department.", "Tom Berg")]


def test_inverted_cue_names_the_speaker_after_it():
    got = quotes('Couple a storm surge with a "pier that is already cracked" and the town gets nervous, '
                 "said Odile Marchetti, who chairs the harbour board.")
    assert got == [("pier that is already cracked", "Odile Marchetti")]


def test_a_statement_speaks_for_whoever_put_it_out():
    got = quotes("The harbour board put out a statement saying the pier “is safe for all traffic”.")
    assert [s for _, s in got] == ["The harbour board"]
