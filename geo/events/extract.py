"""Event extraction: an article's sentences -> dated, placed, attributed events.

For every sentence:

1. triggers of each category are found from the lexicons in ``geo/data``
   (``event_triggers.json``); weapon words count only beside an attack verb;
2. a trigger governed by a forecast, threat, intention, purpose, denial,
   condition or negation (``modality.json``) makes no event;
3. each remaining trigger is placed from its own clause: the target of a strike,
   origin and destination of a movement (من X باتجاه Y), the places a front line
   lies between or runs through;
4. the date comes from the sentence (or its paragraph) resolved against the
   publication date, the number killed from the sentence, the actors from the
   alias table (``actors.json``).

Events of one article that are the same real-world event (same kind, same
place, same day) are merged; :func:`geo.events.dedupe.merge_across_articles` does the
same across articles.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from gazetteer.model import Place
from gazetteer.normalize import is_arabic_letter, name_key
from geo.events.acled import acled_types
from geo.events.actors import ActorMention, actor_finder
from geo.events.dedupe import drop_attacks_that_are_strikes, merge_within_article
from geo.events.disasters import without_disaster_deaths
from geo.events.follow_up import give_following_toll
from geo.events.lists import coordinated, object_across_gap
from geo.events.movements import ends_with_cue, folded_words, movement_rules
from geo.events.place_roles import where_it_happened
from geo.events.reporting import (
    acting_pronoun_ends,
    civil_source,
    continues_statement,
    own_force_acts,
    own_force_spans,
    source_spans,
    statement_side,
)
from geo.model import Article, Event
from geo.places.capital import is_capital_phrase
from geo.places.geoparse import Geoparser, GeoparseResult, default_geoparser
from geo.places.relative import RelativeLocation, destination_point
from geo.text.counts import extract_counts
from geo.text.dates import event_date, lead_date, page_date, without_spans
from geo.text.lexicon import Hit, WordMatcher, load_data
from geo.text.pattern_starts import StartScanner
from geo.text.sentences import Sentence, split_sentences

__all__ = ["EventExtractor", "extract_article_events", "default_extractor"]

_folded = folded_words
_TOWARD_CUES = _folded("باتجاه", "اتجاه", "نحو", "صوب", "تجاه", "toward", "towards", "heading to", "headed to",
                       "in the direction of")
_RELATIVE_PRONOUNS = _folded("التي", "الذي", "الذين", "اللتي", "which", "that", "who")
_LOCATIVE = _folded("في", "ب", "in", "at")
_CLAUSE_PUNCT = "،,;؛:.!?؟"
# How far after a trigger verb its subject may stand (folded characters): Arabic is verb-first.
_SUBJECT_AFTER_VERB = 40
# An event dated this long before publication is background ("the offensive launched in April 2019").
BACKGROUND_DAYS = 30
_STATEMENTS = frozenset({"front_line", "political"})
_VIOLENT = frozenset({"airstrike", "shelling", "explosion", "clash", "territory", "shootdown", "civilian_attack"})


@dataclass(slots=True)
class _SentenceActors:
    """The actor mentions of one sentence, where target and agent markers end, the spans that
    name who reports (:func:`geo.events.reporting.source_spans`) and the speaker's own forces."""

    actors: list[ActorMention]
    targets: list[int]
    agents: list[int]
    sources: list[tuple[int, int]]
    civil_source: bool  # a health ministry, a hospital: it reports victims, its side did not strike
    own_forces: list[tuple[int, int]]  # "أن سلاح الجو شن ضربات" in a side's statement: that side
    folded: str

    @classmethod
    def of(cls, folded: str, lean: str, on: date) -> _SentenceActors:
        finder = actor_finder()
        sources = source_spans(folded)
        # ``on``: the report's date names groups as they were then (Radaa fought as the GNA in 2019).
        actors, targets = finder.find(folded, lean, on=on), [h.end for h in finder.target_markers(folded)]
        return cls(actors, targets, [h.end for h in finder.agent_markers(folded)], sources,
                   civil_source(folded, sources), own_force_spans(folded, actors, targets), folded)


@dataclass(slots=True)
class _Trigger:
    category: str
    hit: Hit


def _stable_id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


# Categories whose place must come from their own clause: a movement's ends, a front line's
# places, and political events (often about a place named elsewhere in the sentence).
_NO_SENTENCE_FALLBACK = frozenset({"movement", "front_line", "political"})


def _one_place(spots: Sequence[tuple[int, int, int]], parsed: GeoparseResult) -> bool:
    """True when the sentence's usable place mentions all name one and the same place."""
    ids = {place.id if (place := parsed.resolved[k].place) is not None else None for _, _, k in spots}
    return len(ids) == 1 and None not in ids


class EventExtractor:
    """Extract events from articles (build once: it compiles the lexicons)."""

    def __init__(self, geoparser: Geoparser | None = None) -> None:
        self.geoparser = geoparser or default_geoparser()
        trig = load_data("event_triggers.json")
        self.priority: list[str] = trig["priority"]
        self._yields_to: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in trig["yields_to"].items()}
        self._not_triggers = WordMatcher({"not": (trig["not_triggers"]["ar"], trig["not_triggers"]["en"])})
        # One pattern, a named group per category: a match ends where its object would begin.
        self._object_verbs = StartScanner(re.compile("|".join(
            rf"(?<!\S)(?P<{category}>{'|'.join(map(re.escape, verbs))}) (?:the )?"
            for category, verbs in trig["place_object_verbs"].items())))
        resp = load_data("actors.json")["responsibility"]
        self._responsibility = WordMatcher({"claim": (resp["ar"], resp["en"])})
        cats = trig["categories"]
        # "motion": verbs of going, a movement only beside a force noun (movements.json)
        self._strong = WordMatcher({c: (s["strong_ar"], s["strong_en"]) for c, s in cats.items()}
                                   | {"motion": movement_rules().motion_verbs})
        self._weak = WordMatcher({c: (s["weak_ar"], s["weak_en"]) for c, s in cats.items()
                                  if s["weak_ar"] or s["weak_en"]})
        self._attack = WordMatcher({"attack": (trig["attack_verbs"]["ar"], trig["attack_verbs"]["en"])})
        self._line_statement = WordMatcher({"line": (trig["front_line_statement"]["ar"],
                                                     trig["front_line_statement"]["en"])})
        self._air = WordMatcher({"air": (trig["air_objects"]["ar"], trig["air_objects"]["en"])})
        mod = load_data("modality.json")
        self._modal = WordMatcher({"modal": ([w + "$" for w in mod["before_ar"]], mod["before_en"])})
        self._purpose_prefixes = tuple(mod["trigger_prefix_ar"])
        self._denial = WordMatcher({"denial": ([w + "$" for w in mod["denials_ar"]], mod["denials_en"])})
        self._denial_kept = frozenset(mod["denial_kept_categories"])
        self._purpose_categories = frozenset(mod["purpose_prefix_categories"])
        breaks = [name_key(w) for w in mod["clause_breaks_ar"] if len(name_key(w)) > 1]
        breaks += [w.lower() for w in mod["clause_breaks_en"] if len(w.strip()) > 1]
        self._break_patterns = tuple(f" {b.strip()} " for b in breaks)
        self._any_break = re.compile("|".join(map(re.escape, self._break_patterns)))

    # ------------------------------------------------------------------ sentence level

    def _clause_start(self, folded: str, pos: int) -> int:
        """Where the clause that contains ``pos`` begins."""
        start = max([folded.rfind(p, 0, pos) for p in _CLAUSE_PUNCT]) + 1  # 0 when none
        window = folded[start:pos]
        if self._any_break.search(window) is None:
            return start  # most clauses: no break word
        # Each break word present moves the start on by its last position in the window (the
        # moves add up, as they always have).
        for pattern in self._break_patterns:
            k = window.rfind(pattern)
            if k >= 0:
                start += k + len(pattern) - 1
        return start

    def _clause_end(self, folded: str, pos: int, next_trigger: int) -> int:
        end = next_trigger
        for i in range(pos, min(end, len(folded))):
            if folded[i] in _CLAUSE_PUNCT and not (folded[i] in ".," and i + 1 < len(folded) and folded[i + 1].isdigit()):
                return i
        return end

    def _is_modal(self, folded: str, trig: _Trigger) -> bool:
        h = trig.hit
        if "س" in h.prefix:
            return True  # the future prefix: ستستعيد "will retake"
        if trig.category in self._purpose_categories and h.prefix in self._purpose_prefixes:
            return True  # للسيطرة "in order to take", لشن
        before = folded[:h.start].split()
        if before and before[-1] in _RELATIVE_PRONOUNS and trig.category in ("territory", "clash"):
            return True  # "الأراضي التي سيطر عليها": a past state, not the report
        window = folded[self._clause_start(folded, h.start):h.start]
        modal = self._modal.find(window)
        if modal and trig.category in self._denial_kept:
            # "نفت قوات الوفاق سيطرة قوات حفتر على الأصابعة": a denied claim stays an event
            return not all(self._denial.find(window[m.start:m.end]) for m in modal)
        return bool(modal)

    def _triggers(self, folded: str) -> list[_Trigger]:
        strong = [_Trigger(h.label, h) for h in self._strong.find(folded)]
        if any(t.category == "motion" for t in strong):
            moving = movement_rules().has_force(folded)
            strong = [_Trigger("movement", t.hit) if t.category == "motion" else t for t in strong
                      if t.category != "motion" or moving]
        # "انسحبت القوات من ترهونة نحو بني وليد": a withdrawal is also a movement (placed only toward a place)
        strong += [_Trigger("movement", t.hit) for t in strong
                   if t.category == "territory" and movement_rules().is_retreat(folded[t.hit.start:t.hit.end])]
        if self._attack.find(folded):
            strong += [_Trigger(h.label, h) for h in self._weak.find(folded)
                       if not any(s.hit.start <= h.start < s.hit.end for s in strong)]
        if not strong:
            return []  # most sentences: no further matcher pass
        air = any(t.category == "shootdown" for t in strong) and bool(self._air.find(folded))
        spans = [(h.start, h.end) for h in self._not_triggers.find(folded)]
        out = []
        for t in strong:
            if any(s <= t.hit.start < e for s, e in spans):
                continue  # "حركة الطيران": air traffic, not the air force
            if t.category == "shootdown" and not air:
                continue
            if self._is_modal(folded, t):
                continue
            out.append(t)
        out = without_disaster_deaths(folded, out)  # the bodies of migrants who drowned: no attack
        present = {t.category for t in out}
        out = [t for t in out if not self._yields_to.get(t.category, frozenset()) & present]
        out.sort(key=lambda t: t.hit.start)
        return out

    # ------------------------------------------------------------------ places

    def _locate(self, category: str, trig_pos: int, clause: tuple[int, int], folded: str,
                spots: list[tuple[int, int, int]], parsed: GeoparseResult,
                relative_at: dict[int, RelativeLocation], stop: int | None = None) -> list[dict[str, object]]:
        """Locations of one trigger: a list of {coords, name, id, precision, ...}.

        ``spots`` are (start, end, place index) in the folded sentence; ``stop`` is where the
        next trigger starts (a list or an object across a short insertion ends there)."""
        res = parsed.resolved
        lo, hi = clause
        inside = [s for s in spots if lo <= s[0] < hi]
        after = [s for s in inside if s[0] >= trig_pos]
        before = [s for s in inside if s[0] < trig_pos]
        if category == "movement":
            return movement_rules().locate(folded, spots, trig_pos, parsed, hi)
        if category == "front_line":
            return self._front_line(spots, trig_pos, parsed, relative_at,
                                    bool(self._line_statement.find(folded[clause[0]:clause[1]])))
        if category == "political":
            return self._meeting_place(folded, after, parsed)
        if category == "territory" and not after and before:
            # Arabic names the ground taken after the verb (سيطرت على X); English may put
            # it first in the passive ("Gharyan fell to", "X was captured").
            between = folded[before[-1][1]:trig_pos].split()
            passive = {"was", "were", "been", "fell", "is", "are", "has", "had", "have", "reportedly", "finally"}
            # "Gharyan fell to", "Sirte was retaken", "consider Sirte in their control"
            post = folded.startswith(("fell", "fall", "in ", "under "), trig_pos)
            if not (set(between) <= passive and (set(between) & passive or post)):
                before = []
        if not after and not before and folded[lo:trig_pos].lstrip().startswith(("where ", "حيث ")):
            # "..., in Abu Salim, where rockets slammed into houses": the place the clause refers back to
            before = [sp for sp in spots if sp[1] <= lo][-1:]
        if not after and not before and stop is not None:
            # "المدفعية استهدفت، خلال يوم أمس، تمركزات في سوق الأحد": the object after an insertion
            across = object_across_gap(folded, hi, stop, spots)
            after = [across] if across is not None else []
        chosen = after or before[-1:]
        # "fell on Tajoura, Souq al-Juma and Arada": every member of the list is a place of the event
        chosen = coordinated(folded, chosen, [s for s in spots if stop is None or s[0] < stop])
        if category == "territory":
            # "انسحبت قوات حفتر من ترهونة باتجاه بني وليد": the ground changed hands at Tarhuna; the
            # place the losers went toward is not taken.
            taken = [c for c in chosen if not ends_with_cue(folded[max(0, c[0] - 24):c[0]], _TOWARD_CUES)]
            chosen = taken or chosen
        out: list[dict[str, object]] = []
        skip: set[int] = set()
        for _, _, k in chosen:
            if k in skip:
                continue
            rel = relative_at.get(k)
            place = res[k].place
            assert place is not None
            if rel is not None and rel.kind == "between":
                a, b = (res[i].place for i in rel.anchors)
                skip.update(rel.anchors)
                out.append({"coords": [(rel.lon, rel.lat)], "name": f"between {a.name} and {b.name}",  # type: ignore[union-attr]
                            "id": None, "precision": 2, "district": place.district})
            elif rel is not None and rel.kind == "container":
                continue  # "عين زارة جنوبي طرابلس": the event is at the first name
            elif rel is not None and rel.kind == "direction" and rel.distance_km:
                out.append({"coords": [(rel.lon, rel.lat)], "name": f"{rel.distance_km:g} km {rel.relation} {place.name}",
                            "id": None, "precision": 2, "district": place.district})
            else:
                precision = 3 if place.is_area or is_capital_phrase(res[k].match) else 2 if rel is not None else 1
                out.append({"coords": [(place.lon, place.lat)], "name": place.name, "id": place.id,
                            "precision": precision, "district": place.district})
        # A district or region beside a specific place adds nothing.
        specific = [o for o in out if o["precision"] != 3]
        return specific or out[:1]

    def _meeting_place(self, folded: str, after: list[tuple[int, int, int]],
                       parsed: GeoparseResult) -> list[dict[str, object]]:
        """Where a meeting or agreement happened: a place right after "في" / "in" / "at"."""
        for s, _e, k in after:
            if ends_with_cue(folded[max(0, s - 12):s], _LOCATIVE):
                p = parsed.resolved[k].place
                assert p is not None
                return [{"coords": [(p.lon, p.lat)], "name": p.name, "id": p.id, "precision": 1,
                         "district": p.district}]
        return []

    def _front_line(self, spots: list[tuple[int, int, int]], trig_pos: int, parsed: GeoparseResult,
                    relative_at: dict[int, RelativeLocation], statement: bool) -> list[dict[str, object]]:
        res = parsed.resolved
        for _, _, k in spots:
            rel = relative_at.get(k)
            if rel is not None and rel.kind == "between":
                a, b = (res[i].place for i in rel.anchors)
                assert a is not None and b is not None
                return [{"coords": _line_between(a.lat, a.lon, b.lat, b.lon), "name": f"between {a.name} and {b.name}",
                         "id": None, "precision": 2, "approximate": True, "district": a.district}]
        if not statement:
            return []  # "withdrawing from the front lines": the line is named, not placed
        places: list[Place] = []
        for _, _, k in spots:
            p = res[k].place
            if p is not None and all(p.id != q.id for q in places):
                places.append(p)
        if len(places) >= 2:
            return [{"coords": [(p.lon, p.lat) for p in places[:4]], "name": " - ".join(p.name for p in places[:4]),
                     "id": None, "precision": 2, "approximate": True, "district": places[0].district}]
        if len(places) == 1:
            p = places[0]
            return [{"coords": [destination_point(p.lat, p.lon, 270, 5)[::-1], destination_point(p.lat, p.lon, 90, 5)[::-1]],
                     "name": p.name, "id": p.id, "precision": 2, "approximate": True, "district": p.district}]
        return []

    # ------------------------------------------------------------------ actors

    def _actors(self, sentence: _SentenceActors, trig: Hit, claimant: str | None,
                verb_first: bool = True, category: str = "") -> tuple[str | None, str | None]:
        targets, agents = sentence.targets, sentence.agents

        def is_target(a: ActorMention) -> bool:
            return any(0 <= a.start - t <= 3 for t in targets) or a.actor == "Civilians"

        # "the GNA health ministry said", "according to the LNA": who reports is neither side
        # (a side marked as the target, "أعلن قنونو تحييد عناصر من قوات حفتر", stays the target).
        # A stated red line or an agreement is its speaker's act.
        statement = category in _STATEMENTS
        actors = [a for a in sentence.actors
                  if statement or is_target(a) or not any(s <= a.start < e for s, e in sentence.sources)]

        actor1 = None
        for a in actors:  # "قصف شنته قوات حفتر": the agent marker names the side that acted
            if any(0 <= a.start - g <= 3 for g in agents):
                actor1 = a.actor
                break
        if actor1 is None and verb_first:  # Arabic: "استهدفت قوات الوفاق الطائرة", "وصلت أرتال تابعة لقوات حفتر"
            for a in actors:
                # not the other side of "اشتباكات مع X الموالية لحفتر": a with-phrase names the opponent
                if 0 <= a.start - trig.end <= _SUBJECT_AFTER_VERB and not is_target(a) \
                        and " مع " not in f" {sentence.folded[trig.end:a.start]} ":
                    actor1 = a.actor
                    break
        if actor1 is None:
            # Started before the trigger: "Turkish drones" ends inside "drones struck"; or starts
            # it: "NATO warplanes struck" is one trigger.
            before = [a for a in actors if a.start <= trig.start and not is_target(a)]
            # The warring sides are the usual subjects; foreign backers and mercenaries
            # named before the trigger are more often their attributes.
            sides = [a for a in before if a.actor in ("GNA", "LNA")]
            if sides or before:
                actor1 = (sides or before)[-1].actor
        actor2 = next((a.actor for a in actors if is_target(a) and a.actor != actor1), None)
        if actor2 is None and not verb_first:  # English object: "drones struck LNA positions"
            actor2 = next((a.actor for a in actors if 0 <= a.start - trig.end <= _SUBJECT_AFTER_VERB
                           and a.actor != actor1), None)
        if actor1 is None and claimant not in (None, actor2, "Civilians") and not sentence.civil_source and (
                own_force_acts(sentence.folded, trig, sentence.own_forces)  # "أنها أسقطت": the speaker did it
                or any(0 <= trig.start - len(trig.prefix) - e <= 2 for e in acting_pronoun_ends(sentence.folded))):
            actor1 = claimant  # "وأضاف أن سلاح الجو شن ضربات": the speaking side's own air force
        if actor1 is None and actor2 is not None and claimant not in (None, actor2) and not sentence.civil_source:
            # "أعلن قنونو تحييد عناصر من قوات حفتر": the side that announces hitting the
            # other side acted. A claimant who only reports an attack (on itself, or with
            # no target named, or through its health ministry) is not taken for the attacker.
            actor1 = claimant
        if category == "clash" and (actor1 is None or actor2 is None):
            # "Clashes between Radaa and the 444 Brigade", "اشتبك حرس المنشآت مع قوات الجيش": a clash
            # has two sides; the first two groups named after the trigger are they, in order.
            parties: list[str] = list(dict.fromkeys(
                m.actor for m in actors if 0 <= m.start - trig.end <= 2 * _SUBJECT_AFTER_VERB and m.actor != "Civilians"))
            if actor1 is None and len(parties) >= 2:
                actor1, actor2 = parties[0], parties[1]
            elif actor1 is not None:
                actor2 = next((p for p in parties if p != actor1), actor2)
        if actor1 is None and category == "movement" and claimant in ("GNA", "LNA"):
            actor1 = claimant  # "قال قادة بقوات الوفاق إن رتلا تحرك": a side reports its own columns
        if actor2 is None:
            actor2 = next((a.actor for a in actors if a.actor != actor1 and a.actor in ("GNA", "LNA")
                           and actor1 in ("GNA", "LNA")), None)
        return actor1, actor2

    def _place_object_triggers(self, folded: str, verbs: list[tuple[int, int, str]],
                               spots: list[tuple[int, int, int]], triggers: list[_Trigger]) -> list[_Trigger]:
        """``triggers`` plus the ``verbs`` (start, end, category) whose object, right after them, is
        one of the sentence's places ("took Gharyan", "took the Gharyan road")."""
        starts = {s for s, _, _ in spots}
        added = []
        for verb_start, verb_end, category in verbs:
            if verb_end not in starts:
                continue
            t = _Trigger(category, Hit(verb_start, verb_end, category))
            if not any(o.hit.start <= verb_start < o.hit.end for o in triggers) and not self._is_modal(folded, t):
                added.append(t)
        return sorted(triggers + added, key=lambda t: t.hit.start) if added else triggers

    @staticmethod
    def _credit_claim(folded: str, lean: str, on: date, events: list[Event]) -> None:
        """"The LNA claimed responsibility": the claiming side acted in the earlier events of the
        article that name no attacker (not in those it is the target of)."""
        actors = _SentenceActors.of(folded, lean, on).actors
        side = next((a.actor for a in actors if a.actor != "Civilians"), None)
        if side is None:
            return
        for e in events:
            if e.actor1 is None and e.category in _VIOLENT and e.actor2 != side:
                e.actor1 = e.claimed_by = side
                e.event_type, e.sub_event_type = acled_types(e.category, side)

    # ------------------------------------------------------------------ article level

    def extract(self, article: Article, parsed: GeoparseResult | None = None, *,
                deadline: float | None = None) -> list[Event]:
        """Events reported by one article (merged within the article).

        ``deadline`` (a :func:`time.monotonic` time): sentences not reached by then are left out.
        """
        text = article.text
        parsed = parsed or self.geoparser.parse(text, article.language)
        if parsed.focus.foreign:
            return []  # a report about another country: its places, Libyan-looking or not, are not Libya's events
        published = article.published or page_date(text) or date.today()  # a page's stamp is a hint
        lang = parsed.language
        lean = actor_finder().lean(parsed.folded.folded)
        relative_at: dict[int, RelativeLocation] = {}
        for rel in parsed.relative:
            for a in rel.anchors:
                relative_at.setdefault(a, rel)
        libyan = [k for k, r in enumerate(parsed.resolved)
                  if r.place is not None and r.place.is_libyan and r.place.feature_type != "country"]
        cities = [k for k, r in enumerate(parsed.resolved)
                  if r.place is not None and r.place.feature_type in ("city", "capital", "town")]
        # Per-sentence look-ups below go through sorted offsets (bisect), so an article costs
        # O(n log n) in its length, not O(sentences x places).
        foreign = set(cities) - set(libyan)
        places = sorted((parsed.resolved[k].match.start, parsed.resolved[k].match.end, k)
                        for k in set(libyan) | set(cities))
        place_starts = [p[0] for p in places]
        # Where each name starts and ends in the folded text: one vectorised look-up per article.
        bounds = place_starts + [p[1] for p in places]
        folded_at = dict(zip(bounds, np.searchsorted(parsed.folded.offsets, bounds).tolist(), strict=True))
        events: list[Event] = []
        sentences = split_sentences(text)
        # The text the dates are read from: place names blanked out ("سوق الجمعة" is no Friday).
        dated = without_spans(text, ((r.match.start, r.match.end) for r in parsed.resolved))
        lead: tuple[date | None] | None = None
        # Rare cues, found once per article rather than once per sentence.
        whole = parsed.folded.folded
        claim_at = sorted(h.start for h in self._responsibility.find(whole))
        object_verbs = [(m.start(), m.end(), m.lastgroup or "") for m in self._object_verbs.finditer(whole)]
        verb_starts = [v[0] for v in object_verbs]
        paragraph: list[Sentence] = []
        claimant_ctx: str | None = None
        awaiting_count: list[Event] = []  # events of the last sentence that gave no toll
        # Where each sentence starts and ends in the folded text: one vectorised look-up.
        sentence_at = parsed.folded.indices([b for s in sentences for b in (s.start, s.end)])
        for n_sent, sent in enumerate(sentences):
            if deadline is not None and time.monotonic() > deadline:
                break  # over the article's time budget (geo.pipeline.process_article warns)
            base, end = sentence_at[2 * n_sent], sentence_at[2 * n_sent + 1]
            folded = whole[base:end]
            if paragraph and "\n" in text[paragraph[-1].end:sent.start]:
                # a new paragraph ends the statement, unless it goes on with it ("وأضاف أن ...")
                paragraph, claimant_ctx = [], claimant_ctx if continues_statement(folded) else None
            previous = paragraph[-3:]  # the date's context, read only for sentences with an event
            paragraph.append(sent)
            # A sentence where no speech verb or trigger can be (most of a report) skips those rules.
            speaker = statement_side(folded, lean, published) if actor_finder().may_speak(folded) else None
            claimant = claimant_ctx = speaker or claimant_ctx
            if events and bisect_left(claim_at, base) < bisect_left(claim_at, end):
                self._credit_claim(folded, lean, published, events)
            may_trigger = self._strong.may_match(folded) or self._attack.may_match(folded)
            triggers = self._triggers(folded) if may_trigger else []
            uncounted, awaiting_count = awaiting_count, []
            verbs = [(vs - base, ve - base, c)  # "took Gharyan"
                     for vs, ve, c in object_verbs[bisect_left(verb_starts, base):bisect_left(verb_starts, end)]]
            if not triggers and not verbs:
                give_following_toll(uncounted, sent.text)  # "Rebels retook Qawalish. Five rebels dead."
                continue
            spots = []
            for m_start, m_end, k in sorted(places[bisect_left(place_starts, sent.start):
                                                   bisect_right(place_starts, sent.end)], key=lambda p: p[2]):
                if m_end <= sent.end:
                    spots.append((folded_at[m_start] - base, folded_at[m_end] - base, k))
            spots = [s for s in spots if not is_capital_phrase(parsed.resolved[s[2]].match)] or spots  # the vaguest
            if not spots:  # "... the Wazen crossing. Gaddafi forces shelled the route, killing seven."
                give_following_toll(uncounted, sent.text, {t.category for t in triggers})
                continue
            if verbs:
                triggers = self._place_object_triggers(folded, verbs, spots, triggers)
            if not triggers:
                continue
            if lead is None:  # the lead's day dates the sentences that state none (once per article)
                lead = (lead_date([dated[s.start:s.end] for s in sentences], published, lang),)
            context = " ".join(dated[s.start:s.end] for s in previous) or None
            day, time_precision = event_date(dated[sent.start:sent.end], published, context=context, language=lang,
                                             default=lead[0])
            if (published - day).days > BACKGROUND_DAYS:
                continue  # a background sentence, not the news of the day
            counts = extract_counts(sent.text)
            sentence_actors = _SentenceActors.of(folded, lean, published)
            civilians = any(a.actor == "Civilians" for a in sentence_actors.actors)
            for n, trig in enumerate(triggers):
                nxt = next((t.hit.start for t in triggers[n + 1:] if t.hit.start > trig.hit.start), len(folded))
                clause = (self._clause_start(folded, trig.hit.start), self._clause_end(folded, trig.hit.end, nxt))
                usable = spots if trig.category == "political" else where_it_happened(
                    folded, [sp for sp in spots if sp[2] not in foreign], trig.category, parsed.resolved)
                locs = self._locate(trig.category, trig.hit.start, clause, folded, usable, parsed, relative_at, nxt)
                if not locs and trig.category not in _NO_SENTENCE_FALLBACK and _one_place(usable, parsed):
                    # The clause names no place but the sentence names exactly one ("NATO strikes hit
                    # a radar site, ammunition stores and an armoured vehicle near Brega"): it is there.
                    locs = self._locate(trig.category, trig.hit.start, (0, len(folded)), folded, usable, parsed,
                                        relative_at)
                for loc in locs:
                    # Arabic puts the subject after the verb; English before it ("Turkish drones
                    # struck LNA positions": the LNA was struck).
                    actor1, actor2 = self._actors(sentence_actors, trig.hit, claimant,
                                                  is_arabic_letter(folded[trig.hit.start]), trig.category)
                    if counts.killed and actor2 is None and civilians:
                        actor2 = "Civilians"
                    event_type, sub_event_type = acled_types(trig.category, actor1)
                    coords = [(round(float(x), 6), round(float(y), 6)) for x, y in loc["coords"]]  # type: ignore[attr-defined]
                    events.append(Event(
                        category=trig.category, coords=coords, event_date=day, article_ids=[article.id],
                        evidence=sent.text, time_precision=time_precision, geo_precision=int(loc["precision"]),  # type: ignore[call-overload]
                        place_name=loc["name"], place_id=loc["id"],  # type: ignore[arg-type]
                        origin_name=loc.get("origin_name"), origin_id=loc.get("origin_id"),  # type: ignore[arg-type]
                        actor1=actor1, actor2=actor2, claimed_by=claimant,
                        fatalities=counts.killed if trig.category != "movement" else None,
                        injured=counts.injured if trig.category != "movement" else None,
                        approximate=bool(loc.get("approximate", False)), language=lang,
                        source=article.source, url=article.url, event_type=event_type,
                        sub_event_type=sub_event_type, district=loc.get("district"),  # type: ignore[arg-type]
                        event_id=_stable_id(article.id, trig.category, coords[-1], day),
                    ))
                    if trig.category == "clash" and folded.startswith("attack", trig.hit.start):
                        events[-1].extra["generic_attack"] = True  # "the attack on X": maybe the strike itself
                    if trig.category in self._denial_kept and self._denial.find(folded):
                        events[-1].extra["claim_denied"] = True  # the claim is noted with claimed_by
                    if counts.killed_approximate and trig.category in _VIOLENT:
                        events[-1].extra["fatalities_approximate"] = True  # "several killed": no number
                    if events[-1].fatalities is None and trig.category in _VIOLENT:
                        awaiting_count.append(events[-1])
        movement_rules().start_retreats_at_lost_ground(events)  # "took Tarhuna ... fled toward Bani Walid"
        merged = drop_attacks_that_are_strikes(merge_within_article(events, self.priority))
        for e in merged:
            if e.fatalities is not None:
                e.extra.pop("fatalities_approximate", None)
            elif e.category in _VIOLENT and not e.extra.get("fatalities_approximate"):
                e.fatalities = 0  # ACLED's convention: no reported deaths is coded 0
        return merged


def _line_between(lat1: float, lon1: float, lat2: float, lon2: float) -> list[tuple[float, float]]:
    """A front line "between X and Y": a segment across the X-Y axis at its midpoint.

    Returns (lon, lat) pairs; its half-length is a quarter of the X-Y distance,
    since the text says only that the line lies somewhere between them.
    """
    mid_lat, mid_lon = (lat1 + lat2) / 2, (lon1 + lon2) / 2
    dy = lat2 - lat1
    dx = (lon2 - lon1) * math.cos(math.radians(mid_lat))
    length = math.hypot(dx, dy) or 1e-9
    bearing = (math.degrees(math.atan2(dx, dy)) + 90) % 360  # across the axis
    km = 111.0 * length / 4
    a = destination_point(mid_lat, mid_lon, bearing, km)
    b = destination_point(mid_lat, mid_lon, (bearing + 180) % 360, km)
    return [(a[1], a[0]), (b[1], b[0])]  # destination_point gives (lat, lon); GeoJSON wants (lon, lat)


@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """An extractor over the default geoparser, built once per process."""
    return EventExtractor()


def extract_article_events(article: Article) -> list[Event]:
    """Events of one article with the default extractor."""
    return default_extractor().extract(article)
