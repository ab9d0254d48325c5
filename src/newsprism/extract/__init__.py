"""The extract stage: raw bytes of a page or text → an ``Article`` with its provenance.

HTML goes through trafilatura (plus a recall fallback and the line cleaner), plain text through the
line cleaner and the house header convention; per-outlet templates learned over a batch remove
boilerplate lines that recur across an outlet's pages.
"""

from newsprism.extract.article import extract, with_templates
from newsprism.extract.batch import extract_all, learn_templates
from newsprism.extract.sentences import split_sentences
from newsprism.extract.templates import Templates
from newsprism.extract.text import classify_line, clean_text, split_header

__all__ = [
    "Templates",
    "classify_line",
    "clean_text",
    "extract",
    "extract_all",
    "learn_templates",
    "split_header",
    "split_sentences",
    "with_templates",
]
