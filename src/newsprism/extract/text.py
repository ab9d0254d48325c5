"""The line-level cleaner for plain text, also run over text extracted from HTML.

News text copied out of pages carries junk on lines of its own: captions and photo credits, "Now
playing" video teasers, newsletter prompts, "First published at" stamps, share prompts, "Read more:"
teasers, "Advertisement". Each line is classified on its own by ``classify_line`` (patterns kept
conservative: a body sentence that merely mentions a newsletter stays), and ``clean_text`` drops the
junk lines without ever rewriting the sentences it keeps, so character offsets found later by the
quote and claim stages point at the words the outlet published.

``split_header`` reads the plain-text house convention (headline line, ``By <Author>, <Outlet>``,
date line) and leaves the first body sentence alone when there is no such header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BODY = "body"

_I = re.IGNORECASE
_WORDS = re.compile(r"\w+")
_DASH = r"[:\-–—|]"
_MONTHS = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
           r"oct(ober)?|nov(ember)?|dec(ember)?)\.?")

# (label, pattern, most words a matching line may have); order matters only for the label reported
_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("ad", re.compile(r"^(advertisement|advertising|sponsored( content)?|ad|paid (content|post)|"
                      r"(story|article) continues below( (this )?(ad|advertisement))?|"
                      r"continue reading (the main story|below)|skip advertisement)\W*$", _I), 8),
    ("markup", re.compile(r"^!\[[^\]]*\]\([^)]*\)\W*$"), 400),
    ("markup", re.compile(r"^#{1,6}\s"), 400),  # a Markdown subheading is not body text
    ("credit", re.compile(r"\((AP|AFP|Reuters|EPA|PA|Getty)( Images)?\s*(Photo|Images|Photo/[^)]*|/[^)]*)\)\W*$", _I), 120),
    ("credit", re.compile(r"(\b(photo(graph)?s?|pictures?|images?|illustration|graphic)\s*(credit)?\s*:|"
                          r"\b(photo(graph)?|picture|image) (by|courtesy of)\b|\bcredit\s*:)", _I), 60),
    ("credit", re.compile(r"(getty images|shutterstock|alamy|/\s*(AFP|Reuters|EPA|AP|Getty|Bloomberg)"
                          r"(\s+via\s+getty(\s+images)?)?)\W*$", _I), 40),
    ("credit", re.compile(r"^\(?(additional )?(reporting|writing|editing|compiled|research) by\b", _I), 40),
    ("credit", re.compile(r"^(©|\(c\)\s|copyright\b)", _I), 40),
    ("credit", re.compile(r"^this (story|article|report|piece) (was|is|has been) (supplied|provided|written|"
                          r"produced|syndicated|republished)( by| from| under)\b", _I), 30),
    ("media", re.compile(r"^(now playing|up next|watch( now| live| this| the video| more| the full)?\s*" + _DASH
                         + r"?\s*$|watch( now| live| this| the video| more)?\s*" + _DASH + r"|"
                         r"(video|listen|audio|podcast|gallery|in pictures|play video)\s*" + _DASH + r"|play video$|"
                         r"watch this\b)", _I), 30),
    ("newsletter", re.compile(r"(^(sign up|subscribe|get (our|the|a)\b.*(newsletter|briefing|email|alerts)|"
                              r"join (our|the) (newsletter|mailing list)|enter your email|download (our|the) app|"
                              r"(turn|switch) on (push )?notifications|enable (push )?notifications|"
                              r"get (breaking )?news alerts|never miss)|"
                              r"\bin your inbox\b|\bsign up (for|to)\b.*\b(newsletter|email|alerts|briefing)|"
                              r"\bsubscribe (to|for)\b.*\b(newsletter|email|alerts|updates|\$|£|€)|"
                              r"\bnewsletter\b.*\bsign up\b)", _I), 35),
    ("stamp", re.compile(r"^(first published|published|updated|last updated|last modified|posted|"
                         r"originally published|this article was (first |originally )?published)"
                         r"\s*(:|at|on)?\s*((mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
                         r"(\d|" + _MONTHS + r"|yesterday|today)", _I), 20),
    ("share", re.compile(r"^(share( this( article| story| page)?)?( on \w+)?|share via|tweet( this)?|email( this)?|"
                         r"print( this( article| page)?)?|copy( the)? link|link copied|save( (for|to) later)?|"
                         r"bookmark|comments?( \(\d+\))?|\d+ comments?|view comments|leave a comment|"
                         r"(join|read) the (conversation|discussion|comments)|click to share.*|"
                         r"follow us on .*|share your thoughts.*|gift (this )?article|listen to (this )?article|"
                         r"\d+ min(ute)? read)\W*$", _I), 12),
    ("share", re.compile(r"^((facebook|twitter|x|email|whatsapp|linkedin|reddit|pinterest|messenger|print|"
                         r"telegram|copy link|share)\W*){2,}$", _I), 12),
    ("teaser", re.compile(r"^(read more|read also|also read|read next|more\s*:|related\s*:|related (stories|articles|"
                          r"coverage|content|topics)|see also|recommended( for you)?|more (from|on) |more stories|"
                          r"most (read|popular|viewed)|trending( now)?|you may also like|you might also like|"
                          r"what to read next|more on this story|click here|top stories|editor'?s picks|"
                          r"don'?t miss|latest news|keep reading)(?=\W|$)", _I), 40),
    ("nav", re.compile(r"^(skip to (main )?content|skip navigation|back to top|menu|home|search|log ?in|sign in|"
                       r"open (navigation )?menu|close|next article|previous article|scroll to continue)\W*$", _I), 6),
    ("nav", re.compile(r"^[^.!?]*(\s[|›»•]\s[^.!?]*){2,}$"), 20),
)


@dataclass(frozen=True, slots=True)
class Header:
    """What a plain-text header told us, and how many characters of the text it covered."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    date: str | None = None  # the date line as written; normalised by ``meta.normalize_date``
    end: int = 0


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SEGMENTS = re.compile(r"\s+[·•|]\s+")
_MARKS = re.compile(r"^[*_\[]|[*_]$|\]\(")


def _label(s: str) -> str:
    words = len(_WORDS.findall(s))
    for label, pattern, most in _RULES:
        if words <= most and pattern.search(s):
            return label
    return BODY


def classify_line(line: str) -> str:
    """``body`` or the kind of junk a line is (caption credit, teaser, stamp, ...).

    Markdown link and emphasis marks are looked through (``[Read more: X](url)`` is a teaser), and a
    line of short segments joined by ``·`` or ``|`` is junk when every segment is.
    """
    s = line.strip()
    if not s:
        return "blank"
    label = _label(s)
    if label != BODY or not (_MARKS.search(s) or _SEGMENTS.search(s)):
        return label
    s = _MD_LINK.sub(r"\1", s).strip().strip("*_").strip()
    label = _label(s) if s else "markup"
    if label != BODY or not _SEGMENTS.search(s):
        return label
    labels = {_label(part.strip().strip("*_").strip()) for part in _SEGMENTS.split(s)}
    return labels.pop() if len(labels) == 1 or BODY not in labels and labels else BODY


def clean_lines(lines: list[str]) -> list[str]:
    """Body lines only, in order; blank lines are dropped (paragraphs are single lines here)."""
    return [ln.strip() for ln in lines if classify_line(ln) == BODY]


def clean_text(text: str) -> str:
    """Drop junk lines; paragraphs come back separated by one ``\\n``, sentences untouched."""
    return "\n".join(clean_lines(text.splitlines()))


# -- header --------------------------------------------------------------------------------------
_BYLINE = re.compile(r"^(?:by|von|par|por)\s+(?P<names>[^\d|]{2,160}?)\s*$", _I)
_DATE_LINE = re.compile(
    r"^(\w+\s*:\s*)?((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?("
    r"\d{4}-\d{2}-\d{2}([t ][\d:.]+(z|[+-]\d\d:?\d\d)?)?|"
    r"\d{1,2}(st|nd|rd|th)?\s+" + _MONTHS + r",?\s+\d{4}|"
    + _MONTHS + r"\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{4}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+\d{4})"  # "12 mai 2026", "3. März 2026": any language
    r"([\s,]+(at\s+)?\d{1,2}([:.]\d{2})?\s*([ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?\s*$", _I)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b)\s*", _I)


def is_date_line(line: str) -> bool:
    return len(line) < 80 and bool(_DATE_LINE.match(line.strip()))


def parse_byline(line: str) -> tuple[tuple[str, ...], str | None] | None:
    """``By A and B, Outlet`` → ((A, B), Outlet); None when the line is not a byline."""
    m = _BYLINE.match(line.strip())
    if not m or len(_WORDS.findall(m.group("names"))) > 14:
        return None
    names = m.group("names").strip()
    outlet = None
    if "," in names:
        names, outlet = (p.strip() for p in names.rsplit(",", 1))
        # "By A, B and C" has no outlet: the tail after the last comma is a person list
        if " and " in outlet or "&" in outlet:
            names, outlet = f"{names}, {outlet}", None
    authors = tuple(n for n in (p.strip() for p in _NAME_SPLIT.split(names)) if n)
    if not authors or any(len(a.split()) > 5 for a in authors):
        return None
    return authors, outlet or None


def split_header(text: str) -> Header:
    """Read a leading headline / byline / date block; an empty ``Header`` when there is none.

    A first line counts as a headline only when a byline or date line follows it (or it is a
    Markdown ``#`` heading): otherwise it may be the first body sentence and is kept.
    """
    lines: list[tuple[str, int]] = []  # (stripped line, offset after it)
    pos = 0
    for raw in text.splitlines(keepends=True):
        pos += len(raw)
        if raw.strip():
            lines.append((raw.strip(), pos))
        if len(lines) >= 4:
            break
    if not lines:
        return Header()
    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet = date = None
    end = 0
    i = 0
    first = lines[0][0]
    md = first.startswith("# ")
    nxt = lines[1][0] if len(lines) > 1 else ""
    if md or (not parse_byline(first) and not is_date_line(first)
              and (parse_byline(nxt) or is_date_line(nxt)) and len(first) < 300):
        title = first.lstrip("#").strip() or None
        end, i = lines[0][1], 1
    for line, after in lines[i:]:
        byline = parse_byline(line)
        if byline and not authors:
            authors, outlet = byline
        elif is_date_line(line) and date is None:
            date = line.split(":", 1)[1].strip() if re.match(r"^\w+\s*:", line) else line
        else:
            break
        end = after
    return Header(title=title, authors=authors, outlet=outlet, date=date, end=end)
