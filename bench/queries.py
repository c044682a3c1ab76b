"""The fixed query set of the scale benchmark, and its translation to SQLite FTS5.

`query_set` returns the same 220 searches on every run: single words
(very common, common and rare in Reuters-21578), two-word queries and
phrases, each unfiltered on page 1, and subsets with a date range, with an
outlet or a speaker facet filter, and on page 5.  Speaker names depend on
what the indexer extracted, so the caller passes the index's most frequent
speakers; everything else is fixed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from webapp.params import SearchState

#: Terms in most stories (df > 25% of 21,578 stories).
VERY_COMMON = ["the", "said", "and", "mln", "dlrs", "pct", "year", "company", "billion", "stock"]
#: Terms in 1,000-3,000 stories.
COMMON = ["bank", "oil", "trade", "market", "shares", "prices", "government", "dollar",
          "rate", "week", "sales", "profit", "quarter", "japan", "dividend", "lead"]
#: Terms in 1-50 stories.
RARE = ["temporao", "arroba", "copra", "carnival", "cruzados", "hurricane", "embargo", "potato",
        "wool", "veal", "propane", "uranium", "alumina", "cadmium", "bauxite", "peso",
        "lira", "sunflower", "palladium", "poehl"]
TWO_WORDS = ["oil prices", "interest rates", "trade deficit", "stock market", "central bank",
             "money supply", "crude oil", "federal reserve", "coffee quota", "wheat exports",
             "gold mine", "steel imports", "merger agreement", "takeover bid", "net loss",
             "tax reform", "japan yen", "brazil debt", "opec output", "sugar production",
             "grain shipments", "dividend payable", "quarterly dividend", "bank loans",
             "copper price", "soybean crop", "currency markets", "budget deficit",
             "airline fares", "iran iraq"]
PHRASES = ['"interest rates"', '"trade deficit"', '"net profit"', '"federal reserve"',
           '"per share"', '"west germany"', '"stock exchange"', '"money market"',
           '"crude oil"', '"central bank"', '"finance minister"', '"united states"',
           '"securities and exchange commission"', '"agriculture department"',
           '"common stock"', '"bank of japan"', '"record date"', '"letter of intent"',
           '"oil prices"', '"wall street"']

#: Date ranges inside the collection (26 Feb - 20 Oct 1987).
DATE_RANGES = [("1987-03-01", "1987-03-31"), ("1987-04-01", "1987-04-15"),
               ("1987-03-15", "1987-06-30"), ("1987-06-01", "1987-10-31")]
OUTLET = "Reuters"


@dataclass(frozen=True)
class Search:
    """One search of the benchmark: a query and its filters."""

    q: str
    kind: str                          # "common", "rare", "two words", "phrase", ...
    page: int = 1
    outlets: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)   # "date", "outlet", "speaker", "page5"

    def state(self) -> SearchState:
        """This search as the web app's search state."""
        return SearchState(q=self.q, outlets=self.outlets, speakers=self.speakers,
                           date_from=self.date_from, date_to=self.date_to, page=self.page)

    def params(self) -> list[tuple[str, str]]:
        """The web app's query-string pairs for this search (empty ``q`` left out, as the app does)."""
        return self.state().params()


def query_set(speakers: list[str]) -> list[Search]:
    """The 220 searches: 96 plain queries on page 1, then 48 with a date range, 24 with the
    outlet facet, 26 with a speaker facet (6 of them browsing without a query) and 26 on page 5."""
    base = ([Search(q, "very common") for q in VERY_COMMON]
            + [Search(q, "common") for q in COMMON]
            + [Search(q, "rare") for q in RARE]
            + [Search(q, "two words") for q in TWO_WORDS]
            + [Search(q, "phrase") for q in PHRASES])
    searches = list(base)
    for i, s in enumerate(base[::2]):                                  # 48 with a date range
        start, end = DATE_RANGES[i % len(DATE_RANGES)]
        searches.append(Search(s.q, s.kind, date_from=start, date_to=end, tags=("date",)))
    for s in base[1::4]:                                               # 24 with the outlet facet
        searches.append(Search(s.q, s.kind, outlets=(OUTLET,), tags=("outlet",)))
    names = speakers or []
    speaker_queries = VERY_COMMON[:6] + COMMON[:8] + TWO_WORDS[:6] + [""] * 6
    for i, q in enumerate(speaker_queries):                            # 26 with a speaker facet
        if names:
            searches.append(Search(q, "speaker", speakers=(names[i % len(names)],), tags=("speaker",)))
    for s in [s for s in base if s.kind != "rare"][::3]:               # 26 on page 5 (rare terms have no page 5)
        searches.append(Search(s.q, s.kind, page=5, tags=("page5",)))
    return searches


_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def fts5_match(q: str) -> str:
    """The query as an FTS5 MATCH expression: every word quoted (so no word is an operator),
    phrases kept as phrases, all of them required (as in the web app)."""
    parts = []
    for m in _PHRASE_OR_WORD.finditer(q):
        words = _WORD.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)
