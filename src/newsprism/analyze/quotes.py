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

Speakers are names, never pronouns: see ``speakers.NameBook``. Words inside a quote never name
its speaker (the parser sometimes takes them for the subject of the cue after the quote), nor
do words of another paragraph. Only a speech verb makes any subject the speaker; another verb
("items labeled “X”") or a passive speech verb yields a speaker only when it names someone (a
wrong guess is worse than none). A few words in quotation marks with no speech verb and nobody
to attribute them to ("armed with “riot gear”") are a scare quote or a label, not a quote, and
are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from newsprism.analyze.quote_marks import MARKS, direct_spans, merge_split
from newsprism.analyze.quote_marks import words as _words
from newsprism.analyze.speakers import (
    PERSON_PRONOUNS,
    TITLES,
    NameBook,
    build_namebook,
    clean_name,
    lexicon,
    role_qualifiers,
    with_title,
)
from newsprism.model import Article, Quote, stable_id

__all__ = ["find_quotes", "link_quotes", "CUE_VERBS"]

CUE_VERBS = lexicon("speech_verbs.txt")
# verbs whose clause complement is reported speech (``think``/``believe`` are not speech)
INDIRECT_CUES = CUE_VERBS - {"ask", "continue", "read", "describe", "wonder", "point", "call", "dub", "label",
                             "brand", "praise", "slam", "blast", "criticize", "criticise", "thank", "chant",
                             "cry", "mock", "quote", "cite", "accuse", "demand", "signal"}
# "X prompted/urged/asked Y to say ...": the object of these verbs is who speaks
OBJECT_CONTROL = frozenset({"prompt", "urge", "ask", "tell", "lead", "force", "invite", "encourage", "push",
                            "pressure", "inspire", "press", "cause", "get"})
# common nouns that name who speaks ("a spokeswoman said", "the campaign said")
SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "aide", "campaign",
                           "adviser", "advisor", "source", "statement", "report", "lawyer", "attorney",
                           "candidate", "nominee", "senator", "governor", "analyst", "expert", "critic",
                           "supporter", "voter", "protester", "organizer", "committee", "group", "team",
                           "newspaper", "paper", "network", "website", "poll", "survey", "study", "article",
                           "piece", "story", "ad", "advertisement", "letter", "email", "memo", "tweet", "post",
                           "editorial", "column", "book", "document", "filing", "complaint", "lawsuit", "release",
                           "speech", "message", "doctor", "host", "anchor", "reporter", "writer", "author"})
# things that speak for whoever issued them ("a statement from X", "X's memo")
DOCUMENT_NOUNS = frozenset({"statement", "memo", "report", "release", "letter", "email", "tweet", "post", "ad",
                            "advertisement", "filing", "complaint", "order", "ruling", "caption", "message",
                            "study", "poll", "survey", "story", "article", "editorial", "missive", "note",
                            "transcript", "video", "commercial", "spot"})
# speech verbs whose speaker may follow them ("..., said Ruiz", "added Berg"): the others' objects are
# who is spoken to or about ("told Ruiz", "called Berg “nimble”", "denounced Clinton as “terrible”")
INVERTIBLE = frozenset({"say", "add", "write", "explain", "continue", "note", "recall", "declare", "conclude",
                        "insist", "argue", "warn", "admit", "reply", "respond", "answer", "observe", "remark",
                        "state", "tweet", "post", "quip", "joke", "exclaim", "concede", "counter", "retort",
                        "muse", "scoff", "shout", "yell", "whisper", "cry", "plead", "claim", "predict", "recount",
                        "reiterate", "repeat", "confirm", "announce", "acknowledge", "agree", "boast", "complain",
                        "emphasize", "emphasise", "stress", "maintain", "contend", "assert", "lament", "report"})
MAX_CLIMB = 4  # clauses climbed from a speech verb to the clause that names its subject
SCARE_WORDS = 3  # at most this many words, with no speech verb: a scare quote, not a quote
# a quote signed at the end of its line or on the next one: "“...” ― Ana Ruiz", "“...” - Ana Ruiz, 34, Tucson"
_DASH_BYLINE = re.compile(r"[\"”»]?(?:[^\S\n]*\n){0,2}[^\S\n]*[―—–-]{1,2}[^\S\n]*(?P<name>[A-Z][\w'’.-]*(?:[^\S\n]+[A-Z][\w'’.-]*){0,4})"
                          r"[^\S\n]*(?:[,(][^\n]{0,80})?[^\S\n]*(?:\n|$)")

# a transcript line opens with its speaker's label: "WALLACE: But, Governor ...", "Chris Matthews: ..."
_LABEL = re.compile(r"(?P<name>[A-Z][\w'’.-]+(?:[^\S\n][A-Z][\w'’.-]+){0,2}):[^\S\n]+(?=\S)")


def _speaker_label(doc: Any, s: int) -> re.Match[str] | None:
    """A transcript label opening the quote at ``s``: a name in capitals ("WALLACE:") or a person's
    name ("Chris Matthews:"), not "Update:" or "Note:"."""
    label = _LABEL.match(_text(doc), s)
    if label is None:
        return None
    name = label.group("name")
    tok = _token_at(doc, s)
    return label if name.isupper() or (tok is not None and tok.ent_type_ == "PERSON") else None


def _title_like(s: str) -> bool:
    """``"R"``, ``"A"``: a letter or a label, not speech. (Titles such as "Good Morning America"
    are kept: in news they sit inside attributed speech as often as not.) A transcript's stage
    direction, "(CROSSTALK)", is not speech either."""
    return sum(len(w) for w in _words(s)) < 2 or bool(re.fullmatch(r"\([A-Z\s.,’'-]+\)\.?", s.strip()))


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
                          "vs", "de", "la", "&"})


def _title_in_sentence(text: str, s: int, e: int) -> bool:
    """A name in quotation marks in the middle of a sentence: a show, a film, a rating, a nickname
    ("appeared on “Face the Nation”", "rated it “Mostly True.”"): two to five words, every one
    capitalised (small words aside), no question or exclamation (a chant, "“USA! USA!”", is
    speech), and the quote does not open its sentence."""
    if not 2 <= len(re.findall(r"[^\W_][\w'’-]*", text[s:e])) <= 5 or re.search(r"[?!]", text[s:e]):
        return False
    if not _capitalised(text[s:e]):
        return False
    before = text[text.rfind("\n", 0, s) + 1:s].rstrip(" \t\u00a0" + MARKS)
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;(")


def _scare(doc: Any, s: int, e: int, cue: Any | None) -> bool:
    """A term in quotation marks, not speech: a few words inside a sentence with no speech verb
    attributing them ("armed with “assault weapons”", "the so-called “deal”"). The writer is
    distancing, naming or citing a label; there is nobody to attribute it to."""
    if cue is not None and _is_cue(cue):
        return False
    return len(_words(_text(doc)[s:e])) <= SCARE_WORDS and not _standalone(doc, s, e)


def _is_cue(tok: Any) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    return bool(tok.lemma_.lower() in CUE_VERBS and tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod")


def _subject(verb: Any, depth: int = 0, speech: bool | None = None) -> Any | None:
    """The token that names who speaks through ``verb`` (its subject, or the object of 'according to').
    ``speech``: whether the climb started at a speech verb (found by itself when not given)."""
    if speech is None:
        speech = _is_cue(verb)
    if verb.lower_ == "according":
        for to in verb.children:
            if to.lower_ == "to":
                for c in to.children:
                    if c.dep_ == "pobj":
                        return c
        return None
    inverted = _inverted_speaker(verb)
    if inverted is not None:
        return inverted
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    for c in verb.children:
        if c.dep_ == "nsubjpass" and verb.lemma_.lower() != "quote" and _is_cue(verb):
            # "the lights were labeled “X” by the makers": who is labeled does not speak
            agent = next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"),
                         None)
            return agent
        if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ not in ("DATE", "TIME") and _usable(c, verb) \
                and not (verb.tag_ == "VBG" and c.i > verb.i):  # "..., saying Clinton would ...": not Clinton
            return c
    # "said Smith" is sometimes parsed with Smith as the object or attribute, or (after a quote
    # the parser ran into the sentence) as anything right of the verb
    for c in verb.rights if verb.lemma_.lower() in INVERTIBLE else ():
        if c.dep_ in ("dobj", "attr", "npadvmod", "appos", "nsubj", "conj") and c.ent_type_ == "PERSON" \
                and _usable(c, verb):
            return c
    named = _named_after_quote(verb)
    if named is not None:
        return named
    if (verb.tag_ == "VBG" and before is not None and before.ent_type_ in ("PERSON", "ORG") and before.dep_ == "pobj"
            and before.head.lower_ == "of" and _usable(before, verb)):
        return before  # "footage of Hillary Clinton asking, “...”"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "a man yelling ..."
    infinitive = verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and any(c.lower_ == "to" for c in verb.lefts))
    if infinitive and speech and verb.head.lemma_.lower() in OBJECT_CONTROL:
        obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj  # "prompted the atlas to state ...": the object speaks (not "urged them to make sure ...")
    if (depth < MAX_CLIMB and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "relcl"
            and verb.i > 0 and verb.doc[verb.i - 1].text == ","):
        # "... paying an architect who said he was stiffed, saying, “...”": the participle after
        # the comma goes with the clause the relative clause hangs from
        return _subject(verb.head.head.head, depth + 1, speech) if verb.head.head.head is not verb.head.head else None
    if depth < MAX_CLIMB and verb.dep_ in ("conj", "xcomp", "advcl", "relcl") and verb.head is not verb:
        # "Lee said the plan could be “messy,” adding, “...”": the speaker of ``adding`` is the
        # subject of the speech verb above it, not of the nearest clause ("the plan")
        for a in verb.ancestors if speech else ():
            if _is_cue(a) and a.lower_ != "according" and not _quoted(a):
                subj = next((c for c in a.children if c.dep_ in ("nsubj", "nsubjpass") and _usable(c, verb)), None)
                if subj is not None and subj.dep_ == "nsubjpass":
                    return _subject(a)  # "Ruiz was asked by Berg, who ...": the asker speaks
                if subj is not None:
                    return subj
        return _subject(verb.head, depth + 1, speech)
    if depth < MAX_CLIMB and verb.dep_ == "pcomp" and verb.head.head is not verb.head:
        return _subject(verb.head.head, depth + 1, speech)  # "... by saying"
    if depth == 0:
        # a parse without a subject ("“...,” Brent Bozell III, founder of X, tells Y"): the
        # nearest person named before the verb in its sentence
        sent = _sent_of(verb)
        for t in reversed(list(sent)[: verb.i - sent.start]):
            if (t.ent_type_ == "PERSON" and t.text not in MARKS and _usable(t, verb)
                    and t.dep_ not in ("dobj", "pobj", "iobj", "dative", "poss")):  # not "summed up Clinton as"
                return t
            if t.pos_ == "VERB" and t.dep_ not in ("amod",):
                break
    return None


def _inverted_speaker(verb: Any) -> Any | None:
    """"..., said Christine Link", "Said Ellis: ...": a person right after a speech verb that opens
    its clause speaks, whatever the parse (not ", saying Clinton would ...", not "told Ruiz")."""
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if (after is None or after.ent_type_ != "PERSON" or not _is_cue(verb) or verb.tag_ == "VBG"
            or verb.lemma_.lower() not in INVERTIBLE or not _usable(after, verb)):
        return None
    return after if before is None or before.text in {",", "”", '"', "’"} or verb.is_sent_start else None


def _named_after_quote(verb: Any) -> Any | None:
    """"“...,” Tulsa police Chief Chuck Jordan said": the first person named between a closing
    quotation mark and the speech verb, when the parse gave the verb no subject of its own and no
    other verb, preposition or conjunction stands between them ("“...,” Blige sings to Clinton
    before asking" is not Clinton's)."""
    if not _is_cue(verb) or verb.lower_ == "according":
        return None
    doc = verb.doc
    person = None
    for k in range(verb.i - 1, max(verb.i - 12, -1), -1):
        t = doc[k]
        if t.text in MARKS or (t.text == "," and k > 0 and doc[k - 1].text in MARKS):
            return person
        if t.is_space or _quoted(t) or t.text in ".!?;:" or (t.pos_ in ("VERB", "AUX") and not t.ent_type_) \
                or t.pos_ in ("ADP", "CCONJ", "SCONJ"):
            return None  # "... “attacked” Clinton, and said": Clinton is not who said it
        if t.ent_type_ == "PERSON" and _usable(t, verb):
            person = t
    return None


def _usable(tok: Any, verb: Any) -> bool:
    """Can ``tok`` name who speaks through ``verb``? A word (a dash can be misparsed as the
    subject), not a word of a quote, not a dateline, and in
    the verb's paragraph (the parser sometimes runs a sentence over a paragraph break: "Long
    Beach, Calif. ¶ At the debate, Clinton said ...")."""
    lo, hi = sorted((tok.idx, verb.idx))
    return any(ch.isalnum() for ch in tok.text) and not _quoted(tok) and not _dateline(tok) and "\n" not in _text(tok.doc)[lo:hi]


def _quoted(tok: Any, titles: bool = True) -> bool:
    """Is ``tok`` inside a direct quote? Words of the quote never name who speaks it. With
    ``titles=False``, a name in quotation marks (every word capitalised: "the authors of the
    “Growth and Opportunity Project”") does not count as a quote."""
    text = _text(tok.doc)
    return any(s <= tok.idx < e and (titles or not _capitalised(text[s:e]))
               for s, e in tok.doc.user_data.get("newsprism_quote_spans", ()))


def _capitalised(s: str) -> bool:
    toks = re.findall(r"[^\W_][\w'’-]*", s)
    return bool(toks) and all(t[0].isupper() or t[0].isdigit() or t.lower() in _MINOR_WORDS for t in toks)


def _dateline(tok: Any) -> bool:
    """"WASHINGTON (AP) —" misparsed as the subject of the first sentence: a place, not a speaker."""
    return bool(tok.ent_type_ in ("GPE", "LOC") and tok.text.isupper() and len(tok.text) > 2)


def _sents(doc: Any) -> list[Any]:
    """The doc's sentences, computed once (``Doc.sents`` and ``Token.sent`` rescan the doc)."""
    cached = doc.user_data.get("newsprism_sents")
    if cached is None:
        cached = doc.user_data["newsprism_sents"] = list(doc.sents)
        doc.user_data["newsprism_sent_starts"] = [st.start for st in cached]
    return list(cached)


def _text(doc: Any) -> str:
    """``Doc.text`` rebuilds the string on every access; keep one copy."""
    text = doc.user_data.get("newsprism_text")
    if text is None:
        text = doc.user_data["newsprism_text"] = doc.text
    return str(text)


def _sent_of(tok: Any) -> Any:
    sents = _sents(tok.doc)
    return sents[bisect_right(tok.doc.user_data["newsprism_sent_starts"], tok.i) - 1]


def _sents_over(doc: Any, s: int, e: int) -> list[Any]:
    return [st for st in _sents(doc) if st.start_char < e and st.end_char > s]


def _ent_of(tok: Any) -> Any | None:
    ents = tok.doc.user_data.get("newsprism_ents")
    if ents is None:
        ents = tok.doc.user_data["newsprism_ents"] = {i: ent for ent in tok.doc.ents for i in range(ent.start, ent.end)}
    return ents.get(tok.i)


def speaker_name(tok: Any, book: NameBook) -> str | None:
    """The fullest name for the speaker token: an entity, a name behind a role, or the noun phrase."""
    if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.lower_ in PERSON_PRONOUNS or tok.pos_ == "PRON":
        return book.resolve_pronoun(tok.lower_, tok.idx) if tok.lower_ in ("he", "she", "him", "her") else None
    ent = _ent_of(tok)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
        name = clean_name(ent.text)
        if ent.label_ == "PERSON" or name.lower() in book.surnames:
            return book.add_person(with_title(ent))
        return name
    # a role noun: its named holder, in apposition or known from earlier in the article
    if tok.pos_ != "PROPN":
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return speaker_name(c, book)
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if det is not None and det.lower_ == "the" and tok.text.islower() and book.is_role(tok.lemma_):
        holder = book.role_holder(tok.lemma_, tok.idx, role_qualifiers(tok))  # "the senator": who holds it here
        if holder is not None:
            return holder
    if tok.pos_ == "PROPN":
        parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
        return book.full_name(_join(parts))
    ps, pe = _paragraph(_text(tok.doc), tok.idx, tok.idx)
    if tok.lemma_.lower() in DOCUMENT_NOUNS:
        # "a statement released by Fox News", "the senator's letter": who issued it speaks
        # (not whoever it went to or what it says: "a letter to the State Department that excoriated Biden")
        sent_to = {t.i for c in tok.children if c.dep_ == "relcl" or (c.dep_ == "prep" and c.lower_ in
                                                                       ("to", "for", "about", "on"))
                   for t in c.subtree}
        issuer = next((t for t in tok.subtree if t is not tok and ps <= t.idx < pe and not _quoted(t)
                       and t.i not in sent_to and t.ent_type_ in ("PERSON", "ORG", "NORP") and t.pos_ == "PROPN"),
                      None)
        if issuer is None and tok.dep_ == "dobj":
            # "His office put out a statement saying ...": who put it out
            issuer = next((c for c in tok.head.children if c.dep_ == "nsubj" and ps <= c.idx < pe), None)
        if issuer is not None:
            return speaker_name(issuer, book)
    skip = [a for a in tok.children if a.dep_ in ("relcl", "appos", "punct", "acl", "advcl", "cc", "conj")]
    keep = [c for c in tok.subtree if ps <= c.idx < pe and not c.is_space and c.text not in MARKS
            and not _quoted(c, titles=False) and not any(c in a.subtree for a in skip)]
    words = [t for t in keep if not (t.dep_ == "det" and t.head is tok)][:8]
    return _join(words) or None


def _join(toks: Sequence[Any]) -> str:
    """Tokens as the article wrote them ("Cruz’s lawyers", not "Cruz ’s lawyers")."""
    return "".join(t.text_with_ws if i + 1 < len(toks) and toks[i + 1].i == t.i + 1 else t.text + " "
                   for i, t in enumerate(toks)).strip()


def _covered(i: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s - 1 <= i < e + 1 for s, e in spans)


def _paragraph(text: str, s: int, e: int) -> tuple[int, int]:
    return text.rfind("\n", 0, s) + 1, (text.find("\n", e) if text.find("\n", e) >= 0 else len(text))


def _sentence_cues(doc: Any, s: int, e: int, spans: Sequence[tuple[int, int]]) -> list[Any]:
    """Cue tokens outside any quote in the sentences that overlap [s, e), nearest first.

    Only tokens of the quote's own paragraph count (the parser sometimes runs a sentence across
    a paragraph break).
    """
    text = _text(doc)
    ps, pe = _paragraph(text, s, e)
    sents = _sents_over(doc, s - 1, e + 1)
    if not sents:
        return []

    def usable(t: Any, lo: int = ps, hi: int = pe) -> bool:
        return lo <= t.idx < hi and not _covered(t.idx, spans) and _is_cue(t)

    toks = [t for st in sents for t in st if usable(t)]
    if not toks:
        # "“...” she said." can be a sentence of its own
        last = sents[-1]
        if last.end < len(doc):
            nxt = _sent_of(doc[last.end])
            if nxt.start_char - e <= 3:  # the cue opens the next "sentence": a name and a verb
                # ... unless that verb reports something of its own ("She further announced that ...")
                toks = [t for t in list(nxt)[:8] if usable(t) and not any(c.dep_ == "ccomp" for c in t.children)]

    def rank(t: Any) -> tuple[int, int, int]:
        anchor = t.head if t.lower_ == "according" else t
        # the quote is what the verb reports, not a word of its subject ("Holm said the ad
        # “unmistakably” suggests ...": the ad suggests nothing the quote holds)
        said = [d for c in anchor.children if c.dep_ not in ("nsubj", "nsubjpass") for d in c.subtree]
        linked = any(s <= d.idx < e for d in said) or any(s <= a.idx < e for a in t.ancestors)
        dist = s - t.idx if t.idx < s else t.idx - e
        return (0 if linked else 1, 0 if _subject(t) is not None else 1, dist)

    return sorted(toks, key=rank)


def _lead_in(doc: Any, s: int, quote_spans: Sequence[tuple[int, int]]) -> Any | None:
    """Who speaks in a quote that follows a speech verb's own sentence in its paragraph: "Ana
    Ruiz agreed. “...”", "Or maybe Jeb Bush, consultant Phil Musser says. “...”"."""
    text = _text(doc)
    ps = text.rfind("\n", 0, s) + 1
    if not text[ps:s].strip(" \t" + MARKS):
        return None
    prev = [st for st in _sents(doc) if ps <= st.end_char <= s + 1 and st.start_char < s]
    if not prev:
        return None
    for tok in reversed(list(prev[-1])):
        if tok.idx >= ps and not _covered(tok.idx, quote_spans) and _is_cue(tok):
            subj = _subject(tok)
            if subj is not None:
                return subj
    return None


def _governor(doc: Any, s: int, e: int) -> Any | None:
    """For a quote set inside a sentence without a speech verb ("Cruz vowed to fight “today”",
    "Sanders backs “free college”"), the nearest verb above it that has a subject."""
    inside = [t for st in _sents_over(doc, s, e) for t in st if s <= t.idx < e]
    tops = [t for t in inside if not (s <= t.head.idx < e) or t.head is t]
    for top in tops[:1]:
        for a in [top, *top.ancestors]:
            if s <= a.idx < e:
                continue
            if a.pos_ == "VERB" and _subject(a) is not None:
                return a
    return None


def _standalone(doc: Any, s: int, e: int) -> bool:
    """True when the quote's sentence holds nothing but the quote (a paragraph of quoted speech)."""
    text = _text(doc)
    ps, pe = _paragraph(text, s, e)
    sents = _sents_over(doc, s, e)
    lo = max(ps, min((st.start_char for st in sents), default=s))
    hi = min(pe, max((st.end_char for st in sents), default=e))
    outside = text[lo:max(lo, s - 1)] + text[min(hi, e + 1):hi]
    return not re.search(r"\w", outside)


# -- the public function ------------------------------------------------------------------------
def find_quotes(article: Article, doc: Any | None = None) -> list[Quote]:
    """Direct and indirect quotes of ``article`` with their speakers, in text order."""
    text = article.text
    if not text.strip():
        return []
    if doc is None:
        from newsprism.analyze.nlp import parse_one

        doc = parse_one(text)
    book = build_namebook(doc)
    spans = merge_split(text, direct_spans(text))
    quote_spans = [(a, b) for parts in spans for a, b, _ in parts]
    doc.user_data["newsprism_quote_spans"] = quote_spans
    found: list[Quote] = []
    last: tuple[int, str | None] = (-1, None)  # where the last attribution ended, and its speaker
    prev_direct: tuple[int, bool, str | None] = (-1, True, None)  # end, closed, speaker
    used_cues: set[int] = set()
    events: list[tuple[int, str, Any]] = [(p[0][0], "direct", p) for p in spans]
    events += [(c.idx, "indirect", c) for c in doc if _is_cue(c) and not _covered(c.idx, quote_spans)]
    for _, kind, item in sorted(events, key=lambda x: x[0]):
        if kind == "direct":
            s, e = item[0][0], item[-1][1]
            signed = _DASH_BYLINE.match(text, e)
            label = _speaker_label(doc, s)
            cue = None
            if label is not None:
                # the label is not part of what was said
                item = [(label.end(), item[0][1], item[0][2]), *item[1:]]
                s = label.end()
                speaker = book.full_name(label.group("name").rstrip(".").title())
            elif signed is not None:
                speaker = book.add_person(signed.group("name").rstrip("."))
            else:
                if len(item) == 1 and _title_in_sentence(text, s, e):
                    continue
                cue, subj = _direct_cue(doc, s, e, quote_spans, book)
                if cue is None and _title_like(text[s:e]):
                    continue
                if subj is None and len(item) == 1 and _scare(doc, s, e, cue):
                    continue
                speaker = None
                if cue is not None:
                    used_cues.add(cue.i)
                if subj is not None:
                    speaker = speaker_name(subj, book)
                elif not prev_direct[1] and not text[prev_direct[0]:s].strip(" \n" + MARKS):
                    speaker = prev_direct[2]  # the next paragraph of a quote left open
                elif (lead := _lead_in(doc, s, quote_spans)) is not None:
                    speaker = speaker_name(lead, book)  # "Ana Ruiz agreed. “...”"
                elif last[1] is not None and s - last[0] < 1200:
                    speaker = last[1]  # quoted speech with no cue of its own goes on with the last speaker
            prev_direct = (e, item[-1][2], speaker)
            cue_text = ":" if label is not None else "―" if signed is not None else cue.text if cue is not None else None
            found.append(Quote(id=stable_id(article.id, str(s)), text=", ".join(text[a:b] for a, b, _ in item),
                               speaker=speaker, article=article.id, start=s, end=e, kind="direct", cue=cue_text))
        else:
            cue = item
            content = _indirect_content(cue, quote_spans)
            if content is None or cue.i in used_cues:
                continue
            s, e = content
            subj = _subject(cue)
            speaker = speaker_name(subj, book) if subj is not None else None
            found.append(Quote(id=stable_id(article.id, str(s)), text=text[s:e], speaker=speaker,
                               article=article.id, start=s, end=e, kind="indirect", cue=cue.text))
        if speaker is not None and speaker[:1].isupper():
            book.add_subject(found[-1].start, speaker)
        last = (found[-1].end, speaker) if speaker else (found[-1].end, last[1])
    found.sort(key=lambda q: q.start)
    return found


def _direct_cue(doc: Any, s: int, e: int, quote_spans: Sequence[tuple[int, int]],
                book: NameBook) -> tuple[Any | None, Any | None]:
    """The verb that attributes the direct quote [s, e) and the token naming its speaker: a
    speech verb of its sentence, a name or verb before a colon that introduces it, or the verb
    governing a quote set inside a clause.

    Only a speech verb makes any subject the speaker. Behind another verb ("the timing doesn't
    surprise pollster Dana Shaw:", "items labeled “Made here”") the speaker must look like one
    (a name, a person pronoun, a known role), else the quote keeps no speaker: a wrong guess is
    worse than none.
    """
    cues = _sentence_cues(doc, s, e, quote_spans)
    if cues:
        return cues[0], _subject(cues[0])
    cue, subj = _colon_cue(doc, s, quote_spans, book)
    if cue is None and subj is None and not _standalone(doc, s, e):
        cue = _governor(doc, s, e)
        subj = _subject(cue) if cue is not None else None
    if cue is not None and subj is not None and not _is_cue(cue) and not _personish(subj, book):
        subj = None
    return cue, subj


def _personish(tok: Any, book: NameBook) -> bool:
    """Could ``tok`` name someone who speaks: a person or organisation, a person pronoun, a role?"""
    if tok.lower_ in ("he", "she", "they", "i", "we", "who"):
        return True
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "DATE", "TIME", "FAC"):
        return True
    return book.is_role(tok.lemma_) or tok.lower_ in TITLES or tok.lemma_.lower() in SPEAKER_NOUNS


def _colon_cue(doc: Any, s: int, quote_spans: Sequence[tuple[int, int]],
               book: NameBook) -> tuple[Any | None, Any | None]:
    """'Cruz called them on it:' / 'Jared Potts echoed:' / 'More from Lee and Cho:' before the quote.

    A name right before the colon (a digest line "Polls moved - Ana Ruiz: “...”") is the
    speaker; else a speech verb's subject; else, behind another verb, the last person or
    organisation named in the clause ("... blind faith in the mayor's word:").
    """
    text = _text(doc)
    lead = text[:s].rstrip(" \n\t" + MARKS)
    if not lead.endswith(":"):
        return None, None
    colon = len(lead) - 1
    tok = _token_at(doc, colon)
    if tok is None:
        return None, None
    sent = _sent_of(tok)
    lo = max(sent.start_char, text.rfind("\n", 0, colon) + 1)
    toks = [t for t in sent if lo <= t.idx < colon and not _covered(t.idx, quote_spans)]
    opens = [k for k, t in enumerate(toks) if t.text.startswith("(")]
    if toks and toks[-1].text.rstrip(":").endswith(")") and opens:
        # a transcript line "Rep. Ana Ruiz (D-Ore.): “...”": the name before the party tag
        named = toks[: opens[-1]]
        if named and (named[-1].ent_type_ in ("PERSON", "ORG") or named[-1].pos_ == "PROPN"):
            return None, named[-1]
    if toks and (toks[-1].ent_type_ in ("PERSON", "ORG") or toks[-1].pos_ == "PROPN"):
        return None, toks[-1]
    cues = [t for t in toks if _is_cue(t)]
    if cues:
        return cues[-1], _subject(cues[-1])
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") and _subject(t) is not None]
    if not verbs:
        return None, None
    named = [t for t in toks if t.ent_type_ in ("PERSON", "ORG") and t.i > verbs[-1].i]
    return verbs[-1], (named[-1] if named else _subject(verbs[-1]))


def _token_at(doc: Any, offset: int) -> Any | None:
    starts = doc.user_data.get("newsprism_token_starts")
    if starts is None:
        starts = doc.user_data["newsprism_token_starts"] = [t.idx for t in doc]
    i = bisect_right(starts, offset) - 1
    return doc[i] if 0 <= i < len(doc) else None


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
    if cue.lemma_.lower() not in INDIRECT_CUES:
        return None
    for c in cue.children:
        if c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
            return _token_span(doc, list(c.subtree), quote_spans)
    return None


def _token_span(doc: Any, toks: list[Any], quote_spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ == "mark" or toks[0].text in MARKS):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].text in MARKS):
        toks = toks[:-1]
    if len([t for t in toks if not t.is_punct]) < 4:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if any(qs < e and s < qe for qs, qe in quote_spans):
        return None
    return s, e


def link_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """The same quote across articles: see ``quote_links.link_quotes``."""
    from newsprism.analyze.quote_links import link_quotes as _link

    return _link(quotes)
