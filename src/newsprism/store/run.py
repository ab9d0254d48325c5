"""``RunStore``: a finished run's Parquet folder, read in place and read-only (``serve --run DIR``).

It answers what the web app reads (``ReadStore``) exactly as the SQLite store that ``newsprism load
DIR`` makes from the same folder would: the same stories in the same order, the same articles, the
same analyses. Nothing is copied. At start-up it reads a few columns, never the text: each
article's id and outlet (and where it sits: part file and row), and the stories table, kept as
Arrow and numpy arrays (about 50 bytes per article, and the stories table without its member
lists). An article's text is read from its part when asked for, a story's analysis from its
``analyses`` part (found by the story's position among the sorted story ids, no scan). Full-text
search scans the titles, texts and outlets of every part (vectorised, no index): fine for a few
million articles, linear beyond (``docs/scale.md``).

Like ``load``: of two articles with one id, the first in part order is kept; a story lists its
articles in that order. Stories without an analysis in the run are analysed on demand and kept in
memory (a bounded cache), never written.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.distributed import tables
from newsprism.errors import NotFoundError, UsageError
from newsprism.model import Article, Story, StorySummary

tables.need_pyarrow()  # before pyarrow is imported: a missing pyarrow gets the install hint
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from newsprism.store import fulltext  # noqa: E402

TEXT_COLUMNS = ("title", "text", "outlet")  # what the SQLite store's full-text index holds


def _index(n: int) -> type[np.signedinteger[Any]]:
    """The smallest integer type for positions among ``n`` things (4 bytes below 2**31)."""
    return np.int32 if n < 2**31 else np.int64


class _Sorted:
    """Strings in sorted order, for lookups by binary search (the order only: no second copy)."""

    def __init__(self, values: Any, order: np.ndarray | None = None) -> None:
        self.source = values
        self.order = (pc.sort_indices(values).to_numpy() if order is None else order).astype(_index(len(values)))

    def __len__(self) -> int:
        return len(self.order)

    def at(self, i: int) -> str:
        return str(self.source[int(self.order[i])].as_py())

    def run(self, start: int, n: int) -> list[str]:
        """The strings at sorted positions ``start`` to ``start + n``."""
        return [str(v) for v in self.source.take(pa.array(self.order[start:start + n])).to_pylist()]

    def left(self, key: str) -> int:
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.at(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def find(self, key: str) -> int:
        """The original row of ``key``, or -1."""
        i = self.left(key)
        return int(self.order[i]) if i < len(self) and self.at(i) == key else -1


class RunStore:
    """A run's output folder as a read-only store. Safe to share between threads."""

    read_only = True

    def __init__(self, folder: str | Path, *, cache_analyses: int = 256) -> None:
        self.path = str(folder)
        out = Path(folder)
        tables.check_finished(out)
        self.out = out
        self._lock = threading.Lock()
        self._groups: OrderedDict[tuple[int, int], Any] = OrderedDict()
        self._starts: dict[int, np.ndarray] = {}
        self._computed: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._cache_analyses = cache_analyses
        self._sizes: np.ndarray | None = None  # words of each article, counted by the first search
        self._index_articles()
        self._index_stories()

    # -- start-up --------------------------------------------------------------------------
    def _index_articles(self) -> None:
        """Each kept article's id, outlet, part and row, in ``load``'s order (part name, then row)."""
        self.parts = tables.parts(self.out / "articles")
        pieces, starts, total = [], [], 0
        for k, f in enumerate(self.parts):
            t = pq.read_table(f, columns=["id", "outlet"])
            n = t.num_rows
            starts.append(total)
            pieces.append(pa.table({"id": t.column("id").cast(pa.string()), "outlet": t.column("outlet"),
                                    "part": pa.array(np.full(n, k, dtype=np.int32)),
                                    "row": pa.array(np.arange(n, dtype=np.int32))}))
            total += n
        self.part_start = np.asarray([*starts, total], dtype=np.int64)
        every = pa.concat_tables(pieces) if pieces else pa.table(
            {"id": pa.array([], pa.string()), "outlet": pa.array([], pa.string()), "part": pa.array([], pa.int32()),
             "row": pa.array([], pa.int32())})
        # one sort of every id (stable: of equal ids, the first read comes first) finds the first
        # article of each id and is the order of the lookups by id
        ids = every.column("id").combine_chunks()
        order = pc.sort_indices(ids).to_numpy()
        first = np.ones(len(order), dtype=bool)
        if len(order) > 1:
            ranked = ids.take(pa.array(order))
            first[1:] = pc.not_equal(ranked.slice(1), ranked.slice(0, len(order) - 1)).to_numpy(zero_copy_only=False)
        self.kept_pos = np.sort(order[first]).astype(_index(total))
        kept = every if first.all() else every.take(pa.array(self.kept_pos))
        del every
        self.ids = kept.column("id").combine_chunks()
        outlets = pc.dictionary_encode(kept.column("outlet").combine_chunks())
        self.outlet_names = [str(o) for o in outlets.dictionary.to_pylist()]
        self.outlet_code = pc.fill_null(outlets.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
        self.part = kept.column("part").to_numpy()
        self.row = kept.column("row").to_numpy()
        self.by_id = _Sorted(self.ids, np.searchsorted(self.kept_pos, order[first]))
        counts = np.bincount(self.outlet_code[self.outlet_code >= 0], minlength=len(self.outlet_names))
        self._outlets = sorted(((name, int(c)) for name, c in zip(self.outlet_names, counts, strict=True) if c),
                               key=lambda p: (-p[1], p[0].encode("utf-8")))

    def _index_stories(self) -> None:
        """The stories table, their order (newest first, then id), and each article's story."""
        st = pq.read_table(tables.table_path(self.out, "stories"))
        self.stories_t = st.drop_columns(["article_ids"])  # members are kept per article (story_of_seq)
        self.story_ids = st.column("id").combine_chunks()
        self.by_story = _Sorted(self.story_ids)
        last = pc.fill_null(st.column("last_seen"), "")
        self.order = np.asarray(pc.sort_indices(pa.table({"last": last, "id": st.column("id")}),
                                                sort_keys=[("last", "descending"), ("id", "ascending")]))
        members = st.column("article_ids").combine_chunks()
        flat = pc.list_flatten(members)
        parent = pc.list_parent_indices(members).to_numpy()
        seq = pc.index_in(flat, value_set=self.ids).to_numpy(zero_copy_only=False)
        missing = np.isnan(seq) if seq.dtype.kind == "f" else np.zeros(len(seq), dtype=bool)
        if missing.any():
            example = flat[int(np.flatnonzero(missing)[0])].as_py()
            raise UsageError(f"incomplete run: {int(missing.sum())} articles of its stories are not in articles/,"
                             f" e.g. {example!r}", source=self.path)
        seq = seq.astype(np.int64)
        self.n_members = np.bincount(parent, minlength=st.num_rows).astype(np.int64)
        self.story_of_seq = np.full(len(self.ids), -1, dtype=_index(st.num_rows))
        self.story_of_seq[seq] = parent
        assigned = np.flatnonzero(self.story_of_seq >= 0)
        by_story = assigned[np.argsort(self.story_of_seq[assigned], kind="stable")]  # seq order within a story
        self.member_seq = by_story.astype(_index(len(self.ids)))
        self.member_at = np.concatenate([[0], np.cumsum(np.bincount(self.story_of_seq[assigned],
                                                                     minlength=st.num_rows))]).astype(np.int64)

    # -- stories ---------------------------------------------------------------------------
    def _story_index(self, story_id: str) -> int:
        k = self.by_story.find(story_id)
        if k >= 0:
            return k
        i = self.by_story.left(story_id)
        found = [j for j in range(i, min(i + 2, len(self.by_story))) if self.by_story.at(j).startswith(story_id)]
        if len(found) != 1:
            raise NotFoundError("no such story", source=story_id)
        return int(self.by_story.order[found[0]])

    def _members(self, k: int) -> np.ndarray:
        return self.member_seq[self.member_at[k]:self.member_at[k + 1]]

    def _story(self, k: int) -> Story:
        row = self.stories_t.slice(k, 1).to_pylist()[0]
        ids = self.ids.take(pa.array(self._members(k))).to_pylist()
        return tables.story_of({**row, "article_ids": ids})

    def story(self, story_id: str) -> Story:
        return self._story(self._story_index(story_id))

    def _selected(self, query: str | None = None, outlet: str | None = None, since: str | None = None,
                  until: str | None = None) -> np.ndarray:
        """Indexes of the stories that pass the filters, newest first (as ``Store.story_summaries``)."""
        keep = np.ones(self.stories_t.num_rows, dtype=bool)
        if query and query.replace('"', " ").split():
            hits = self._matching(fulltext.phrases(query))
            keep &= np.isin(np.arange(len(keep)), self.story_of_seq[hits])
        if outlet:
            code = self.outlet_names.index(outlet) if outlet in self.outlet_names else -2
            seqs = np.flatnonzero(self.outlet_code == code)
            keep &= np.isin(np.arange(len(keep)), self.story_of_seq[seqs])
        first, last = self.stories_t.column("first_seen"), self.stories_t.column("last_seen")
        if since:
            day = pc.utf8_slice_codeunits(pc.coalesce(last, first, ""), 0, 10)
            keep &= pc.greater_equal(day, since[:10]).to_numpy(zero_copy_only=False)
        if until:
            day = pc.utf8_slice_codeunits(pc.coalesce(first, last, ""), 0, 10)
            keep &= pc.less_equal(day, until[:10]).to_numpy(zero_copy_only=False)
        return self.order[keep[self.order]]

    def stories(self, query: str | None = None, limit: int | None = None) -> list[Story]:
        chosen = self._selected(query)
        return [self._story(int(k)) for k in chosen[:limit]]

    def story_summaries(self, *, query: str | None = None, outlet: str | None = None,
                        since: str | None = None, until: str | None = None, limit: int = 20,
                        offset: int = 0) -> tuple[list[StorySummary], int]:
        chosen = self._selected(query, outlet, since, until)
        out = []
        for k in chosen[offset:offset + limit]:
            k = int(k)
            row = self.stories_t.slice(k, 1).select(["id", "title", "first_seen", "last_seen", "copies"]).to_pylist()[0]
            outlets = {self.outlet_names[c] for c in self.outlet_code[self._members(k)] if c >= 0}
            copies = sum(max(len(g["members"]) - 1, 0) for g in json.loads(row["copies"] or "[]"))
            out.append(StorySummary(id=row["id"], title=row["title"], first_seen=row["first_seen"],
                                    last_seen=row["last_seen"], articles=int(self.n_members[k]),
                                    outlets=tuple(sorted(outlets, key=lambda o: o.encode("utf-8"))), copies=copies))
        return out, len(chosen)

    def story_of(self, article_id: str) -> str | None:
        seq = self.by_id.find(article_id)
        if seq < 0 or self.story_of_seq[seq] < 0:
            return None
        return str(self.story_ids[int(self.story_of_seq[seq])].as_py())

    def outlets(self) -> list[tuple[str, int]]:
        return list(self._outlets)

    # -- articles --------------------------------------------------------------------------
    def count_articles(self) -> int:
        return len(self.ids)

    def _group_of(self, part: int, row: int) -> tuple[int, int]:
        """(row group, its first row) of a row in a part file (the groups' sizes read once per part)."""
        starts = self._starts.get(part)
        if starts is None:
            meta = pq.ParquetFile(self.parts[part]).metadata
            sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
            starts = self._starts[part] = np.cumsum([0, *sizes])
        group = int(np.searchsorted(starts, row, side="right")) - 1
        return group, int(starts[group])

    def _read_group(self, part: int, group: int) -> Any:
        key = (part, group)
        with self._lock:
            if key in self._groups:
                self._groups.move_to_end(key)
                return self._groups[key]
        data = pq.ParquetFile(self.parts[part]).read_row_group(group)
        with self._lock:
            self._groups[key] = data
            while len(self._groups) > 8:
                self._groups.popitem(last=False)
        return data

    def _read(self, seqs: Sequence[int]) -> dict[int, Article]:
        """Whole articles, each row group read once (and kept among the last few read)."""
        wanted: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for seq in seqs:
            part, row = int(self.part[seq]), int(self.row[seq])
            group, start = self._group_of(part, row)
            wanted.setdefault((part, group), []).append((seq, row - start))
        out: dict[int, Article] = {}
        for (part, group), rows in wanted.items():
            data = self._read_group(part, group).take(pa.array([r for _, r in rows], pa.int64()))
            for (seq, _), row in zip(rows, data.to_pylist(), strict=True):
                out[seq] = tables.article_of(row)
        return out

    def article(self, article_id: str) -> Article:
        seq = self.by_id.find(article_id)
        if seq < 0:
            raise NotFoundError("no such article", source=article_id)
        return self._read([seq])[seq]

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        if ids is None:
            return list(self.iter_articles())
        seqs = [self.by_id.find(i) for i in ids]
        found = self._read(sorted({s for s in seqs if s >= 0}))
        return [found[s] for s in seqs if s >= 0]

    def iter_articles(self) -> Iterator[Article]:
        """Every article, in order, a thousand at a time."""
        for lo in range(0, len(self.ids), 1000):
            batch = self._read(range(lo, min(lo + 1000, len(self.ids))))
            yield from (batch[s] for s in sorted(batch))

    # -- full text -------------------------------------------------------------------------
    def _scan(self, columns: Sequence[str], batch_bytes: int = 32_000_000) -> Iterator[tuple[np.ndarray, Any]]:
        """(seqs, table of ``columns``) of the kept rows, a few parts at a time (about ``batch_bytes``
        of them: each pattern is then compiled once per batch, not once per part)."""
        seqs: list[np.ndarray] = []
        held: list[Any] = []
        size = 0
        for k, f in enumerate(self.parts):
            lo, hi = np.searchsorted(self.kept_pos, self.part_start[k:k + 2])
            if lo == hi:
                continue
            t = pq.read_table(f, columns=list(columns))
            rows = self.kept_pos[lo:hi] - self.part_start[k]
            if len(rows) != t.num_rows:
                t = t.take(pa.array(rows))
            seqs.append(np.arange(lo, hi))
            held.append(t)
            size += t.nbytes
            if size >= batch_bytes:
                yield np.concatenate(seqs), pa.concat_tables(held)
                seqs, held, size = [], [], 0
        if held:
            yield np.concatenate(seqs), pa.concat_tables(held)

    def _hits(self, found: list[list[str]], ranked: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One scan: the seqs of the articles holding every phrase, how many articles hold each
        phrase, and (``ranked``) the phrases' counts in the articles found. A first ranked scan also
        counts every article's words (kept: 4 bytes an article), for BM25's lengths."""
        seqs_out, freq_out = [], []
        per_phrase = np.zeros(len(found), dtype=np.int64)
        count_all = ranked and self._sizes is None
        sizes = np.zeros(len(self.ids), dtype=np.int32) if count_all else None
        for seqs, t in self._scan(TEXT_COLUMNS):
            cols = fulltext.fold_columns([t.column(c) for c in TEXT_COLUMNS])
            m = fulltext.hits(cols, found)
            per_phrase += m.sum(axis=0)
            rows = np.flatnonzero(m.all(axis=1))
            if sizes is not None:
                sizes[seqs] = fulltext.sizes(cols)
            seqs_out.append(seqs[rows])
            if ranked and len(rows):
                freq_out.append(fulltext.freqs(cols, found, rows))
        if sizes is not None:
            self._sizes = sizes
        return (np.concatenate(seqs_out) if seqs_out else np.zeros(0, dtype=np.int64), per_phrase,
                np.concatenate(freq_out) if freq_out else np.zeros((0, len(found))))

    def _matching(self, found: list[list[str]]) -> np.ndarray:
        """Seqs of the articles holding every phrase (none when there is no phrase)."""
        return self._hits(found, ranked=False)[0] if found else np.zeros(0, dtype=np.int64)

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Article ids matching every word, best BM25 first (as the SQLite store's FTS5 ``rank``)."""
        found = fulltext.phrases(query)
        if not found:
            return []
        seqs, per_phrase, freq = self._hits(found, ranked=True)
        if not len(seqs) or self._sizes is None:
            return []
        n = len(self.ids)
        idf = [fulltext.idf(n, int(h)) for h in per_phrase]
        avgdl = int(self._sizes.sum(dtype=np.int64)) / n
        score = fulltext.bm25(freq, self._sizes[seqs], idf, avgdl)
        best = np.lexsort((seqs, -score))[:limit]
        return [str(x) for x in self.ids.take(pa.array(seqs[best])).to_pylist()]

    # -- analyses --------------------------------------------------------------------------
    def cached_analysis(self, story_id: str, key: str) -> str | None:
        """The run's analysis of the story (a run's stories never change, so any key matches it), or
        one computed since the server started for this key."""
        with self._lock:
            done = self._computed.get((story_id, key))
        if done is not None:
            return done
        k = self.by_story.find(story_id)
        if k < 0:
            return None
        i = self.by_story.left(story_id)
        first = i - i % tables.STORIES_PER_PART
        group = self.by_story.run(first, tables.STORIES_PER_PART)
        path = self.out / "analyses" / f"{tables.analysis_part(group, i - first)}.parquet"
        if not path.exists():
            return None
        t = pq.read_table(path)
        hit = pc.equal(t.column("story"), story_id)
        rows = t.filter(hit).column("analysis").to_pylist()
        return str(rows[0]) if rows else None

    def put_analysis(self, story_id: str, key: str, payload: str) -> None:
        """Kept in memory only (the run's folder is never written)."""
        with self._lock:
            self._computed[(story_id, key)] = payload
            while len(self._computed) > self._cache_analyses:
                self._computed.popitem(last=False)

    def close(self) -> None:
        with self._lock:
            self._groups.clear()

    def __repr__(self) -> str:
        return f"RunStore({self.path!r}: {len(self.ids)} articles, {self.stories_t.num_rows} stories)"


def open_run(folder: str | Path) -> RunStore:
    """The run in ``folder`` as a read-only store (a ``UsageError`` saying why not)."""
    return RunStore(folder)


__all__ = ["RunStore", "open_run"]
