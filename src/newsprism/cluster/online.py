"""Online clustering: new articles join the stories active around their dates, or start new ones.

Only stories whose time span comes within ``window_days`` of a new article take part; for a new
article with no usable date only text can place it, so the stories of the stored articles that
best match its key words (names and long words of its title and lead, a BM25 full-text query)
take part instead of every story (the pipeline loads them; nothing here reads a store). Their articles and the
new ones are clustered again with the batch algorithm: a new article joins the closest story,
starts a new one, or bridges two stories into one, and a story that an early, thin batch of
articles had glued together can come apart once more coverage shows two events (re-using the
old stories as unbreakable seeds made online results drift from batch results). Vocabulary and
IDF are fitted on this window only, so the cost of an update depends on the news around it and
not on the size of the store; only stories whose articles changed are written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsprism.cluster.batch import make_stories, partition, restrict_copies
from newsprism.cluster.edits import Edit, apply_edits
from newsprism.dedup import group_copies
from newsprism.dedup.normalize import clean_articles, day_of
from newsprism.lexicons import STOPWORDS
from newsprism.model import Article, Story
from newsprism.settings import Options

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


def first_stories(articles: Sequence[Article], edits: Sequence[Edit], options: Options) -> list[Story]:
    """Every story of a corpus that has none yet: batch clustering, then the manual edits replayed."""
    arts = clean_articles(articles)
    copies = group_copies(arts, options)
    by_id = {a.id: a for a in arts}
    return make_stories(apply_edits(partition(arts, options, copies), edits), by_id, copies)


def active_stories(existing: Sequence[Story], new: Sequence[Article], window_days: float) -> list[Story]:
    """The stories a new dated article may join (their span comes within the window of its day)."""
    days = [d for d in (day_of(a.published) for a in new) if d is not None]
    return _active(list(existing), days, window_days)


def undated(articles: Sequence[Article]) -> list[Article]:
    """Articles with no usable date: only their text can place them (``key_terms``)."""
    return [a for a in articles if day_of(a.published) is None]


def update_stories(new: Sequence[Article], active: Sequence[Story], context: Sequence[Article],
                   edits: Sequence[Edit], options: Options) -> list[Story]:
    """Place new articles among the ``active`` stories (whose articles are ``context``); returns
    the stories that changed, to be written over the ones they share articles with.

    Manual edits (``merge``/``split``) are replayed after clustering so that they survive.
    """
    new = clean_articles(new)
    if not new:
        return []
    new_ids = {a.id for a in new}
    arts = [a for a in context if a.id not in new_ids] + new
    by_id = {a.id: a for a in arts}
    copies = restrict_copies(group_copies(arts, options), set(by_id))
    parts = apply_edits(partition(arts, options, copies), edits)
    before = {frozenset(s.article_ids) for s in active}
    pinned_of = {a: s.pinned for s in active for a in s.article_ids}
    # an untouched story stays as it is stored
    return make_stories([p for p in parts if frozenset(p) not in before], by_id, copies, pinned_of)
