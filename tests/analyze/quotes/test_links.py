"""The same quote across fictional articles: groups and alterations."""

from __future__ import annotations

from newsprism.analyze.quotes import find_quotes, link_quotes
from newsprism.model import Article, Quote


def art(id: str, text: str) -> Article:
    return Article(id=id, source=f"{id}.txt", url=None, outlet=None, title=None, text=text)


FULL = ("“We will not abandon the families of Velora, and we will rebuild every home that the river took,” "
        "Finance Minister Mara Lindqvist said on Tuesday.")
CUT = "“We will not abandon the families of Velora,” Lindqvist said."
REWORDED = ("“We will not forget the families of Velora, and we will rebuild each home the river took,” "
            "Lindqvist told reporters.")


def linked(*texts: str) -> list[Quote]:
    quotes = [q for i, t in enumerate(texts) for q in find_quotes(art(f"a{i}", t))]
    return link_quotes(quotes)


def test_cut_and_reworded_quotes_share_a_group_with_the_right_alterations():
    full, cut, reworded = linked(FULL, CUT, REWORDED)
    assert full.group is not None and full.group == cut.group == reworded.group
    assert full.alterations == ()
    assert cut.alterations == ("cut",)
    assert reworded.alterations == ("reworded",)


def test_identical_quotes_are_linked_without_alterations():
    a, b = linked(FULL, FULL.replace("Finance Minister Mara Lindqvist", "Lindqvist"))
    assert a.group == b.group and a.alterations == b.alterations == ()


def test_different_quotes_stay_apart():
    a, b = linked(FULL, "“The harbour wall must be raised by two metres,” the engineer said.")
    assert a.group is None and b.group is None


def test_merged_quote_is_flagged_and_its_parts_are_not_cut():
    one = "“The dam held,” Reyes said. Later he added: “The road to the coast stays closed until Friday.”"
    both = "“The dam held and the road to the coast stays closed until Friday,” Reyes said."
    quotes = linked(one, both)
    merged = [q for q in quotes if q.article == "a1"][0]
    parts = [q for q in quotes if q.article == "a0" and q.kind == "direct"]
    assert merged.alterations == ("merged",)
    assert all("cut" not in q.alterations for q in parts)


def test_each_part_of_a_quote_given_whole_elsewhere_is_compared_with_its_own_words():
    whole = ("“The ferry runs again, but if the storm returns before the new pier is finished we will close the "
             "whole harbour until the spring tides are over,” Mayor Ona Brandt said.")
    parts = ("“The ferry runs again,” Mayor Ona Brandt said. “But if the storm returns before the new pier is "
             "finished we will close the whole harbour until the spring tides are over.”")
    fragment = "Brandt warned she would “close the whole harbour until the spring tides are over”."
    quotes = [q for q in linked(whole, parts, fragment) if q.kind == "direct"]
    assert len({q.group for q in quotes}) == 1 and quotes[0].group is not None
    by_text = {q.text.split()[1]: q for q in quotes if q.article == "a1"}
    assert [q.alterations for q in quotes if q.article == "a0"] == [("merged",)]
    assert by_text["ferry"].alterations == () and by_text["if"].alterations == ()  # its two parts are not altered
    assert [q.alterations for q in quotes if q.article == "a2"] == [("cut",)]


def test_paraphrase_in_quote_marks_is_flagged():
    quotes = linked("Lindqvist said that she would resign if the bank collapsed.",
                    "“She would resign if the bank collapsed,” Lindqvist said.")
    direct = [q for q in quotes if q.kind == "direct"][0]
    indirect = [q for q in quotes if q.kind == "indirect"][0]
    assert direct.group == indirect.group is not None
    assert direct.alterations == ("paraphrase_in_quotes",)
    assert indirect.alterations == ()


def test_order_and_count_are_kept():
    quotes = [q for i, t in enumerate((FULL, CUT)) for q in find_quotes(art(f"a{i}", t))]
    out = link_quotes(quotes)
    assert [q.id for q in out] == [q.id for q in quotes]
    assert link_quotes([]) == []
