#!/usr/bin/env python3
"""make_corpus.py - writes examples/corpus.jsonl from the invented articles
below. Every article, outlet and person here is invented for winnow. The
corpus shows what scraped news looks like: one page crawled twice with
different chrome, the same story retold by another outlet with the same
quotes, a teaser on an aggregator, a later and different story on the same
topic, and unrelated stories from the same site (whose chrome repeats)."""
import json
import os

BARRIER_TITLE = "Council approves tidal barrier for Port Ellery after decade of floods"
BARRIER_BODY = [
    BARRIER_TITLE,
    "The city council of Port Ellery voted on Tuesday to build a tidal barrier across the mouth of the Sable estuary, ending ten years of argument over how to protect the old harbour district from winter floods.",
    "The barrier, a row of steel gates that can be raised in two hours when a storm surge is forecast, will cost an estimated 240 million euros and take four years to build.",
    "\u201cWe have waited long enough, and the water has not waited for us,\u201d Mayor Elena Varga said after the vote. \u201cEvery family on the waterfront knows what the last three winters cost them.\u201d",
    "Councillors approved the plan by 31 votes to 9. Opponents argued that the gates would harm the oyster beds upstream and that the money would be better spent raising the quay walls.",
    "Engineers from the regional water board told the council that raising the walls alone would protect the harbour for fifteen years at most, while the barrier is designed to last a century.",
    "Varga said the city would apply for a national climate grant to cover half of the cost. \u201cThis is not a luxury, it is the price of keeping Port Ellery on the map,\u201d she said.",
    "Fishermen who use the estuary will be consulted on the design of the navigation channel, which must stay open for boats of up to twelve metres.",
    "Construction could begin next spring if the grant is approved before the end of the year.",
]

WIRE_TITLE = "Port Ellery to build 240 million euro flood barrier"
WIRE_BODY = [
    WIRE_TITLE,
    "PORT ELLERY (Northern Wire) - Councillors in the flood-hit harbour city of Port Ellery on Tuesday backed a plan for a tidal barrier across the Sable estuary, after years of debate.",
    "The vote, 31 in favour and 9 against, clears the way for a set of movable steel gates that would close the estuary when storm surges threaten the historic harbour.",
    "\u201cWe have waited long enough, and the water has not waited for us,\u201d Mayor Elena Varga told reporters. She added that the project would seek national climate funding for half of its estimated 240 million euro price.",
    "Critics on the council said the gates could damage oyster farming upstream and called for higher quay walls instead.",
    "\u201cThis is not a luxury, it is the price of keeping Port Ellery on the map,\u201d Varga said.",
    "Work is expected to take four years once it starts.",
]

CONTRACT_TITLE = "Dutch-Nordic consortium wins Port Ellery barrier contract"
CONTRACT_BODY = [
    CONTRACT_TITLE,
    "PORT ELLERY (Northern Wire) - A consortium of two dredging companies has won the contract to build the tidal barrier on the Sable estuary, the city said on Monday, seven months after councillors approved the project.",
    "The consortium's bid of 228 million euros came in under the council's estimate. Its chief executive, Joris van der Laan, said the first foundation piles would be driven in April.",
    "\u201cThe gates will be assembled on shore and floated into place, so the channel stays open for the fishing fleet during the works,\u201d van der Laan said in a statement.",
    "The national climate fund confirmed last month that it would pay for half of the barrier. A losing bidder has until the end of the month to appeal the award.",
]

LIBRARY_TITLE = "Harbour library reopens after two-year restoration"
LIBRARY_BODY = [
    LIBRARY_TITLE,
    "The old customs house library on Quay Street reopened to readers on Saturday after a restoration that replaced its leaking roof and uncovered painted ceilings hidden for more than a century.",
    "Hundreds of residents queued in the rain before the doors opened at ten. Children were given a new reading room on the ground floor, where the customs officers once weighed cargo.",
    "Head librarian Tomas Reyes said the building now had space for twice as many books as before, and a small gallery for the city archive's maps and ship registers.",
    "The restoration cost 6.5 million euros, most of it from a heritage lottery grant.",
]

BAKERY_TITLE = "Market hall bakery wins national prize for rye bread"
BAKERY_BODY = [
    BAKERY_TITLE,
    "A family bakery in the old market hall has won the national bread award for its dark rye loaf, beating more than two hundred entries from across the country.",
    "Owner Ines Halloran, whose grandfather opened the shop in 1961, said the recipe had not changed in sixty years apart from the flour, which now comes from a mill twenty kilometres inland.",
    "The judges praised the loaf's crust and its sour, slightly sweet crumb. The prize comes with a year of free entry to the national baking fair.",
]

FOOTBALL_TITLE = "Ellery Athletic sign goalkeeper on loan until the summer"
FOOTBALL_BODY = [
    FOOTBALL_TITLE,
    "Ellery Athletic have signed the goalkeeper Sami Okafor on loan until the end of the season, the club said on Thursday, after their first-choice keeper broke a finger in training.",
    "Okafor, 24, made eleven league appearances for his parent club last season and is expected to start in Saturday's home match against Lindholm.",
    "Manager Petra Kask said she had wanted an experienced keeper rather than promoting a youth player in the middle of a promotion race.",
]

HERALD_NAV = ["Skip to content", "Coastal Herald", "News | Politics | Business | Sport | Culture | Opinion"]
HERALD_COOKIE = ["We use cookies to improve your experience. By continuing to browse the site you agree to our use of cookies. Accept | Manage settings"]
HERALD_FOOT = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "Share this article: Facebook | X | Email | Copy link",
    "\u00a9 2024 Coastal Herald Media. All rights reserved. Privacy policy | Terms of use",
]

def herald_page(body, related):
    return "\n".join(HERALD_NAV + HERALD_COOKIE + [""] + "\n\n".join(body).split("\n")
                     + [""] + HERALD_FOOT + ["Read more"] + related)

def doc(id_, title, body_text, source, url, date):
    return {"id": id_, "title": title, "text": body_text, "source": source, "url": url, "date": date}

docs = [
    doc("herald-barrier", BARRIER_TITLE,
        herald_page(BARRIER_BODY, ["Ferry fares to rise by 4 per cent from March",
                                   "Harbour library reopens after two-year restoration"]),
        "Coastal Herald", "https://coastal-herald.example/news/2024/03/tidal-barrier-approved", "2024-03-12"),
    doc("herald-barrier-recrawl", BARRIER_TITLE,
        "\n".join(["Menu", "Search", "Subscribe", "Coastal Herald", "Politics", BARRIER_TITLE, "By Marta Lind", "3 min read", ""]
                  + "\n\n".join(BARRIER_BODY[1:]).split("\n") + [
                      "",
                      "We're a small independent newsroom. If you value our reporting, please consider supporting us with a donation today.",
                      "Marta Lind covers city hall for the Coastal Herald. Follow her on X @martalind.",
                      "Most read",
                      "Market hall bakery wins national prize for rye bread",
                      "Ellery Athletic sign goalkeeper on loan until the summer"]),
        "Coastal Herald", "https://coastal-herald.example/politics/tidal-barrier-approved?ref=home", "2024-03-13"),
    doc("wire-barrier", WIRE_TITLE,
        "\n\n".join(WIRE_BODY) + "\n\n(Reporting by Anna Berg; Editing by Luis Moreno)",
        "Northern Wire", "https://northern-wire.example/world/port-ellery-barrier", "2024-03-12"),
    doc("aggregator-teaser", BARRIER_TITLE,
        "\n\n".join(BARRIER_BODY[:4]) + "\n\nRead more at Coastal Herald",
        "Daily Digest", "https://daily-digest.example/item/88412", "2024-03-12"),
    doc("herald-library", LIBRARY_TITLE,
        herald_page(LIBRARY_BODY, ["Council approves tidal barrier for Port Ellery after decade of floods"]),
        "Coastal Herald", "https://coastal-herald.example/culture/library-reopens", "2024-03-09"),
    doc("herald-bakery", BAKERY_TITLE,
        herald_page(BAKERY_BODY, ["Ferry fares to rise by 4 per cent from March"]),
        "Coastal Herald", "https://coastal-herald.example/business/rye-bread-prize", "2024-03-14"),
    doc("wire-contract", CONTRACT_TITLE,
        "\n\n".join(CONTRACT_BODY),
        "Northern Wire", "https://northern-wire.example/business/barrier-contract", "2024-10-21"),
    doc("sport-football", FOOTBALL_TITLE,
        "\n\n".join(FOOTBALL_BODY),
        "Ellery Sport", "https://ellery-sport.example/athletic/okafor-loan", "2024-03-14"),
]

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "corpus.jsonl")
tmp = path + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
os.replace(tmp, path)
