"""Cluster stage: group articles into stories (batch and online, time-windowed), manual edits.

Pure functions of articles, stories and edits; the pipeline loads them from the store and writes
what they return.
"""

from newsprism.cluster.batch import cluster
from newsprism.cluster.edits import merge_stories, split_story
from newsprism.cluster.online import first_stories, update_stories

__all__ = ["cluster", "first_stories", "merge_stories", "split_story", "update_stories"]
