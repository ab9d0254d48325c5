"""Summarize stage: a neutral, consensus-first extractive summary in which every sentence cites."""

from newsprism.summarize.extractive import differences, summarize

__all__ = ["summarize", "differences"]
