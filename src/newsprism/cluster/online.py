"""Online clustering: new articles join the stories active around their dates, or start new ones.

Only stories whose time span comes within ``window_days`` of a new article are loaded; for a new
article with no usable date only text can place it, so the stories of the stored articles that
best match its key words (names and long words of its title and lead, a BM25 full-text query)
are loaded instead of every story. Their articles and the
new ones are clustered again with the batch algorithm: a new article joins the closest story,
starts a new one, or bridges two stories into one, and a story that an early, thin batch of
articles had glued together can come apart once more coverage shows two events (re-using the
old stories as unbreakable seeds made online results drift from batch results). Vocabulary and
IDF are fitted on this window only, so the cost of an update depends on the news around it and
not on the size of the store; only stories whose articles changed are written.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOPWORDS

from newsprism.cluster.batch import make_stories, partition, restrict_copies
from newsprism.cluster.edits import apply_edits
from newsprism.dedup import group_copies
from newsprism.dedup.normalize import clean_articles, day_of
from newsprism.model import Article, Story
from newsprism.settings import Options
from newsprism.store import Store

NEIGHBOURS = 100  # stored articles looked up by text for each undated new article
KEY_TERMS = 12
_TERM = re.compile(r"[^\W\d_][\w'’-]{3,}")


def key_terms(article: Article) -> list[str]:
    """Words that place an article among stories: names first, then long words, from its title
    and lead (the top of a news article names who and what)."""
    text = f"{article.title or ''}\n{article.text[:600]}"
    words = [w for w in _TERM.findall(text) if w.lower() not in STOPWORDS]
    names = [w for w in words if w[0].isupper()]
    long_words = [w for w in words if len(w) >= 7]
    return list(dict.fromkeys(w.lower() for w in names + long_words))[:KEY_TERMS]


def _active(stories: list[Story], days: list[int], window: float) -> list[Story]:
    """Stories that a new article with one of these days may join."""
    if not days:
        return []
    lo = min(days) - window
    hi = max(days) + window
    out = []
    for s in stories:
        first, last = day_of(s.first_seen), day_of(s.last_seen)
        if first is None or last is None or (last >= lo and first <= hi):
            out.append(s)
    return out


def update_stories(store: Store, options: Options) -> list[Story]:
    """Assign the store's unassigned articles to stories; returns the stories written.

    With no story yet this is batch ``cluster`` over every stored article. Manual edits
    (``merge_stories``/``split_story``) are replayed after clustering so that they survive.
    """
    new = clean_articles(store.unassigned_articles())
    if not new:
        return []
    edits = store.edits()
    existing = store.stories()
    if not existing:
        arts = clean_articles(store.articles())
        copies = group_copies(arts, options)
        by_id = {a.id: a for a in arts}
        parts = apply_edits(partition(arts, options, copies), edits)
        stories = make_stories(parts, by_id, copies)
        store.replace_stories(stories)
        return stories

    days = [day_of(a.published) for a in new]
    active = _active(existing, [d for d in days if d is not None], options.window_days)
    undated = [a for a, d in zip(new, days, strict=True) if d is None]
    if undated:
        near = store.stories_of([i for a in undated for i in store.search_any(key_terms(a), NEIGHBOURS)])
        seen = {s.id for s in active}
        active += [s for s in existing if s.id in near and s.id not in seen]
    new_ids = {a.id for a in new}
    context = [a for a in store.articles([i for s in active for i in s.article_ids]) if a.id not in new_ids]
    arts = context + new
    by_id = {a.id: a for a in arts}
    copies = restrict_copies(group_copies(arts, options), set(by_id))
    parts = apply_edits(partition(arts, options, copies), edits)

    before = {frozenset(s.article_ids): s for s in active}
    pinned_of = {a: s.pinned for s in active for a in s.article_ids}
    # an untouched story stays as it is stored
    changed = make_stories([p for p in parts if frozenset(p) not in before], by_id, copies, pinned_of)
    store.replace_stories(changed)
    return changed
