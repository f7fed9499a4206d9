"""Actors: find the sides named in a sentence and normalise them from the alias table.

"الجيش الليبي" (the Libyan army) is the LNA in some outlets and the GNA's army in
others, so an article's *lean* is read from its vocabulary: an outlet that writes
"ميليشيات الوفاق" (GNA militias) calls the LNA "the army"; one that writes "قوات
حفتر" or "العدوان" (Haftar's forces, the aggression) calls the GNA's forces the
army.

Every period's groups are in the table (2011, 2014-2018, Tripoli 2018-2025), each
named as the text names it (``Radaa``, ``444 Brigade``). Given the report's date
(``on``), a group that fought as part of one of the two sides of 2019-2020 is
written as that side (the contract's ``GNA``/``LNA``), and words that name a group
only in one period ("الكتائب", "government forces" in 2011) are read; without a
date, every group keeps its own name and those words name nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from gazetteer.normalize import name_key
from geo.text.lexicon import Hit, WordMatcher, load_data

__all__ = ["ActorMention", "ActorFinder", "actor_finder", "actor_side", "actor_type", "inter_code", "opponent"]

AMBIGUOUS = "?army"


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actor: str
    #: A name that says no particular side ("the Libyan army" of an outlet, "armed groups"): an
    #: owner named after it ("التابع لحكومة الوفاق", "loyal to Haftar") says which.
    generic: bool = False


def _whole_words(spec: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A table entry's aliases as whole words (after proclitics): مصر must not match inside مصراتة.

    An English alias also names its possessive: "Haftar's air force" folds to "haftars air force".
    """
    return [a + "$" for a in spec.get("ar", [])], [e.lower() + "(?:s)?" for e in spec.get("en", [])]


def _within(on: date, spec: dict[str, Any]) -> bool:
    """True when ``on`` falls in the period ``spec`` gives (``from``/``to``, ISO dates, either open)."""
    start, end = spec.get("from"), spec.get("to")
    return (start is None or on >= date.fromisoformat(start)) and (end is None or on < date.fromisoformat(end))


# "اللواء (444)", "Brigade (301)": a unit's number in brackets, read as "اللواء 444" (the
# brackets move after the digits so that every offset stays where it was).
_BRACKETED_NUMBER = re.compile(r"\((\d+)\)")


def unbracketed_numbers(folded: str) -> str:
    """``folded`` with each number in brackets written bare, the brackets left as spaces after it:
    the same length, so offsets into it are offsets into ``folded``.

    >>> unbracketed_numbers("اشتباكات بين اللواء (444) وجهاز")
    'اشتباكات بين اللواء 444   وجهاز'
    """
    if "(" not in folded:
        return folded  # most sentences: nothing in brackets
    return _BRACKETED_NUMBER.sub(lambda m: m.group(1) + "  ", folded)


def _broken_construct(folded: str, hit: Hit) -> bool:
    """True when an alias of several words written without the article was found after one.

    "قوات مصراتة" (Misrata's forces) is a construct whose first noun takes no article:
    "قصفت القوات مصراتة" is "the forces shelled Misrata", not Misrata's forces.
    """
    return hit.prefix.endswith("ال") and " " in folded[hit.start:hit.end]


class ActorFinder:
    """Actor mentions of folded text, with the ambiguous army resolved by the article's lean."""

    def __init__(self) -> None:
        data = load_data("actors.json")
        lists = {name: _whole_words(spec) for name, spec in data["actors"].items()}
        lists[AMBIGUOUS] = _whole_words(data["ambiguous"])
        self._aliases = WordMatcher(lists)
        self._ambiguous = WordMatcher({AMBIGUOUS: lists[AMBIGUOUS]})
        self._renamed = {name: spec["during"] for name, spec in data["actors"].items() if spec.get("during")}
        # "مدني" is a civilian, "المدني" a surname or "civil" ("الدفاع المدني")
        self._bare_only = frozenset(name_key(w) for spec in data["actors"].values() for w in spec.get("bare_only_ar", []))
        self._generic = frozenset([AMBIGUOUS, *(name for name, spec in data["actors"].items() if spec.get("generic"))])
        self._periods: list[dict[str, Any]] = data["period_aliases"]
        # One word may name a different group in each period ("government forces"): its label
        # lists every period that has it.
        periods_of: dict[tuple[str, str], list[int]] = {}
        for i, spec in enumerate(self._periods):
            ar, en = _whole_words(spec)
            for alias in ar:
                periods_of.setdefault(("ar", alias), []).append(i)
            for alias in en:
                periods_of.setdefault(("en", alias), []).append(i)
        by_label: dict[str, tuple[list[str], list[str]]] = {}
        for (lang, alias), indices in periods_of.items():
            arabic, english = by_label.setdefault(",".join(map(str, indices)), ([], []))
            (arabic if lang == "ar" else english).append(alias)
        self._period_aliases = WordMatcher(by_label)
        self._lean = WordMatcher({side: (spec["ar"], [e.lower() for e in spec["en"]])
                                  for side, spec in data["lean"].items()})
        self._speech = WordMatcher({"speech": (data["speech_verbs"]["ar"], data["speech_verbs"]["en"])})
        self._target = WordMatcher({"target": (data["target_markers"]["ar"], data["target_markers"]["en"]),
                                    "after_subject": (data["target_verbs_after_subject"]["ar"], [])})
        self._opens_clause = frozenset(name_key(w) for w in [*load_data("reporting.json")["complementizers_ar"],
                                                             *data["target_verbs_after_subject"]["clause_openers"]])
        self._agent = WordMatcher({"agent": (data["agent_markers"]["ar"], data["agent_markers"]["en"])})
        self._responsibility = WordMatcher({"claim": (data["responsibility"]["ar"], data["responsibility"]["en"])})
        self._affiliation = frozenset([*(name_key(w) for w in data["affiliation_markers"]["ar"]),
                                       *(w.lower() for w in data["affiliation_markers"]["en"])])
        # Several rules ask one sentence for its speech verbs and its actors: each is read once.
        self._speech_of = lru_cache(maxsize=64)(self._read_speech)
        self._actors_of = lru_cache(maxsize=64)(self._read_actors)

    def lean(self, folded_article: str) -> str:
        """Which side an outlet calls "the Libyan army": ``"LNA"`` or ``"GNA"``.

        Pro-GNA wording about the LNA ("قوات حفتر") counts for GNA, pro-LNA wording
        about the GNA ("ميليشيات") for LNA; with no evidence, "the Libyan army"
        is taken as the LNA, which calls itself so.
        """
        counts = {"LNA": 0, "GNA": 0}
        for h in self._lean.find(folded_article):
            counts[h.label] += 1
        return "GNA" if counts["GNA"] > counts["LNA"] else "LNA"

    def may_name_the_army(self, folded: str) -> bool:
        """False when no sentence of ``folded`` can name the ambiguous army ("الجيش", "the army"):
        then :meth:`find` never reads the lean (:meth:`WordMatcher.may_match`).

        >>> from gazetteer.normalize import name_key
        >>> finder = actor_finder()
        >>> finder.may_name_the_army(name_key("قصف الجيش مواقع")), finder.may_name_the_army(name_key("قوات حفتر"))
        (True, False)
        """
        return self._ambiguous.may_match(folded)

    def find(self, folded: str, lean: str = "LNA", on: date | None = None) -> list[ActorMention]:
        """Actor mentions of a folded sentence, in text order.

        ``on`` is the report's date: it renames groups to the side they fought
        for then and reads the words that name a group only in its period.

        Examples
        --------
        >>> from gazetteer.normalize import name_key
        >>> finder = actor_finder()
        >>> [a.actor for a in finder.find(name_key("اشتباكات بين اللواء 444 وجهاز الردع"))]
        ['444 Brigade', 'Radaa']
        >>> [a.actor for a in finder.find(name_key("Radaa forces shelled the area"), on=date(2019, 5, 2))]
        ['GNA']
        >>> [a.actor for a in finder.find(name_key("قصفت الكتائب المدينة"), on=date(2011, 4, 20))]
        ['Gaddafi forces']
        """
        return list(self._actors_of(folded, lean, on))

    def _read_actors(self, folded: str, lean: str, on: date | None) -> tuple[ActorMention, ...]:
        out = []
        folded = unbracketed_numbers(folded)
        for h in self._aliases.find(folded):
            if _broken_construct(folded, h) or (h.prefix.endswith("ال") and folded[h.start:h.end] in self._bare_only):
                continue
            actor = lean if h.label == AMBIGUOUS else h.label
            out.append(ActorMention(h.start, h.end, self._as_of(actor, on), h.label in self._generic))
        if on is not None:
            out = self._with_period_words(folded, out, on)
        return tuple(self._owned(folded, out))

    def _with_period_words(self, folded: str, out: list[ActorMention], on: date) -> list[ActorMention]:
        for h in self._period_aliases.find(folded):
            spec = next((self._periods[int(i)] for i in h.label.split(",") if _within(on, self._periods[int(i)])),
                        None)
            if spec is None or _broken_construct(folded, h):
                continue
            overlapped = [a for a in out if a.start < h.end and h.start < a.end]
            # The words of the period win over a general alias as long as theirs ("Tripoli-based
            # government" is the GNU after March 2021), not over a longer one ("كتائب القذافي").
            if all(a.end - a.start <= h.end - h.start for a in overlapped):
                out = [a for a in out if a not in overlapped]
                out.append(ActorMention(h.start, h.end, self._as_of(spec["actor"], on)))
        return sorted(out, key=lambda a: a.start)

    def _owned(self, folded: str, mentions: list[ActorMention]) -> list[ActorMention]:
        """``mentions`` with a group tied to its owner merged into one mention, in text order: a
        generic group is its owner ("الجيش الليبي التابع لحكومة الوفاق", "armed groups loyal to the
        GNA" are the GNA); a named group stays itself and its owner is no party of its own
        ("اللواء 444 التابع لحكومة الوحدة" is the 444 Brigade)."""
        out: list[ActorMention] = []
        for m in mentions:
            if out and self._ties(folded[out[-1].end:m.start]):
                head = out.pop()
                m = ActorMention(head.start, m.end, m.actor if head.generic else head.actor)
            out.append(m)
        return out

    def _ties(self, between: str) -> bool:
        """True when the words between two mentions are an affiliation marker ("التابع ل", "loyal to the")."""
        words = between.split()
        if words and words[-1] in ("the", "ل", "لل", "لـ", "ـ"):
            words.pop()
        return " ".join(words) in self._affiliation

    def _as_of(self, actor: str, on: date | None) -> str:
        """The name a group goes by on ``on`` (the side it fought for in 2019-2020)."""
        if on is not None:
            for spec in self._renamed.get(actor, ()):
                if _within(on, spec):
                    return str(spec["as"])
        return actor

    def speech(self, folded: str) -> list[Hit]:
        return list(self._speech_of(folded))

    def may_speak(self, folded: str) -> bool:
        """False when ``folded`` certainly has no speech verb (:meth:`WordMatcher.may_match`)."""
        return self._speech.may_match(folded)

    def _read_speech(self, folded: str) -> tuple[Hit, ...]:
        return tuple(self._speech.find(folded))

    def target_markers(self, folded: str) -> list[Hit]:
        """Where the words that mark a target ("مواقع", "against") are in ``folded``.

        A verb of ``target_verbs_after_subject`` ("استهدف") marks its object only once its
        subject came first ("هجوما استهدف قوات البنيان", "إن قوات الوفاق استهدفت"); opening
        its clause ("واستهدفت قوات الوفاق الطائرة", "وقد استهدفت") the verb comes before its subject.

        >>> from gazetteer.normalize import name_key
        >>> [h.label for h in actor_finder().target_markers(name_key("نفذ داعش هجوما استهدف قوات البنيان"))]
        ['after_subject']
        >>> actor_finder().target_markers(name_key("واستهدفت قوات الوفاق الطائرة"))
        []
        """
        hits = self._target.find(folded)
        return [h for h in hits if h.label == "target" or not self._opens_its_clause(folded, h)]

    def _opens_its_clause(self, folded: str, hit: Hit) -> bool:
        if hit.prefix.strip("ال"):  # "واستهدفت", "فاستهدف": a conjunction starts a new clause
            return True
        head = folded[:hit.start - len(hit.prefix)].rstrip()
        return not head or head[-1] in "،,;؛:.!?؟\"«»" or head.split()[-1] in self._opens_clause

    def agent_markers(self, folded: str) -> list[Hit]:
        return self._agent.find(folded)

    def responsibility(self, folded: str) -> list[Hit]:
        """Where ``folded`` claims an attack ("تبنى", "claimed responsibility", "claimed an attack")."""
        return self._responsibility.find(folded)


def actor_type(actor: str) -> str | None:
    """The kind of group an actor is (``state_forces``, ``rebel_group``, ``political_militia``,
    ``identity_militia``, ``external_forces``, ``civilians``, ``protesters``), from the table.

    >>> actor_type("Radaa"), actor_type("Tebu forces"), actor_type("Wagner"), actor_type("nobody")
    ('state_forces', 'identity_militia', 'external_forces', None)
    """
    spec = load_data("actors.json")["actors"].get(actor)
    return None if spec is None else str(spec["type"])


def inter_code(actor: str | None) -> int | None:
    """ACLED's inter1/inter2 code of an actor (1 state forces ... 8 external/other forces).

    >>> inter_code("GNA"), inter_code("Libya Dawn"), inter_code("Civilians"), inter_code(None)
    (1, 3, 7, None)
    """
    kind = actor_type(actor) if actor else None
    return None if kind is None else int(load_data("actors.json")["actor_types"][kind])


def actor_side(actor: str) -> str | None:
    """The camp an actor belongs to, ``"west"`` (GNA, GNU, Tripoli forces) or ``"east"`` (LNA,
    Haftar's forces), from ``map_sides`` in the table; None for anyone else.

    >>> actor_side("GNA"), actor_side("444 Brigade"), actor_side("LNA"), actor_side("Wagner"), actor_side("x")
    ('west', 'west', 'east', None, None)
    """
    return _camps().get(actor)


def opponent(actor: str | None, on: date) -> str | None:
    """The other side of a two-sided war ``actor`` fought on ``on`` (``opponents`` in the table);
    None outside those wars or for anyone else.

    >>> opponent("GNA", date(2020, 5, 1)), opponent("LNA", date(2019, 4, 8)), opponent("GNA", date(2018, 5, 1))
    ('LNA', 'GNA', None)
    >>> opponent("Civilians", date(2020, 5, 1)) is None
    True
    """
    for spec in _wars():
        if actor in spec["sides"] and _within(on, spec):
            return next((str(side) for side in spec["sides"] if side != actor), None)
    return None


@lru_cache(maxsize=1)
def _wars() -> list[dict[str, Any]]:
    wars: list[dict[str, Any]] = load_data("actors.json")["opponents"]
    return wars


@lru_cache(maxsize=1)
def _camps() -> dict[str, str]:
    sides: dict[str, list[str]] = load_data("actors.json")["map_sides"]
    return {name: side for side, names in sides.items() for name in names}


@lru_cache(maxsize=1)
def actor_finder() -> ActorFinder:
    """The actor finder over ``geo/data/actors.json``, built once per process."""
    return ActorFinder()
