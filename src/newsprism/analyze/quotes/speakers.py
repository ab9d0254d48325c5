"""Who said a quote: the cue verb that attributes it and the words that name its speaker.

A speech verb of the quote's sentence, a name or verb before a colon, a verb governing a quote set
inside a clause, a transcript label or a signature; the subject is found by climbing from the verb
(``subject``), and ``speaker_name`` turns the token into a name through the article's ``NameBook``.
Only a speech verb makes any subject the speaker (see the package docstring).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from newsprism.analyze.names import (
    INSTITUTIONS,
    PERSON_PRONOUNS,
    TITLES,
    NameBook,
    clean_name,
    role_qualifiers,
    with_title,
)
from newsprism.analyze.quotes.marks import MARKS
from newsprism.lexicons import words

CUE_VERBS = words("speech_verbs.txt")
# verbs whose clause complement is reported speech (``think``/``believe`` are not speech)
INDIRECT_CUES = CUE_VERBS - {"ask", "continue", "read", "describe", "wonder", "point", "call", "dub", "label",
                             "brand", "praise", "slam", "blast", "criticize", "criticise", "thank", "chant",
                             "cry", "mock", "quote", "cite", "accuse", "demand", "signal", "refer", "portray",
                             "question", "press", "pronounce", "reprise", "tout", "hail", "deride"}
# a verb and particle that say someone speaks: "Ruiz went on", "Berg shot back", "Lee weighed in"
PHRASAL_CUES = frozenset({("go", "on"), ("shoot", "back"), ("fire", "back"), ("hit", "back"), ("snap", "back"),
                          ("push", "back"), ("chime", "in"), ("weigh", "in"), ("speak", "out"), ("lash", "out"),
                          ("sound", "off")})
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
# where or on what someone is heard ("caught on a hot mic ripping ...", "on the floor saying ..."):
# a participle after one of these goes with whoever the clause is about
SETTINGS = frozenset({"mic", "microphone", "camera", "tape", "video", "recording", "stage", "rally", "event",
                      "interview", "podcast", "show", "program", "programme", "broadcast", "floor", "hearing",
                      "meeting", "conference", "debate", "radio", "television", "air"})
# verbs whose participle gives a name ("a charity called “...”", "a plan dubbed “...”")
NAMING_VERBS = frozenset({"call", "name", "dub", "title", "entitle", "nickname", "brand", "label"})
# nouns for words someone else gave: a quote inside "warnings from the treasurer about “...”" is
# the treasurer's, never the subject's of the clause around it
ISSUED_NOUNS = frozenset({"warning", "inquiry", "question", "criticism", "accusation", "complaint", "plea",
                          "demand", "request", "promise", "threat", "advice", "remark", "comment", "claim",
                          "allegation"})
REMARK_NOUNS = DOCUMENT_NOUNS | {"remark", "comment", "word", "speech", "interview", "answer", "response"}
# speech verbs whose speaker may follow them ("..., said Ruiz", "added Berg"): the others' objects are
# who is spoken to or about ("told Ruiz", "called Berg “nimble”", "denounced Clinton as “terrible”")
INVERTIBLE = frozenset({"say", "add", "write", "explain", "continue", "note", "recall", "declare", "conclude",
                        "insist", "argue", "warn", "admit", "reply", "respond", "answer", "observe", "remark",
                        "state", "tweet", "post", "quip", "joke", "exclaim", "concede", "counter", "retort",
                        "muse", "scoff", "shout", "yell", "whisper", "cry", "plead", "claim", "predict", "recount",
                        "reiterate", "repeat", "confirm", "announce", "acknowledge", "agree", "boast", "complain",
                        "emphasize", "emphasise", "stress", "maintain", "contend", "assert", "lament", "report"})
MAX_CLIMB = 4  # clauses climbed from a speech verb to the clause that names its subject
DESCRIPTION_WORDS = 24  # a speaker described rather than named: at most this many words of the description
# a quote signed at the end of its line or on the next one: "“...” ― Ana Ruiz", "“...” - Ana Ruiz, 34, Tucson"
DASH_BYLINE = re.compile(r"[\"”»]?(?:[^\S\n]*\n){0,2}[^\S\n]*[―—–-]{1,2}[^\S\n]*(?P<name>[A-Z][\w'’.-]*(?:[^\S\n]+[A-Z][\w'’.-]*){0,4})"
                          r"[^\S\n]*(?:[,(][^\n]{0,80})?[^\S\n]*(?:\n|$)")

# a transcript line opens with its speaker's label: "WALLACE: But, Governor ...", "Chris Matthews: ..."
_LABEL = re.compile(r"(?P<name>[A-Z][\w'’.-]+(?:[^\S\n][A-Z][\w'’.-]+){0,2}):[^\S\n]+(?=\S)")


def speaker_label(doc: Any, s: int) -> re.Match[str] | None:
    """A transcript label opening the quote at ``s``: a name in capitals ("WALLACE:") or a person's
    name ("Chris Matthews:"), not "Update:" or "Note:"."""
    label = _LABEL.match(doc_text(doc), s)
    if label is None:
        return None
    name = label.group("name")
    tok = _token_at(doc, s)
    return label if name.isupper() or (tok is not None and tok.ent_type_ == "PERSON") else None


def is_cue(tok: Any) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and any(c.dep_ in ("prt", "advmod") and (lemma, c.lower_) in PHRASAL_CUES
                                  for c in tok.children):
        return True  # "“...,” Ruiz went on": she continued speaking; "Berg shot back, “...”"
    if lemma == "continue" and any(c.dep_ in ("xcomp", "prep", "dobj", "advcl") for c in tok.children):
        return False  # "Ruiz will continue to be “a champion”", "the misuse continued despite “...”": not speech
    return bool(lemma in CUE_VERBS and tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod")


_UNDECIDED: Any = object()  # a rule of ``subject`` that does not apply: try the next one


def subject(verb: Any, depth: int = 0, speech: bool | None = None) -> Any | None:
    """The token that names who speaks through ``verb`` (its subject, or the object of 'according to').
    ``speech``: whether the climb started at a speech verb (found by itself when not given).

    The rules are tried in order: the verb's own clause, then constructions that name the speaker
    elsewhere ("footage of X asking", "a man yelling", "urged X to say"), then the clause above,
    and at the top a person named before the verb."""
    if speech is None:
        speech = is_cue(verb)
    if verb.lower_ == "according":
        return _according_to(verb)
    found = _own_subject(verb)
    if found is _UNDECIDED:
        found = _named_elsewhere(verb, speech)
    if found is _UNDECIDED:
        found = _climb(verb, depth, speech)
    if found is not _UNDECIDED:
        return found
    return _person_before(verb) if depth == 0 else None


def names_own_speaker(verb: Any) -> bool:
    """Does the speech verb's own clause name who speaks (a subject, "said Smith", a passive's agent)?"""
    return _own_subject(verb) is not _UNDECIDED


def _according_to(verb: Any) -> Any | None:
    for to in verb.children:
        if to.lower_ == "to":
            for c in to.children:
                if c.dep_ == "pobj":
                    return c
    return None


def _own_subject(verb: Any) -> Any:
    """The speaker the verb's own clause names: its subject, an inverted one ("said Smith"), the
    agent of a passive speech verb (or nobody), a name right after the quote."""
    inverted = _inverted_speaker(verb)
    if inverted is not None:
        return inverted
    for c in verb.children:
        if c.dep_ == "nsubjpass" and verb.lemma_.lower() != "quote" and is_cue(verb):
            # "the lights were labeled “X” by the makers": who is labeled does not speak
            return next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"),
                        None)
        if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ not in ("DATE", "TIME") and _usable(c, verb) \
                and not (verb.tag_ == "VBG" and c.i > verb.i) and not _addressee(c, verb):
            return c  # (not "..., saying Clinton would ...": Clinton does not say)
    # "said Smith" is sometimes parsed with Smith as the object or attribute, or (after a quote
    # the parser ran into the sentence) as anything right of the verb
    for c in verb.rights if verb.lemma_.lower() in INVERTIBLE else ():
        if c.dep_ in ("dobj", "attr", "npadvmod", "appos", "nsubj", "conj") and person_word(c) \
                and _usable(c, verb):
            return c
    named = _named_after_quote(verb)
    return named if named is not None else _UNDECIDED


def named_by_participle(doc: Any, s: int) -> bool:
    """Is the quote at ``s`` a name given right after a participle ("a charity called “Smiles for
    Kids”", "a class called “Perception”")? Not "what he called “a disgrace”" (a past tense)."""
    last = next((t for t in reversed(doc[: _sent_of(_token_at(doc, s) or doc[-1]).end]) if t.idx < s
                 and not t.is_punct), None)
    return last is not None and last.tag_ == "VBN" and last.dep_ == "acl" and last.lemma_.lower() in NAMING_VERBS \
        and not doc_text(doc)[last.idx + len(last.text):s].strip(" “\"‘'")


def _addressee(subj: Any, verb: Any) -> bool:
    """A participle's "subject" right after "to" ("sending the letter to Ruiz warning her that ..."
    is sometimes parsed with Ruiz as the subject of ``warning``): she is written to, she does not warn."""
    if verb.tag_ != "VBG" or any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children):
        return False
    before = subj.left_edge.i - 1
    return before >= 0 and subj.doc[before].lower_ == "to"


def _named_elsewhere(verb: Any, speech: bool) -> Any:
    """Constructions that name the speaker outside the verb's subject."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if (verb.tag_ == "VBG" and before is not None and before.ent_type_ in ("PERSON", "ORG") and before.dep_ == "pobj"
            and before.head.lower_ == "of" and _usable(before, verb)):
        return before  # "footage of Hillary Clinton asking, “...”"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        if verb.head.lemma_.lower() in REMARK_NOUNS and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
            # "Pelosi downplayed Tlaib’s remarks, expressing distaste ...": the participle after the
            # comma goes with the clause's subject; remarks say nothing themselves
            clause = next((a for a in verb.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            return subject(clause, 1, speech) if clause is not None else None
        head = verb.head
        if verb.tag_ == "VBG" and head.dep_ == "pobj" and head.head.head.pos_ in ("VERB", "AUX") \
                and head.lemma_.lower() in SETTINGS:
            # "Ruiz was caught on a hot mic ripping the agenda as “rigged”": the mic says nothing;
            # whoever the clause is about does
            return subject(head.head.head, 1, speech)
        return head  # "a man yelling ..."
    infinitive = verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and any(c.lower_ == "to" for c in verb.lefts))
    if infinitive and speech and verb.head.lemma_.lower() in OBJECT_CONTROL:
        obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj  # "prompted the atlas to state ...": the object speaks (not "urged them to make sure ...")
    return _UNDECIDED


def _climb(verb: Any, depth: int, speech: bool) -> Any:
    """The speaker of the clause above, for a verb that hangs from another (at most ``MAX_CLIMB``)."""
    if depth >= MAX_CLIMB:
        return _UNDECIDED
    if (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "relcl"
            and verb.i > 0 and verb.doc[verb.i - 1].text == ","):
        # "... paying an architect who said he was stiffed, saying, “...”": the participle after
        # the comma goes with the clause the relative clause hangs from
        return subject(verb.head.head.head, depth + 1, speech) if verb.head.head.head is not verb.head.head else None
    if verb.dep_ in ("conj", "xcomp", "advcl", "relcl") and verb.head is not verb:
        # "Lee said the plan could be “messy,” adding, “...”": the speaker of ``adding`` is the
        # subject of the speech verb above it, not of the nearest clause ("the plan")
        for a in verb.ancestors if speech else ():
            if is_cue(a) and a.lower_ != "according" and not _quoted(a):
                subj = next((c for c in a.children if c.dep_ in ("nsubj", "nsubjpass") and _usable(c, verb)), None)
                if subj is not None and subj.dep_ == "nsubjpass":
                    return subject(a)  # "Ruiz was asked by Berg, who ...": the asker speaks
                if subj is not None:
                    return subj
        found = subject(verb.head, depth + 1, speech)
        if verb.tag_ == "VBG" and found is not None and found.lemma_.lower() in REMARK_NOUNS:
            # "Rice's comments came as Netanyahu turned down ..., saying ...": comments say nothing
            # by a participle; the person acting in the clause between does
            between = [t for t in verb.doc[verb.head.i + 1:verb.i] if t.dep_ in ("nsubj", "nsubjpass")
                       and t.head.pos_ in ("VERB", "AUX") and _names_someone(t)]
            return between[-1] if between else found
        return found
    if verb.dep_ == "pcomp" and verb.head.head is not verb.head:
        return subject(verb.head.head, depth + 1, speech)  # "... by saying"
    return _UNDECIDED


def _person_before(verb: Any) -> Any | None:
    """A parse without a subject ("“...,” Brent Bozell III, founder of X, tells Y"): the nearest
    person named before the verb in its sentence."""
    sent = _sent_of(verb)
    for t in reversed(list(sent)[: verb.i - sent.start]):
        if (person_word(t) and t.text not in MARKS and _usable(t, verb)
                and t.dep_ not in ("dobj", "pobj", "iobj", "dative", "poss")):  # not "summed up Clinton as"
            return t
        if t.pos_ == "VERB" and t.dep_ not in ("amod",) \
                and not (t.tag_ in ("VBG", "VBN") and t.dep_ in ("acl", "advcl")):
            break  # (a participle inside the subject goes on: "Ruiz, a Democrat facing a fight, said")
    return None


def _inverted_speaker(verb: Any) -> Any | None:
    """"..., said Christine Link", "Said Ellis: ...": a person right after a speech verb that opens
    its clause speaks, whatever the parse (not ", saying Clinton would ...", not "told Ruiz")."""
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if after is not None and not person_word(after):
        after = _name_after_role(verb)  # "said Indeed Hiring Lab director of research Nick Bunker"
    if (after is None or not person_word(after) or not is_cue(verb) or verb.tag_ == "VBG"
            or verb.lemma_.lower() not in INVERTIBLE or not _usable(after, verb)):
        return None
    if after.dep_ == "poss" or (after.dep_ in ("nsubj", "nsubjpass") and after.head is not verb) \
            or any(c.dep_ == "nsubj" and c.i < verb.i and (person_word(c) or c.pos_ == "PRON") for c in verb.children):
        return None  # "said Ruiz's aide ...", "Berg, an aide, said Ruiz was ..."
    return after if before is None or before.text in {",", "”", '"', "’"} or verb.is_sent_start else None


def _name_after_role(verb: Any, most: int = 8) -> Any | None:
    """The first person named within ``most`` words after the verb, when only a role stands
    between (capitalised words, nouns, "of", no comma or verb): "said Hiring Lab director of
    research Nick Bunker" however the parser took the role."""
    doc = verb.doc
    for t in doc[verb.i + 1 : min(verb.i + 1 + most, len(doc))]:
        if t.ent_type_ == "PERSON":
            return t
        if not (t.text[:1].isupper() or t.pos_ == "NOUN" or t.lower_ in ("of", "the", "for")):
            return None
    return None


def _named_after_quote(verb: Any) -> Any | None:
    """"“...,” Tulsa police Chief Chuck Jordan said": the first person named between a closing
    quotation mark and the speech verb, when the parse gave the verb no subject of its own and no
    other verb, preposition or conjunction stands between them ("“...,” Blige sings to Clinton
    before asking" is not Clinton's)."""
    if not is_cue(verb) or verb.lower_ == "according":
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
        if person_word(t) and _usable(t, verb):
            person = t
    return None


def person_word(tok: Any) -> bool:
    """Is ``tok`` a word of a person's name? Tagged so, or a capitalised word that is a person's
    surname elsewhere in the article (the small model tags "Ramos" ORG in one sentence and PERSON
    in the next, and leaves "Trump" untagged before a verb)."""
    if tok.ent_type_ == "PERSON":
        return True
    if not tok.text[:1].isupper() or tok.ent_type_ in ("GPE", "LOC", "DATE", "TIME") \
            or (tok.pos_ != "PROPN" and tok.is_sent_start):
        return False  # (the model tags some surnames ADV or NOUN: "said Skelly")
    return tok.text in _surnames(tok.doc)


def _surnames(doc: Any) -> frozenset[str]:
    """The last words of the people the article names (computed once per doc)."""
    found = doc.user_data.get("newsprism_surnames")
    if found is None:
        found = doc.user_data["newsprism_surnames"] = frozenset(
            e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e[-1].text) > 2 and e[-1].text[:1].isupper()
            and e[-1].lower_ not in TITLES)
    return frozenset(found)


def _usable(tok: Any, verb: Any) -> bool:
    """Can ``tok`` name who speaks through ``verb``? A word (a dash can be misparsed as the
    subject), not a word of a quote, not a dateline, and in
    the verb's paragraph (the parser sometimes runs a sentence over a paragraph break: "Long
    Beach, Calif. ¶ At the debate, Clinton said ...")."""
    lo, hi = sorted((tok.idx, verb.idx))
    return any(ch.isalnum() for ch in tok.text) and not _quoted(tok) and not _dateline(tok) and "\n" not in doc_text(tok.doc)[lo:hi]


def _quoted(tok: Any, titles: bool = True) -> bool:
    """Is ``tok`` inside a direct quote? Words of the quote never name who speaks it. With
    ``titles=False``, a name in quotation marks (every word capitalised: "the authors of the
    “Growth and Opportunity Project”") does not count as a quote."""
    text = doc_text(tok.doc)
    return any(s <= tok.idx < e and (titles or not capitalised(text[s:e]))
               for s, e in tok.doc.user_data.get("newsprism_quote_spans", ()))


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
                          "vs", "de", "la", "&"})


def capitalised(s: str) -> bool:
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


def doc_text(doc: Any) -> str:
    """``Doc.text`` rebuilds the string on every access; keep one copy."""
    text = doc.user_data.get("newsprism_text")
    if text is None:
        text = doc.user_data["newsprism_text"] = doc.text
    return str(text)


def _sent_of(tok: Any) -> Any:
    sents = _sents(tok.doc)
    return sents[bisect_right(tok.doc.user_data["newsprism_sent_starts"], tok.i) - 1]


def sents_over(doc: Any, s: int, e: int) -> list[Any]:
    return [st for st in _sents(doc) if st.start_char < e and st.end_char > s]


def _ent_of(tok: Any) -> Any | None:
    ents = tok.doc.user_data.get("newsprism_ents")
    if ents is None:
        ents = tok.doc.user_data["newsprism_ents"] = {i: ent for ent in tok.doc.ents for i in range(ent.start, ent.end)}
    return ents.get(tok.i)


def speaker_name(tok: Any, book: NameBook, said: str = "") -> str | None:
    """The fullest name for the speaker token: an entity, a name behind a role, or the noun phrase.
    A pronoun is never resolved to a person named in what is ``said``."""
    if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.lower_ in PERSON_PRONOUNS or tok.pos_ == "PRON":
        return book.resolve_pronoun(tok.lower_, tok.idx, said) if tok.lower_ in ("he", "she", "him", "her") else None
    ent = _ent_of(tok)
    # "the Senate’s top Democrat": one member, described, not the group
    member = ent is not None and ent.label_ == "NORP" and any(c.dep_ in ("det", "poss", "amod") for c in tok.children)
    if member:
        ent = None
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
        name = clean_name(ent.text)
        if ent.label_ == "PERSON" or book.is_surname(name):
            return book.add_person(with_title(ent))
        return name
    if ent is None and tok.pos_ != "PROPN" and person_word(tok):
        return book.full_name(tok.text)  # a surname the model took for another word
    # a role noun: its named holder, in apposition or known from earlier in the article
    if tok.pos_ != "PROPN":
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and _set_off(c):
                return speaker_name(c, book)
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if det is not None and det.lower_ == "the" and tok.text.islower() and book.is_role(tok.lemma_):
        holder = book.role_holder(tok.lemma_, tok.idx, role_qualifiers(tok))  # "the senator": who holds it here
        if holder is not None:
            return holder
    if det is not None and det.lower_ == "the" and tok.text.islower() and tok.lower_ in INSTITUTIONS:
        org = _institution_named_before(tok)  # "the department": the Justice Department named before
        if org is not None:
            return org
    if tok.pos_ == "PROPN" and not member:
        owner = next((c for c in tok.lefts if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is not None and tok.lower_ in INSTITUTIONS and tok.i - owner.left_edge.i <= 6:
            return clean_name(tok.doc[owner.left_edge.i:tok.i + 1].text)  # "the U.S. Attorney’s Office"
        parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
        return book.full_name(_join(parts))
    ps, pe = _paragraph(doc_text(tok.doc), tok.idx, tok.idx)
    if tok.lemma_.lower() in DOCUMENT_NOUNS:
        # "a statement released by Fox News", "the senator's letter": who issued it speaks
        # (not whoever it went to or what it says: "a letter to the State Department that excoriated Biden")
        sent_to = {t.i for c in tok.children if c.dep_ == "relcl" or (c.dep_ == "prep" and c.lower_ in
                                                                       ("to", "for", "about", "on"))
                   for t in c.subtree}
        named = [t for t in tok.subtree if t is not tok and ps <= t.idx < pe and not _quoted(t)
                 and t.i not in sent_to and t.ent_type_ in ("PERSON", "ORG", "NORP") and t.pos_ == "PROPN"]
        # a person first: "a statement from Senate Majority Leader Harry Reid's office" is Reid's
        issuer = next((t for t in named if t.ent_type_ == "PERSON"), named[0] if named else None)
        if issuer is None and tok.dep_ == "dobj":
            # "His office put out a statement saying ...": who put it out
            issuer = next((c for c in tok.head.children if c.dep_ == "nsubj" and ps <= c.idx < pe), None)
        if issuer is not None:
            return speaker_name(issuer, book)
    words = _description(tok, ps, pe, full=True)
    if len(words) > DESCRIPTION_WORDS:
        words = _description(tok, ps, pe, full=False)[:8]
    if not any(t.pos_ not in ("DET", "PRON", "ADP", "CCONJ", "PUNCT") for t in words):
        return None  # "a", "some": nobody
    return _join(_with_punctuation(words)) or None


def _institution_named_before(tok: Any) -> str | None:
    """The last organisation named before ``tok`` in its article whose name ends in its word
    ("the Justice Department ... The department said"), within ``INSTITUTION_REACH`` characters."""
    for ent in reversed([e for e in tok.doc.ents if e.end <= tok.i]):
        if tok.idx - ent.start_char > INSTITUTION_REACH:
            break
        if ent.label_ == "ORG" and ent[-1].lower_ == tok.lower_:
            return clean_name(ent.text)
    return None


INSTITUTION_REACH = 1500


def _with_punctuation(words: Sequence[Any]) -> list[Any]:
    """The words with the punctuation that stands between them ("A source, a clerk in the office")."""
    if not words:
        return []
    kept = {t.i for t in words}
    doc = words[0].doc
    return [doc[i] for i in range(words[0].i, words[-1].i + 1)
            if i in kept or (doc[i].is_punct and doc[i].text not in MARKS and doc[i].text not in "()")]


def _description(tok: Any, ps: int, pe: int, full: bool) -> list[Any]:
    """The words of a speaker described rather than named ("a source", "the groups"). ``full``: the
    whole description as a reader would quote it ("a source involved in the party's creation", "the
    groups behind the petition", "marchers and spectators"), but not a relative clause (annotators
    keep it about as often as they leave it out), a participle that is itself the speech verb
    ("supporters saying"), nor a part that holds quoted words; otherwise the noun and its modifiers
    only."""
    def outside(a: Any) -> bool:
        if a.dep_ in ("punct", "advcl", "relcl"):  # a relative clause: as often left out as kept
            return True
        if not full or a.dep_ == "cc" and not any(c.dep_ == "conj" for c in tok.children):
            return a.dep_ in ("relcl", "appos", "acl", "cc", "conj")
        if a.dep_ == "acl" and (a.lemma_.lower() in CUE_VERBS or a.tag_ == "VBD"):
            return True
        if a.dep_ == "appos" and not _set_off(a):
            return True  # an apposition stands after a comma; without one the parse went wrong ("e-mailed")
        clause = a.dep_ in ("relcl", "acl")  # "a headline that said “...”": the words are its, not a name
        return any(t.idx < ps or t.idx >= pe or _quoted(t, titles=clause) for t in a.subtree)

    skip = [a for a in tok.children if outside(a)]
    keep = [c for c in tok.subtree if ps <= c.idx < pe and not c.is_space and c.text not in MARKS
            and not _quoted(c, titles=False) and not any(c in a.subtree for a in skip)]
    words = list(keep)
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    return words


def _set_off(appos: Any) -> bool:
    """Is it an apposition: a name, or words after a comma, a bracket or a dash (the parser also
    calls the pieces of "e-mailed" appositions)?"""
    first = appos.left_edge.i
    if appos.ent_type_ in ("PERSON", "ORG") and appos.text[:1].isupper():
        return True  # "nuclear experts David Albright": a name right after its role
    return first > 0 and appos.doc[first - 1].text in (",", "(", "—", "–", "--")


def _join(toks: Sequence[Any]) -> str:
    """Tokens as the article wrote them ("Cruz’s lawyers", not "Cruz ’s lawyers")."""
    return "".join(t.text_with_ws if i + 1 < len(toks) and toks[i + 1].i == t.i + 1 else t.text + " "
                   for i, t in enumerate(toks)).strip()


def covered(i: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s - 1 <= i < e + 1 for s, e in spans)


def _paragraph(text: str, s: int, e: int) -> tuple[int, int]:
    return text.rfind("\n", 0, s) + 1, (text.find("\n", e) if text.find("\n", e) >= 0 else len(text))


def _sentence_cues(doc: Any, s: int, e: int, spans: Sequence[tuple[int, int]]) -> list[Any]:
    """Cue tokens outside any quote in the sentences that overlap [s, e), nearest first.

    Only tokens of the quote's own paragraph count (the parser sometimes runs a sentence across
    a paragraph break).
    """
    text = doc_text(doc)
    ps, pe = _paragraph(text, s, e)
    sents = sents_over(doc, s - 1, e + 1)
    if not sents:
        return []

    semicolons = [t.idx for st in sents for t in st if t.text == ";" and not covered(t.idx, spans)]

    def usable(t: Any, lo: int = ps, hi: int = pe) -> bool:
        # a semicolon ends a clause: "X bragged about “...”; since then he has referred to ..." does
        # not report what X bragged
        apart = any(min(t.idx, s) < c < max(t.idx, e) for c in semicolons)
        return lo <= t.idx < hi and not covered(t.idx, spans) and is_cue(t) and not apart

    toks = [t for st in sents for t in st if usable(t)]
    if not toks:
        # "“...” she said." can be a sentence of its own
        last = sents[-1]
        if last.end < len(doc):
            nxt = _sent_of(doc[last.end])
            if nxt.start_char - e <= 3:  # the cue opens the next "sentence": a name and a verb
                # ... unless that verb reports something of its own ("She further announced that ...")
                # (a long subject comes first: "the party's presumptive nominee, Ana Ruiz, tweeted")
                toks = _opening_cue(list(nxt)[:16], usable)

    def rank(t: Any) -> tuple[int, int, int]:
        anchor = t.head if t.lower_ == "according" else t
        # the quote is what the verb reports, not a word of its subject ("Holm said the ad
        # “unmistakably” suggests ...": the ad suggests nothing the quote holds)
        said = [d for c in anchor.children if c.dep_ not in ("nsubj", "nsubjpass") for d in c.subtree]
        # a verb that reports the quote comes before one that hangs from a word of it (the
        # parse of "“...,” she said" often does), and either before an unlinked one; a verb
        # that modifies the quoted words ("the “perfect opportunity” to call ...") is no cue
        governs = any(s <= d.idx < e for d in said)
        hangs = any(s <= a.idx < e for a in t.ancestors)
        dist = s - t.idx if t.idx < s else t.idx - e
        return (0 if governs else 1 if hangs else 2, 0 if subject(t) is not None else 1, dist)

    return sorted(toks, key=rank)


def _opening_cue(toks: list[Any], usable: Any) -> list[Any]:
    """The speech verb of a sentence that opens with the speaker: the first verb that does not
    modify a noun (a relative clause, a participle) when it is a usable cue reporting nothing of
    its own ("She further announced that ..."); nothing after another verb ("That prompted Ruiz
    to call ...")."""
    for t in toks:
        if t.pos_ not in ("VERB", "AUX") or t.dep_ in ("relcl", "amod", "aux", "auxpass") \
                or (t.dep_ == "acl" and t.head.dep_ != "ROOT"):  # "Ana Ruiz, the nominee, tweeted": parsed acl of Ruiz
            continue
        ok = usable(t) and not any(c.dep_ == "ccomp" for c in t.children)
        return [t] if ok else []
    return []


def lead_in(doc: Any, s: int, quote_spans: Sequence[tuple[int, int]]) -> Any | None:
    """Who speaks in a quote that follows a speech verb's own sentence in its paragraph: "Ana
    Ruiz agreed. “...”", "Or maybe Jeb Bush, consultant Phil Musser says. “...”"."""
    text = doc_text(doc)
    ps = text.rfind("\n", 0, s) + 1
    if not text[ps:s].strip(" \t" + MARKS):
        return None
    prev = [st for st in _sents(doc) if ps <= st.end_char <= s + 1 and st.start_char < s]
    if not prev:
        return None
    found = []
    for tok in reversed(list(prev[-1])):
        if tok.idx >= ps and not covered(tok.idx, quote_spans) and is_cue(tok):
            subj = subject(tok)
            if subj is not None:
                found.append(subj)
    # "Ruiz said, with a passion that suggested the question was out of line. “...”": the
    # speech verb whose subject names someone, not the nearest one
    return next((t for t in found if _names_someone(t)), found[0] if found else None)


def _names_someone(tok: Any) -> bool:
    """A person, an organisation, a person pronoun or a noun for someone who speaks."""
    return (person_word(tok) or tok.ent_type_ in ("ORG", "NORP") or tok.lower_ in PERSON_PRONOUNS
            or (tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "DATE", "TIME", "FAC"))
            or tok.lemma_.lower() in SPEAKER_NOUNS)


def previous_paragraph_person(doc: Any, s: int, quote_spans: Sequence[tuple[int, int]],
                              last_end: int) -> Any | None:
    """A paragraph of quoted speech after a paragraph about a person, with no quote and no
    attribution of its own: "Judge Ruiz struck the law down on Friday. ¶ “The state has ...”" is the
    judge's. The subject of the last sentence of the paragraph before, when it is a person (a
    name or "he"/"she"); None when that paragraph quoted someone (the quote then goes on with them)."""
    text = doc_text(doc)
    ps = text.rfind("\n", 0, s) + 1
    if text[ps:s].strip(" \t" + MARKS) or ps < 2:
        return None
    pe = ps - 1
    while pe > 0 and text[pe - 1] in "\n \t":
        pe -= 1
    pps = text.rfind("\n", 0, pe) + 1
    if last_end >= pps or any(pps <= qs < pe for qs, _ in quote_spans) or not text[pps:pe].strip():
        return None
    sents = [st for st in _sents(doc) if pps <= st.start_char < pe]
    if not sents:
        return None
    root = sents[-1].root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or root.pos_ not in ("VERB", "AUX"):
        return None
    if subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she"):
        return subj
    return None


def _quote_top(doc: Any, s: int, e: int) -> Any | None:
    """The first token inside [s, e) whose head lies outside it (or is itself): where the quoted
    words hang in the sentence's parse."""
    inside = (t for st in sents_over(doc, s, e) for t in st if s <= t.idx < e)
    return next((t for t in inside if not (s <= t.head.idx < e) or t.head is t), None)


def _governor(doc: Any, s: int, e: int) -> Any | None:
    """For a quote set inside a sentence without a speech verb ("Cruz vowed to fight “today”",
    "Sanders backs “free college”"), the nearest verb above it that has a subject."""
    top = _quote_top(doc, s, e)
    if top is not None:
        for a in [top, *top.ancestors]:
            if s <= a.idx < e:
                continue
            if a.pos_ == "VERB" and subject(a) is not None:
                return a
    return None


def _issued_by(doc: Any, s: int, e: int, governor: Any | None) -> Any:
    """Who gave the words of a quote set under a noun of given words below its governing verb
    ("spent funds despite warnings from his treasurer about “questionable purchases”"): the
    object of the noun's "from"/"by" or its owner ("Berg's claim that ..."), or None when it names
    nobody; ``_UNDECIDED`` without such a noun."""
    top = _quote_top(doc, s, e)
    for a in top.ancestors if top is not None else ():
        if a is governor:
            break
        if a.pos_ == "NOUN" and a.lemma_.lower() in ISSUED_NOUNS:
            owner = next((c for c in a.children if c.dep_ == "poss" and (c.pos_ != "PRON" or c.lower_ in ("his", "her"))),
                         None)
            return owner or next((g for p in a.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
                                  for g in p.children if g.dep_ == "pobj"), None)
    return _UNDECIDED


def standalone(doc: Any, s: int, e: int) -> bool:
    """True when the quote's sentence holds nothing but the quote (a paragraph of quoted speech)."""
    text = doc_text(doc)
    ps, pe = _paragraph(text, s, e)
    sents = sents_over(doc, s, e)
    lo = max(ps, min((st.start_char for st in sents), default=s))
    hi = min(pe, max((st.end_char for st in sents), default=e))
    outside = text[lo:max(lo, s - 1)] + text[min(hi, e + 1):hi]
    return not re.search(r"\w", outside)


def direct_cue(doc: Any, s: int, e: int, quote_spans: Sequence[tuple[int, int]],
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
        return cues[0], _outer_speaker(cues[0], subject(cues[0]))
    cue, subj = _colon_cue(doc, s, quote_spans, book)
    if cue is None and subj is None and not standalone(doc, s, e):
        cue = _governor(doc, s, e)
        issued = _issued_by(doc, s, e, cue)
        if issued is not _UNDECIDED:
            return cue, issued  # the words of whoever gave the warning, the letter, ...
        subj = subject(cue) if cue is not None else None
    if cue is not None and subj is not None and not is_cue(cue) and not _personish(subj, book):
        subj = None
    return cue, subj


def _outer_speaker(cue: Any, subj: Any | None) -> Any | None:
    """A speech verb inside what another reports, whose subject is a thing ("Ruiz said the plan
    should reiterate “our allies”", "... said the deadlock has “kept us safe”"): the words are
    the outer speaker's."""
    if subj is None or _names_someone(subj) or subj.lemma_.lower() in DOCUMENT_NOUNS:
        return subj
    for a in cue.ancestors:
        if is_cue(a) and a.lower_ != "according":
            outer = subject(a)
            if outer is not None and _names_someone(outer):
                return outer
    return subj


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
    text = doc_text(doc)
    lead = text[:s].rstrip(" \n\t" + MARKS)
    if not lead.endswith(":"):
        return None, None
    colon = len(lead) - 1
    tok = _token_at(doc, colon)
    if tok is None:
        return None, None
    sent = _sent_of(tok)
    lo = max(sent.start_char, text.rfind("\n", 0, colon) + 1)
    toks = [t for t in sent if lo <= t.idx < colon and not covered(t.idx, quote_spans)]
    opens = [k for k, t in enumerate(toks) if t.text.startswith("(")]
    if toks and toks[-1].text.rstrip(":").endswith(")") and opens:
        # a transcript line "Rep. Ana Ruiz (D-Ore.): “...”": the name before the party tag
        named = toks[: opens[-1]]
        if named and (named[-1].ent_type_ in ("PERSON", "ORG") or named[-1].pos_ == "PROPN"):
            return None, named[-1]
    if toks and (toks[-1].ent_type_ in ("PERSON", "ORG") or toks[-1].pos_ == "PROPN") and not _addressed(toks[-1]):
        return None, toks[-1]
    cues = [t for t in toks if is_cue(t)]
    if cues:
        return cues[-1], subject(cues[-1])
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") and subject(t) is not None]
    if not verbs:
        return None, None
    named = [t for t in toks if t.ent_type_ in ("PERSON", "ORG") and t.i > verbs[-1].i and not _addressed(t)
             and t.dep_ != "compound"]  # not "a message to Berg:", not "the GOP platform:"
    return verbs[-1], (named[-1] if named else subject(verbs[-1]))


def _addressed(tok: Any) -> bool:
    """Is ``tok`` whom or what something is said to or about ("delivered a message to Berg")?"""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "at", "against", "about", "on", "toward", "towards")


def _token_at(doc: Any, offset: int) -> Any | None:
    starts = doc.user_data.get("newsprism_token_starts")
    if starts is None:
        starts = doc.user_data["newsprism_token_starts"] = [t.idx for t in doc]
    i = bisect_right(starts, offset) - 1
    return doc[i] if 0 <= i < len(doc) else None

