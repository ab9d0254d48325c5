"""Who is who inside one article: full names for surnames, titles, roles and pronouns.

Quote attribution and entity resolution both need the same small piece of within-article
coreference: a reporter names a person in full once ("Mara Lindqvist, the finance minister") and
then writes "Lindqvist", "Ms. Lindqvist", "the minister" or "she". ``NameBook`` learns those
links from the spaCy parse of one article, so a speaker is always reported by the fullest name
the article gives, never by a pronoun. It is deliberately heuristic (no coreference model: the
small English pipeline has none and the 3 s budget for a story rules out a large one).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from typing import Any

from newsprism.lexicons import words

TITLES = words("titles.txt")
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "congressman", "councilman", "chairman"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess",
                           "congresswoman", "councilwoman", "chairwoman"})
# A few hundred very common first names would be a lexicon; these few cover the usual news cases
# and only break ties: the default is "most recent person", whatever the gender.
FEMALE_NAMES = words("names_female.txt")
MALE_NAMES = words("names_male.txt")
FIRST_NAMES = FEMALE_NAMES | MALE_NAMES
# an abbreviated title and the role noun a later mention uses ("Sen. Ruiz" ... "the senator")
ROLE_FORMS = {"sen": "senator", "sen.": "senator", "rep": "representative", "rep.": "representative",
              "gov": "governor", "gov.": "governor", "gen": "general", "gen.": "general", "prof": "professor",
              "prof.": "professor", "lt": "lieutenant", "lt.": "lieutenant", "sgt": "sergeant", "sgt.": "sergeant",
              "capt": "captain", "capt.": "captain", "col": "colonel", "col.": "colonel", "rev": "reverend",
              "rev.": "reverend", "dr": "doctor", "dr.": "doctor", "congressman": "representative",
              "congresswoman": "representative"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "i", "me", "we", "us", "they", "them",
                             "you", "who", "whom"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


# the head nouns of an institution's name: a title before them is part of the name ("Justice
# Department", "Attorney General's Office"), not a person's title
INSTITUTIONS = frozenset({"department", "office", "ministry", "committee", "court", "commission", "council",
                          "agency", "bureau", "service", "administration", "board", "authority"})


def clean_name(surface: str) -> str:
    """A name without titles, possessive ending, leading article or stray punctuation."""
    s = _POSSESSIVE.sub("", surface.strip().strip(",.;:\"“”'‘’()"))
    words = s.split()
    drop = {"the", "a", "an", "former", "then"} if words and words[-1].lower() in INSTITUTIONS \
        else TITLES | {"the", "a", "an", "former", "then"}
    while len(words) > 1 and words[0].lower() in drop:
        words.pop(0)
    return " ".join(words)


def capital_inside_sentence(text: str, start: int) -> bool:
    """Is the word at ``start`` capitalised though it does not open a sentence (so a word of a name
    or title: "Fox Business Network", "the Ground Zero mosque")?"""
    before = text[:start].rstrip(" \t\"“‘'(")
    return text[start:start + 1].isupper() and bool(before) and before[-1] not in ".!?:\n"


def typo_of(a: str, b: str) -> bool:
    """Is the name word ``a`` a misspelling of ``b``? One slip: two neighbouring letters swapped
    ("Zhuo"/"Zhou"), a letter dropped or doubled ("Kasich"/"Kassich"), or, in a word of six letters
    or more, one letter changed ("Lindquist"/"Lindqvist"). Both start with the same letter and have
    four letters or more, so "Yi" and "Ye", "Mark" and "Mary" stay apart."""
    a, b = a.lower(), b.lower()
    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        short, long_ = sorted((a, b), key=len)
        return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return True
    return len(diff) == 1 and len(a) >= 6 and a[diff[0]].isalpha() and b[diff[0]].isalpha()


def same_name_typo(a: str, b: str) -> bool:
    """Two names of the same number of words, all equal but one, which is a misspelling of the
    other's ("Zhuo Enlai"/"Zhou Enlai"; never "Bill Clinton"/"Hillary Clinton" or
    "Wang Yi"/"Wang Qishan")."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    diff = [(x, y) for x, y in zip(wa, wb, strict=True) if x.lower() != y.lower()]
    return len(diff) == 1 and typo_of(*diff[0])


def _title_gender(title: str | None) -> str | None:
    """"m" for "Mr.", "f" for "Mrs."/"Ms.", else None."""
    return "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else None


def _first_title(surface: str) -> str | None:
    w = surface.split()
    return w[0].lower() if w and w[0].lower() in TITLES else None


@dataclass
class NameBook:
    """Full names of the people in one article, and what refers to them.

    ``surnames`` maps a lower-cased last (or any single) name token to the first full name that
    has it; ``roles`` maps a role noun ("minister") to the first person named holding it and
    ``role_mentions`` lists every (offset, role, person) so ``role_holder`` finds who holds it where;
    ``subjects`` lists (offset, full name, gender) of person mentions that acted as subject or
    speaker, in text order, for pronoun resolution.
    """

    full_names: list[str] = field(default_factory=list)
    surnames: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    subjects: list[tuple[int, str]] = field(default_factory=list)
    # (offset, role, person, qualifiers such as "Republican", "Florida"), text order
    role_mentions: list[tuple[int, str, str, frozenset[str]]] = field(default_factory=list)
    # (offset, full name) of every person mention, text order: the pronoun's fallback
    mentions: list[tuple[int, str]] = field(default_factory=list)

    def add_person(self, surface: str) -> str:
        """Register a person mention; return the fullest name known for it."""
        title = _first_title(surface)
        name = clean_name(surface)
        if not name:
            return surface
        full = self.full_name(name, title)
        if full == name and len(name.split()) > 1 and name not in self.full_names:
            self.full_names.append(name)
            for w in name.split()[1:]:
                self.surnames.setdefault(w.lower(), name)
        if full not in self.gender:
            g = _title_gender(title)
            if g is None and len(full.split()) > 1:
                first = full.split()[0].lower()
                g = "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None
            if g:
                self.gender[full] = g
        return full

    def full_name(self, name: str, title: str | None = None) -> str:
        """The full form of a surname, title + surname, or the name itself. Where several people
        share the surname ("Barack Obama", "Michelle Obama"), a title picks one: by gender
        ("Mr. Obama"), or by the role it names ("President Obama")."""
        name = clean_name(name)
        words = name.split()
        if len(words) == 1:
            same = [f for f in self.full_names if f.split()[-1].lower() == words[0].lower()]
            want = _title_gender(title)
            if want is not None and same:
                # "Mr. Obama" when only "Michelle Obama" is named in full: not her
                return next((f for f in same if self.gender.get(f) in (want, None)), name)
            holder = self.roles.get(ROLE_FORMS.get(title, title)) if title is not None else None
            if holder is not None and holder in same:
                return holder
            found = self.surnames.get(words[0].lower())
            if found is None:
                # "Lindquist" after "Mara Lindqvist": a misspelt surname, if it fits one person only
                near = {f for w, f in self.surnames.items() if typo_of(words[0], w)}
                found = near.pop() if len(near) == 1 else None
            return found or name
        # "Hillary Rodham Clinton" after "Hillary Clinton": keep the first full form
        for full in self.full_names:
            fw = full.split()
            if fw[-1] == words[-1] and fw[0] == words[0]:
                return full
        # "Zhuo Enlai" after "Zhou Enlai": one word misspelt
        near_full = [f for f in self.full_names if same_name_typo(name, f)]
        return near_full[0] if len(near_full) == 1 else name

    def is_surname(self, word: str) -> bool:
        """Is ``word`` the surname of someone named in full, or a misspelling of one?"""
        w = word.lower()
        return w in self.surnames or (len(w.split()) == 1 and self.full_name(word) != clean_name(word))

    def add_role(self, role: str, person: str, offset: int = 0, qualifiers: frozenset[str] = frozenset()) -> None:
        role = ROLE_FORMS.get(role.lower(), role.lower())
        self.roles.setdefault(role, person)
        self.role_mentions.append((offset, role, person, qualifiers))

    def is_role(self, word: str) -> bool:
        """Does someone in the article hold the role ``word`` names ("senator", "Sen.")?"""
        return ROLE_FORMS.get(word.lower(), word.lower()) in self.roles

    def role_holder(self, role: str, offset: int, qualifiers: frozenset[str] = frozenset()) -> str | None:
        """Who holds ``role`` at ``offset``: the holder named last before it, else the first named
        ("the senator" after "Sen. Ana Ruiz" and before "Sen. Tom Berg" is Ruiz). Qualifiers must
        fit: "the Republican nominee" is not "Democratic vice presidential nominee Tim Kaine", "the
        nominee" is not "former nominee Mitt Romney"; "the Florida senator" is a senator described
        so, else nobody (a wrong name is worse than the words the article used)."""
        role = ROLE_FORMS.get(role.lower(), role.lower())
        held = [(o, p, q) for o, r, p, q in self.role_mentions if r == role]
        past = bool(qualifiers & _PAST)
        held = [(o, p, q) for o, p, q in held if not q or bool(q & _PAST) == past]  # "former" or not
        want = qualifiers - _PAST
        # "the Florida senator" is a senator the article so describes, not any senator it names
        fits = [(o, p) for o, p, q in held if want & q] if want else [(o, p) for o, p, _ in held]
        before = [p for o, p in fits if o <= offset]
        return before[-1] if before else fits[0][1] if fits else None

    def add_subject(self, offset: int, name: str) -> None:
        insort(self.subjects, (offset, name))

    def resolve_pronoun(self, pronoun: str, offset: int, said: str = "") -> str | None:
        """The most recent person named as subject or speaker before ``offset`` whose gender is
        the pronoun's or unknown (a first name the lists lack must not hand "she" to an older
        woman in the story), and who is not named in what is ``said`` ("“... Senator Reid now
        agrees ...,” he said" is not Reid speaking of himself)."""
        want = PRONOUN_GENDER.get(pronoun.lower())
        # a surname not followed by another name word ("Reid", not the "Clinton Foundation")
        named = set(re.findall(r"\b([A-Z][\w’'-]*)\b(?![’']s\s+[A-Z]|\s+[A-Z])", said))
        # and the words of their full names: "Donald" is "Donald Trump"
        named_words = {w for f in self.full_names if f.split()[-1] in named for w in f.split()}
        i = bisect_left(self.subjects, (offset, ""))
        for _, name in reversed(self.subjects[:i]):
            if len(name.split()) < 2 and name.lower() not in self.surnames and not name[:1].isupper():
                continue
            if name.split()[-1] in named or name in named_words:
                continue
            g = self.gender.get(name)
            if want is None or g in (want, None):
                return name
        # no person acted as subject before (a headline ran into the first sentence and the parse
        # lost it): the last person named in full, if the gender fits
        i = bisect_left(self.mentions, (offset, ""))
        for _, name in reversed(self.mentions[:i]):
            if len(name.split()) > 1 and (want is None or self.gender.get(name) in (want, None)):
                return name
        return None


def _is_person(ent: Any, book: NameBook) -> bool:
    if ent.label_ == "PERSON":
        return True
    # the small model often tags a lone surname as ORG or GPE
    text = clean_name(ent.text)
    return len(text.split()) == 1 and book.is_surname(text)


def build_namebook(doc: Any) -> NameBook:
    """Learn names, surnames, roles and gendered subjects from one parsed article."""
    book = NameBook()
    # not the names of a headline in title case ("Deval Patrick Names Former Chief Of Staff To
    # Replace John Kerry": the model runs the verb into the name)
    ents = [e for e in doc.ents if not title_case_line(doc.text, e.start_char)]
    for ent in ents:
        if ent.label_ == "PERSON":
            book.add_person(with_title(ent))
    for ent in ents:
        # "Mr. Obama" in an article that names only "Michelle Obama" in full: a bare "Obama"
        # may be either of them, so it is left as it is
        title, name = _first_title(with_title(ent)), clean_name(ent.text)
        want = _title_gender(title)
        full = book.surnames.get(name.lower())
        if want and full and len(name.split()) == 1 and book.gender.get(full) not in (want, None):
            del book.surnames[name.lower()]
    for ent in ents:
        if not _is_person(ent, book):
            continue
        surface = with_title(ent)
        full = book.add_person(surface)
        root = ent.root
        # roles: "Finance Minister Mara Lindqvist", "Mara Lindqvist, the minister", "the minister, Lindqvist"
        for tok in root.children:
            if tok.dep_ == "appos" and tok.pos_ == "NOUN":
                book.add_role(tok.lemma_, full, ent.start_char, role_qualifiers(tok))
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            book.add_role(root.head.lemma_, full, ent.start_char, role_qualifiers(root.head))
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.text.lower() in TITLES:
            book.add_role(prev.text.lower(), full, ent.start_char, role_qualifiers(prev))
        elif prev is not None and prev.pos_ == "NOUN" and prev.text.islower() and prev.dep_ == "compound":
            # "presidential nominee Ana Ruiz", "police chief Tom Berg"
            book.add_role(prev.lemma_, full, ent.start_char, role_qualifiers(prev))
        for tok in root.children:
            if tok.dep_ == "compound" and tok.i < ent.start and tok.text.lower() in TITLES:
                book.add_role(tok.text.lower(), full, ent.start_char)
        insort(book.mentions, (ent.start_char, full))
        asked_about = root.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in root.head.children)
        if (root.dep_ in ("nsubj", "nsubjpass") and not asked_about) or _in_titled_subject(root):
            # (not "asked whether Mr. Lee was a finalist": the question is about Lee, who does nothing)
            book.add_subject(ent.start_char, full)
    return book


def title_case_line(text: str, at: int) -> bool:
    """Is the line holding ``at`` a headline in title case (five words or more, nearly all of them
    capitalised, no full stop at the end)?"""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].strip()
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    return (len(words) >= 5 and not line.endswith(".")
            and sum(w[0].isupper() for w in words) >= 0.8 * len(words))


def _in_titled_subject(tok: Any) -> bool:
    """"U.S. Special Envoy for Haiti Daniel Foote resigned": the name is the subject, inside a
    capitalised title (not "the lawyer for Daniel Foote said", where the lawyer speaks)."""
    for _ in range(3):
        if tok.dep_ not in ("pobj", "prep") or tok.head is tok:
            return False
        tok = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return tok.pos_ == "PROPN" and tok.text[:1].isupper()
    return False


_PAST = frozenset({"former", "then", "ex", "onetime", "late"})


def role_qualifiers(tok: Any) -> frozenset[str]:
    """The words that narrow a role noun: "Republican" and "presidential" in "the Republican
    presidential nominee", "Oregon" in "the Oregon senator"."""
    words = {"former" if c.like_num else c.lower_ for c in tok.children
             if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod") and (c.is_alpha or c.like_num)}
    return frozenset(words - {"new", "current", "acting"})  # a year ("2012 nominee") counts as "former"


def with_title(ent: Any) -> str:
    """The entity text with a directly preceding title ("Mr.", "President": not in spaCy's span)."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].text.lower() in TITLES | MALE_TITLES | FEMALE_TITLES:
        return f"{doc[ent.start - 1].text} {ent.text}"
    return str(ent.text)
