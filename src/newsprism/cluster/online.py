"""Online clustering: new articles join the stories active around their dates, or start new ones.

Only stories whose time span comes within ``window_days`` of a new article are loaded (all of
them when a new article has no usable date: then only text can place it). Their articles and the
new ones are clustered again with the batch algorithm: a new article joins the closest story,
starts a new one, or bridges two stories into one, and a story that an early, thin batch of
articles had glued together can come apart once more coverage shows two events (re-using the
old stories as unbreakable seeds made online results drift from batch results). Vocabulary and
IDF are fitted on this window only, so the cost of an update depends on the news around it and
not on the size of the store; only stories whose articles changed are written.
"""

from __future__ import annotations

from newsprism.cluster.batch import make_stories, partition, restrict_copies
from newsprism.cluster.edits import apply_edits
from newsprism.dedup import group_copies
from newsprism.dedup.normalize import clean_articles, day_of
from newsprism.model import Story
from newsprism.settings import Options
from newsprism.store import Store


def _active(stories: list[Story], days: list[int | None], window: float) -> list[Story]:
    """Stories that a new article with one of these days may join."""
    if not days or any(d is None for d in days):
        return stories
    lo = min(d for d in days if d is not None) - window
    hi = max(d for d in days if d is not None) + window
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

    active = _active(existing, [day_of(a.published) for a in new], options.window_days)
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
