"""Cluster stage: group articles into stories (batch and online, time-windowed), manual edits."""

from newsprism.cluster.batch import cluster
from newsprism.cluster.edits import merge_stories, split_story
from newsprism.cluster.online import update_stories

__all__ = ["cluster", "merge_stories", "split_story", "update_stories"]
