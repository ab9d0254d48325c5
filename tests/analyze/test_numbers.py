"""Money, counts, percentages, dates and conflicts on fictional articles (tests/analyze/data/numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyze.numbers import find_conflicts, find_numbers, parse_number, same_value
from newsprism.model import Article, Quantity

DATA = Path(__file__).parent / "data" / "numbers"


def load(name: str) -> Article:
    return Article(id=name, source=f"{name}.txt", url=None, outlet=None, title=None,
                   text=(DATA / f"{name}.txt").read_text(encoding="utf-8"), published="2026-03-13")


@pytest.fixture(scope="module")
def articles():
    return [load("harbor_a"), load("harbor_b"), load("harbor_c")]


@pytest.fixture(scope="module")
def numbers(articles):
    return {a.id: find_numbers(a) for a in articles}


def one(qs: list[Quantity], text: str) -> Quantity:
    found = [q for q in qs if q.text == text]
    assert len(found) == 1, f"{text!r} not found once in {[q.text for q in qs]}"
    return found[0]


def test_offsets_point_at_the_figure(articles, numbers):
    for a in articles:
        for q in numbers[a.id]:
            assert a.text[q.start:q.end] == q.text


def test_money_pair_gives_two_quantities_the_second_converted(numbers):
    eur = one(numbers["harbor_a"], "€3bn")
    usd = one(numbers["harbor_a"], "$3.3bn")
    assert (eur.value, eur.unit, eur.kind, eur.converted) == (3e9, "EUR", "money", False)
    assert (usd.value, usd.unit, usd.converted) == (pytest.approx(3.3e9), "USD", True)
    assert usd.subject == eur.subject


@pytest.mark.parametrize("text,value,unit", [("3 billion euros", 3e9, "EUR"), ("£250m", 2.5e8, "GBP")])
def test_money_forms(numbers, text, value, unit):
    q = one(numbers["harbor_b"] + numbers["harbor_c"], text)
    assert (q.value, q.unit, q.kind) == (value, unit, "money")


def test_counts_carry_the_counted_noun(numbers):
    qs = numbers["harbor_a"]
    assert (one(qs, "4,200").value, one(qs, "4,200").subject) == (4200, "jobs cut")
    assert one(qs, "300").subject == "job"  # "including 300 jobs": a part, no event of its own
    millions = one(qs, "1.2 million")
    assert (millions.value, millions.subject, millions.approx) == (1.2e6, "resident", True)
    assert (one(qs, "twelve").value, one(qs, "twelve").subject) == (12, "people")


def test_percent_and_date(numbers):
    qs = numbers["harbor_a"]
    pct = one(qs, "4.5%")
    assert (pct.value, pct.unit, pct.kind) == (4.5, "percent", "percent")
    date = one(qs, "March 12, 2026")
    assert date.kind == "date" and date.unit == "day"
    import datetime as dt

    assert date.value == dt.date(2026, 3, 12).toordinal()


def test_vague_amounts_and_years_are_skipped(numbers):
    assert not [q for q in numbers["harbor_a"] if q.text.lower().startswith("dozen")]
    assert not [q for q in numbers["harbor_c"] if q.text == "2019"]


def test_4200_against_4000_jobs_is_a_conflict(articles, numbers):
    conflicts = find_conflicts([q for a in articles for q in numbers[a.id]], articles)
    jobs = [c for c in conflicts if c.subject == "jobs cut"]
    assert len(jobs) == 1
    values = {(q.article, q.value) for q in jobs[0].values}
    assert ("harbor_b", 4000) in values and ("harbor_a", 4200) in values


def test_about_4200_and_a_second_count_in_one_article_are_no_conflict(articles, numbers):
    same = [articles[0], articles[2]]  # 4,200 (+ 300 of them) against "about 4,200"
    assert not [c for c in find_conflicts([q for a in same for q in numbers[a.id]], same) if c.subject.startswith("job")]


def test_one_article_never_conflicts_with_itself(articles, numbers):
    assert find_conflicts(numbers["harbor_a"], articles[:1]) == []


def test_rounding_is_not_a_disagreement():
    def q(text, value, approx=False):
        return Quantity(text=text, value=value, unit="USD", kind="money", article="x", start=0, end=1,
                        approx=approx)

    assert same_value(q("$3.3bn", 3.3e9), q("$3,300,000,000", 3.3e9))
    assert same_value(q("$3.3bn", 3.3e9), q("$3,312,000,000", 3.312e9))
    assert not same_value(q("$3.3bn", 3.3e9), q("$3.6bn", 3.6e9))


def test_parse_number():
    assert parse_number("4,200") == 4200
    assert parse_number("3.3", "bn") == 3.3e9
    assert parse_number("twelve") == 12
    assert parse_number("x") is None


def test_an_article_counting_several_things_under_one_noun_conflicts_with_nobody():
    def votes(article: str, value: float) -> Quantity:
        return Quantity(text=str(value), value=value, unit="", kind="count", article=article, start=int(value),
                        end=int(value) + 1, subject="votes")

    arts = [Article(id=k, source=k, url=None, outlet=None, title=None, text="") for k in ("house", "senate", "other")]
    # 396 votes in the House against a story giving the 60 votes the Senate needs and two procedural votes
    assert find_conflicts([votes("house", 396), votes("senate", 60), votes("senate", 2)], arts[:2]) == []
    # but one figure against another still is one
    got = find_conflicts([votes("house", 396), votes("other", 369)], [arts[0], arts[2]])
    assert [len(c.values) for c in got] == [2]


def test_a_count_that_measures_another_noun_is_keyed_by_both():
    def art(k: str, text: str) -> Article:
        return Article(id=k, source=k, url=None, outlet=None, title=None, text=text, published="2026-03-13")

    tenure = art("a", "Ruiz draws on her two-term tenure as harbour commissioner. A 48-page report followed.")
    senate = art("b", "Ruiz, who served three terms in the Korvel senate, would be an unusual pick. "
                      "The 47-page report was published on Monday.")
    numbers = find_numbers(tenure) + find_numbers(senate)
    assert {q.text: q.subject for q in numbers}.items() >= {"two": "term tenure", "three": "term", "48": "page report"}.items()
    # the tenure's terms are not the senate's; the reports' pages disagree
    assert [c.subject for c in find_conflicts(numbers, [tenure, senate])] == ["page report"]


def test_a_number_word_inside_a_name_is_no_count():
    text = ("Supporters of the “Ground Zero mosque” rallied. Two mosques are already nearby, and the "
            "Harbour Nine trial resumes with nine defendants.")
    found = find_numbers(Article(id="a", source="a", url=None, outlet=None, title=None, text=text))
    assert [(q.text, q.value) for q in found if q.kind == "count"] == [("Two", 2.0), ("nine", 9.0)]


def test_a_clock_time_is_no_count():
    text = "The drafts were e-mailed shortly after 3 p.m. and again at 9pm, and 4 AM brought 12 more pages."
    found = find_numbers(Article(id="a", source="a", url=None, outlet=None, title=None, text=text))
    assert [q.text for q in found if q.kind == "count"] == ["12"]
