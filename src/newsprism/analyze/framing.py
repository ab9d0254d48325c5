"""Framing: loaded wording, different labels for the same actor, and tone toward each actor.

Three findings, all from lexicons the team wrote (``newsprism/lexicons``: ``loaded.txt``, ``labels.txt``,
``polarity.txt``; no third-party sentiment data):

- ``loaded``: emotive or disparaging words and phrases, plus two cues: an intensifier right before
  an adjective, and scare quotes (one to three words in quotes that nobody is quoted as saying);
- ``label``: the words outlets choose for the same actor — the descriptor in front of or in
  apposition to an entity's name ("union boss" / "union leader" Jonas Ekwall), and members of one
  label family ("protesters" / "rioters") used by different outlets of the story;
- ``Tone``: mean polarity of the sentences that mention an entity, per article, with negation
  flipping the next words ("not a failure").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from newsprism.analyze.names import capital_inside_sentence, title_case_line
from newsprism.lexicons import (
    intensifiers,
    label_families,
    loaded_lexicon,
    polarity_lexicon,
    words_with_offsets,
)
from newsprism.model import Article, Entity, FramingHit, Quote, Tone

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SCARE = re.compile(r"(?<![\w])[\"“‘']([A-Za-z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*){0,2})[\"”’'](?![\w])")
_NEGATORS = frozenset(["not", "no", "never", "n't", "without", "hardly", "nobody", "nothing", "neither", "nor"])


def find_loaded(article: Article, quoted: Sequence[tuple[int, int]] = (), *, doc: Any = None,
                learned: bool = False, neural: bool | None = None, intensifier_cues: bool = True,
                scare_quotes: bool = True) -> list[FramingHit]:
    """Loaded words and phrases of one article, outside the quoted spans given (a speaker's words).

    By default every lexicon entry is a hit. With ``learned`` a tagger decides instead: the
    fine-tuned MiniLM of ``neural_tagger`` when it is available (the ``neural`` extra, not switched
    off by ``NEWSPRISM_NEURAL=0``) and ``neural`` is not False, else the logistic regression of
    ``loaded_tagger`` (with its shipped weights), over the article's spaCy parse ``doc`` (parsed
    here when not given). The intensifier and scare-quote cues are added where they do not overlap a hit."""
    from newsprism.analyze import loaded_tagger, neural_tagger

    use_neural = learned and neural is not False and neural_tagger.available()
    model = loaded_tagger.shipped_model() if learned and not use_neural else None
    if model is None and not use_neural:
        hits = _lexicon_hits(article)
    else:
        if doc is None:
            from newsprism.analyze.nlp import parse_one

            doc = parse_one(article.text)
        spans = neural_tagger.tag(article.text, doc) if use_neural else loaded_tagger.tag(article.text, doc, model)
        hits = [FramingHit(article.text[s:e], article.id, s, e, "loaded", note=_category(article.text[s:e]))
                for s, e, _ in spans]
    if intensifier_cues:
        hits += _intensified(article, hits)
    if scare_quotes:
        hits += [FramingHit(m.group(), article.id, m.start(), m.end(), "loaded", note="scare quotes")
                 for m in _SCARE.finditer(article.text) if not _attributed(article.text, m.start(), m.end())
                 and not _title(m.group(1))
                 and not any(h.start < m.end() and m.start() < h.end for h in hits)]
    return sorted((h for h in hits if not _inside(h.start, quoted)), key=lambda h: (h.start, h.end))


def _lexicon_hits(article: Article) -> list[FramingHit]:
    toks = words_with_offsets(article.text)
    words = [t[0] for t in toks]
    hits = []
    lex = loaded_lexicon()
    for k, n, cat in lex.matches(words):
        start, end = toks[k][1], toks[k + n - 1][2]
        if n == 1 and _name_in_prose(article.text, start) and _not_an_ending(lex, words[k]):
            continue  # a prefix entry ("axe*") inside a name ("an aide to Axelrod"), not "Leftists"
        hits.append(FramingHit(article.text[start:end], article.id, start, end, "loaded", note=cat))
    return hits


def _intensified(article: Article, hits: Sequence[FramingHit]) -> list[FramingHit]:
    """An intensifier right before the next word ("utterly unworkable"), where no hit lies already."""
    toks = words_with_offsets(article.text)
    boost = intensifiers()
    out = []
    for k in range(len(toks) - 1):
        if toks[k][0] in boost and toks[k + 1][1] - toks[k][2] == 1:
            start, end = toks[k][1], toks[k + 1][2]
            if not any(h.start < end and start < h.end for h in hits):
                out.append(FramingHit(article.text[start:end], article.id, start, end, "loaded", note="intensifier"))
    return out


def _category(span: str) -> str:
    """The lexicon category of the first entry in a tagged span, else "learned" (the tagger's own)."""
    words = [w for w, _, _ in words_with_offsets(span)]
    for _, _, cat in loaded_lexicon().matches(words):
        return cat
    return "learned"


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks of three words or more: a speaker's words, not the outlet's."""
    from newsprism.analyze.quotes import direct_spans

    return [(s, e) for s, e, _ in direct_spans(text) if len(text[s:e].split()) >= 4]


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _title(words: str) -> bool:
    """Two or more words in title case ("Access Hollywood", "Smiles for Kids"): a show's or a
    group's name in quotation marks, not the outlet's doubt."""
    from newsprism.analyze.quotes.speakers import capitalised

    parts = words.split()
    return len(parts) >= 2 and parts[0][:1].isupper() and parts[-1][:1].isupper() and capitalised(words)


def _attributed(text: str, start: int, end: int) -> bool:
    """A short quote followed or preceded by a speech verb is a quote, not a scare quote."""
    near = (text[max(0, start - 25) : start] + " " + text[end : end + 25]).lower()
    if re.search(r"\b(?:called|named|dubbed|titled|entitled|nicknamed|known as)\s*$", text[max(0, start - 25) : start]):
        return True  # "a charity called “Smiles for Kids”": a name, not the outlet's doubt
    return bool(re.search(r"\b(said|says|told|called it|described|added|wrote|asked)\b", near))


def find_labels(articles: Sequence[Article], docs: Sequence[Any], entities: Sequence[Entity]) -> list[FramingHit]:
    """Different words for the same actor across outlets: entity descriptors and label families."""
    return _entity_labels(articles, docs, entities) + _family_labels(articles)


def _entity_labels(articles: Sequence[Article], docs: Sequence[Any], entities: Sequence[Entity]) -> list[FramingHit]:
    by_id = {a.id: (a, d) for a, d in zip(articles, docs, strict=True)}
    hits: list[FramingHit] = []
    for entity in entities:
        uses: list[tuple[str, str, int, int]] = []  # article, head lemma, start, end
        for mention in entity.mentions:
            pair = by_id.get(mention.article)
            if pair is None or pair[1] is None:
                continue
            for start, end, head in _descriptors(pair[1], mention.start, mention.end, pair[0].text):
                uses.append((mention.article, head, start, end))
        heads_by_article: dict[str, set[str]] = defaultdict(set)
        for art, head, _, _ in uses:
            heads_by_article[art].add(head)
        if len(heads_by_article) < 2 or len(set().union(*heads_by_article.values())) < 2:
            continue
        seen = set()
        for art, head, start, end in uses:
            if (art, start) in seen:
                continue
            seen.add((art, start))
            others = sorted({h for a, hs in heads_by_article.items() if a != art for h in hs} - {head})
            if not others:
                continue
            text = by_id[art][0].text[start:end]
            hits.append(FramingHit(text, art, start, end, "label", target=entity.id,
                                   note=f"{entity.name} called '{text}' here; elsewhere: " + ", ".join(others)))
    return hits


def _descriptors(doc: Any, start: int, end: int, text: str) -> list[tuple[int, int, str]]:
    """Noun phrases describing the mention: "union boss" in front of it, "a former engineer" after it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    root = span.root
    out = []
    # a noun ("union boss") or an adjective that judges ("embattled"), not one of place, rank or
    # number ("top adviser", "other Democrats", "lower Manhattan")
    front = [t for t in root.lefts if t.dep_ in ("compound", "amod", "nmod") and t.i < span.start
             and t.ent_type_ == "" and not t.is_title
             and (t.pos_ == "NOUN" or (t.pos_ in ("ADJ", "PROPN") and _evaluative(t.lower_)))]
    if front:
        first = min(t.left_edge.i for t in front)
        out.append((doc[first].idx, doc[span.start - 1].idx + len(doc[span.start - 1]), front[-1].lemma_.lower()))
    appos = [t for t in root.rights if t.dep_ == "appos" and t.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        appos.append(root.head)
    for a in appos:
        left = a.left_edge.i
        while left < a.i and doc[left].dep_ in ("det", "punct"):
            left += 1
        if a.i - left < 4 and abs(a.i - root.i) < 12:
            out.append((doc[left].idx, a.idx + len(a), a.lemma_.lower()))
    return [(s, e, h) for s, e, h in out if "\n" not in text[s:e] and text[s:s + 1].isalpha()]


def _evaluative(word: str) -> bool:
    """Is the word in the loaded or the polarity lexicon?"""
    return any(loaded_lexicon().matches([word])) or any(polarity_lexicon().matches([word]))


def _family_labels(articles: Sequence[Article]) -> list[FramingHit]:
    families = label_families()
    longest = max((len(k) for k in families), default=1)
    uses: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)  # family -> (article, word, s, e)
    for a in articles:
        toks = words_with_offsets(a.text)
        words = [t[0] for t in toks]
        for k in range(len(toks)):
            for n in range(min(longest, len(toks) - k), 0, -1):
                fam = families.get(tuple(words[k : k + n]))
                if fam is not None and capital_inside_sentence(a.text, toks[k][1]):
                    break  # "Fox Business Network", "Senate Minority Leader": part of a name
                if fam is not None:
                    uses[fam].append((a.id, _singular(" ".join(words[k : k + n])), toks[k][1], toks[k + n - 1][2]))
                    break
    hits = []
    by_id = {a.id: a for a in articles}
    for fam, rows in uses.items():
        words_by_article: dict[str, set[str]] = defaultdict(set)
        for art, word, _, _ in rows:
            words_by_article[art].add(word)
        if len(words_by_article) < 2:
            continue
        for art, word, s, e in rows:
            others = sorted({w for a, ws in words_by_article.items() if a != art for w in ws} - words_by_article[art])
            if others and word not in {w for a, ws in words_by_article.items() if a != art for w in ws}:
                hits.append(FramingHit(by_id[art].text[s:e], art, s, e, "label",
                                       note=f"{fam}: '{word}' here; other outlets: " + ", ".join(others)))
    return hits


def _name_in_prose(text: str, start: int) -> bool:
    """A capitalised word inside a sentence after a lower-case word, or after another capitalised
    one outside a headline in title case: a name ("an aide to Axelrod", "David Axelrod's comment"),
    not a word of "Trump Slams Radical Plan"."""
    before = re.search(r"(\S+)\s+$", text[:start])
    return capital_inside_sentence(text, start) and before is not None \
        and (before.group(1)[:1].islower() or not title_case_line(text, start))


ENDINGS = frozenset({"", "s", "es", "d", "ed", "ing", "er", "ers", "st", "sts", "ist", "ists", "ism", "isms",
                     "y", "ies", "ly", "ic", "ish", "ous", "ness"})


def _not_an_ending(lex: Any, word: str) -> bool:
    """Is ``word`` matched by a prefix entry with more after it than an ending ("axe*" in
    "axelrod", "bash*" in "bashar"; not "leftist*" in "leftists")?"""
    word = re.sub(r"['’]s?$", "", word)
    if (word,) in lex.exact:
        return False
    prefix = next((word[:k] for k in range(len(word), 2, -1) if word[:k] in lex.prefixes), None)
    return prefix is not None and word[len(prefix):] not in ENDINGS


def _singular(phrase: str) -> str:
    from newsprism.analyze.similarity import stem

    words = phrase.split()
    return " ".join(words[:-1] + [stem(words[-1])]) if words else phrase


def tone(articles: Sequence[Article], docs: Sequence[Any], entities: Sequence[Entity]) -> list[Tone]:
    """Polarity (-1..1) of the sentences mentioning each main entity, per article."""
    main = [e for e in entities if len(set(e.articles)) >= 2] or list(entities)[:5]
    sentences = {a.id: _sentence_spans(a, d) for a, d in zip(articles, docs, strict=True)}
    texts = {a.id: a.text for a in articles}
    out = []
    for entity in main:
        per_article: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for m in entity.mentions:
            for s, e in sentences.get(m.article, ()):
                if s <= m.start < e:
                    per_article[m.article].add((s, e))
        for art, spans in sorted(per_article.items()):
            scores = [polarity(texts[art][s:e]) for s, e in sorted(spans)]
            out.append(Tone(entity.id, art, round(sum(scores) / len(scores), 3)))
    return out


def _sentence_spans(article: Article, doc: Any) -> list[tuple[int, int]]:
    if doc is not None:
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(s.start, s.end) for s in article.sentences] or [(0, len(article.text))]


def polarity(sentence: str) -> float:
    """(positive - negative) / (positive + negative + 1) with a negator flipping the next 3 words."""
    lex = polarity_lexicon()
    words = [w for w, _, _ in words_with_offsets(sentence)]
    pos = neg = 0.0
    flip_until = -1
    for k, w in enumerate(words):
        if w in _NEGATORS or w.endswith("n't"):
            flip_until = k + 3
            continue
        found = lex.match(words, k)
        if found is None or found[0] != 1:
            continue
        sign = 1 if found[1] == "+" else -1
        if k <= flip_until:
            sign = -sign
        if sign > 0:
            pos += 1
        else:
            neg += 1
    return (pos - neg) / (pos + neg + 1)


def find_framing(articles: Sequence[Article], docs: Sequence[Any], entities: Sequence[Entity],
                 quotes: Sequence[Quote] = ()) -> tuple[list[FramingHit], list[Tone]]:
    """Loaded wording and labels (hits), and tone per entity and article. Words inside a direct
    quote whose speaker ``quotes`` name (however short: “disgraceful”, Trump said) are the
    speaker's, not the outlet's, and quotation marks around them are no scare quotes. Loaded wording
    comes from the fine-tuned MiniLM tagger when it is available (``neural_tagger``), else from the lexicon."""
    from newsprism.analyze import neural_tagger

    learned = neural_tagger.available()
    docs = list(docs) if docs is not None else [None] * len(articles)
    said: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in quotes:
        if q.kind == "direct" and q.speaker:
            said[q.article].append((q.start, q.end))
    hits = [h for a, d in zip(articles, docs, strict=True) for h in find_loaded(a, _quoted(a.text), doc=d, learned=learned)
            if not any(s - 1 <= h.start < e + 1 or s - 1 <= h.end - 1 < e + 1 for s, e in said[a.id])]
    seen: set[tuple[str, int]] = set()
    for h in find_labels(articles, docs, entities):
        if (h.article, h.start) not in seen:
            seen.add((h.article, h.start))
            hits.append(h)
    hits.sort(key=lambda h: (h.article, h.start))
    return hits, tone(articles, docs, entities)
