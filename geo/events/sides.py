"""Sides: who acted and who was hit in one event's sentence.

In: a folded sentence, the article's lean (:meth:`geo.events.actors.ActorFinder.lean`), a
trigger's span and the side that is speaking (the claimant). Out: ``(actor1, actor2)``, the
actor names of ``actors.json``. Arabic puts the subject after the verb and English before it;
target and agent markers, the spans of who reports (:mod:`geo.events.reporting`) and a
speaker's own forces decide between them. A relative clause's subject is the group before its
pronoun ("مقاتلي حفتر الذين فروا"), a trigger may hold its subject ("سيطرة الثوار على"), and a
noun with the speaker's pronoun is the speaker's act ("أعلنوا دخولهم المدينة"). In a war of
two sides (``opponents`` of ``actors.json``: the GNA and the LNA in 2019-2020) an attack whose
attacker goes unnamed was the enemy's of the side it struck, or of the side that reports it;
otherwise it was the article's last attacker of its kind (:func:`carry_actors`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from gazetteer.normalize import name_key
from geo.events.acled import acled_types
from geo.events.actors import ActorMention, actor_finder, actor_side, opponent
from geo.events.dedupe import GROUP
from geo.events.reporting import (
    acting_pronoun_ends,
    civil_source,
    own_force_acts,
    own_force_spans,
    source_spans,
)
from geo.events.triggers import VIOLENT, after_clause_punctuation, crosses_clause
from geo.model import Event
from geo.text.lexicon import Hit, WordMatcher, load_data

__all__ = ["SentenceActors", "carry_actors", "credit_claim", "event_sides"]

# How far after a trigger verb its subject may stand (folded characters): Arabic is verb-first.
_SUBJECT_AFTER_VERB = 40
_STATEMENTS = frozenset({"front_line", "political"})
_STRIKES = frozenset({"airstrike", "shelling", "explosion"})
_BETWEEN = frozenset({"بين", "between"})
# An agent marker ("شنته", "من قبل", "by") belongs to a trigger this close, in its clause, and names
# the group this close after it ("من قبل قوات تابعة لحرس المنشآت").
_AGENT_REACH = 80
_AGENT_GAP = 25
# How many words before a noun trigger its launching verb may stand ("شن طيران ... غارة").
_LAUNCH_REACH = 16
_NEW_CLAUSE = re.compile(r"[,،;؛.] *و")


@dataclass(slots=True)
class SentenceActors:
    """The actor mentions of one sentence, where target and agent markers end, the spans that
    name who reports (:func:`geo.events.reporting.source_spans`) and the speaker's own forces."""

    actors: list[ActorMention]
    targets: list[int]
    agents: list[int]
    sources: list[tuple[int, int]]
    civil_source: bool  # a health ministry, a hospital: it reports victims, its side did not strike
    own_forces: list[tuple[int, int]]  # "أن سلاح الجو شن ضربات" in a side's statement: that side
    folded: str
    on: date | None = None  # the report's date: which war's two sides face each other

    @classmethod
    def of(cls, folded: str, lean: str, on: date) -> SentenceActors:
        finder = actor_finder()
        sources = source_spans(folded)
        # ``on``: the report's date names groups as they were then (Radaa fought as the GNA in 2019).
        actors, targets = finder.find(folded, lean, on=on), [h.end for h in finder.target_markers(folded)]
        return cls(actors, targets, [h.end for h in finder.agent_markers(folded)], sources,
                   civil_source(folded, sources), own_force_spans(folded, actors, targets), folded, on)


def event_sides(sentence: SentenceActors, trig: Hit, claimant: str | None,
                verb_first: bool = True, category: str = "") -> tuple[str | None, str | None]:
    """(actor1, actor2) of the event that ``trig`` reports: who acted and who was hit.

    ``verb_first``: the trigger is Arabic, whose subject follows the verb; ``claimant``: the
    side whose statement the sentence reports, if any.
    """
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
    folded = sentence.folded
    # "قصف شنته قوات حفتر", "الهجوم ... من قبل قوات تابعة لحرس المنشآت": an agent marker of the
    # trigger's own clause names the side that acted (not one of another act: "استعادوا السيطرة
    # على البريقة، وصدوا هجوما شنته القوات الموالية")
    own_agents = [g for g in agents if abs(g - trig.end) <= _AGENT_REACH
                  and not crosses_clause(folded[min(g, trig.end):max(g, trig.start)])]
    for g in own_agents:
        # the group named first after the marker, unless it is a reporter ("a hospital run by the GNA said")
        a = next((m for m in sentence.actors if m.start >= g), None)
        if a is not None and a in actors and a.start - g <= _AGENT_GAP and not crosses_clause(folded[g:a.start]):
            actor1 = a.actor
            break
    if actor1 is None:
        # "مقاتلي حفتر الذين فروا": the subject of a relative clause is the group before it;
        # "بعد سيطرة الثوار على": a trigger may hold its subject
        actor1 = _relative_subject(folded, trig, actors) or _enabled_subject(folded, trig, actors) or (
            _launched_subject(folded, trig, actors) if verb_first else None) or next(
            (a.actor for a in actors if trig.start < a.start < trig.end and not is_target(a) and verb_first), None)
    struck = None  # "استهدفت طائرة مسيرة قوات الوفاق": the drone is the subject, the GNA its object
    if not verb_first:  # an English trigger holds its object ("attacked LNA positions"), not its subject
        struck = next((a.actor for a in actors if trig.start < a.start < trig.end and a.actor != actor1), None)
    if actor1 is None and verb_first:  # Arabic: "استهدفت قوات الوفاق الطائرة", "وصلت أرتال تابعة لقوات حفتر"
        for a in actors:
            # not the other side of "اشتباكات مع X الموالية لحفتر": a with-phrase names the opponent
            # nor the subject of a new coordinated clause ("استعادوا السيطرة على البريقة، وصدوا ...")
            if 0 <= a.start - trig.end <= _SUBJECT_AFTER_VERB and not is_target(a) \
                    and " مع " not in f" {folded[trig.end:a.start]} " and not _NEW_CLAUSE.search(folded[trig.end:a.start]) \
                    and not _subordinated(folded[trig.end:a.start]):
                if _weapon_subject(folded[after_clause_punctuation(folded, trig.start):a.start]):
                    struck = a.actor
                else:
                    actor1 = a.actor
                break
    if actor1 is None:
        # Started before the trigger: "Turkish drones" ends inside "drones struck"; or starts
        # it: "NATO warplanes struck" is one trigger.
        before = [a for a in actors if a.start <= trig.start and not is_target(a)]
        # The warring sides are the usual subjects; foreign backers and mercenaries
        # named before the trigger are more often their attributes. The nearest is the subject,
        # but fighting named after its sides is theirs: the first named leads ("the rebels
        # pushed Gaddafi's forces out of Brega after heavy fighting").
        sides = [a for a in before if a.actor in ("GNA", "LNA")]
        if category == "clash":  # of its own clause first ("NATO struck Sirte, a stronghold of loyalists fighting")
            before = [a for a in before if not crosses_clause(folded[a.end:trig.start])] or before
        if sides or before:
            actor1 = (sides or before)[0 if category == "clash" else -1].actor
    actor2 = next((a.actor for a in actors if is_target(a) and a.actor != actor1), struck)
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
        # "بين قوات تابعة لحكومة الوحدة برئاسة فلان، وأخرى مؤيدة لباشاغا": "between" names both, however long
        reach = 2 * _SUBJECT_AFTER_VERB
        if any(w in _BETWEEN for w in sentence.folded[trig.end:trig.end + _SUBJECT_AFTER_VERB].split()):
            reach *= 2
        parties: list[str] = list(dict.fromkeys(
            m.actor for m in actors if 0 <= m.start - trig.end <= reach and m.actor != "Civilians"))
        if actor1 is None and len(parties) >= 2:
            actor1, actor2 = parties[0], parties[1]
        elif actor1 is not None:
            actor2 = next((p for p in parties if p != actor1), actor2)
    if actor1 is None and category == "clash":
        # "دارت معارك في بني وليد بعد أن دخلتها أعداد كبيرة من الثوار": a group the sentence names
        # anywhere took part in its fighting
        actor1 = next((a.actor for a in actors if a.actor not in ("Civilians", actor2) and not is_target(a)), None)
    if actor1 is None and category == "movement" and claimant in ("GNA", "LNA"):
        actor1 = claimant  # "قال قادة بقوات الوفاق إن رتلا تحرك": a side reports its own columns
    if actor1 is None and claimant is not None and _speakers_own(sentence, trig):
        actor1 = claimant  # "أكدت القيادة العامة إحكام سيطرتها على الموانئ": the speaker's own act
    if actor1 is None and sentence.on is not None and category in VIOLENT:
        # A war of two sides: the target's enemy struck ("shells fell on GNA positions"), and a
        # strike a side reports without naming who struck was its enemy's.
        actor1 = opponent(actor2, sentence.on) if actor2 else None
        if actor1 is None and category in _STRIKES and claimant is not None:
            actor1 = opponent(claimant, sentence.on)
    if actor2 is None:
        actor2 = next((a.actor for a in actors if a.actor != actor1 and a.actor in ("GNA", "LNA")
                       and actor1 in ("GNA", "LNA")), None)
    return actor1, actor2


def credit_claim(folded: str, lean: str, on: date, events: list[Event]) -> None:
    """"The LNA claimed responsibility": the claiming side acted in the earlier events of the
    article that name no attacker (not in those it is the target of)."""
    actors = SentenceActors.of(folded, lean, on).actors
    side = next((a.actor for a in actors if a.actor != "Civilians"), None)
    if side is None:
        return
    for e in events:
        if e.actor1 is None and e.category in VIOLENT and e.actor2 != side:
            e.actor1 = e.claimed_by = side
            e.event_type, e.sub_event_type = acled_types(e.category, side)


@lru_cache(maxsize=1)
def _clause_words() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
    data = load_data("actors.json")
    relative = frozenset([*(name_key(w) for w in data["relative_pronouns"]["ar"]), *data["relative_pronouns"]["en"]])
    return (relative, tuple(data["possessive_suffixes_ar"]), frozenset(name_key(w) for w in data["enabling_verbs_ar"]),
            frozenset(name_key(w) for w in data["subordinators_ar"]))


@lru_cache(maxsize=1)
def _weapon_words() -> tuple[frozenset[str], frozenset[str]]:
    data = load_data("actors.json")
    return (frozenset(name_key(w) for w in data["weapon_subjects_ar"]),
            frozenset(name_key(w) for w in data["affiliation_markers"]["ar"]))


def _weapon_subject(between: str) -> bool:
    """True when ``between`` (a verb's clause up to a group after it) holds the verb's subject, a
    weapon, in a phrase of its own ("استهدفت ثلاثة تفجيرات بسيارات مفخخة", "استهدفت طائرة مسيرة"):
    the group after it is the object. Not a lone weapon noun right before the group ("قصفت طائرات
    حفتر": Haftar's) nor one tied to it ("طائرة تابعة لقوات حفتر")."""
    weapons, ties = _weapon_words()
    words = [w.removeprefix("و").removeprefix("ب").removeprefix("ال") for w in between.split()]
    armed = [w for w in words if w in weapons]
    owned = len(armed) == 1 and words[-1] == armed[0]
    return bool(armed) and not owned and not any(w in ties for w in words) and words[-1] not in ("ل", "لل")


def _subordinated(between: str) -> bool:
    """True when ``between`` (a verb's text up to a group) opens another act's clause ("بعد انسحاب")."""
    subordinators = _clause_words()[3]
    return any(w.removeprefix("و") in subordinators for w in between.split())


def _enabled_subject(folded: str, trig: Hit, actors: list[ActorMention]) -> str | None:
    """The subject of an enabling verb whose verbal noun is the trigger ("نجح الثوار في إخراج
    القوات", "تمكنت قوات الوفاق من السيطرة على"): the group between the verb and في/من."""
    _, _, enabling, _ = _clause_words()
    head = folded[:trig.start - len(trig.prefix)].split()
    if not head or head[-1] not in ("في", "من"):
        return None
    preposition_at = len(" ".join(head[:-1]).rstrip())
    for a in reversed(actors):
        if a.end <= preposition_at and not _NEW_CLAUSE.search(folded[a.end:preposition_at]):
            verb = folded[:a.start].split()[-1:] if folded[:a.start].split() else []
            return a.actor if verb and verb[0].removeprefix("و").removeprefix("ف") in enabling else None
    return None


@lru_cache(maxsize=1)
def _launch_verbs() -> WordMatcher:
    """The verbs that launch or carry out a strike or an attack (شن, نفذ and their forms): the
    governors of attack nouns (``event_triggers.json``) less those that repel one (صد)."""
    words = load_data("event_triggers.json")["attack_noun_governors"]["ar"]
    return WordMatcher({"launch": ([w for w in words if "شن" in w or "نفذ" in w], [])})


def _launched_subject(folded: str, trig: Hit, actors: list[ActorMention]) -> str | None:
    """The subject between a launching verb and the noun it launches ("بشن طيران الجيش بقيادة
    حفتر، الذي ...، غارة جوية على معسكر تابع لقوات الوفاق"): the group right after the verb, not
    the target after the noun. None without such a verb in the last _LAUNCH_REACH words."""
    head = folded[:trig.start - len(trig.prefix)]
    window_start = len(head) - len(" ".join(head.split()[-_LAUNCH_REACH:]))
    verbs = [h for h in _launch_verbs().find(head[window_start:]) if h.end + window_start < len(head)]
    if not verbs:
        return None
    verb_end = window_start + verbs[-1].end
    subject = next((a for a in actors if verb_end <= a.start < trig.start), None)
    return subject.actor if subject is not None and subject.start - verb_end <= _AGENT_GAP else None


def _relative_subject(folded: str, trig: Hit, actors: list[ActorMention]) -> str | None:
    """The group a relative pronoun right before ``trig`` refers to ("مقاتلي حفتر الذين فروا",
    "Haftar fighters who fled"): the mention right before the pronoun, target marker or not."""
    relative, *_ = _clause_words()
    head = folded[:trig.start - len(trig.prefix)].split()
    if not head or head[-1] not in relative:
        return None
    pronoun_at = len(" ".join(head[:-1]).rstrip())
    before = [a for a in actors if 0 <= pronoun_at - a.end <= 1]
    return before[-1].actor if before else None


def _speakers_own(sentence: SentenceActors, trig: Hit) -> bool:
    """True when ``trig`` is a noun in the speaker's words that ends in the speaker's pronoun
    ("أعلن مقاتلو المجلس دخولهم مدينة سرت"): no complementizer came between, so it is their act."""
    _, suffixes, *_ = _clause_words()
    word = sentence.folded[trig.start:].split(maxsplit=1)[0] if sentence.folded[trig.start:].strip() else ""
    return word.endswith(suffixes) and any(s <= trig.start < e for s, e in sentence.sources)


def carry_actors(events: list[Event]) -> None:
    """An attack whose sentence names no attacker was made by the side that made the article's
    last attack of its kind before it ("Haftar's forces shelled Ain Zara. Rockets also hit Abu
    Salim."): reports go on about one side's attacks without naming it again. Not when that side
    is the target, nor when a side of its camp reports the attack (what a side reports without
    naming the attacker, it suffered).
    """
    last: dict[str, str] = {}
    for e in events:
        kind = GROUP.get(e.category, e.category)
        carried = last.get(kind)
        if e.actor1 is not None:
            last[kind] = e.actor1
        elif e.category in VIOLENT and carried is not None and carried != e.actor2 and not _same_camp(
                e.claimed_by, carried):
            e.actor1 = carried
            e.event_type, e.sub_event_type = acled_types(e.category, carried)


def _same_camp(a: str | None, b: str) -> bool:
    """True when ``a`` is ``b`` or of its camp (:func:`geo.events.actors.actor_side`)."""
    return a is not None and (a == b or actor_side(a) is not None and actor_side(a) == actor_side(b))
