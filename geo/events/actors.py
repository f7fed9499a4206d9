"""Actors: find the sides named in a sentence and normalise them from the alias table.

"الجيش الليبي" (the Libyan army) is the LNA in some outlets and the GNA's army in
others, so an article's *lean* is read from its vocabulary: an outlet that writes
"ميليشيات الوفاق" (GNA militias) calls the LNA "the army"; one that writes "قوات
حفتر" or "العدوان" (Haftar's forces, the aggression) calls the GNA's forces the
army.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.text.lexicon import Hit, WordMatcher, load_data

__all__ = ["ActorMention", "ActorFinder", "actor_finder"]

AMBIGUOUS = "?army"


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actor: str


class ActorFinder:
    """Actor mentions of folded text, with the ambiguous army resolved by the article's lean."""

    def __init__(self) -> None:
        data = load_data("actors.json")
        # Aliases are whole words (after proclitics): مصر must not match inside مصراتة.
        lists = {name: ([a + "$" for a in spec.get("ar", [])], spec.get("en", []))
                 for name, spec in data["actors"].items()}
        lists[AMBIGUOUS] = ([a + "$" for a in data["ambiguous"]["ar"]], [a.lower() for a in data["ambiguous"]["en"]])
        self._aliases = WordMatcher({k: (v[0], [e.lower() for e in v[1]]) for k, v in lists.items()})
        self._lean = WordMatcher({side: (spec["ar"], [e.lower() for e in spec["en"]])
                                  for side, spec in data["lean"].items()})
        self._speech = WordMatcher({"speech": (data["speech_verbs"]["ar"], data["speech_verbs"]["en"])})
        self._target = WordMatcher({"target": (data["target_markers"]["ar"], data["target_markers"]["en"])})
        self._agent = WordMatcher({"agent": (data["agent_markers"]["ar"], data["agent_markers"]["en"])})

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

    def find(self, folded: str, lean: str = "LNA") -> list[ActorMention]:
        out = []
        for h in self._aliases.find(folded):
            actor = lean if h.label == AMBIGUOUS else h.label
            out.append(ActorMention(h.start, h.end, actor))
        return out

    def speech(self, folded: str) -> list[Hit]:
        return self._speech.find(folded)

    def target_markers(self, folded: str) -> list[Hit]:
        return self._target.find(folded)

    def agent_markers(self, folded: str) -> list[Hit]:
        return self._agent.find(folded)


@lru_cache(maxsize=1)
def actor_finder() -> ActorFinder:
    """The actor finder over ``geo/data/actors.json``, built once per process."""
    return ActorFinder()
