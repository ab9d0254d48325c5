"""Analyze one story: claims, omissions, quotes, numbers, entities, framing, tone, reuse, summary.

``story.analyze`` runs the steps over one parse per article; each step is a module of its own.
"""

from newsprism.analyze.story import analyze

__all__ = ["analyze"]
