"""Batch story clustering: a corpus in, stories out, whatever the order of the input.

Articles are first put in a canonical order (publication day, then id) so that vocabulary, IDF,
pair scores and tie-breaks are the same for any permutation of the same batch. A copy group
becomes one node (its earliest member speaks for it), so copies always land in one story and a
wire story run by ten outlets does not outweigh the rest of the coverage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from newsprism.cluster.components import agglomerate_parts
from newsprism.cluster.features import Terms, featurize
from newsprism.cluster.undated import relative_arrays
from newsprism.dedup import group_copies
from newsprism.dedup.normalize import clean_articles, day_of, similarity_text
from newsprism.jobs import Mapper
from newsprism.lexicons import loaded_words
from newsprism.model import Article, CopyGroup, Story, stable_id
from newsprism.settings import Options

UNDATED = 10**9  # sorts undated articles after every real day


def article_key(a: Article) -> tuple[int, str]:
    """Canonical order: publication day (undated last), then id."""
    d = day_of(a.published)
    return (d if d is not None else UNDATED, a.id)


def make_story(ids: Iterable[str], by_id: dict[str, Article], copies: Sequence[CopyGroup],
               pinned: bool = False) -> Story:
    """A Story for these article ids: id from its earliest article, title, dates and its copies."""
    keyed = sorted((article_key(by_id[i]), by_id[i]) for i in set(ids))
    arts = [a for _, a in keyed]
    stamps = sorted((k[0], a.published or "") for k, a in keyed if k[0] != UNDATED)
    title = central_title([a.title for a in arts])
    member = {a.id for a in arts}
    own = tuple(g for g in copies if g.members and all(m in member for m in g.members))
    return Story(id=stable_id("story", arts[0].id), article_ids=tuple(a.id for a in arts), title=title,
                 first_seen=stamps[0][1] if stamps else None, last_seen=stamps[-1][1] if stamps else None,
                 copies=own, pinned=pinned)


def central_title(titles: Sequence[str | None]) -> str | None:
    """The title sharing most words with the others: the plainest statement of the event, not one
    outlet's angle. A title with loaded wording (the framing lexicon) comes after every neutral one.
    Ties go to the earliest title."""
    words = [set(re.findall(r"[a-z0-9]{3,}", t.lower())) if t else set() for t in titles]
    best, best_score = None, -1e9
    for i, t in enumerate(titles):
        if not t or not t.strip():
            continue
        score = sum(len(words[i] & w) / (len(words[i] | w) or 1) for j, w in enumerate(words) if j != i)
        score -= len(titles) * bool(loaded_words(t))
        if score > best_score:
            best, best_score = t.strip(), score
    return best


STORIES_PER_JOB = 1000  # stories made per ``mapper`` job


def make_stories(parts: Iterable[Iterable[str]], by_id: dict[str, Article], copies: Sequence[CopyGroup],
                 pinned_of: dict[str, bool] | None = None, mapper: Mapper | None = None) -> list[Story]:
    """``make_story`` for each part, with each part offered only the copy groups that touch it.

    Scanning every copy group for every story costs stories x groups, which made a 100k-article
    batch spend most of its time here; an index from article to groups keeps it linear. With a
    ``mapper``, groups of ``STORIES_PER_JOB`` parts are its jobs, each given only its own articles
    (as the fields ``make_story`` reads).
    """
    groups_of: dict[str, list[int]] = {}
    for k, g in enumerate(copies):
        if g.members:
            groups_of.setdefault(g.members[0], []).append(k)
    todo: list[tuple[list[str], list[CopyGroup], bool]] = []
    for part in parts:
        ids = list(part)
        ks = sorted({k for i in ids for k in groups_of.get(i, ())})
        pinned = any(pinned_of.get(i, False) for i in ids) if pinned_of else False
        todo.append((ids, [copies[k] for k in ks], pinned))
    if mapper is None:
        return _make_some(todo, by_id)
    jobs = [(chunk, [(i, by_id[i].title, by_id[i].published) for ids, _, _ in chunk for i in ids])
            for chunk in (todo[k : k + STORIES_PER_JOB] for k in range(0, len(todo), STORIES_PER_JOB))]
    return [s for made in mapper(_make_from_headers, jobs) for s in made]


def _make_some(todo: Sequence[tuple[list[str], list[CopyGroup], bool]], by_id: dict[str, Article]) -> list[Story]:
    return [make_story(ids, by_id, offered, pinned=pinned) for ids, offered, pinned in todo]


def _make_from_headers(todo: Sequence[tuple[list[str], list[CopyGroup], bool]],
                       headers: Sequence[tuple[str, str | None, str | None]]) -> list[Story]:
    """``_make_some`` given each article as (id, title, published), all that ``make_story`` reads
    (a job's articles cross to a worker as plain tuples, which pickle several times faster)."""
    by_id = {i: Article(id=i, source=i, url=None, outlet=None, title=t, published=p) for i, t, p in headers}
    return _make_some(todo, by_id)


def restrict_copies(copies: Sequence[CopyGroup], ids: set[str]) -> list[CopyGroup]:
    """Copy groups limited to the given articles (groups left with one member are dropped)."""
    out = []
    for g in copies:
        members = tuple(m for m in g.members if m in ids)
        if len(members) < 2:
            continue
        if members == g.members:
            out.append(g)
        else:
            keep = [k for k, m in enumerate(g.members) if m in ids]
            outlets = tuple(dict.fromkeys(g.outlets[k] for k in keep if k < len(g.outlets)))
            out.append(CopyGroup(canonical=members[0], members=members, outlets=outlets or g.outlets,
                                 similarity=g.similarity))
    return out


def partition(arts: Sequence[Article], options: Options, copies: Sequence[CopyGroup],
              seeds: Sequence[Sequence[str]] = (), terms: Mapping[str, Terms] | None = None,
              mapper: Mapper | None = None) -> list[list[str]]:
    """Article-id clusters. ``seeds`` are groups of ids that start together and stay together.
    ``terms`` (article id → ``features.terms`` of it) are used when given, else computed here;
    ``mapper`` runs the scoring of the dated blocks (``graph.scored_pairs``) and the agglomeration
    of the graph's connected parts (``components.agglomerate_parts``)."""
    arts = sorted(arts, key=article_key)
    if not arts:
        return []
    index = {a.id: k for k, a in enumerate(arts)}
    # one node per copy group: union the groups, its earliest member represents it
    parent = list(range(len(arts)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for g in copies:
        ks = sorted(index[m] for m in g.members if m in index)
        for k in ks[1:]:
            a, b = find(ks[0]), find(k)
            if a != b:
                parent[max(a, b)] = min(a, b)
    reps = [k for k in range(len(arts)) if find(k) == k]
    node_of = {k: n for n, k in enumerate(reps)}
    nodes: list[list[int]] = [[] for _ in reps]
    for k in range(len(arts)):
        nodes[node_of[find(k)]].append(k)
    rep_arts = [arts[k] for k in reps]
    given = terms or {}
    feat = featurize([similarity_text(a) for a in rep_arts], [a.title for a in rep_arts],
                     [given.get(a.id) for a in rep_arts])
    days = [day_of(a.published) for a in rep_arts]
    pairs = relative_arrays(feat, days, options.window_days, mapper=mapper)
    node_seeds = [sorted({node_of[find(index[i])] for i in seed if i in index}) for seed in seeds]
    figs = feat.figures
    figures = [figs.indices[figs.indptr[k]:figs.indptr[k + 1]].tolist() for k in range(len(reps))]
    clusters = agglomerate_parts(len(reps), pairs, node_seeds, options.cluster_threshold, figures, mapper)
    return [[arts[k].id for n in c for k in nodes[n]] for c in clusters]


def cluster(articles: Sequence[Article], options: Options,
            copies: Sequence[CopyGroup] | None = None, terms: Mapping[str, Terms] | None = None,
            mapper: Mapper | None = None) -> list[Story]:
    """Group a batch of articles into stories (deterministic, independent of input order).

    Articles without an id get a stable one; a repeated id is skipped with a warning (see
    ``clean_articles``). Copies (computed here when not given) always share a story. ``terms``:
    see ``partition`` (the distributed runner computes them where each article is extracted).
    ``mapper`` (``newsprism.jobs``) runs the scoring of day blocks, the agglomeration of the pair
    graph's components and the making of stories as jobs, on a Ray engine's workers in a distributed
    run: the same functions, the same stories.
    """
    arts = clean_articles(articles)
    if copies is None:
        copies = group_copies(arts, options)
    ids = {a.id for a in arts}
    own = restrict_copies(copies, ids)
    by_id = {a.id: a for a in arts}
    stories = make_stories(partition(arts, options, own, terms=terms, mapper=mapper), by_id, own, mapper=mapper)
    stories.sort(key=lambda s: article_key(by_id[s.article_ids[0]]))
    return stories
