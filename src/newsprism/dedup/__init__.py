"""Dedup stage: group articles that carry the same text (exact or lightly edited copies)."""

from newsprism.dedup.copies import group_copies, identical_copies

__all__ = ["group_copies", "identical_copies"]
