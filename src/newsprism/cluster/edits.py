"""Manual story edits (merge, split), recorded in the store and replayed after every re-cluster.

Edits are recorded by *article ids*, not story ids: story ids follow their earliest article and
can change when stories are re-clustered, while what the user said ("these belong together",
"these do not belong here") is about articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.cluster.batch import make_story, restrict_copies
from newsprism.dedup import group_copies
from newsprism.errors import UsageError
from newsprism.model import Story
from newsprism.settings import Options
from newsprism.store import Store


def apply_edits(clusters: Sequence[Sequence[str]],
                edits: Sequence[tuple[str, dict[str, Any]]]) -> list[list[str]]:
    """Replay edits, in order, on a partition of article ids (ids not in it are ignored).

    ``merge`` joins every cluster holding one of its articles; ``split`` moves its articles out
    of the cluster(s) holding them into one cluster of their own.
    """
    parts = [list(c) for c in clusters if c]
    for op, args in edits:
        ids = set(args.get("article_ids") or ())
        if not ids:
            continue
        hit = [k for k, c in enumerate(parts) if ids.intersection(c)]
        if op == "merge" and len(hit) > 1:
            joined = [a for k in hit for a in parts[k]]
            parts = [c for k, c in enumerate(parts) if k not in hit] + [joined]
        elif op == "split" and hit:
            out = [a for k in hit for a in parts[k] if a in ids]
            rest = [[a for a in parts[k] if a not in ids] for k in hit]
            parts = [c for k, c in enumerate(parts) if k not in hit] + [r for r in rest if r] + [out]
    return parts


def merge_stories(store: Store, story_ids: Sequence[str], options: Options | None = None) -> Story:
    """Merge stories into one and record it, so that a re-cluster keeps them together."""
    stories = {s.id: s for s in (store.story(i) for i in story_ids)}
    if len(stories) < 2:
        raise UsageError("merge needs at least two different stories", source=",".join(story_ids))
    ids = [a for s in stories.values() for a in s.article_ids]
    merged = _story(store, ids, options, pinned=any(s.pinned for s in stories.values()))
    store.replace_stories([merged])
    store.add_edit("merge", {"story_ids": sorted(stories), "article_ids": sorted(ids)})
    return merged


def split_story(store: Store, story_id: str, article_ids: Sequence[str],
                options: Options | None = None) -> tuple[Story, Story]:
    """Move ``article_ids`` out of a story into a new one; returns (rest, split-off) and records it."""
    story = store.story(story_id)
    out = [a for a in dict.fromkeys(article_ids) if a in story.article_ids]
    missing = sorted(set(article_ids) - set(story.article_ids))
    if missing:
        raise UsageError(f"not in story {story.id}: {', '.join(missing)}", source=story_id)
    rest = [a for a in story.article_ids if a not in set(out)]
    if not out or not rest:
        raise UsageError("split needs some, but not all, of the story's articles", source=story_id)
    kept = _story(store, rest, options, pinned=story.pinned)
    split = _story(store, out, options, pinned=story.pinned)
    store.replace_stories([kept, split])
    store.add_edit("split", {"story_id": story.id, "article_ids": sorted(out)})
    return kept, split


def _story(store: Store, ids: Sequence[str], options: Options | None, pinned: bool) -> Story:
    arts = store.articles(list(dict.fromkeys(ids)))
    copies = restrict_copies(group_copies(arts, options or Options()), {a.id for a in arts})
    return make_story([a.id for a in arts], {a.id: a for a in arts}, copies, pinned=pinned)
