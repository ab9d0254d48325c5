"""Who states what: the outlets a summary sentence may cite.

A summary sentence cites its own article and each other article with a sentence that states it
(``states``). Stating is one way: "The Senate passed the measure 65-35" does not state "The bill
passed 65-35 in the Senate and 254-175 in the House", though the reverse holds. The check is strict
on purpose — an outlet cited for a fact it does not report is worse than a fact shown with one
source — and is made against every sentence of the other article that shares two content words
with the candidate, not only the claim group alignment put it in. One claim-level case: where the
learned aligner is firm that another outlet's sentence reports the same fact, that outlet is cited
when that sentence holds the candidate's figures and its article (not only that sentence) all the
candidate's names but one (``firm_in_article``): a lead that names the place in the next sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.model import Support

_WORD = re.compile(r"\w+")
NAMES_MISSING = 1  # names of a sentence another may leave out and still state it (an attribution: "told Politico")
LEARNED_FIRM = 0.95  # the aligner's probability above which a pair states one fact (its threshold is 0.5)
ALIGNED_COVER = 0.5  # share of a sentence's weighted content words an aligned sentence must hold to state it
CLAIM_LEVEL = True  # cite also on a firm alignment with the figures and names held in the article
STATES_THRESHOLD = 0.5  # the claim threshold: the matcher's probability that two sentences are paraphrases


def restaters(sents: Sequence[Support], fit: Sequence[int], tied: Sequence[set[int]],
              docs: Mapping[str, Any] | None = None) -> tuple[dict[int, tuple[str, ...]], set[tuple[int, int]]]:
    """For each candidate ``fit[k]``, its article and each other article with a sentence that
    states what the candidate states (``states``): a sentence tied to it by a claim, or any other
    sentence of that article sharing two content words with it. Also the pairs (candidate,
    sentence) found stating one fact, so that the summary states each fact once."""
    import numpy as np

    from newsprism.analyze import similarity

    spans = _spans(sents, docs)
    p = similarity.prepare([s.text for s in sents], spans)
    arts = np.array([s.article for s in sents])
    cand = np.array(fit, dtype=np.int64)
    shared = (p.content[cand] @ p.content.T).toarray()
    rows, cols = np.nonzero((shared >= 2) & (arts[None, :] != arts[cand][:, None]))
    pairs = {(int(cand[r]), int(c)) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)}
    pairs |= {(k, t) for k in fit for t in tied[k]}
    ordered = sorted(pairs)
    i = np.array([a for a, _ in ordered], dtype=np.int64)
    j = np.array([b for _, b in ordered], dtype=np.int64)
    aligned = np.array([b in tied[a] for a, b in ordered], dtype=bool)
    learned = _learned(sents, spans)
    firm = learned[i, j] if learned is not None and len(i) else None
    ok = states(p, spans, i, j, aligned, firm) if len(i) else np.zeros(0, dtype=bool)
    if CLAIM_LEVEL and firm is not None and len(i):
        ok |= firm_in_article(p, sents, i, j, firm)
    out = {k: [sents[k].article] for k in fit}
    same = set()
    for a, b, yes in zip(i.tolist(), j.tolist(), ok.tolist(), strict=True):
        if yes or sents[a].text == sents[b].text:
            out[a].append(sents[b].article)
            same.add((a, b))
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}, same


def states(p: Any, spans: Sequence[Any] | None, i: Any, j: Any, aligned: Any = None, learned: Any = None) -> Any:
    """Does sentence ``j[k]`` state what sentence ``i[k]`` states (``p``: the sentences prepared
    by ``similarity.prepare``, with their parses ``spans`` when known)? The two must be
    paraphrases (the matcher's probability), or ``i``'s weighted content words nearly all in ``j``
    (containment one way only: a short sentence inside a longer one does not state the longer
    one's extra facts), or both report one event (``events.same_event``), or claim alignment tied
    them (``aligned``) and ``j`` holds most of ``i``'s weighted content words, or the learned
    same-fact decision (``align``, its probability in ``learned``) is firm. And in every case
    ``j`` holds all of ``i``'s figures and all its names but one (an attribution: "told
    Politico"), and neither denies what the other states."""
    import numpy as np

    from newsprism.analyze import similarity
    from newsprism.analyze.events import event_signature, same_event

    para = similarity.score_pairs(p, i, j)
    weight = np.asarray(p.idf_content.sum(axis=1)).ravel()
    covered = similarity._safe(similarity._rowdot(p.content, i, j, p.idf_content), weight[i])
    ok = (para >= STATES_THRESHOLD) | ((covered >= similarity.CONTAIN_MIN) & (similarity._rowdot(p.content, i, j) >= 2))
    if aligned is not None:
        ok |= aligned & (covered >= ALIGNED_COVER)
    if learned is not None:
        ok |= learned >= LEARNED_FIRM
    if spans is not None:
        ok |= same_event(p, [event_signature(sp) for sp in spans], i, j, np.zeros(len(i)))
    figures = similarity._rowdot(p.numbers, i, j) >= np.asarray(p.numbers.sum(axis=1)).ravel()[i]
    return ok & figures & (_missing_names(p.texts, i, j) <= NAMES_MISSING) & ~similarity.conflicts(p, i, j)


def firm_in_article(p: Any, sents: Sequence[Support], i: Any, j: Any, learned: Any) -> Any:
    """The claim-level citation: the learned aligner is firm (``LEARNED_FIRM``) that sentence
    ``j[k]`` reports the fact of sentence ``i[k]``, the two do not conflict (figures, denial),
    ``j`` holds all of ``i``'s figures (in that sentence: "22" elsewhere in the article may count
    something else) and ``j``'s article all of ``i``'s names but one — a lead that names the
    place or the day in its next sentence still reports the vote."""
    import numpy as np

    from newsprism.analyze import similarity

    arts = [s.article for s in sents]
    rows: dict[str, list[int]] = {}
    for k, a in enumerate(arts):
        rows.setdefault(a, []).append(k)
    words = {a: {w.lower() for k in ks for w in _WORD.findall(p.texts[k])} for a, ks in rows.items()}
    out = np.zeros(len(i), dtype=bool)
    clash = similarity.conflicts(p, np.asarray(i), np.asarray(j))
    for n, (a, b) in enumerate(zip(np.asarray(i).tolist(), np.asarray(j).tolist(), strict=True)):
        if learned[n] < LEARNED_FIRM or clash[n]:
            continue
        other = arts[b]
        figures = set(p.numbers[a].indices.tolist()) <= set(p.numbers[b].indices.tolist())
        names = {w.lower() for w in _WORD.findall(p.texts[a])[1:] if w[0].isupper()}
        out[n] = figures and len(names - words[other]) <= NAMES_MISSING
    return out


def _learned(sents: Sequence[Support], spans: Sequence[Any] | None) -> Any:
    """The learned aligner's same-fact probabilities of every pair of the sentences (0 within one
    article), or None without parses or a shipped model."""
    from newsprism.analyze import align
    from newsprism.analyze.claims import Candidate

    model = align.shipped_model()
    if model is None or spans is None:
        return None
    index = {a: k for k, a in enumerate(dict.fromkeys(s.article for s in sents))}
    cands = [Candidate(index[s.article], s.start, s.end, s.text, 0.0) for s in sents]
    return align.score_matrix(model, cands, spans)[0]


def _missing_names(texts: Sequence[str], i: Any, j: Any) -> Any:
    """How many names of sentence ``i[k]`` (its capitalised words past the first; "U.S." counts)
    sentence ``j[k]`` does not hold anywhere."""
    import numpy as np

    words = [_WORD.findall(t) for t in texts]
    held = [{w.lower() for w in ws} for ws in words]
    names = [{w.lower() for w in ws[1:] if w[0].isupper()} for ws in words]
    return np.array([len(names[a] - held[b]) for a, b in zip(np.asarray(i).tolist(), np.asarray(j).tolist(),
                                                            strict=True)])


def _spans(sents: Sequence[Support], docs: Mapping[str, Any] | None) -> list[Any] | None:
    if docs is None or any(docs.get(s.article) is None for s in sents):
        return None
    spans = [docs[s.article].char_span(s.start, s.end, alignment_mode="expand") for s in sents]
    return None if any(sp is None for sp in spans) else spans
