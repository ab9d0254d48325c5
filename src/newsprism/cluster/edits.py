"""Manual story edits (merge, split): the stories they make and the edit to record, replayed after
every re-cluster (the pipeline records and replays them).

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
from newsprism.model import Article, Story
from newsprism.settings import Options

Edit = tuple[str, dict[str, Any]]  # (operation, arguments), as the store records it


def apply_edits(clusters: Sequence[Sequence[str]], edits: Sequence[Edit]) -> list[list[str]]:
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


def merge_stories(stories: Sequence[Story], articles: Sequence[Article],
                  options: Options | None = None) -> tuple[Story, Edit]:
    """One story from ``stories`` (whose articles are ``articles``) and the edit that records it,
    so that a re-cluster keeps them together."""
    by_id = {s.id: s for s in stories}
    if len(by_id) < 2:
        raise UsageError("merge needs at least two different stories", source=",".join(by_id))
    ids = [a for s in by_id.values() for a in s.article_ids]
    merged = _story(articles, ids, options, pinned=any(s.pinned for s in by_id.values()))
    return merged, ("merge", {"story_ids": sorted(by_id), "article_ids": sorted(ids)})


def split_story(story: Story, article_ids: Sequence[str], articles: Sequence[Article],
                options: Options | None = None) -> tuple[Story, Story, Edit]:
    """Move ``article_ids`` out of ``story`` into a new one: (rest, split-off, the edit to record)."""
    out = [a for a in dict.fromkeys(article_ids) if a in story.article_ids]
    missing = sorted(set(article_ids) - set(story.article_ids))
    if missing:
        raise UsageError(f"not in story {story.id}: {', '.join(missing)}", source=story.id)
    rest = [a for a in story.article_ids if a not in set(out)]
    if not out or not rest:
        raise UsageError("split needs some, but not all, of the story's articles", source=story.id)
    kept = _story(articles, rest, options, pinned=story.pinned)
    split = _story(articles, out, options, pinned=story.pinned)
    return kept, split, ("split", {"story_id": story.id, "article_ids": sorted(out)})


def _story(articles: Sequence[Article], ids: Sequence[str], options: Options | None, pinned: bool) -> Story:
    wanted = set(ids)
    arts = [a for a in articles if a.id in wanted]
    copies = restrict_copies(group_copies(arts, options or Options()), {a.id for a in arts})
    return make_story([a.id for a in arts], {a.id: a for a in arts}, copies, pinned=pinned)
