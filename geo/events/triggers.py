"""Triggers: the words of one sentence that report an event, and whether they are asserted.

In: a folded sentence (:func:`gazetteer.normalize.name_key` text). Out: :class:`Trigger`
objects (category and the matched span), sorted by position.

1. triggers of each category are found from the lexicons in ``geo/data``
   (``event_triggers.json``); weapon words count only beside an attack verb;
2. a trigger governed by a forecast, threat, intention, purpose, denial,
   condition or negation (``modality.json``) makes no event;
3. a verb whose object is one of the sentence's places ("took Gharyan") is a trigger too.

:meth:`TriggerReader.clause_start` and :meth:`TriggerReader.clause_end` bound the clause a
trigger governs; :mod:`geo.events.locate` places the trigger from that clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from gazetteer.normalize import name_key
from geo.events.disasters import without_disaster_deaths
from geo.events.movements import folded_words, movement_rules
from geo.text.lexicon import Hit, WordMatcher, load_data
from geo.text.pattern_starts import StartScanner

__all__ = ["VIOLENT", "Trigger", "TriggerReader", "after_clause_punctuation", "anaphora_words", "crosses_clause"]

_RELATIVE_PRONOUNS = folded_words("التي", "الذي", "الذين", "اللتي", "which", "that", "who", "who's", "which's")
# Words that may stand between a relative pronoun and its verb: "which has overrun", "التي كانت قد سيطرت".
_AUXILIARIES = folded_words("has", "have", "had", "been", "already", "now", "كانت", "كان", "كانوا", "قد")
_CLAUSE_PUNCT = "،,;؛:.!?؟"
_STRIKES = frozenset({"airstrike", "shelling", "explosion"})
VIOLENT = frozenset({"airstrike", "shelling", "explosion", "clash", "territory", "shootdown", "civilian_attack"})


@dataclass(slots=True)
class Trigger:
    """One trigger: its event category and the matched span of the folded sentence."""

    category: str
    hit: Hit


def after_clause_punctuation(folded: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts by its punctuation alone: after the last clause mark
    before it (0 when none). :meth:`TriggerReader.clause_start` also moves past break words.

    >>> after_clause_punctuation("they withdrew, and drones struck", 20)
    14
    """
    return max(map(folded.rfind, _CLAUSE_PUNCT, repeat(0), repeat(pos))) + 1


def crosses_clause(text: str) -> bool:
    """True when ``text`` (the words between two parts of a sentence) holds a clause mark.

    >>> crosses_clause("struck Sirte, a stronghold"), crosses_clause("struck the convoy near")
    (True, False)
    """
    return any(p in text for p in _CLAUSE_PUNCT)


@lru_cache(maxsize=1)
def anaphora_words() -> WordMatcher:
    """Words that refer back to a town already named ("the city", المدينة), from ``event_triggers.json``:
    the town of a sentence that names none (:meth:`TriggerReader.anaphora`) and the object of a takeover
    after its town (:func:`geo.events.locate.locate`)."""
    back = load_data("event_triggers.json")["anaphora"]
    return WordMatcher({"back": (back["ar"], back["en"])})


class TriggerReader:
    """Find a sentence's asserted triggers (build once: it compiles the lexicons)."""

    def __init__(self) -> None:
        trig = load_data("event_triggers.json")
        self.priority: list[str] = trig["priority"]
        self._yields_to: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in trig["yields_to"].items()}
        self._not_triggers = WordMatcher({"not": (trig["not_triggers"]["ar"], trig["not_triggers"]["en"])})
        # One pattern, a named group per category: a match ends where its object would begin.
        self._object_verbs = StartScanner(re.compile("|".join(
            rf"(?<!\S)(?P<{category}>{'|'.join(map(re.escape, verbs))}) (?:the )?"
            for category, verbs in trig["place_object_verbs"].items())))
        cats = trig["categories"]
        # "motion": verbs of going, a movement only beside a force noun (movements.json)
        self._strong = WordMatcher({c: (s["strong_ar"], s["strong_en"]) for c, s in cats.items()}
                                   | {"motion": movement_rules().motion_verbs})
        self._weak = WordMatcher({c: (s["weak_ar"], s["weak_en"]) for c, s in cats.items()
                                  if s["weak_ar"] or s["weak_en"]})
        self._attack = WordMatcher({"attack": (trig["attack_verbs"]["ar"], trig["attack_verbs"]["en"])})
        self._air = WordMatcher({"air": (trig["air_objects"]["ar"], trig["air_objects"]["en"])})
        ground = trig["ground_bombing"]
        self._bomb_words = frozenset(ground["words_en"])
        self._air_cue = WordMatcher({"air": ([], ground["air_cues_en"]), "army": ([], ground["shelling_en"])})
        nouns, before, after = trig["attack_nouns"], trig["attack_noun_governors"], trig["attack_noun_governors_after"]
        self._attack_noun = WordMatcher({"noun": (nouns["ar"], nouns["en"])})
        self._governor = WordMatcher({"before": (before["ar"], before["en"]), "after": (after["ar"], after["en"])})
        targeted = trig["attack_verbs_with_target"]
        self._needs_target = WordMatcher({"clash": (targeted["ar"], targeted["en"])})
        bombard = trig["bombardment_verbs"]
        self._bombard = WordMatcher({"bombard": (bombard["ar"], bombard["en"])})
        self._target = WordMatcher({c: (w["ar"], w["en"]) for c, w in trig["attack_targets"].items()})
        mod = load_data("modality.json")
        self._modal = WordMatcher({"modal": ([w + "$" for w in mod["before_ar"]], mod["before_en"])})
        self._purpose_prefixes = tuple(mod["trigger_prefix_ar"])
        self._denial = WordMatcher({"denial": ([w + "$" for w in mod["denials_ar"]], mod["denials_en"])})
        self._denial_kept = frozenset(mod["denial_kept_categories"])
        self._pluperfect_openers = tuple(sorted({name_key(w) + " " for w in mod["pluperfect_openers_ar"]}))
        self._pluperfect_particle = f' {name_key(mod["pluperfect_particle_ar"])} '
        self._pluperfect_reach = int(mod["pluperfect_reach"])
        self._arrest = WordMatcher({"arrest": (mod["arrests_ar"], [])})
        self._charge_words = frozenset(name_key(w) for w in mod["charge_words_ar"])
        self._arrest_reach = int(mod["arrest_reach"])
        self._purpose_categories = frozenset(mod["purpose_prefix_categories"])
        breaks = [name_key(w) for w in mod["clause_breaks_ar"] if len(name_key(w)) > 1]
        breaks += [w.lower() for w in mod["clause_breaks_en"] if len(w.strip()) > 1]
        self._break_patterns = tuple(f" {b.strip()} " for b in breaks)
        self._any_break = re.compile("|".join(map(re.escape, self._break_patterns)))

    def may_match(self, folded: str) -> bool:
        """False when no trigger or attack word can be in ``folded`` (most of a report)."""
        return self._strong.may_match(folded) or self._attack.may_match(folded)

    def object_verbs(self, whole: str) -> list[tuple[int, int, str]]:
        """(start, end, category) of every verb in ``whole`` whose object would begin where it ends."""
        return [(m.start(), m.end(), m.lastgroup or "") for m in self._object_verbs.finditer(whole)]

    def is_denied_claim(self, category: str, folded: str) -> bool:
        """A claim of ``category`` that a denial in ``folded`` contests (it stays an event, noted)."""
        return category in self._denial_kept and bool(self._denial.find(folded))

    def clause_start(self, folded: str, pos: int) -> int:
        """Where the clause that contains ``pos`` begins."""
        start = after_clause_punctuation(folded, pos)
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

    def clause_end(self, folded: str, pos: int, next_trigger: int) -> int:
        """Where the clause of the trigger ending at ``pos`` ends (at the next trigger at the latest)."""
        end = next_trigger
        for i in range(pos, min(end, len(folded))):
            if folded[i] in _CLAUSE_PUNCT and not (folded[i] in ".," and i + 1 < len(folded) and folded[i + 1].isdigit()):
                return i
        return end

    def is_modal(self, folded: str, trig: Trigger) -> bool:
        """True when ``trig`` is not asserted: future, purpose, a past state, or a modal word before it."""
        h = trig.hit
        if "س" in h.prefix:
            return True  # the future prefix: ستستعيد "will retake"
        if trig.category in self._purpose_categories and h.prefix in self._purpose_prefixes:
            return True  # للسيطرة "in order to take", لشن
        before = folded[:h.start].split()
        while before and before[-1] in _AUXILIARIES:
            before.pop()
        if before and before[-1] in _RELATIVE_PRONOUNS and trig.category in ("territory", "clash"):
            return True  # "الأراضي التي سيطر عليها", "ISIL, which has overrun Sirte": a past state, not the report
        window = folded[self.clause_start(folded, h.start):h.start]
        modal = self._modal.find(window)
        if modal and trig.category in self._denial_kept:
            # "نفت قوات الوفاق سيطرة قوات حفتر على الأصابعة": a denied claim stays an event
            return not all(self._denial.find(window[m.start:m.end]) for m in modal)
        return bool(modal)

    def find(self, folded: str) -> list[Trigger]:
        """The asserted triggers of one folded sentence, in text order."""
        strong = [Trigger(h.label, h) for h in self._strong.find(folded)]
        if any(t.category == "motion" for t in strong):
            rules = movement_rules()
            moving = rules.has_force(folded)
            strong = [Trigger("movement", t.hit) if t.category == "motion" else t for t in strong
                      if t.category != "motion" or (moving and not rules.civilians_go(folded, t.hit.start, t.hit.end))]
        # "انسحبت القوات من ترهونة نحو بني وليد": a withdrawal is also a movement (placed only toward a place)
        strong += [Trigger("movement", t.hit) for t in strong
                   if t.category == "territory" and movement_rules().is_retreat(folded[t.hit.start:t.hit.end])]
        targeted = self._targeted_attacks(folded) if self._needs_target.may_match(folded) else []
        weak: list[Trigger] = []
        attacks = self._attack.find(folded)
        if attacks:
            weak_hits = self._weak.find(folded)
            # "معسكر الصواريخ": a camp's name, no rockets (looked up only when a weak word is there)
            named = [(h.start, h.end) for h in self._not_triggers.find(folded)] if weak_hits else []
            weak = [Trigger(h.label, h) for h in weak_hits
                    if not any(s.hit.start <= h.start < s.hit.end for s in strong)
                    and not any(s <= h.start < e for s, e in named)
                    and (h.label in _STRIKES or not any(t.hit.end <= h.start < self.clause_end(
                        folded, t.hit.end, len(folded)) for t in targeted))]  # "هاجمت مواقع مسلحين": attacked
            strong += weak + self._governed_attacks(folded, strong + weak)
            if not any(t.category in _STRIKES for t in strong):
                strong += self._bombardments(folded, strong)
        if targeted and not any(t.category in _STRIKES for t in strong):
            strong += targeted  # "هاجمت طائرتان مواقع": the strike is the event
        if not strong:
            return []  # most sentences: no further matcher pass
        if any(t.category == "movement" for t in strong):
            strong = self._without_attacked_columns(folded, strong, attacks)
        air = any(t.category == "shootdown" for t in strong) and bool(self._air.find(folded))
        # may_match: most sentences have no not-trigger phrase, and saying so costs less than find
        spans = [(h.start, h.end) for h in self._not_triggers.find(folded)] if self._not_triggers.may_match(folded) else []
        out = []
        for t in strong:
            if any(s <= t.hit.start < e for s, e in spans):
                continue  # "حركة الطيران": air traffic, not the air force
            if t.category == "shootdown" and not air:
                continue
            if self.is_modal(folded, t):
                continue
            out.append(t)
        if out and self._arrest.may_match(folded):
            arrests = self._arrest.find(folded)
            out = [t for t in out if not self._charged(folded, t.hit, arrests)]
        out = [self._by_target(folded, t, t in weak) for t in out]
        if any(t.category == "airstrike" and folded[t.hit.start:t.hit.end] in self._bomb_words for t in out):
            cues = self._air_cue.find(folded)
            if not any(h.label == "air" for h in cues):
                # the army that bombs is named before the bomb word ("loyalist forces bomb X", not "the army base")
                first_bomb = min(t.hit.start for t in out if folded[t.hit.start:t.hit.end] in self._bomb_words)
                army = any(h.label == "army" and h.end <= first_bomb for h in cues)
                out = [self._on_the_ground(folded, t, "shelling" if army else "explosion") for t in out]
        out = without_disaster_deaths(folded, out)  # the bodies of migrants who drowned: no attack
        present = {t.category for t in out}
        out = [t for t in out if not self._yields_to.get(t.category, frozenset()) & present]
        out.sort(key=lambda t: t.hit.start)
        return out

    @staticmethod
    def _without_attacked_columns(folded: str, found: list[Trigger], attacks: list[Hit]) -> list[Trigger]:
        """``found`` without the convoys and columns that an attack in the same phrase hit: "the
        attack on the convoy near Gharyan", "drones struck a convoy", "the convoy was ambushed"
        report the attack, not a movement of their own."""
        hits = [(t.hit.start, t.hit.end) for t in found if t.category in VIOLENT]
        hits += [(h.start, h.end) for h in attacks]

        def close(a: int, b: int) -> bool:  # at most three words and no clause mark between
            gap = folded[a:b]
            return a <= b and len(gap.split()) <= 3 and not crosses_clause(gap)
        return [t for t in found if t.category != "movement" or not any(
            close(e, t.hit.start) or close(t.hit.end, s) for s, e in hits)]

    def _on_the_ground(self, folded: str, t: Trigger, category: str) -> Trigger:
        """A bomb word with no aircraft in its sentence: shelling when an army bombs ("Gaddafi
        forces bomb Misrata"), an explosion otherwise ("militants bombed the gate")."""
        if t.category != "airstrike" or folded[t.hit.start:t.hit.end] not in self._bomb_words:
            return t
        return Trigger(category, Hit(t.hit.start, t.hit.end, category, t.hit.prefix))

    def _governed_attacks(self, folded: str, found: list[Trigger]) -> list[Trigger]:
        """Attack nouns that a verb launches, carries out or repels: "شن تنظيم داعش هجوما على X"
        (the verb is the trigger: its subject follows it), "هجوما شنته القوات" (the noun is)."""
        nouns = self._attack_noun.find(folded)
        if not nouns or any(t.category in _STRIKES for t in found):
            return []  # "نفذ داعش هجوما انتحاريا": the attack is the bombing the sentence names
        governors = self._governor.find(folded)
        words_only = [(h.start, h.end) for h in self._not_triggers.find(folded)]  # "هجوما حادا": in words
        out: list[Trigger] = []
        for noun in nouns:
            if any(s <= noun.start < e for s, e in words_only) or "ال" in noun.prefix:
                continue  # "صد الهجوم": the attack already reported, not a new one
            trigger: Hit | None = None
            for g in governors:
                if g.label == "before" and g.end <= noun.start and len(folded[g.end:noun.start].split()) <= 4 \
                        and not crosses_clause(folded[g.end:noun.start]):
                    trigger = Hit(g.start, g.end, "clash", g.prefix)  # the nearest governor before the noun
                elif g.label == "after" and trigger is None and 0 <= g.start - noun.end <= 1:
                    trigger = Hit(noun.start, noun.end, "clash", noun.prefix)
            if trigger is None or any(t.hit.start < noun.end and trigger.start < t.hit.end for t in found + out):
                continue  # "شنت هجوما" is already a trigger of its own
            category = self._target_category(folded, noun.end, trigger.end) or "clash"
            out.append(Trigger(category, Hit(trigger.start, trigger.end, category, trigger.prefix)))
        return out

    def pluperfect_end(self, folded: str) -> int | None:
        """Where the particle قد ends in a sentence that opens with كان ("وكانت القوات قد سيطرت
        على ..."): what follows had happened before the news. None in other sentences.

        >>> from gazetteer.normalize import name_key
        >>> reader = TriggerReader()
        >>> s = name_key("وكانت القوات قد سيطرت على الميناء")
        >>> s[reader.pluperfect_end(s):]
        'سيطرت علي الميناء'
        >>> reader.pluperfect_end(name_key("سيطرت القوات على الميناء")) is None
        True
        """
        if not folded.startswith(self._pluperfect_openers):
            return None  # most sentences
        k = folded.find(self._pluperfect_particle)
        if k < 0 or len(folded[:k].split()) > self._pluperfect_reach:
            return None
        return k + len(self._pluperfect_particle)

    def _targeted_attacks(self, folded: str) -> list[Trigger]:
        """"هاجمت قوات الوفاق مواقع قوات حفتر": the verb 'attack' with the target it names, in the
        category the target gives (a clash on positions, violence on homes); none without one."""
        out = []
        for h in self._needs_target.find(folded):
            category = self._target_category(folded, h.end, h.end)
            if category is not None:
                out.append(Trigger(category, Hit(h.start, h.end, category, h.prefix)))
        return out

    def _charged(self, folded: str, hit: Hit, arrests: list[Hit]) -> bool:
        """True when ``hit`` is the crime that suspects an arrest word names were arrested for
        ("القبض على عصابة متخصصة في الخطف", "القبض على متهمين بخطف طفل"): an old act, no event."""
        before = folded[:hit.start - len(hit.prefix)].split()
        if "ب" not in hit.prefix and not (before and before[-1] in self._charge_words):
            return False
        return any(a.end <= hit.start and len(folded[a.end:hit.start].split()) <= self._arrest_reach
                   and not crosses_clause(folded[a.end:hit.start]) for a in arrests)

    def anaphora(self, folded: str) -> list[Hit]:
        """Words of ``folded`` that refer back to a town already named ("the city", "there", المدينة)."""
        return anaphora_words().find(folded)

    def _bombardments(self, folded: str, found: list[Trigger]) -> list[Trigger]:
        """"Forces pounded Misrata", "دكت قوات الوفاق مواقع": a bombardment verb with an armed force
        and no weapon named is an airstrike when aircraft are named, shelling otherwise."""
        hits = self._bombard.find(folded)
        if not hits or not movement_rules().has_force(folded):
            return []
        air = any(h.label == "airstrike" for h in self._weak.find(folded))
        category = "airstrike" if air else "shelling"
        return [Trigger(category, Hit(h.start, h.end, category, h.prefix)) for h in hits
                if not any(t.hit.start <= h.start < t.hit.end for t in found)]

    def _target_category(self, folded: str, start: int, limit: int) -> str | None:
        """The category the target named after ``start`` (in its clause) gives an attack, if any."""
        end = self.clause_end(folded, max(start, limit), min(len(folded), start + 80))
        hits = self._target.find(folded[start:end])
        return hits[0].label if hits else None

    def _by_target(self, folded: str, t: Trigger, weak: bool) -> Trigger:
        """An attack's category from its target, the same in both languages: "an attack on a
        checkpoint" is a clash, "هجوم مسلح على منازل المدنيين" violence against civilians.
        Gunmen (a weak trigger) are read with what they attacked."""
        if t.category not in ("clash", "civilian_attack"):
            return t
        word = folded[t.hit.start:t.hit.end]
        if not (weak or "attack" in word or "assault" in word or "هجوم" in word or "هجم" in word):
            return t
        category = self._target_category(folded, t.hit.end, t.hit.end)
        if category is None or category == t.category:
            return t
        return Trigger(category, Hit(t.hit.start, t.hit.end, category, t.hit.prefix))

    def with_place_objects(self, folded: str, verbs: list[tuple[int, int, str]],
                           spots: list[tuple[int, int, int]], triggers: list[Trigger]) -> list[Trigger]:
        """``triggers`` plus the ``verbs`` (start, end, category) whose object, right after them, is
        one of the sentence's places ("took Gharyan", "took the Gharyan road")."""
        starts = {s for s, _, _ in spots}
        added = []
        for verb_start, verb_end, category in verbs:
            if verb_end not in starts:
                continue
            t = Trigger(category, Hit(verb_start, verb_end, category))
            if not any(o.hit.start <= verb_start < o.hit.end for o in triggers) and not self.is_modal(folded, t):
                added.append(t)
        return sorted(triggers + added, key=lambda t: t.hit.start) if added else triggers
