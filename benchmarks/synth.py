"""A synthetic news corpus of fictional events, for timing clustering and scoring dedup.

    python benchmarks/synth.py 1000 > synth.jsonl      # one article per line, with gold labels

Everything is invented from a fixed vocabulary and a seed: people, places and organisations are
made of syllables; each event has a topic (several events share a topic on the same days, like
several court rulings in one week), its own names, numbers and key words, and a few facts that
outlets report in their own words. About 100 articles a day, so a larger corpus covers more days
(a steady flow of news, which is what the time window is for). Some articles are planted copies
of another one with light edits (a new headline, the last paragraph cut, a line added); their
``copy_of`` names the original. A few have no date or an absurd one.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta

SYLLABLES = (["ka", "ri", "mo", "ta", "len", "vor", "sel", "dan", "mi", "ro", "bel", "tor", "an", "es", "ul", "ni", "ga", "fen", "dra", "ost", "lin", "mar", "que", "hal", "ber", "sto", "vik", "pel", "zan", "dor", "ir", "ek"])
TOPICS = {
    "court": "court ruling judge justice appeal verdict lawsuit statute hearing plaintiff defendant "
             "constitution rights decision panel dissent",
    "flood": "flood river rain dam reservoir evacuation water levee storm villages rescue damage "
             "forecast emergency shelters",
    "election": "election vote ballot candidate campaign poll turnout party coalition parliament "
                "mayor district recount seats debate",
    "trade": "tariff export import trade minister deal customs goods shipping port quota "
             "negotiations agreement market prices",
    "health": "hospital vaccine clinic doctors patients outbreak ministry infections nurses "
              "treatment health beds testing cases",
    "crime": "police arrest suspect investigation robbery court charges officers detectives "
             "evidence witness prison trial bail",
    "sport": "match team coach season final league goal players stadium fans championship "
             "victory defeat injury transfer",
    "tech": "company software data users privacy startup platform launch regulators app "
            "network security chips investors update",
}
FILLER = ("officials said on {day} that the situation was being watched closely",
          "the statement did not give further details",
          "local residents told reporters they were waiting for more information",
          "analysts said the coming days would be decisive",
          "the announcement came after weeks of speculation",
          "critics said the response had been too slow",
          "supporters welcomed the move as overdue")
FACTS = ("{person} of the {org} said the {k0} {t0} would affect {n0} people in {place}",
         "the {t1} over the {k1} began in {place} after {person} raised concerns about the {t2}",
         "according to the {org}, {n1} {t3} cases involving the {k0} were recorded",
         "{person2} called the {t0} decision a turning point for the {k2} {t4}",
         "the {org} will hold a {t5} on the {k1} in {place} next week",
         "{n0} {t6} were reported near the {k2} site, {person2} confirmed",
         "the {k0} {t2} was first reported by residents of {place}")
OUTLETS = tuple(f"{n} {k}" for n in ("Ostrel", "Halvard", "Sarn", "Lind", "Kesper", "Velmora", "Tessel")
                for k in ("Courier", "Times", "Post"))
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
PER_DAY = 100


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _event(rng: random.Random, eid: int, day: int) -> dict:
    topic = rng.choice(sorted(TOPICS))
    words = TOPICS[topic].split()
    return {"id": f"e{eid}", "day": day, "topic": topic, "words": words,
            "person": f"{_name(rng)} {_name(rng, 3)}", "person2": f"{_name(rng)} {_name(rng, 3)}",
            "place": _name(rng, 3), "org": f"{_name(rng)} {rng.choice(('Council', 'Authority', 'Union', 'Group'))}",
            "keys": [_name(rng, 2).lower() for _ in range(3)], "n": [rng.randint(2, 900) for _ in range(2)],
            "size": rng.choice((2, 3, 3, 4, 5, 6, 8))}


def _sentence(rng: random.Random, ev: dict, template: str) -> str:
    t = rng.sample(ev["words"], 7)
    s = template.format(person=ev["person"], person2=ev["person2"], place=ev["place"], org=ev["org"],
                        k0=ev["keys"][0], k1=ev["keys"][1], k2=ev["keys"][2], n0=ev["n"][0], n1=ev["n"][1],
                        day=rng.choice(DAYS), **{f"t{i}": t[i] for i in range(7)})
    return s[0].upper() + s[1:] + "."


def _article(rng: random.Random, ev: dict, k: int) -> dict:
    facts = [_sentence(rng, ev, f) for f in rng.sample(FACTS, 4)]
    filler = [_sentence(rng, ev, f) for f in rng.sample(FILLER, 2)]
    extra = [_sentence(rng, ev, "the {t0} and the {t1} remain at the centre of the {t2} in {place}")]
    sents = facts + filler + extra
    rng.shuffle(sents)
    paras = ["\n".join(sents[i : i + 2]) for i in range(0, len(sents), 2)]
    title = f"{ev['place']}: {ev['words'][k % len(ev['words'])]} {ev['keys'][0]} {rng.choice(ev['words'])}"
    return {"title": title.capitalize(), "text": "\n\n".join(paras)}


def _edited_copy(rng: random.Random, original: dict, ev: dict) -> dict:
    paras = original["text"].split("\n\n")
    edit = rng.choice(("cut", "added", "headline", "both"))
    if edit in ("cut", "both") and len(paras) > 3:
        paras = paras[:-1]
    if edit in ("added", "both"):
        paras.insert(rng.randint(1, len(paras)), f"Read more from {rng.choice(OUTLETS)} on {ev['place']}.")
    title = f"{ev['person'].split()[1]} on {ev['keys'][1]}: {rng.choice(ev['words'])}"
    return {"title": title, "text": "\n\n".join(paras)}


def generate(n: int, seed: int = 7, copy_share: float = 0.1) -> list[dict]:
    """``n`` articles with ``story`` (event id) and ``copy_of`` (planted original, else None)."""
    rng = random.Random(seed)
    start = date(2023, 1, 2)  # in the past: future dates count as undated
    rows: list[dict] = []
    eid = 0
    while len(rows) < n:
        day = len(rows) // PER_DAY
        ev = _event(rng, eid, day)
        eid += 1
        originals: list[dict] = []
        for k in range(ev["size"]):
            if len(rows) >= n:
                break
            when = start + timedelta(days=day + rng.choice((0, 0, 0, 1, 1, 2)))
            if originals and rng.random() < copy_share * 2:
                src = rng.choice(originals)
                body, copy_of = _edited_copy(rng, src, ev), src["id"]
            else:
                body, copy_of = _article(rng, ev, k), None
            row = {"id": f"a{len(rows)}", "outlet": rng.choice(OUTLETS), "published": when.isoformat(),
                   "url": None, **body, "story": ev["id"], "copy_of": copy_of}
            roll = rng.random()
            if roll < 0.01:
                row["published"] = None
            elif roll < 0.015:
                row["published"] = "1900-01-01"
            row["url"] = f"https://{row['outlet'].lower().replace(' ', '')}.example/{row['id']}"
            rows.append(row)
            if copy_of is None:
                originals.append(row)
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for row in generate(n):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
