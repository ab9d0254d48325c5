"""A fingerprint is computed from one article alone, and copy groups from fingerprints made
elsewhere are the copy groups the stage makes itself."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsprism.dedup import group_copies
from newsprism.dedup.fingerprint import MIN_WORDS, NUM_PERM, fingerprint
from newsprism.model import Article
from newsprism.settings import Options

WIRE = json.loads((Path(__file__).parents[1] / "data" / "cluster" / "wire.json").read_text())


def art(i: str, text: str, published: str | None = "2025-03-04") -> Article:
    return Article(id=i, source=f"{i}.txt", url=None, outlet=f"Outlet {i}", title=f"Title {i}",
                   published=published, text=text)


def test_exact_copies_share_a_key_whatever_the_spacing_and_quotes() -> None:
    a = fingerprint(art("a", WIRE["wire"]))
    b = fingerprint(art("b", "  " + WIRE["wire"].replace(" ", "   ").replace("'", "\u2019")))
    c = fingerprint(art("c", WIRE["copy_cut"]))
    assert a.text_key is not None and a.text_key == b.text_key != c.text_key
    assert a.signature.shape == (NUM_PERM,) and np.array_equal(a.signature, b.signature)
    assert np.all(a.shingles[1:] > a.shingles[:-1])  # sorted and unique


def test_a_short_text_has_no_key_and_is_never_a_copy() -> None:
    short = fingerprint(art("s", " ".join(["word"] * (MIN_WORDS - 1))))
    assert short.text_key is None and short.shingles.size == 0 and short.signature.size == 0


def test_copy_groups_from_given_fingerprints_are_the_stages_own() -> None:
    arts = [art("wire", WIRE["wire"], "2025-03-04T09:00"), art("cut", WIRE["copy_cut"]),
            art("added", WIRE["copy_added"]), art("same", WIRE["wire"]), art("other", WIRE["unrelated"]),
            art("short", "Photo: AP")]
    own = group_copies(arts, Options())
    assert own and any(len(g.members) >= 3 for g in own)
    given = {a.id: fingerprint(a) for a in arts}
    headers = [replace(a, text="") for a in arts]  # the runner's articles carry no text
    assert group_copies(headers, Options(), fingerprints=given) == own


def test_pairs_verified_as_jobs_give_the_same_groups(monkeypatch) -> None:
    from newsprism.dedup import copies as copies_module

    monkeypatch.setattr(copies_module, "PAIRS_PER_JOB", 1)
    arts = [art("wire", WIRE["wire"], "2025-03-04T09:00"), art("cut", WIRE["copy_cut"]),
            art("added", WIRE["copy_added"]), art("other", WIRE["unrelated"])]
    jobs: list[int] = []

    def backwards(fn, todo):  # runs the last job first, returns results in job order
        jobs.append(len(todo))
        done = {k: fn(*todo[k]) for k in reversed(range(len(todo)))}
        return [done[k] for k in range(len(todo))]

    own = group_copies(arts, Options())
    assert group_copies(arts, Options(), mapper=backwards) == own
    bands = -(-copies_module.LSH_BANDS // copies_module.BANDS_PER_JOB)
    assert len(jobs) == 2 and jobs[0] == bands > 1 and jobs[1] >= 2 and own[0].similarity < 1.0


def test_candidate_pairs_are_the_rows_that_share_a_band() -> None:
    import numpy as np

    from newsprism.dedup.copies import LSH_BANDS, LSH_ROWS, NUM_PERM, candidate_pairs

    signatures = np.random.default_rng(5).integers(0, 3, (300, NUM_PERM)).astype(np.uint64)  # buckets of ~11
    jobs: list[int] = []

    def backwards(fn, todo):
        jobs.append(len(todo))
        done = {k: fn(*todo[k]) for k in reversed(range(len(todo)))}
        return [done[k] for k in range(len(todo))]

    for max_bucket in (50, 4):  # with 4, most buckets pair each row with their first row only
        want: set[tuple[int, int]] = set()
        for band in range(LSH_BANDS):
            buckets: dict[tuple[int, ...], list[int]] = {}
            for r, row in enumerate(signatures[:, band * LSH_ROWS : (band + 1) * LSH_ROWS].tolist()):
                buckets.setdefault(tuple(row), []).append(r)
            for m in buckets.values():
                if len(m) > max_bucket:
                    want |= {(m[0], x) for x in m[1:]}
                else:
                    want |= {(a, b) for k, a in enumerate(m) for b in m[k + 1 :]}
        assert [tuple(p) for p in candidate_pairs(signatures, max_bucket=max_bucket, mapper=backwards).tolist()] \
            == sorted(want)
    assert jobs and jobs[0] > 1
    assert candidate_pairs(signatures[:1]).shape == (0, 2)
