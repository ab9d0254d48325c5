"""Prepared values packed on a worker unpack to exactly what the stages compute from the article."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from newsprism.cluster.features import terms
from newsprism.dedup.fingerprint import fingerprint
from newsprism.dedup.normalize import similarity_text
from newsprism.distributed.prepared import PreparedSet, prepare
from newsprism.model import Article
from tests.distributed.conftest import synth_rows


def articles(n: int) -> list[Article]:
    return [Article(id=r["id"], source=f"in.jsonl#{k + 1}", url=r["url"], outlet=r["outlet"], title=r["title"],
                    published=r["published"], text=r["text"]) for k, r in enumerate(synth_rows(n))]


def test_packed_values_unpack_to_the_stages_own() -> None:
    arts = articles(40) + [Article(id="short", source="s", url=None, outlet=None, title=None, text="Photo: AP")]
    found = PreparedSet()
    found.add(prepare(arts[:25]))
    found.add(prepare(arts[25:]))
    assert len(found.fingerprints) == len(arts) and found.nbytes > 0
    for a in arts:
        want, got = fingerprint(a), found.fingerprints[a.id]
        assert got.text_key == want.text_key
        assert np.array_equal(got.shingles, want.shingles) and np.array_equal(got.signature, want.signature)
        assert [list(t) for t in found.terms[a.id]] == [list(t) for t in terms(similarity_text(a), a.title)]


def test_of_two_articles_with_one_id_the_one_the_runner_keeps_is_prepared() -> None:
    a, b = articles(2)
    twin = replace(b, id=a.id, source="a-first.jsonl#1")  # sorts before a's source: the runner keeps it
    found = PreparedSet()
    found.add(prepare([a]))
    assert not found.covers([twin.id], [twin.source]) and found.covers([a.id], [a.source])
    found.add(prepare([twin]))
    found.add(prepare([a]))  # seen again later: still not the one kept
    assert found.fingerprints[a.id].text_key == fingerprint(twin).text_key != fingerprint(a).text_key
