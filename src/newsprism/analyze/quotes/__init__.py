"""Direct and indirect quotes in one article, and who said them.

Direct quotes come from the quotation marks themselves (straight or curly, a quote that runs on
into the next paragraph, a quote split by its cue); the parse is used only to find the cue verb
and its subject. A quote split by a short cue clause, ``"Part one," she said, "part two."``, is
ONE quote: its ``text`` joins the parts with a comma and ``start``/``end`` cover both parts (the
cue between them included), because outlets that quote the same words without the interruption
should be linked to it as the same quote, not flagged as a cut. A quote with no cue of its own
(a paragraph that is only a quote) continues the speaker of the attribution just before it, as
news style does.

Indirect quotes are clauses governed by a speech verb (``X said (that) ...``, ``X told reporters
...``, ``X warned/argued/claimed/denied ...``) or introduced by ``according to X``; a clause that
already holds a direct quote is not repeated as an indirect one.

A quote signed at the end of its line ("“...” ― Ana Ruiz", reader-reaction lists) is that
person's, and a transcript line ("WALLACE: ...", "Ana Ruiz: ...") is its label's. A title in quotation marks inside a sentence ("said on “Harbour Tonight”", "rated
“Mostly True”") is a name, not speech, and is left out; a chant ("“Ferry Now! Ferry Now!”") is kept.

Speakers are names, never pronouns: see ``names.NameBook``; the attribution itself is in ``speakers``. Words inside a quote never name
its speaker (the parser sometimes takes them for the subject of the cue after the quote), nor
do words of another paragraph. Only a speech verb makes any subject the speaker; another verb
("items labeled “X”") or a passive speech verb yields a speaker only when it names someone (a
wrong guess is worse than none). A few words in quotation marks with no speech verb and nobody
to attribute them to ("armed with “riot gear”") are a scare quote or a label, not a quote, and
are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsprism.analyze.names import FIRST_NAMES, build_namebook
from newsprism.analyze.quotes.links import link_quotes
from newsprism.analyze.quotes.marks import MARKS, direct_spans, merge_split
from newsprism.analyze.quotes.marks import words as _words
from newsprism.analyze.quotes.speakers import (
    CUE_VERBS,
    DASH_BYLINE,
    INDIRECT_CUES,
    capitalised,
    covered,
    direct_cue,
    doc_text,
    is_cue,
    lead_in,
    named_by_participle,
    names_own_speaker,
    person_word,
    previous_paragraph_person,
    sents_over,
    speaker_label,
    speaker_name,
    standalone,
    subject,
)
from newsprism.model import Article, Quote, stable_id

__all__ = ["CUE_VERBS", "direct_spans", "find_quotes", "link_quotes"]

SCARE_WORDS = 3  # at most this many words, with no speech verb: a scare quote, not a quote


def _title_like(s: str) -> bool:
    """``"R"``, ``"A"``: a letter or a label, not speech. (Titles such as "Good Morning America"
    are kept: in news they sit inside attributed speech as often as not.) A transcript's stage
    direction, "(CROSSTALK)", is not speech either."""
    return sum(len(w) for w in _words(s)) < 2 or bool(re.fullmatch(r"\([A-Z\s.,’'-]+\)\.?", s.strip()))


def _title_in_sentence(text: str, s: int, e: int) -> bool:
    """A name in quotation marks in the middle of a sentence: a show, a film, a rating, a nickname
    ("appeared on “Face the Nation”", "rated it “Mostly True.”"): two to five words, every one
    capitalised (small words aside), no question or exclamation (a chant, "“USA! USA!”", is
    speech), and the quote does not open its sentence."""
    if not 2 <= len(re.findall(r"[^\W_][\w'’-]*", text[s:e])) <= 5 or re.search(r"[?!]", text[s:e]):
        return False
    if not capitalised(text[s:e]):
        return False
    before = text[text.rfind("\n", 0, s) + 1:s].rstrip(" \t\u00a0" + MARKS)
    possessive = before[-2:] in ("s'", "s’")  # "on Fox News' “America’s Newsroom”"
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;(" or possessive)


def _scare(doc: Any, s: int, e: int, cue: Any | None) -> bool:
    """A term in quotation marks, not speech: a few words inside a sentence with no speech verb
    attributing them ("armed with “assault weapons”", "the so-called “deal”"). The writer is
    distancing, naming or citing a label; there is nobody to attribute it to."""
    if cue is not None and is_cue(cue):
        return False
    return len(_words(doc_text(doc)[s:e])) <= SCARE_WORDS and not standalone(doc, s, e)

# -- the public function ------------------------------------------------------------------------


def find_quotes(article: Article, doc: Any | None = None) -> list[Quote]:
    """Direct and indirect quotes of ``article`` with their speakers, in text order."""
    text = article.text
    if not text.strip():
        return []
    if doc is None:
        from newsprism.analyze.nlp import parse_one

        doc = parse_one(text)
    spans = merge_split(text, direct_spans(text))
    reading = _Reading(article, doc, [(a, b) for parts in spans for a, b, _ in parts])
    doc.user_data["newsprism_quote_spans"] = reading.quote_spans
    events: list[tuple[int, str, Any]] = [(p[0][0], "direct", p) for p in spans]
    events += [(c.idx, "indirect", c) for c in doc if is_cue(c) and not covered(c.idx, reading.quote_spans)]
    for _, kind, item in sorted(events, key=lambda x: x[0]):
        quote = reading.direct(item) if kind == "direct" else reading.indirect(item)
        if quote is not None:
            reading.found(quote)
    return sorted(reading.quotes, key=lambda q: q.start)


class _Reading:
    """One pass over an article's quotes in text order, with what the pass has learnt so far: the
    names (``NameBook``), where the last attribution ended and whose it was, the last direct quote
    (an open quote goes on in the next paragraph) and the cue verbs already used."""

    def __init__(self, article: Article, doc: Any, quote_spans: list[tuple[int, int]]) -> None:
        self.article, self.doc, self.text = article, doc, article.text
        self.quote_spans = quote_spans
        self.book = build_namebook(doc)
        self.quotes: list[Quote] = []
        self.last: tuple[int, str | None] = (-1, None)  # where the last attribution ended, and its speaker
        self.prev_direct: tuple[int, bool, str | None] = (-1, True, None)  # end, closed, speaker
        self.used_cues: set[int] = set()

    def found(self, quote: Quote) -> None:
        self.quotes.append(quote)
        speaker = quote.speaker
        if speaker is not None and speaker[:1].isupper():
            self.book.add_subject(quote.start, speaker)
        self.last = (quote.end, speaker) if speaker else (quote.end, self.last[1])

    def direct(self, parts: list[tuple[int, int, bool]]) -> Quote | None:
        """The quote in quotation marks ``parts`` (one, or several split by a cue), or None when
        it is a title, a label or a scare quote."""
        text, doc, book = self.text, self.doc, self.book
        s, e = parts[0][0], parts[-1][1]
        signed = DASH_BYLINE.match(text, e)
        label = speaker_label(doc, s)
        cue = None
        speaker: str | None
        if label is not None:
            # the label is not part of what was said
            parts = [(label.end(), parts[0][1], parts[0][2]), *parts[1:]]
            s = label.end()
            speaker = book.full_name(label.group("name").rstrip(".").title())
        elif signed is not None:
            speaker = book.add_person(signed.group("name").rstrip("."))
        else:
            if len(parts) == 1 and (_title_in_sentence(text, s, e) or _nickname(text, s, e)
                                    or named_by_participle(doc, s)):
                return None
            cue, subj = direct_cue(doc, s, e, self.quote_spans, book)
            if cue is None and _title_like(text[s:e]):
                return None
            if subj is None and len(parts) == 1 and _scare(doc, s, e, cue):
                return None
            if cue is not None:
                self.used_cues.add(cue.i)
            speaker = self._speaker_of(s, subj, text[s:e])
            if speaker and _only_names(text[s:e], speaker):
                return None  # "posted on YouTube by “DCCameraGuy”": a name in quotation marks
        self.prev_direct = (e, parts[-1][2], speaker)
        cue_text = ":" if label is not None else "―" if signed is not None else cue.text if cue is not None else None
        return Quote(id=stable_id(self.article.id, str(s)), text=", ".join(text[a:b] for a, b, _ in parts),
                     speaker=speaker, article=self.article.id, start=s, end=e, kind="direct", cue=cue_text)

    def _speaker_of(self, s: int, subj: Any | None, said: str = "") -> str | None:
        """The speaker of a direct quote at ``s``: its cue's subject, else the speaker it continues."""
        if subj is not None:
            return speaker_name(subj, self.book, said)
        if (to := _to_whom(self.doc, s)) is not None:
            return speaker_name(to, self.book, said)  # "To Rep. Ana Ruiz, the bill “...”"
        end, closed, speaker = self.prev_direct
        if not closed and not self.text[end:s].strip(" \n" + MARKS):
            return speaker  # the next paragraph of a quote left open
        if (lead := lead_in(self.doc, s, self.quote_spans)) is not None:
            return speaker_name(lead, self.book)  # "Ana Ruiz agreed. “...”"
        if (named := previous_paragraph_person(self.doc, s, self.quote_spans, self.last[0])) is not None:
            return speaker_name(named, self.book)  # "Ruiz vetoed the bill. ¶ “...”"
        if self.last[1] is not None and s - self.last[0] < 1200:
            return self.last[1]  # quoted speech with no cue of its own goes on with the last speaker
        return None

    def indirect(self, cue: Any) -> Quote | None:
        """The reported clause of a speech verb ("X said (that) ..."), unless its cue was used."""
        content = _indirect_content(cue, self.quote_spans)
        if content is None or cue.i in self.used_cues:
            return None
        s, e = content
        if e <= cue.idx and cue.lower_ != "according" and not names_own_speaker(cue):
            return None  # "Pelosi is not upset over ..., said just hours after ...": nobody is said to say it
        subj = subject(cue)
        speaker = speaker_name(subj, self.book, self.text[s:e]) if subj is not None else None
        if speaker is None and any(q.kind == "indirect" and q.start <= s and e <= q.end for q in self.quotes):
            return None  # "Most said they agreed that ...": part of what the outer quote reports
        return Quote(id=stable_id(self.article.id, str(s)), text=self.text[s:e], speaker=speaker,
                     article=self.article.id, start=s, end=e, kind="indirect", cue=cue.text)


def _to_whom(doc: Any, s: int) -> Any | None:
    """The person of a sentence that opens "To X, ..." before a quote with no speech verb: in
    her view, the words are hers ("To Rep. Ana Ruiz, D-Korvel, the bill “gives power back”")."""
    sents = sents_over(doc, s, s + 1)
    if not sents or sents[0][0].lower_ != "to" or sents[0][0].idx >= s:
        return None
    person = next((c for c in sents[0][0].children if c.dep_ == "pobj"), None)
    return person if person is not None and person.idx < s and person_word(person) else None


def _indirect_content(cue: Any, quote_spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Character span of the reported clause for a speech verb or 'according to', if any."""
    doc = cue.doc
    if cue.lower_ == "according":
        head = cue.head
        if head is cue:
            return None
        prep = list(cue.subtree)
        p0, p1 = prep[0].i, prep[-1].i
        clause = [t for t in head.subtree if not (p0 <= t.i <= p1)]
        if not clause:
            return None
        before = [t for t in clause if t.i < p0]
        after = [t for t in clause if t.i > p1]
        part = after if len(after) >= len(before) else before
        return _token_span(doc, part, quote_spans)
    if cue.lemma_.lower() not in INDIRECT_CUES or unsaid(cue):
        return None
    # the clause after the verb first; one before it ("The plan is dead, Ruiz said") only when
    # nothing but the verb's subject, auxiliaries and commas stand between ("...; however, as
    # late as Monday, he was still saying that ...": the clause before is not what was said)
    for c in sorted(cue.children, key=lambda c: c.i < cue.i):
        if c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) \
                and not any(g.dep_ == "mark" and g.lower_ in ("whether", "if") for g in c.children) \
                and not _asks(cue, c) \
                and (c.i > cue.i or not any(t.text in ";:" for t in doc[c.right_edge.i + 1:cue.i])):
            # what was said lies on one side of the verb ("which critics say would have ...": not "which")
            side = [t for t in c.subtree if (t.i > cue.i) == (c.i > cue.i)]
            return _token_span(doc, side, quote_spans)
    return None


def _asks(cue: Any, clause: Any) -> bool:
    """Is ``clause`` an embedded question right after the verb ("meant to reveal who funds the
    ads"), not a report? (Not "he said, “What outlet isn't taking sides?”", set off by a comma.)"""
    first = clause.left_edge
    return (first.i > cue.i and first.tag_ in ("WP", "WP$", "WDT") and first.lower_ != "that"
            and not any(t.is_punct for t in cue.doc[cue.i + 1:first.i]))


def unsaid(cue: Any) -> bool:
    """Is the speech verb denied or only supposed, so that nobody said the clause it governs: "did
    not say that ...", "rather than declare that ...", "instead of announcing that ..."?"""
    if any(c.dep_ == "neg" for c in cue.children):
        return True  # (only the verb's own: "X didn't stop, but aides told reporters that ..." is said)
    verb = cue
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head  # "rather than go ahead and declare ...": what "rather than" governs
    if any(c.dep_ == "mark" and c.lower_ == "than" and any(a.lower_ == "rather" for a in verb.children)
           for c in verb.children):
        return True
    return verb.dep_ == "pcomp" and (verb.head.lower_ == "without"
                                     or (verb.head.lower_ == "of" and any(a.lower_ == "instead" for a in verb.head.children)))


def _token_span(doc: Any, toks: list[Any], quote_spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The reported clause's characters: without a leading "that", "But" or dateline ("WASHINGTON —")."""
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ in ("mark", "cc") or toks[0].text in MARKS
                    or (len(toks) > 1 and toks[0].text.isupper() and len(toks[0].text) > 2
                        and toks[1].text in ("—", "–", "-", "--"))):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].text in MARKS or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if len([t for t in toks if not t.is_punct]) < 4:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if any(qs < e and s < qe for qs, qe in quote_spans):
        return None
    return s, e


_NAME_WORD = re.compile(r"[A-Z][\w.’'-]*")


def _nickname(text: str, s: int, e: int) -> bool:
    """A one- or two-word nickname in quotation marks between a first name and a surname:
    William “Mo” Cowan (not a word quoted in a headline in title case)."""
    before = re.search(r"(\S+)\s*\S?$", text[max(0, s - 40):s])
    after = re.match(r"\S?\s*(\S+)", text[e:e + 40])
    return (len(text[s:e].split()) <= 2 and text[s:s + 1].isupper() and before is not None and after is not None
            and before.group(1).lower() in FIRST_NAMES and bool(_NAME_WORD.match(after.group(1))))


def _only_names(quoted: str, speaker: str) -> bool:
    """Do the quoted words only name the speaker?"""
    said = set(re.findall(r"\w+", quoted.lower()))
    return bool(said) and said <= set(re.findall(r"\w+", speaker.lower()))
