"""'The capital' alone: Tripoli, in an article about Libya.

Reports about Libya name Tripoli as "العاصمة" or "the capital" as often as by its name
("سقطت قذائف على أحياء في العاصمة"). In an article whose focus is Libya
(:mod:`geo.places.focus`), such a phrase is a mention of the capital of ``place_cues.json``
(``capital_id``), unless:

* a nationality other than Libyan qualifies it ("العاصمة المصرية", "the Egyptian capital": the
  English forms start with "the", so an adjective before "capital" is never one of them);
* a name follows it ("the capital Cairo", "the capital of Tunisia", "العاصمة الروسية موسكو");
* it is part of a group's name ("قوة حماية العاصمة", "the capital protection force").

What enters: an article's text, its folded form, its resolved mentions (text order) and its
focus. What leaves: the same mentions plus one per such phrase, in text order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from gazetteer import Gazetteer
from gazetteer.normalize import FoldedText, name_key
from geo.places.focus import ArticleFocus
from geo.places.recognize import RawMatch
from geo.places.resolve import Resolved
from geo.text.lexicon import load_data
from geo.text.pattern_starts import StartScanner

__all__ = ["name_capital", "is_capital_phrase"]


@cache
def _lexicon() -> tuple[StartScanner, frozenset[str], frozenset[str], str]:
    lex = load_data("place_cues.json")
    words = sorted({name_key(w) for w in lex["capital_ar"] + lex["capital_en"]}, key=len, reverse=True)
    forms = []
    for w in words:
        # "the capital's SSA office": the possessive folds to a final s
        forms.append(re.escape(w) + ("s?" if w.isascii() else ""))
        if w.startswith("ال"):
            forms.append("ل" + re.escape(w[2:]))  # للعاصمة: ل + ال written لل
    # Arabic clitics (و ف, then ب ل ك) may be glued on; nothing may follow but a non-letter.
    # Tried only where one of its literal forms occurs (its look-behind stops re's own quick scan).
    pattern = StartScanner(re.compile(r"(?<!\w)(?:[وف]?[بلك]?)(?:" + "|".join(forms) + r")(?!\w)"))
    not_after = frozenset(name_key(w) for w in lex["capital_not_after_ar"] + lex["capital_not_after_en"])
    not_before = frozenset(name_key(w) for w in lex["capital_not_before_en"])
    return pattern, not_after, not_before, str(lex["capital_id"])


def is_capital_phrase(match: RawMatch) -> bool:
    """True when a mention is "the capital" (:func:`name_capital`), not the capital's name: it names
    the whole city as an area, so an event there is placed to the city (geo precision 3)."""
    return match.key.startswith(_PHRASE)


_PHRASE = "~capital:"


def _foreign_adjective(word: str) -> bool:
    """An Arabic nationality adjective other than Libyan: "المصرية", "التركية"."""
    return word.startswith("ال") and word.endswith(("يه", "ي")) and word not in ("الليبيه", "الليبي")


def name_capital(text: str, folded: FoldedText, resolved: Sequence[Resolved], focus: ArticleFocus,
                 gazetteer: Gazetteer) -> list[Resolved]:
    """``resolved`` plus the mentions of Libya's capital as "the capital".

    Examples
    --------
    >>> from geo.places.geoparse import geoparse
    >>> [(m.surface, m.name) for m in geoparse("سقطت قذائف على أحياء في العاصمة مساء الأحد")]
    [('العاصمة', 'Tripoli')]
    >>> [m.name for m in geoparse("وصل الوفد إلى العاصمة المصرية")]
    []
    """
    pattern, not_after, not_before, capital_id = _lexicon()
    capital = gazetteer.get(capital_id)
    f = folded.folded
    found = [] if focus.foreign or capital is None else list(pattern.finditer(f))
    if not found:
        return list(resolved)
    offsets = folded.offset_list
    spans = [(r.match.start, r.match.end) for r in resolved]
    added: list[Resolved] = []
    for m in found:
        start, end = int(offsets[m.start()]), int(offsets[m.end() - 1]) + 1
        # The word before and the word after (one split each from the match, not the whole text's words).
        before, after = f[:m.start()].rsplit(None, 1)[-1:], f[m.end():].split(None, 1)[:1]
        if before and (before[0] in not_after or before[0][1:] in not_after):
            continue  # "قوة حماية العاصمة": a group's name
        if after and (after[0] in not_before or _foreign_adjective(after[0])):
            continue  # "the capital of Tunisia", "العاصمة المصرية"
        possessive = text[start:end].endswith(("'s", "’s"))  # "the capital's SSA office": what follows is its own
        if (not possessive and text[end:end + 40].lstrip(" ,")[:1].isupper()) or any(
                (0 <= s - end <= 3 and text[end:s].strip(" ,،") == "") or (s < end and start < e) for s, e in spans):
            continue  # a name follows it or contains it ("the capital Cairo", "العاصمة طرابلس")
        match = RawMatch(start, end, text[start:end], _PHRASE + m.group(), [gazetteer.index_of(capital_id)],
                         not m.group().isascii(), False)
        added.append(Resolved(match, capital, 1.0, 0.0))
    return sorted([*resolved, *added], key=lambda r: r.match.start) if added else list(resolved)
