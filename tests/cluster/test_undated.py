"""Articles without a date (pasted page text) cluster by content; dated ones keep the time window.
Fictional outlets and events."""

from __future__ import annotations

import dataclasses

from newsprism.cluster import cluster
from newsprism.cluster.graph import WEIGHTS
from newsprism.model import Article
from newsprism.settings import Options

FERRY_A = ("The only passenger ferry to Saltmere island will stay in port for two weeks after inspectors found "
           "a crack in the hull of the Marit Vale, operator Saltmere Lines said. Operations director Ida Brandt "
           "said repairs had started. Mayor Jonas Feld said shops on Saltmere had food for ten days.")
FERRY_B = ("Saltmere Lines has halted its Marit Vale ferry after a hull crack was discovered during an inspection. "
           "Islanders on Saltmere will rely on two chartered fishing boats while repairs go on, Ida Brandt told "
           "reporters, and Jonas Feld promised a supply barge.")
FERRY_C = ("Saltmere Lines said the Marit Vale would be back in service in two weeks. Fares for the chartered "
           "boats will be waived, a spokesman said, and school pupils will travel first.")
BUDGET = ("The Ostmark council approved a budget for a new library on the old market square. Councillor Vera "
          "Holm said construction would start in spring and cost eleven million, with the reading room "
          "facing the river.")


def art(i: str, text: str, published: str | None, outlet: str) -> Article:
    return Article(id=i, source=i, url=None, outlet=outlet, title=None, published=published, text=text)


def stories_of(arts: list[Article]) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in cluster(arts, Options())}


def test_undated_reports_of_one_event_form_one_story() -> None:
    arts = [art("a", FERRY_A, None, "harborview.example"), art("b", FERRY_B, None, "tidewater.example"),
            art("c", BUDGET, None, "ostmark.example")]
    assert stories_of(arts) == {frozenset({"a", "b"}), frozenset({"c"})}
    # a short report sharing only the names joins as it would on the same day (an unknown date used
    # to count as two days apart, which kept it alone)
    same_day = [art("a", FERRY_A, "2026-06-04", "harborview.example"), art("d", FERRY_C, "2026-06-04", "isles.example")]
    undated = [dataclasses.replace(a, published=None) for a in same_day]
    assert stories_of(same_day) == stories_of(undated) == {frozenset({"a", "d"})}


def test_an_undated_report_joins_the_dated_story_it_matches() -> None:
    arts = [art("a", FERRY_A, "2026-06-04", "harborview.example"), art("b", FERRY_B, None, "tidewater.example"),
            art("c", BUDGET, "2026-06-04", "ostmark.example")]
    assert stories_of(arts) == {frozenset({"a", "b"}), frozenset({"c"})}


def test_the_time_window_still_separates_dated_stories() -> None:
    arts = [art("a", FERRY_A, "2026-06-04", "harborview.example"), art("b", FERRY_B, "2026-06-20", "tidewater.example")]
    assert stories_of(arts) == {frozenset({"a"}), frozenset({"b"})}


def test_an_unknown_date_costs_less_than_the_window() -> None:
    # an undated pair is scored as if its days were this far apart: inside the window, not at its edge
    assert 0 < WEIGHTS.undated_days < Options().window_days


def test_relative_scores_rank_pairs_by_neighbourhood() -> None:
    import numpy as np

    from newsprism.cluster.features import featurize
    from newsprism.cluster.graph import scored_pairs
    from newsprism.cluster.undated import _kth_best, relative_pairs

    library = ("Saltmere council approved a budget for a new library. Mayor Jonas Feld said the reading room "
               "would face the harbour where the Marit Vale ferry docks.")
    texts = [FERRY_A, FERRY_B, FERRY_C, BUDGET, library]
    feat = featurize(texts, [None] * 5)
    dated = [100, 100, 101, 100, 100]
    both = relative_pairs(feat, dated, 3.0)
    plain = scored_pairs(feat, dated, 3.0)
    assert set(both) <= set(plain) and all(both[k] <= plain[k] + 1e-9 for k in both)
    undated = relative_pairs(feat, [None] * 5, 3.0)
    flat = scored_pairs(feat, [None] * 5, 3.0)
    # undated: the best-matched pair pays only the flat penalty; a weaker pair pays more than that
    best = max(flat, key=lambda k: flat[k])
    assert undated[best] == max(undated.values()) and abs(undated[best] - flat[best]) < 1e-9
    assert all(undated.get(k, -1.0) <= v + 1e-9 for k, v in flat.items())
    assert any(undated.get(k, -1.0) < v - 0.01 for k, v in flat.items())
    assert np.allclose(_kth_best(np.array([0, 0, 0, 1]), np.array([0.5, 0.9, 0.7, 0.4]), 3, 2), [0.7, 0.4, 0.0])


def test_kth_best_is_the_kth_of_each_nodes_sorted_scores() -> None:
    import numpy as np

    from newsprism.cluster.undated import _kth_best

    rng = np.random.default_rng(7)
    node = rng.integers(0, 60, 400)
    score = rng.integers(0, 12, 400) / 10  # many ties
    for k in (1, 2, 3, 5):
        want = np.zeros(70)  # nodes 60..69 have no score
        for x in range(60):
            mine = sorted(score[node == x], reverse=True)
            want[x] = mine[min(k, len(mine)) - 1] if mine else 0.0
        assert np.array_equal(_kth_best(node, score, 70, k), want)
    assert np.array_equal(_kth_best(np.array([2, 2]), np.array([0.3, 0.3]), 3, 2), [0.0, 0.0, 0.3])


# a fictional monthly series: two reports of the March figures, two of the April figures
HIRING = {
    ("mar", "a"): ("Employers in the Vellmark region added 41,300 jobs in the month, the Vellmark statistics office "
                   "said, and the jobless rate fell to 6.2% from 6.4%. Economists had expected 35,800 new jobs. "
                   "Hiring was strongest in shipyards and retail, office director Lena Ostby said."),
    ("mar", "b"): ("The Vellmark statistics office said employers added 41,300 jobs and the jobless rate slipped to "
                   "6.2%, beating the 35,800 economists had forecast. Lena Ostby said shipyards and retail led "
                   "hiring in the region."),
    ("apr", "a"): ("Employers in the Vellmark region added 27,900 jobs in the month, the Vellmark statistics office "
                   "said, and the jobless rate held at 5.9% after 6.1%. Economists had expected 30,400 new jobs. "
                   "Hiring was strongest in shipyards and retail, office director Lena Ostby said."),
    ("apr", "b"): ("The Vellmark statistics office said employers added 27,900 jobs and the jobless rate held at "
                   "5.9%, short of the 30,400 economists had forecast. Lena Ostby said shipyards and retail led "
                   "hiring in the region."),
}


def test_undated_reports_of_two_instances_of_a_series_stay_apart() -> None:
    arts = [art(f"{month}-{o}", text, None, f"{o}.example") for (month, o), text in HIRING.items()]
    assert stories_of(arts) == {frozenset({"mar-a", "mar-b"}), frozenset({"apr-a", "apr-b"})}


def test_without_its_figures_the_series_is_one_story() -> None:
    # the same texts with the figures blanked: nothing tells the months apart, so the test above
    # passes because of the figures
    import re

    arts = [art(f"{month}-{o}", re.sub(r"\d[\d,.]*%?", "N", text), None, f"{o}.example")
            for (month, o), text in HIRING.items()]
    assert len(stories_of(arts)) == 1


def test_dated_instances_of_a_series_are_still_separated_by_the_window() -> None:
    day = {"mar": "2026-04-03", "apr": "2026-05-08"}
    arts = [art(f"{month}-{o}", text, day[month], f"{o}.example") for (month, o), text in HIRING.items()]
    assert stories_of(arts) == {frozenset({"mar-a", "mar-b"}), frozenset({"apr-a", "apr-b"})}
