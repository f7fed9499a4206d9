"""The country an article is about (its focus), from all of its evidence.

Libyan news is the project's subject, so Libya is the prior, not a certainty: a report
about Idlib names "جبل الزاوية", one about Lebanon names Tripoli, a Tunisian border
story names towns that look Libyan. As in Mordecai 3's country model, each country
collects evidence over the whole article:

* its words in ``geo/data/article_country.json``: names and adjectives (سوري، اللبناني,
  Tunisian), armed groups and leaders (Hezbollah, الحوثي), regions the gazetteer lacks;
* the recognised place names: a name found in one of these countries counts one for
  it, however often it is repeated; a name found in several (Tripoli: Libya and
  Lebanon) counts for none.

Libya starts with ``libya_prior``; a foreign country becomes the focus only when it
has at least ``min_foreign_evidence`` and more than Libya. One pass of one word
matcher over the folded text: linear in the text.

Examples
--------
>>> from gazetteer.normalize import FoldedText, name_key
>>> article_focus(FoldedText("Hezbollah fighters clashed in Beirut, Lebanese media said"), []).country
'LB'
>>> article_focus(FoldedText("Clashes in Tripoli, the Libyan capital"), []).country
'LY'
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from gazetteer import Gazetteer
from gazetteer.normalize import FoldedText, name_key
from geo.places.recognize import RawMatch
from geo.text.lexicon import WordMatcher, load_data

__all__ = ["ArticleFocus", "article_focus", "LIBYA"]

LIBYA = "LY"
_NAMED_LABEL = "libya_named"
# How far (characters of the original text) a word naming Libya vouches for a Libyan place
# in a foreign story: about a sentence.
_NAMED_WINDOW = 200
_NEIGHBOUR_WINDOW = 14  # characters around a country's word where "border"/"from" is looked for


@dataclass(frozen=True, slots=True)
class ArticleFocus:
    """The focus country of an article, the evidence per country, and where Libya is named."""

    country: str = LIBYA
    evidence: dict[str, float] = field(default_factory=dict)
    libya_named_at: tuple[int, ...] = ()  # offsets in the original text, sorted

    @property
    def foreign(self) -> bool:
        """True when the article is about another country than Libya."""
        return self.country != LIBYA

    def names_libya_near(self, offset: int) -> bool:
        """True when a word naming Libya stands within about a sentence of ``offset``.

        >>> ArticleFocus("SY", {}, (500,)).names_libya_near(420), ArticleFocus("SY", {}, (500,)).names_libya_near(10)
        (True, False)
        """
        k = bisect_left(self.libya_named_at, offset - _NAMED_WINDOW)
        return k < len(self.libya_named_at) and self.libya_named_at[k] <= offset + _NAMED_WINDOW


@lru_cache(maxsize=1)
def _evidence_words() -> tuple[WordMatcher, WordMatcher, float, float, float]:
    data = load_data("article_country.json")
    countries = WordMatcher({code: (words["ar"], words["en"]) for code, words in data["countries"].items()})
    named = WordMatcher({_NAMED_LABEL: (data["libya_named"]["ar"], data["libya_named"]["en"])})
    return (countries, named, float(data["libya_prior"]), float(data["min_foreign_evidence"]),
            float(data["libyan_place_weight"]))


@lru_cache(maxsize=1)
def _neighbour_cues() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The cues before a country word, as one pattern (any of them inside the window), and after it."""
    data = load_data("article_country.json")
    before = sorted({name_key(w) for w in data["neighbour_cues_before"]}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, before))), tuple(name_key(w) for w in data["neighbour_cues_after"])


def _as_neighbour(text: str, start: int, end: int) -> bool:
    """True when the word at ``text[start:end]`` names a neighbour or an origin ("الحدود مع ليبيا",
    "from Libya", "the Libyan border"), not the country the story happens in."""
    before, after = _neighbour_cues()
    window = text[max(0, start - _NEIGHBOUR_WINDOW):start]
    following = text[end:end + _NEIGHBOUR_WINDOW].split()[:1]
    return before.search(window) is not None or any(w.endswith(after) or w.startswith(after) for w in following)


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int, strictly: bool = False) -> bool:
    """True when ``[start, end)`` lies inside one of the sorted, non-overlapping ``spans``
    (``strictly``: inside a longer one)."""
    k = bisect_right(spans, (start, math.inf)) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1] and not (strictly and spans[k] == (start, end))


def _place_evidence(text: str, matches: Sequence[RawMatch], spans: Sequence[tuple[int, int]], cue_spans: Sequence[tuple[int, int]],
                    gazetteer: Gazetteer, scored: set[str]) -> dict[str, float]:
    """Each recognised name counts one for the scored country of its entries; a name found in
    several of them (Tripoli) says nothing, nor does a name that is (or is inside) an evidence
    word: "Bab" of "Bab al-Tabbaneh", "Akkar" (Lebanon's, not the Libyan village's)."""
    votes: defaultdict[str, float] = defaultdict(float)
    places = gazetteer.places
    seen: set[str] = set()
    for m, (s, e) in zip(matches, spans, strict=True):
        codes = {places[i].country_code for i in m.candidates} & scored
        if len(codes) == 1 and m.key not in seen and not _inside(cue_spans, s, e) and not _as_neighbour(text, s, e):
            seen.add(m.key)  # a name counts once: a look-alike repeated is still one clue
            votes[codes.pop()] += 1.0
    return votes


def article_focus(folded: FoldedText, matches: Sequence[RawMatch],
                  gazetteer: Gazetteer | None = None) -> ArticleFocus:
    """Decide the country ``folded`` is about from its words and recognised names ``matches``.

    ``gazetteer`` gives the countries of the names' entries (the default gazetteer when
    None and there are names).
    """
    countries, named, libya_prior, min_foreign, libyan_weight = _evidence_words()
    text = folded.folded
    bounds = folded.indices([b for m in matches for b in (m.start, m.end)])
    spans = list(zip(bounds[::2], bounds[1::2], strict=True))
    ordered = sorted(spans)
    hits = countries.find(text)
    evidence: defaultdict[str, float] = defaultdict(float, {LIBYA: libya_prior})
    for hit in hits:
        if not _inside(ordered, hit.start, hit.end, strictly=True) and not _as_neighbour(text, hit.start, hit.end):
            evidence[hit.label] += 1.0
    if matches:
        scored = set(load_data("article_country.json")["countries"])
        cue_spans = [(h.start, h.end) for h in hits]
        votes = _place_evidence(text, matches, spans, cue_spans, gazetteer or Gazetteer.default(), scored)
        for code, vote in votes.items():
            evidence[code] += vote * (libyan_weight if code == LIBYA else 1.0)
    foreign = [(score, code) for code, score in evidence.items() if code != LIBYA]
    country = LIBYA
    if foreign:
        score, code = max(foreign)
        if score >= min_foreign and score > evidence[LIBYA]:
            country = code
    named_at: tuple[int, ...] = ()
    if country != LIBYA:
        named_at = tuple(sorted(folded.original(h.start) for h in named.find(text)))
    return ArticleFocus(country, dict(evidence), named_at)
