"""Writes corpus.jsonl: a small fictional news corpus with story labels (run once, review the diff)."""

import json
from pathlib import Path

ROWS = [
    # S1: flood release at the Velmora Dam
    ("flood", "s1a", "Ostrel Courier", "2025-03-04T09:00:00+01:00", "Velmora Dam opens gates as reservoir rises",
     "Engineers at the Velmora Dam opened a gate on Tuesday as heavy rain pushed the reservoir to a record level. "
     "The regional water authority warned villages along the Sarn river. Director Tomas Brenn said the dam was sound."),
    ("flood", "s1b", "Sarn Valley Post", "2025-03-04T15:30:00+01:00", "Water released from Velmora reservoir",
     "Water is being released from the Velmora reservoir after three days of rain, the water authority said. "
     "Farmers near Ostrel reported flooded fields by the Sarn river. Tomas Brenn, the authority director, ruled out cracks in the dam."),
    ("flood", "s1c", "Daily Meridian", "2025-03-05", "Sarn villages on alert after Velmora Dam release",
     "Villages on the Sarn river remain on alert after the Velmora Dam began a controlled release of water. "
     "The water authority may open a second gate if the rain continues, Tomas Brenn told reporters."),
    # S2: library closures in Halvard
    ("library", "s2a", "Halvard Times", "2025-03-04", "Halvard council votes to close two libraries",
     "The Halvard city council voted to close the Kesper and Lind branch libraries and move their books to a new central library. "
     "Councillor Anya Drel said heating the branches cost too much."),
    ("library", "s2b", "Daily Meridian", "2025-03-04", "Kesper residents fight library closure",
     "Residents of the Kesper quarter collected signatures against the council plan to shut their branch library. "
     "Anya Drel defended the vote, saying the new central library in Halvard will open late every evening."),
    ("library", "s2c", "Sarn Valley Post", "2025-03-05", "Two Halvard branch libraries to shut",
     "Two branch libraries in Halvard, in Kesper and Lind, will shut next spring after a council vote. "
     "Books will move to the central library designed by Jonas Feld."),
    # S3: high court ruling on fishing rights
    ("fishing", "s3a", "Halvard Times", "2025-03-06", "High Court of Arlen backs fishing cooperatives",
     "The High Court of Arlen ruled on Thursday that the Tessel fishing cooperatives may keep their quotas in the northern bay. "
     "Chief Justice Mara Quill wrote that the quota law had been applied unfairly to the cooperatives."),
    ("fishing", "s3b", "Ostrel Courier", "2025-03-06", "Court ruling restores Tessel fishing quotas",
     "Fishermen in Tessel celebrated after the High Court restored their quotas in the northern bay. "
     "Mara Quill, the chief justice, said the fisheries ministry broke its own quota law."),
    ("fishing", "s3c", "Daily Meridian", "2025-03-06", "Fisheries ministry loses quota case",
     "The fisheries ministry lost its case against the Tessel cooperatives at the High Court of Arlen. "
     "The court said the quotas for the northern bay must be restored this season."),
    # S4: the same court, the same day, a different case (press licences)
    ("press", "s4a", "Sarn Valley Post", "2025-03-06", "High Court of Arlen strikes down press licence rule",
     "The High Court of Arlen struck down a rule requiring newspapers to renew a press licence every year. "
     "Justice Orin Vale wrote that the licence fee burdened small papers such as the Lindmark Gazette."),
    ("press", "s4b", "Halvard Times", "2025-03-06", "Newspapers win licence case",
     "Newspapers no longer need a yearly press licence after a ruling by Justice Orin Vale. "
     "The Lindmark Gazette, which brought the case, called it a victory for local reporting."),
    ("press", "s4c", "Ostrel Courier", "2025-03-06", "Yearly press licence ruled unlawful",
     "A yearly press licence for newspapers is unlawful, the High Court of Arlen said, siding with the Lindmark Gazette. "
     "The information ministry said it would study the ruling by Orin Vale."),
    # S5: chess tournament, mostly undated
    ("chess", "s5a", "Daily Meridian", None, "Mirova chess open ends in upset",
     "Sixteen-year-old Petra Lenk won the Mirova chess open, beating grandmaster Karel Dusk in the final round. "
     "Lenk sacrificed a rook on move thirty to break through."),
    ("chess", "s5b", "Halvard Times", None, "Teenager Lenk beats Dusk in Mirova",
     "Petra Lenk, sixteen, beat grandmaster Karel Dusk to take the Mirova chess open. "
     "Dusk resigned after Lenk's rook sacrifice opened his king."),
    ("chess", "s5c", "Ostrel Courier", "2025-03-05", "Lenk wins Mirova open",
     "The Mirova chess open went to Petra Lenk after a final-round win over Karel Dusk, the tournament said."),
    # S6: three weeks later, the same dam, a different event
    ("inspection", "s6a", "Ostrel Courier", "2025-03-27", "Velmora Dam inspection finds worn spillway",
     "Inspectors at the Velmora Dam found worn concrete on the spillway and asked for repairs before summer. "
     "Tomas Brenn said the water authority would close the spillway for six weeks of work."),
    ("inspection", "s6b", "Sarn Valley Post", "2025-03-27", "Velmora spillway to close for repairs",
     "The Velmora Dam spillway will close for six weeks of repairs after inspectors found worn concrete, "
     "the water authority said. Director Tomas Brenn said the reservoir would be kept low."),
]


def main() -> None:
    out = Path(__file__).with_name("corpus.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for story, aid, outlet, published, title, text in ROWS:
            f.write(json.dumps({"id": aid, "story": story, "outlet": outlet, "published": published,
                                "url": f"https://example.org/{aid}", "title": title, "text": text}) + "\n")


if __name__ == "__main__":
    main()
