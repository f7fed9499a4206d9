"""Event extraction: an article's sentences -> dated, placed, attributed events.

For every sentence:

1. :class:`~geo.events.triggers.TriggerReader` finds its asserted triggers (lexicons,
   weapon words beside an attack verb, modality, verbs whose object is a place);
2. :func:`~geo.events.locate.locate` places each trigger from its own clause: the target
   of a strike, origin and destination of a movement (من X باتجاه Y), the places a front
   line lies between or runs through;
3. the date comes from the sentence (or its paragraph) resolved against the
   publication date, the number killed from the sentence, the sides from
   :func:`~geo.events.sides.event_sides` over the alias table (``actors.json``).

Events of one article that are the same real-world event (same kind, same
place, same day) are merged; :func:`geo.events.dedupe.merge_across_articles` does the
same across articles.
"""

from __future__ import annotations

import hashlib
import time
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache

import numpy as np

from gazetteer.normalize import is_arabic_letter
from geo.events.acled import acled_types
from geo.events.actors import actor_finder
from geo.events.dedupe import drop_attacks_that_are_strikes, merge_within_article
from geo.events.follow_up import give_following_toll, split_among_places
from geo.events.locate import NO_SENTENCE_FALLBACK, locate, one_place
from geo.events.movements import movement_rules
from geo.events.place_roles import where_it_happened, without_reporter_places
from geo.events.reporting import continues_statement, statement_side
from geo.events.sides import SentenceActors, carry_actors, credit_claim, event_sides
from geo.events.sport import is_sport_report, without_contests
from geo.events.triggers import VIOLENT, Trigger, TriggerReader, after_clause_punctuation
from geo.model import Article, Event
from geo.places.capital import is_capital_phrase
from geo.places.geoparse import Geoparser, GeoparseResult, default_geoparser
from geo.places.relative import RelativeLocation
from geo.text.counts import extract_counts
from geo.text.dates import event_date, is_history, lead_date, page_date, stated_date, without_spans
from geo.text.sentences import Sentence, dateline_end, split_sentences

__all__ = ["EventExtractor", "extract_article_events", "default_extractor"]

# An event dated this long before publication is background ("the offensive launched in April 2019").
BACKGROUND_DAYS = 30
# A report's first sentences (a title, the lead) are its news, pluperfect or not.
_LEAD_SENTENCES = 2


def _stable_id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


class EventExtractor:
    """Extract events from articles (build once: it compiles the lexicons)."""

    def __init__(self, geoparser: Geoparser | None = None) -> None:
        self.geoparser = geoparser or default_geoparser()
        self.triggers = TriggerReader()
        self.priority: list[str] = self.triggers.priority

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
        if is_history(text, published, lang):
            return []  # "the siege of Tobruk in 1941": history names old battles, no event of the news
        # The lean only resolves "the army": most articles never name it, and reading the lean is a
        # pass of its word list over the whole article.
        whole = parsed.folded.folded
        lean = actor_finder().lean(whole) if actor_finder().may_name_the_army(whole) else "LNA"
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
        claim_at = sorted(h.start for h in actor_finder().responsibility(whole))
        object_verbs = self.triggers.object_verbs(whole)
        sport = is_sport_report(whole)  # "Al-Madina clashes with Al-Zahra": a match, not a fight
        verb_starts = [v[0] for v in object_verbs]
        paragraph: list[Sentence] = []
        claimant_ctx: str | None = None
        awaiting_count: list[Event] = []  # events of the last sentence that gave no toll
        told_before: set[int] = set()  # indexes of events a pluperfect sentence tells, undated
        # Where each sentence starts and ends in the folded text: one vectorised look-up.
        sentence_at = parsed.folded.indices([b for s in sentences for b in (s.start, s.end)])
        offsets = parsed.folded.offset_list  # folded index -> original index (a clause's own date)
        for n_sent, sent in enumerate(sentences):
            if deadline is not None and time.monotonic() > deadline:
                break  # over the article's time budget (geo.pipeline.process_article warns)
            base, end = sentence_at[2 * n_sent], sentence_at[2 * n_sent + 1]
            folded = whole[base:end]
            cut = dateline_end(sent.text)
            if cut:  # "CAIRO — ...": where the report was filed names no actor and no event place
                k = parsed.folded.index(sent.start + cut) - base
                folded = " " * k + folded[k:]
            if paragraph and "\n" in text[paragraph[-1].end:sent.start]:
                # a new paragraph ends the statement, unless it goes on with it ("وأضاف أن ...")
                paragraph, claimant_ctx = [], claimant_ctx if continues_statement(folded) else None
            previous = paragraph[-3:]  # the date's context, read only for sentences with an event
            paragraph.append(sent)
            # A sentence where no speech verb or trigger can be (most of a report) skips those rules.
            speaker = statement_side(folded, lean, published) if actor_finder().may_speak(folded) else None
            claimant = claimant_ctx = speaker or claimant_ctx
            if events and bisect_left(claim_at, base) < bisect_left(claim_at, end):
                credit_claim(folded, lean, published, events)
            may_trigger = self.triggers.may_match(folded)
            triggers = self.triggers.find(folded) if may_trigger else []
            if sport:
                triggers = without_contests(folded, triggers)
            # "وكانت القوات قد سيطرت": what had happened, unless the sentence dates it or leads the report
            told = len(folded)
            if triggers and n_sent >= _LEAD_SENTENCES and (after := self.triggers.pluperfect_end(folded)) is not None and stated_date(
                    dated[sent.start:sent.end], published, lang) is None:
                told = after
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
            # "قال مراسل الجزيرة في طرابلس إن ...": where the news came from is no place of its events
            spots = without_reporter_places(folded, spots, [t.hit.start for t in triggers] + [v[0] for v in verbs])
            if cut and len(spots) > 1 and lang == "ar":  # "بنغازي 19 سبتمبر 2016 (وال) – ...": beside the
                # event's own place (English datelines keep theirs: "TRIPOLI (Reuters) -" stays a place today)
                spots = [sp for sp in spots if folded[sp[0]:sp[1]].strip()] or spots
            if not spots and triggers:  # "ستة قتلى في قصف المدينة": the town named just before
                spots = self._town_referred_to(folded, places, parsed, sentences[max(0, n_sent - 3)].start, sent.start)
            if not spots:  # "... the Wazen crossing. Gaddafi forces shelled the route, killing seven."
                give_following_toll(uncounted, sent.text, {t.category for t in triggers})
                continue
            if verbs:
                triggers = self.triggers.with_place_objects(folded, verbs, spots, triggers)
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
            sentence_actors = SentenceActors.of(folded, lean, published)
            civilians = any(a.actor == "Civilians" for a in sentence_actors.actors)
            clauses = []
            for n, trig in enumerate(triggers):
                nxt = next((t.hit.start for t in triggers[n + 1:] if t.hit.start > trig.hit.start), len(folded))
                clauses.append((self.triggers.clause_start(folded, trig.hit.start),
                                self.triggers.clause_end(folded, trig.hit.end, nxt), nxt))
            killed_at, injured_at = ((self._toll_clause(surface, sent, base, parsed, folded, triggers, clauses)
                                      if len(triggers) > 1 else None)
                                     for surface in (counts.killed_surface, counts.injured_surface))
            for n, trig in enumerate(triggers):
                *clause_bounds, nxt = clauses[n]
                clause = (clause_bounds[0], clause_bounds[1])
                usable = spots if trig.category == "political" else where_it_happened(
                    folded, [sp for sp in spots if sp[2] not in foreign], trig.category, parsed.resolved)
                locs = locate(trig.category, trig.hit.start, clause, folded, usable, parsed, relative_at, nxt)
                if not locs and trig.category not in NO_SENTENCE_FALLBACK and one_place(usable, parsed):
                    # The clause names no place but the sentence names exactly one ("NATO strikes hit
                    # a radar site, ammunition stores and an armoured vehicle near Brega"): it is there.
                    locs = locate(trig.category, trig.hit.start, (0, len(folded)), folded, usable, parsed,
                                        relative_at)
                trig_day, trig_precision = day, time_precision
                if len(triggers) > 1:  # "hit Gharyan on Monday, and shelling hit Tarhuna on Tuesday"
                    own = stated_date(dated[offsets[base + clause[0]]:self._original_end(offsets, base, clause[1], sent)],
                                      published, lang)
                    if own is not None and (published - own[0]).days <= BACKGROUND_DAYS:
                        trig_day, trig_precision = own
                first_of_trigger = len(events)
                members = [int(at) for loc in locs if isinstance(at := loc.get("at"), int)]
                for loc in locs:
                    loc_day, loc_precision = trig_day, trig_precision
                    if len(members) > 1 and isinstance(at := loc.get("at"), int):
                        # "Shelling hit Gharyan on Monday and Tarhuna on Tuesday": each member's own date
                        stop = min([m for m in members if m > at] + [clause[1]])
                        own = stated_date(dated[offsets[base + at]:self._original_end(offsets, base, stop, sent)],
                                          published, lang)
                        if own is not None and (published - own[0]).days <= BACKGROUND_DAYS:
                            loc_day, loc_precision = own
                    # Arabic puts the subject after the verb; English before it ("Turkish drones
                    # struck LNA positions": the LNA was struck).
                    actor1, actor2 = event_sides(sentence_actors, trig.hit, claimant,
                                                  is_arabic_letter(folded[trig.hit.start]), trig.category)
                    if counts.killed and actor2 is None and civilians:
                        actor2 = "Civilians"
                    event_type, sub_event_type = acled_types(trig.category, actor1)
                    coords = [(round(float(x), 6), round(float(y), 6)) for x, y in loc["coords"]]  # type: ignore[attr-defined]
                    events.append(Event(
                        category=trig.category, coords=coords, event_date=loc_day, article_ids=[article.id],
                        evidence=sent.text, time_precision=loc_precision, geo_precision=int(loc["precision"]),  # type: ignore[call-overload]
                        place_name=loc["name"], place_id=loc["id"],  # type: ignore[arg-type]
                        origin_name=loc.get("origin_name"), origin_id=loc.get("origin_id"),  # type: ignore[arg-type]
                        actor1=actor1, actor2=actor2, claimed_by=claimant,
                        # a toll stated in another trigger's clause is that trigger's ("ارتفع عدد ضحايا
                        # الاشتباكات في طرابلس إلى 13، في وقت تجددت فيه الاشتباكات في عين زارة")
                        fatalities=counts.killed if trig.category != "movement" and _shares(killed_at, n, clauses) else None,
                        injured=counts.injured if trig.category != "movement" and _shares(injured_at, n, clauses) else None,
                        approximate=bool(loc.get("approximate", False)), language=lang,
                        source=article.source, url=article.url, event_type=event_type,
                        sub_event_type=sub_event_type, district=loc.get("district"),  # type: ignore[arg-type]
                        event_id=_stable_id(article.id, trig.category, coords[-1], loc_day),
                    ))
                    if trig.category == "clash" and folded.startswith("attack", trig.hit.start):
                        events[-1].extra["generic_attack"] = True  # "the attack on X": maybe the strike itself
                    if self.triggers.is_denied_claim(trig.category, folded):
                        events[-1].extra["claim_denied"] = True  # the claim is noted with claimed_by
                    if counts.killed_approximate and trig.category in VIOLENT:
                        events[-1].extra["fatalities_approximate"] = True  # "several killed": no number
                    if events[-1].fatalities is None and trig.category in VIOLENT:
                        awaiting_count.append(events[-1])
                if trig.hit.start >= told:
                    told_before.update(range(first_of_trigger, len(events)))
                if all(loc.get("listed") for loc in locs):  # one toll for the places of a list
                    split_among_places(events[first_of_trigger:])
        if told_before and all(k in told_before for k, e in enumerate(events) if e.category in VIOLENT):
            # A report of nothing else that tells what had happened ("وكانت القوات قد سيطرت على الهلال
            # النفطي" in a report on oil revenue) is background; in a report of fighting, it is the news.
            events = [e for k, e in enumerate(events) if k not in told_before]
        carry_actors(events)  # "Haftar's forces shelled X. Rockets also hit Y.": the same side
        movement_rules().start_retreats_at_lost_ground(events)  # "took Tarhuna ... fled toward Bani Walid"
        merged = drop_attacks_that_are_strikes(merge_within_article(events, self.priority))
        for e in merged:
            if e.fatalities is not None:
                e.extra.pop("fatalities_approximate", None)
            elif e.category in VIOLENT and not e.extra.get("fatalities_approximate"):
                e.fatalities = 0  # ACLED's convention: no reported deaths is coded 0
        return merged

    def _toll_clause(self, surface: str | None, sent: Sentence, base: int, parsed: GeoparseResult, folded: str,
                     triggers: list[Trigger], clauses: list[tuple[int, int, int]]) -> int | None:
        """The index of the one violent trigger whose clause states the toll ``surface`` (a slice of
        the sentence), or None when no single such trigger does (then every trigger takes it). A toll
        in no trigger's clause is the cause's that follows it in its own clause ("reached Brega after
        NATO air strikes, but seven died in the assault": the assault's, not the strikes')."""
        at = sent.text.find(surface) if surface else -1
        if at < 0:
            return None
        pos = parsed.folded.index(sent.start + at) - base
        owners = [n for n, (lo, hi, _) in enumerate(clauses) if lo <= pos < hi and triggers[n].category in VIOLENT]
        if not owners:
            owners = [n for n, t in enumerate(triggers) if t.category in VIOLENT and t.hit.start > pos
                      and after_clause_punctuation(folded, t.hit.start) <= pos][:1]
        return owners[0] if len(owners) == 1 else None

    def _town_referred_to(self, folded: str, places: list[tuple[int, int, int]], parsed: GeoparseResult,
                          since: int, before: int) -> list[tuple[int, int, int]]:
        """A spot (start, end, place index) at the word of ``folded`` that refers back to a town
        ("the city", "there", المدينة), for the last Libyan city or town named between ``since``
        and ``before`` (original offsets); none when there is no such word or town."""
        words = self.triggers.anaphora(folded)
        if not words:
            return []
        towns = [p.id for s, e, k in places if e <= before and (p := parsed.resolved[k].place) is not None
                 and p.is_libyan and p.feature_type in ("city", "capital", "town")]
        recent = {p.id: k for s, e, k in places if since <= s and e <= before
                  and (p := parsed.resolved[k].place) is not None and p.id in towns}
        if not recent:
            return []
        # the town the report is about (named most often so far, then first), among those named just before
        town = max(recent, key=lambda i: (towns.count(i), -towns.index(i)))
        return [(words[0].start, words[0].end, recent[town])]

    @staticmethod
    def _original_end(offsets: list[int], base: int, end: int, sent: Sentence) -> int:
        """The original index where a clause ending at folded ``end`` (sentence-relative) ends."""
        return offsets[base + end] if base + end < len(offsets) and offsets[base + end] < sent.end else sent.end


def _shares(owner: int | None, n: int, clauses: list[tuple[int, int, int]]) -> bool:
    """Whether trigger ``n`` takes a toll that the clause of trigger ``owner`` states: yes unless
    their clauses are apart ("an airstrike on Gharyan killed five, while clashes went on in Ain
    Zara"); "shelling and clashes in Ain Zara killed five" is one clause."""
    if owner is None or owner == n:
        return True
    (lo, hi, _), (o_lo, o_hi, _) = clauses[n], clauses[owner]
    return not (hi <= o_lo or o_hi <= lo)


@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """An extractor over the default geoparser, built once per process."""
    return EventExtractor()


def extract_article_events(article: Article) -> list[Event]:
    """Events of one article with the default extractor."""
    return default_extractor().extract(article)
