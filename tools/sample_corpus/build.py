# -*- coding: utf-8 -*-
import json, os, re, sys
from content import *
from render import RENDER_HTML, render_txt, render_md

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "newsprism", "data", "sample")

def curly(s):
    out, open_ = [], True
    for ch in s:
        if ch == '"':
            out.append("\u201c" if open_ else "\u201d"); open_ = not open_
        elif ch == "'":
            out.append("\u2019")
        else:
            out.append(ch)
    assert open_, s
    return "".join(out)

# ---- syndicated copies of the Northgate Wire flood story
P = NW_FLOOD_PARAS
vc_p2 = P[1].replace("2:40 a.m.", "2.40am")
assert vc_p2 != P[1]
VC_FLOOD = dict(
    key="flood_vc", event="flood", outlet="Valley Courier", fmt="txt",
    file="valleycourier_2026-04-06_flood.txt",
    title=NW_FLOOD_TITLE, authors=["Daniel Okoro"], published="2026-04-06T11:05:00Z",
    url="https://valleycourier.example/news/at-least-12-dead-after-hollin-dam-gives-way-above-marrowby",
    dateline="6 April 2026, 11:05",
    blocks=[
        ("b", P[0]),
        ("j", "Rescue workers search a flooded street in Marrowby. Photo: Elif Durmaz/Northgate Wire"),
        ("b", vc_p2), ("b", P[2]), ("b", VC_LOCAL_SENTENCE),
        ("j", "Watch: Drone footage shows flooded streets in Marrowby"),
        ("b", P[3]), ("b", P[4]),
        ("j", "Sign up for our morning newsletter and get the valley's news before breakfast."),
        ("b", P[5]), ("b", P[6]), ("b", P[7]),
        ("j", "This story was supplied by Northgate Wire."),
        ("j", "First published on 6 April 2026 at 11:05"),
        ("j", "Share this article"),
        ("j", "Comments (64)"),
    ],
)
C = [curly(p) for p in P]
CD_FLOOD = dict(
    key="flood_cd", event="flood", outlet="Coastline Daily", fmt="txt",
    file="coastlinedaily_2026-04-06_flood.txt",
    title=CD_FLOOD_TITLE, authors=["Daniel Okoro"], published="2026-04-06T12:40:00Z",
    url="https://coastlinedaily.example/2026/04/06/marrowby-dam-collapse-12-killed",
    dateline="April 6, 2026 12:40 pm",
    blocks=[
        ("b", C[0]),
        ("j", "Floodwater in Marrowby on Monday morning. Photo: Elif Durmaz/Northgate Wire"),
        ("b", C[1]), ("b", C[2]),
        ("j", "Watch: Marrowby residents describe the moment the dam gave way"),
        ("b", C[3]), ("b", C[4]),
        ("j", "Sign up for The Coastline Morning, our free daily briefing."),
        ("b", C[5]), ("b", C[6]),
        ("j", "Read more: Tarn Valley flood – how you can help"),
        ("j", "First published on 6 April 2026 at 12:40"),
        ("j", "Share this article"),
        ("j", "Comments (17)"),
    ],
)

ARTICLES = [
    NW_VELORA, HL_VELORA, MP_VELORA, IT_VELORA, VC_VELORA, CD_VELORA,
    NW_FLOOD, VC_FLOOD, CD_FLOOD, MP_FLOOD, HL_FLOOD,
    NW_RATES, HL_RATES, IT_RATES, VC_RATES, MP_RATES, CD_RATES,
    NW_RECOUNT, CD_RECOUNT, MP_RECOUNT, HL_RECOUNT,
]
F = {a["key"]: a["file"] for a in ARTICLES}

def paragraphs(a):
    if a["fmt"] == "html":
        return [p for p in a["paras"] if isinstance(p, str)]
    return [t for k, t in a["blocks"] if k == "b"]

def junk(a):
    if a["fmt"] == "html":
        j = [a["caption"], a["credit"], a["related"][0][0]]
        j += [p[1].split(": ", 1)[1] if p[0] == "promo" else p[1] for p in a["paras"] if isinstance(p, tuple)]
        if a.get("credits"):
            j.append(a["credits"])
        return j
    return [t for k, t in a["blocks"] if k == "j"]

os.makedirs(OUT, exist_ok=True)
TEXT = {}
for a in ARTICLES:
    if a["fmt"] == "html":
        s = RENDER_HTML[a["outlet"]](a)
    elif a["fmt"] == "txt":
        s = render_txt(a)
    else:
        s = render_md(a)
    TEXT[a["key"]] = s
    with open(os.path.join(OUT, a["file"]), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(s)

OUTLETS = {
    "Northgate Wire": dict(domain="northgatewire.example", kind="wire service", quotes="straight",
        style="Wire copy: dateline 'CITY, Month D (Northgate Wire) - ', neutral verbs ('said'), reporting/editing credit line, JSON-LD."),
    "The Harbor Ledger": dict(domain="harborledger.example", kind="national broadsheet", quotes="curly",
        style="Broadsheet: kicker, standfirst, 'said:' before quotes, 'the industry minister, X' appositions, British spellings and 2.40am-style times."),
    "The Meridian Post": dict(domain="meridianpost.example", kind="tabloid", quotes="curly",
        style="Tabloid: loaded verbs and labels, bold intro paragraph, READ MORE and video boxes inside the article body, comment counts."),
    "Ironbridge Times": dict(domain="ironbridgetimes.example", kind="business daily", quotes="straight",
        style="Business daily: market ticker above the story, analyst quotes, basis points, 'Free to read' badge, copyright line after the body."),
    "Valley Courier": dict(domain="valleycourier.example", kind="regional paper (Tarn Valley and Grenvik area)", quotes="straight",
        style="Flattened text pages with captions, 'Now playing'/'Watch' lines, newsletter prompts, 'First published on' stamps; local angle and local voices."),
    "Coastline Daily": dict(domain="coastlinedaily.example", kind="regional news site (Port Avery and the coast)", quotes="curly",
        style="Explainers saved as Markdown (## subheadings, image lines, Read more links) and flattened text pages; local angle."),
}

EVENTS = {
    "velora": "10-12 March 2026: Velora Systems, a Norhaven battery maker, faces a National Product Safety Agency investigation after former engineer Tomas Reiher alleges hidden VX-9 thermal-test failures; the company announces 4,200 job cuts and the closure of its Grenvik assembly line.",
    "flood": "6-7 April 2026: part of the Hollin Dam (operated by Tarnwater Utilities) collapses after 180mm of rain, flooding Marrowby in the Tarn Valley; at least 12 dead, about 30 missing, 6,500 evacuated.",
    "rates": "14-15 May 2026: the Central Bank of Valdria raises its main rate by 0.5 points to 4.25% in a 5-2 vote as inflation reaches 6.8%; Governor Elias Varnholm warns of further rises.",
    "recount": "22-23 June 2026: the hand recount of Port Avery's mayoral election (Dana Whitcombe ahead of Rafael Oduya by 312 votes) is suspended for two hours after clashes outside the Hallam Exhibition Centre; four arrests.",
}

PLANTED = [
    {
        "id": "syndicated-wire-copy",
        "kind": "syndication",
        "event": "flood",
        "description": "The Northgate Wire flood story is run nearly verbatim by Valley Courier (same headline, one local sentence added, '2:40 a.m.' restyled as '2.40am') and by Coastline Daily (new headline, last paragraph cut, straight quotes turned into curly quotes and apostrophes). All three keep the wire dateline and the wire reporter's byline. Expected: one copy group with the Northgate Wire article as canonical.",
        "source": F["flood_nw"],
        "copies": [
            {"file": F["flood_vc"], "changes": ["added_local_sentence", "time_restyled"],
             "headline": NW_FLOOD_TITLE, "added_sentence": VC_LOCAL_SENTENCE,
             "edit": {"from": "2:40 a.m.", "to": "2.40am"}},
            {"file": F["flood_cd"], "changes": ["new_headline", "last_paragraph_cut", "smart_quotes"],
             "headline": CD_FLOOD_TITLE, "original_headline": NW_FLOOD_TITLE,
             "cut_paragraph": NW_FLOOD_PARAS[-1]},
        ],
        "shared_strings": ["MARROWBY, April 6 (Northgate Wire) -", "Daniel Okoro"],
        "independent_files": [F["flood_hl"], F["flood_mp"]],
    },
    {
        "id": "quote-cut-lindqvist",
        "kind": "quote_alteration",
        "alteration": "cut",
        "event": "velora",
        "speaker": "Mara Lindqvist",
        "description": "Northgate Wire and The Harbor Ledger give the full sentence; Ironbridge Times quotes only its first half (the sentence ends at the cut).",
        "full": "We have never hidden a test result from anyone, and we will open every file to the agency's investigators.",
        "cut": "We have never hidden a test result from anyone.",
        "instances": [
            {"file": F["velora_nw"], "text": "We have never hidden a test result from anyone, and we will open every file to the agency's investigators", "alteration": None},
            {"file": F["velora_hl"], "text": "We have never hidden a test result from anyone, and we will open every file to the agency\u2019s investigators", "alteration": None},
            {"file": F["velora_it"], "text": "We have never hidden a test result from anyone,\" Mara Lindqvist", "quoted": "We have never hidden a test result from anyone", "alteration": "cut"},
        ],
    },
    {
        "id": "quote-varnholm",
        "kind": "quote_alteration",
        "alteration": "reworded+cut",
        "event": "rates",
        "speaker": "Elias Varnholm",
        "description": "Northgate Wire and Ironbridge Times carry the same words; The Harbor Ledger changes 'persistent' to 'stubborn'; The Meridian Post keeps only the first clause.",
        "full": "We will not hesitate to act again if inflation proves more persistent than we expect.",
        "instances": [
            {"file": F["rates_nw"], "text": "We will not hesitate to act again if inflation proves more persistent than we expect", "alteration": None},
            {"file": F["rates_it"], "text": "We will not hesitate to act again if inflation proves more persistent than we expect", "alteration": None},
            {"file": F["rates_hl"], "text": "We will not hesitate to act again if inflation proves more stubborn than we expect", "alteration": "reworded", "changed_words": {"persistent": "stubborn"}},
            {"file": F["rates_mp"], "text": "We will not hesitate to act again.", "alteration": "cut"},
        ],
    },
    {
        "id": "quote-cut-thornbury",
        "kind": "quote_alteration",
        "alteration": "cut",
        "event": "flood",
        "speaker": "Agnes Thornbury",
        "secondary": True,
        "description": "The mayor's two-sentence quote: The Harbor Ledger prints it as one quote, the wire copies split it around 'she said'; The Meridian Post drops the second sentence.",
        "full": "People woke up with water at the top of the stairs. Whole streets have simply gone.",
        "instances": [
            {"file": F["flood_hl"], "text": "People woke up with water at the top of the stairs. Whole streets have simply gone.", "alteration": None},
            {"file": F["flood_nw"], "text": "Whole streets have simply gone.", "alteration": None},
            {"file": F["flood_mp"], "text": "\u201cPeople woke up with water at the top of the stairs.\u201d", "alteration": "cut"},
        ],
    },
    {
        "id": "number-conflict-jobs",
        "kind": "number_conflict",
        "event": "velora",
        "subject": "jobs",
        "unit": "jobs",
        "description": "Every outlet reports 4,200 job cuts except The Meridian Post, which reports 4,000.",
        "values": [
            {"value": 4200, "text": "4,200 jobs", "files": [F["velora_nw"], F["velora_hl"], F["velora_it"], F["velora_vc"], F["velora_cd"]]},
            {"value": 4000, "text": "4,000 jobs", "files": [F["velora_mp"]]},
        ],
    },
    {
        "id": "number-conflict-dead",
        "kind": "number_conflict",
        "event": "flood",
        "subject": "dead",
        "unit": "people",
        "description": "The death toll is 12 everywhere except The Meridian Post, which reports 14.",
        "values": [
            {"value": 12, "text": "At least 12 people were killed", "files": [F["flood_nw"], F["flood_vc"], F["flood_cd"]]},
            {"value": 12, "text": "killed at least 12 people", "files": [F["flood_hl"]]},
            {"value": 14, "text": "At least 14 people were killed", "files": [F["flood_mp"]]},
        ],
    },
    {
        "id": "misspelled-name-lindquist",
        "kind": "shared_error",
        "event": "velora",
        "description": "Valley Courier (11 March) and Coastline Daily (12 March) both misspell the chief executive's name the same way and share a sentence nobody else has: evidence that Coastline Daily copied from Valley Courier.",
        "correct": "Lindqvist",
        "misspelled": "Lindquist",
        "files": [F["velora_vc"], F["velora_cd"]],
        "correct_in": [F["velora_nw"], F["velora_hl"], F["velora_mp"], F["velora_it"]],
        "shared_passage": {
            F["velora_vc"]: "Lindquist said the company would cooperate fully with the agency's investigators.",
            F["velora_cd"]: "Lindquist said the company would cooperate fully with the agency\u2019s investigators.",
        },
        "likely_direction": {"source": F["velora_vc"], "target": F["velora_cd"]},
    },
    {
        "id": "loaded-wording-meridian",
        "kind": "framing_loaded",
        "outlet": "The Meridian Post",
        "description": "The Meridian Post uses loaded wording in every story; the other outlets use neutral wording for the same facts (e.g. 'cut'/'shed' jobs, 'fell 18%', 'collapse', 'raised').",
        "instances": {
            F["velora_mp"]: ["Scandal-hit", "slashed", "Fat-cat bosses", "buried", "fumed", "crashed", "dumped"],
            F["flood_mp"]: ["crumbling", "Shamed water bosses", "pocketed", "claimed", "terrified", "shambles"],
            F["rates_mp"]: ["Out-of-touch", "so-called independent", "savage rate hike", "crippling", "hard-pressed"],
            F["recount_mp"]: ["Rioters", "mob", "thugs", "regime", "laid siege", "terrified"],
        },
        "neutral_equivalents": {"slashed": "cut", "crashed": "fell", "burst": "collapsed", "savage rate hike": "rate rise", "rioters": "protesters"},
    },
    {
        "id": "actor-labels-recount",
        "kind": "framing_label",
        "event": "recount",
        "actor": "the crowd outside the Hallam Exhibition Centre (about 300 people, mostly Oduya supporters)",
        "description": "Four outlets give the same crowd four labels.",
        "labels": {
            F["recount_nw"]: "protesters",
            F["recount_hl"]: "activists",
            F["recount_mp"]: "rioters",
            F["recount_cd"]: "demonstrators",
        },
    },
    {
        "id": "omission-vote-split",
        "kind": "omission",
        "event": "rates",
        "description": "Every rates story except The Meridian Post reports that the decision was split 5-2.",
        "claim": "The board voted 5-2 for the rise; two members wanted to hold the rate at 3.75%.",
        "omitted_by": F["rates_mp"],
        "reported_in": {
            F["rates_nw"]: "The decision was taken by a 5-2 vote",
            F["rates_hl"]: "voting 5-2 in favour of the rise",
            F["rates_it"]: "The board voted 5-2 for the increase",
            F["rates_vc"]: "voted 5-2 for the rise",
            F["rates_cd"]: "the decision passed by 5-2",
        },
    },
    {
        "id": "unique-claim-bond-sales",
        "kind": "unique_claim",
        "event": "rates",
        "description": "Only Ironbridge Times reports that the bank will start selling government bonds in September.",
        "file": F["rates_it"],
        "text": "said it would begin selling government bonds from its 40bn-crown ($4.3bn) portfolio in September",
        "absent_from": [F["rates_nw"], F["rates_hl"], F["rates_mp"], F["rates_vc"], F["rates_cd"]],
    },
    {
        "id": "paraphrase-denial",
        "kind": "paraphrase",
        "event": "velora",
        "description": "The same claim (Velora denies hiding test results) in different words.",
        "pair": [
            {"file": F["velora_it"], "text": "Velora denies the allegations."},
            {"file": F["velora_hl"], "text": "The company has repeatedly rejected claims that it concealed failed safety tests"},
        ],
    },
]

SAME_VALUE = [
    {"event": "velora", "what": "restructuring charge", "variants": {
        F["velora_nw"]: "€1.2bn ($1.3bn)", F["velora_hl"]: "€1.2 billion ($1.3 billion)", F["velora_it"]: "€1.2bn ($1.3bn)",
        F["velora_cd"]: "€1.2bn ($1.3bn)", F["velora_mp"]: "€1.2bn"}},
    {"event": "velora", "what": "share of workforce cut", "variants": {
        F["velora_nw"]: "about a fifth of the workforce of 21,000", F["velora_hl"]: "roughly 20%", F["velora_it"]: "about 20%"}},
    {"event": "flood", "what": "rainfall", "variants": {
        F["flood_nw"]: "180 millimetres", F["flood_hl"]: "180mm", F["flood_mp"]: "180mm"}},
    {"event": "flood", "what": "emergency fund", "variants": {
        F["flood_nw"]: "500m-crown ($54m)", F["flood_hl"]: "500m crowns ($54m)", F["flood_mp"]: "500m-crown"}},
    {"event": "rates", "what": "size of the rise", "variants": {
        F["rates_nw"]: "half a percentage point", F["rates_it"]: "50 basis points", F["rates_mp"]: "half-point"}},
    {"event": "rates", "what": "next decision date", "variants": {
        F["rates_nw"]: "July 2", F["rates_hl"]: "2 July"}},
]

def entry(a):
    e = {
        "file": a["file"], "event": a["event"], "outlet": a["outlet"], "title": a["title"],
        "published": a["published"], "url": a["url"], "format": a["fmt"],
        "authors": a["authors"], "language": "en",
    }
    if a.get("standfirst"):
        e["standfirst"] = a["standfirst"]
    if a["fmt"] == "md":
        e["subheadings"] = [t.lstrip("# ") for k, t in a["blocks"] if k == "h"]
    e["paragraphs"] = paragraphs(a)
    e["junk"] = junk(a)
    return e

manifest = {
    "about": "newsprism sample corpus. Everything here is fictional: outlets, people, companies, places and events were invented by the newsprism team; any resemblance to real ones is coincidental. Domains use the reserved .example TLD. The fictional country is Valdria (capital Orlesk, currency the Valdrian crown); Velora Systems reports its results in euros.",
    "version": 1,
    "fields": {
        "paragraphs": "the article body as an extractor should return it, paragraph by paragraph (headline, byline, dateline, captions, subheadings and junk excluded)",
        "junk": "sample boilerplate strings from the page that must not appear in the extracted body",
        "standfirst": "the subheading shown under the headline (not part of the body)",
        "txt_convention": "plain-text files: line 1 headline, line 2 'By <Author>, <Outlet>', line 3 date, then body paragraphs and junk lines separated by blank lines; .md files the same with '# ' before the headline",
    },
    "events": EVENTS,
    "outlets": OUTLETS,
    "articles": [entry(a) for a in sorted(ARTICLES, key=lambda a: (list(EVENTS).index(a["event"]), a["published"]))],
    "planted": PLANTED,
    "same_value_variants": SAME_VALUE,
}
with open(os.path.join(OUT, "MANIFEST.json"), "w", encoding="utf-8", newline="\n") as fh:
    json.dump(manifest, fh, ensure_ascii=False, indent=2)
    fh.write("\n")

# ----------------------------------------------------------------- checks
BY_FILE = {a["file"]: a for a in ARTICLES}
RAW = {a["file"]: TEXT[a["key"]] for a in ARTICLES}
BODY = {a["file"]: "\n\n".join(paragraphs(a)) for a in ARTICLES}
errors = []
def need(f, s, where=BODY):
    if s not in where[f]:
        errors.append(f"missing in {f}: {s!r}")
def absent(f, pat, where=BODY):
    if re.search(pat, where[f], re.I):
        errors.append(f"unexpected in {f}: {pat!r}")

p = {x["id"]: x for x in PLANTED}
for c in p["syndicated-wire-copy"]["copies"]:
    need(c["file"], c["headline"], RAW)
need(F["flood_vc"], VC_LOCAL_SENTENCE)
for f in (F["flood_nw"], F["flood_vc"], F["flood_cd"]):
    for s in p["syndicated-wire-copy"]["shared_strings"]:
        need(f, s, RAW)
absent(F["flood_cd"], re.escape(curly(NW_FLOOD_PARAS[-1])[:40]), RAW)
for q in ("quote-cut-lindqvist", "quote-varnholm", "quote-cut-thornbury"):
    for i in p[q]["instances"]:
        need(i["file"], i["text"])
absent(F["velora_it"], "open every file")
absent(F["rates_mp"], "persistent"); absent(F["rates_mp"], "stubborn")
absent(F["flood_mp"], "Whole streets")
for v in p["number-conflict-jobs"]["values"] + p["number-conflict-dead"]["values"]:
    for f in v["files"]:
        need(f, v["text"])
for a in ARTICLES:
    if a["event"] == "velora" and a["key"] != "velora_mp":
        absent(a["file"], r"4,000", RAW)
    if a["event"] == "flood" and a["key"] != "flood_mp":
        absent(a["file"], r"\b14\b|fourteen", RAW)
    if a["key"] not in ("velora_vc", "velora_cd"):
        absent(a["file"], "Lindquist", RAW)
for f in (F["velora_vc"], F["velora_cd"]):
    need(f, "Lindquist"); absent(f, "Lindqvist", RAW)
for f, s in p["misspelled-name-lindquist"]["shared_passage"].items():
    need(f, s)
loaded_all = set()
for f, terms in p["loaded-wording-meridian"]["instances"].items():
    for t in terms:
        need(f, t); loaded_all.add(t.lower())
loaded_all |= {"slashes", "fat-cat", "scandal", "so-called", "savage", "axe", "rioter", "thug", "burst", "shamed", "disgraced"}
for a in ARTICLES:
    if a["outlet"] != "The Meridian Post":
        for t in loaded_all:
            absent(a["file"], r"\b" + re.escape(t) + r"\b", RAW)
for f, lab in p["actor-labels-recount"]["labels"].items():
    need(f, lab)
    for other in p["actor-labels-recount"]["labels"].values():
        if other != lab:
            absent(f, r"\b" + other + r"\b", RAW)
for a in ARTICLES:
    if a["event"] != "recount":
        absent(a["file"], r"protesters|activists|rioters|demonstrators", RAW)
for f, s in p["omission-vote-split"]["reported_in"].items():
    need(f, s)
absent(F["rates_mp"], r"5-2|Ardent|Blaise|split", RAW)
need(F["rates_it"], p["unique-claim-bond-sales"]["text"])
for f in p["unique-claim-bond-sales"]["absent_from"]:
    absent(f, r"selling (government )?bonds|bond sales|September", RAW)
for i in p["paraphrase-denial"]["pair"]:
    need(i["file"], i["text"])
for a in ARTICLES:
    if a["key"] != "velora_it": absent(a["file"], "denies the allegations", RAW)
    if a["key"] != "velora_hl": absent(a["file"], "repeatedly rejected", RAW)
for sv in SAME_VALUE:
    for f, s in sv["variants"].items():
        need(f, s)
# junk must be in raw file but not in body; body paragraphs must be in raw file
import html as _h
for a in ARTICLES:
    raw = _h.unescape(RAW[a["file"]])
    for j in junk(a):
        if j not in raw: errors.append(f"junk not in file {a['file']}: {j!r}")
        if j in BODY[a["file"]]: errors.append(f"junk in body {a['file']}: {j!r}")
    for para in paragraphs(a):
        if para not in raw: errors.append(f"para not in file {a['file']}: {para[:40]!r}")
    # quote style
    body = BODY[a["file"]]
    style = OUTLETS[a["outlet"]]["quotes"]
    if a["key"] == "flood_vc": style = "straight"
    if a["key"] == "flood_cd": style = "curly"
    if style == "straight" and re.search("[\u201c\u201d\u2018\u2019]", body): errors.append(f"curly in {a['file']}")
    if style == "curly" and re.search("[\"']", body): errors.append(f"straight in {a['file']}")
    # sentence counts (rough)
    n = len(re.findall(r"[.!?][\"\u201d]?(?=\s|$)", body))
    if not 6 <= n <= 15: errors.append(f"{a['file']}: {n} sentences")
    a["_n"] = n

for e in errors: print("ERR", e)
tot = 0
for a in ARTICLES:
    sz = os.path.getsize(os.path.join(OUT, a["file"])); tot += sz
    print(f"{a['file']:45s} {a['fmt']:4s} {sz:6d}B {a['_n']:2d} sentences")
ms = os.path.getsize(os.path.join(OUT, "MANIFEST.json"))
print("manifest", ms, "total", tot + ms)
sys.exit(1 if errors else 0)
