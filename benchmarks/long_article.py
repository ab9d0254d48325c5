"""Long fictional news articles, for timing the analysis of very large inputs.

    python benchmarks/long_article.py 200000 OUT_DIR      # two ~200 KB texts: OUT_DIR/{a,b}.txt

Everything is invented from syllables and a seed: people, places, organisations, numbers. Two
outlets cover one event; each article is paragraphs (blank lines between them) of reported facts,
quotes with a speaker, figures and background, so every analysis step has something to do. The
second article restates some of the first one's facts in its own words, with some figures changed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SYLLABLES = ("ka", "ri", "mo", "ta", "len", "vor", "sel", "dan", "mi", "ro", "bel", "tor", "an", "es",
             "ul", "ni", "ga", "fen", "dra", "ost", "lin", "mar", "hal", "ber", "sto", "vik", "pel", "dor")
FIRST = ("Ana", "Marta", "David", "Tomas", "Elena", "Peter", "Laura", "Samuel", "Nina", "Oscar", "Clara", "Victor")
ORG_KIND = ("Council", "Authority", "Union", "Ministry", "Agency", "Institute")
VERBS = ("said", "told reporters", "added", "warned", "explained", "insisted")
FACTS = ("The {org} said {n} households in {place} had been affected by the {thing} since {day}.",
         "{person}, who leads the {org}, said the {thing} would cost about {n} million euros to repair.",
         "According to the {org}, {n} workers were sent to {place} on {day} to assess the {thing}.",
         "Officials in {place} confirmed that {n} people had been moved to temporary shelters.",
         "The {thing} in {place} was first reported by residents on {day}, {person} said.",
         "{person} criticised the {org} for what she called a slow response to the {thing}.",
         "A report by the {org} found that {n} percent of roads in {place} were still closed.",
         "The government of {place} promised {n} million euros in emergency aid on {day}.")
REWORDS = ("Some {n} homes across {place} have been hit by the {thing} since {day}, the {org} said.",
           "Repairing the damage from the {thing} could cost {n} million euros, according to {person}.",
           "On {day} the {org} dispatched {n} workers to {place} to survey the {thing}.",
           "About {n} residents of {place} are now staying in temporary shelters, officials said.")
QUOTES = ("\u201cWe are doing everything we can for the people of {place},\u201d {person} {verb}.",
          "\u201cThe {thing} has shown how unprepared the {org} was,\u201d {person} {verb}.",
          "{person} {verb}: \u201cNobody in {place} should have to wait {n} days for help.\u201d",
          "\u201cIt will take months before {place} is back to normal,\u201d {verb} {person}.")
FILLER = ("The situation remained tense on {day} as more rain was forecast for the region.",
          "Local businesses said they had lost most of their trade during the past week.",
          "Volunteers from neighbouring towns arrived with food, blankets and drinking water.",
          "The {org} did not respond to a request for comment on the latest figures.",
          "Schools in {place} will stay closed until the end of the month, the mayor announced.",
          "Critics said the warning signs had been visible for years before the {thing}.")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
THINGS = ("flooding", "landslide", "storm damage", "bridge collapse", "power outage")


def _word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _cast(rng: random.Random, n: int) -> dict[str, list[str]]:
    return {"person": [f"{rng.choice(FIRST)} {_word(rng, 3)}" for _ in range(n)],
            "org": [f"{_word(rng)} {rng.choice(ORG_KIND)}" for _ in range(n)],
            "place": [_word(rng, 3) for _ in range(n)]}


def _fill(rng: random.Random, template: str, cast: dict[str, list[str]]) -> str:
    return template.format(person=rng.choice(cast["person"]), org=rng.choice(cast["org"]),
                           place=rng.choice(cast["place"]), thing=rng.choice(THINGS), day=rng.choice(DAYS),
                           verb=rng.choice(VERBS), n=rng.randint(2, 950))


def article(size: int, seed: int, *, reword: bool = False) -> str:
    """About ``size`` characters of fictional news prose, paragraphs separated by blank lines."""
    rng = random.Random(seed)
    cast = _cast(random.Random(1), 12)  # both outlets cover the same people, places and bodies
    pools = (REWORDS + FACTS) if reword else FACTS
    paras: list[str] = []
    total = 0
    while total < size:
        sents = [_fill(rng, rng.choice(pool), cast)
                 for pool in rng.sample([pools, QUOTES, FILLER, pools, FILLER], rng.randint(2, 5))]
        para = " ".join(sents)
        paras.append(para)
        total += len(para) + 2
    return "\n\n".join(paras)[:size].rsplit(".", 1)[0] + "."


def write_pair(size: int, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    a, b = out / f"ostrel-courier-{size}.txt", out / f"halvard-post-{size}.txt"
    a.write_text("Flooding leaves thousands without homes\n\n" + article(size, 11) + "\n", encoding="utf-8")
    b.write_text("Storm damage: aid arrives slowly\n\n" + article(size, 23, reword=True) + "\n", encoding="utf-8")
    return a, b


if __name__ == "__main__":
    for p in write_pair(int(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else ".")):
        print(p)
