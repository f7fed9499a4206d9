"""Compile the word lists of ``geo/data/*.json`` into matchers over folded text.

Arabic entries are stems: they match at the start of a word, after optional
proclitics (و ف ب ل ك and the article), with any suffix unless the entry ends in
``$``. English entries are regular expressions matched on word boundaries. Both
are matched on text folded by :func:`gazetteer.normalize.fold_text` (lower case,
Arabic letter variants merged), so the lists need one spelling per word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import ahocorasick

from gazetteer.normalize import ARABIC_LETTERS, name_key
from geo.text.pattern_starts import literal_starts

_ARABIC_RUN = re.compile("[" + "".join(sorted(ARABIC_LETTERS)) + "]+")

__all__ = ["Hit", "WordMatcher", "ends_with_word", "fold_pattern", "load_data", "place_fillers", "strip_fillers"]

_AR_PROCLITICS = frozenset(
    ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل", "وب", "ول", "فب", "فل",
     "وبال", "فبال", "وك", "س", "وس", "فس"])
_AR_FUSED = frozenset(["لل", "ولل", "فلل"])
_MAX_CLITICS = max(len(p) for p in _AR_PROCLITICS | _AR_FUSED)  # the longest run of letters before an entry
_AR_LETTER = "\u0621-\u064a"
_HAS_ARABIC = re.compile(f"[{_AR_LETTER}]")
_HAS_LATIN = re.compile("[a-z]")
# Where an English entry may begin: not inside a word, nor after a hyphen ("re-took").
_WORD_STARTS = re.compile(r"(?<![\w-])")


@lru_cache(maxsize=64)  # a sentence is asked a few times in a row; whole articles must not pile up
def _scripts(folded: str) -> tuple[bool, bool]:
    """Whether ``folded`` has an Arabic letter, and a Latin one: every matcher asks this of the
    same sentence, and a search that finds none reads the whole sentence."""
    return not folded.isascii() and _HAS_ARABIC.search(folded) is not None, _HAS_LATIN.search(folded) is not None


@cache
def load_data(name: str) -> dict[str, Any]:
    """A JSON data file of the ``geo`` package (``geo/data/NAME``)."""
    with resources.files("geo").joinpath(f"data/{name}").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def place_fillers() -> tuple[str, ...]:
    """Folded place nouns that may stand between a cue word and a name ("من مدينة X", "toward the
    town of X"), from ``place_cues.json``, longest first."""
    lex = load_data("place_cues.json")
    return tuple(sorted({name_key(w) for w in lex["fillers_ar"] + lex["fillers_en"]}, key=len, reverse=True))


def strip_fillers(window: str) -> str:
    """Folded text that ends right before a name, without its trailing space and one place noun.

    >>> strip_fillers("قصف علي مدينه ")
    'قصف علي'
    >>> strip_fillers("moved toward the town of")
    'moved toward'
    """
    window = window.rstrip()
    if not window.endswith(place_fillers()):
        return window  # most windows: no place noun at their end
    for filler in place_fillers():
        if window == filler or window.endswith(" " + filler):
            return window[: -len(filler)].rstrip()
    return window


def ends_with_word(window: str, phrase: str, proclitics: str = "") -> bool:
    """True when ``window`` ends with ``phrase`` as a whole word, or right after one of the
    single-letter ``proclitics`` (Arabic writes و, ف, ب, ل onto the next word).

    >>> ends_with_word("تحركت قوات ومن", "من", "وف"), ends_with_word("كمن", "من", "وف")
    (True, False)
    """
    if not window.endswith(phrase):
        return False
    cut = len(window) - len(phrase)
    return cut == 0 or window[cut - 1] == " " or window[cut - 1] in proclitics


@dataclass(frozen=True, slots=True)
class Hit:
    """A word-list entry found in folded text: its span, the entry's label and the clitic prefix."""

    start: int
    end: int
    label: str
    prefix: str = ""


def fold_pattern(pattern: str) -> str:
    """An English pattern as folded text spells it: hyphens become spaces, apostrophes go.

    :func:`gazetteer.normalize.fold_text` turns "sit-in" into "sit in" and
    "Misrata's" into "misratas", so a pattern written as the words are printed
    would never match. Character classes (``[a-z]``) are left as they are.

    >>> fold_pattern("sit-?ins?"), fold_pattern("so-called"), fold_pattern("[a-z]+'s")
    ('sit ?ins?', 'so called', '[a-z]+s')
    """
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == "-":
            out.append(" ")
        elif ch not in "'\u2019":
            out.append(ch)
    return "".join(out)


def _literal_prefix(pattern: str) -> str:
    """The letters a regular expression always begins with ("shell" of "shell(?:ed|ing)")."""
    out = []
    for i, ch in enumerate(pattern):
        if not (ch.isalnum() or ch in " -'"):
            break
        if i + 1 < len(pattern) and pattern[i + 1] in "?*{":
            break  # this character is optional
        out.append(ch)
    return "".join(out)


def _leftmost_longest(found: list[Hit]) -> list[Hit]:
    """Keep non-overlapping hits, the longest where they start together.

    "قصف جوي" (air strike) wins over the "قصف" (shelling) inside it.
    """
    if len(found) < 2:
        return found  # most finds: nothing to choose between (a hit never starts before 0)
    found.sort(key=lambda h: (h.start - len(h.prefix), -(h.end - h.start)))
    out: list[Hit] = []
    last = -1
    for h in found:
        if h.start - len(h.prefix) >= last:
            out.append(h)
            last = h.end
    return out


class WordMatcher:
    """Find entries of labelled Arabic and English word lists in folded text.

    Examples
    --------
    >>> m = WordMatcher({"strike": (["قصف"], [r"shell(?:ed|ing)"])})
    >>> [(h.label, h.prefix) for h in m.find("وقصفت القوات")]
    [('strike', 'و')]
    >>> [h.label for h in m.find("they shelled the town")]
    ['strike']
    """

    def __init__(self, lists: dict[str, tuple[list[str], list[str]]]) -> None:
        # Arabic entries are literal stems: one Aho-Corasick pass finds them all, and
        # the word around each is checked for proclitics before it and (for "$"
        # entries) nothing after it. English entries are patterns: one alternation,
        # one named group per entry, longest first.
        self._automaton: ahocorasick.Automaton | None = None
        ar_entries: dict[str, tuple[str, bool]] = {}
        en_entries: dict[str, str] = {}
        for label, (arabic, english) in lists.items():
            for e in arabic:
                if e.strip():
                    ar_entries.setdefault(name_key(e.rstrip("$")), (label, e.endswith("$")))
            for e in english:
                if e.strip():
                    en_entries.setdefault(fold_pattern(e.lower()), label)
        if ar_entries:
            self._automaton = ahocorasick.Automaton()
            for stem, (label, exact) in ar_entries.items():
                self._automaton.add_word(stem, (len(stem), label, exact, False))
            for stem, (label, exact) in ar_entries.items():
                core = stem[2:]
                if stem.startswith("ال") and len(core) > 2 and core not in ar_entries:
                    # ل + الجيش is written للجيش: the core after the fused article.
                    self._automaton.add_word(core, (len(core), label, exact, True))
            self._automaton.make_automaton()
        # English: each pattern's literal beginning ("shell" of "shell(?:ed|ing)") is an
        # anchor, tried only where it occurs. Patterns with no literal beginning form one regex,
        # tried only where one of its literal starts occurs ("nato " of "(?:nato|raf) strikes";
        # pattern_starts.literal_starts), or at every word start when it has none. One
        # Aho-Corasick pass finds both kinds of literal text: English costs one pass, not two.
        self._en_by_anchor: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        self._labels: dict[str, str] = {}
        loose: list[str] = []
        for pattern, label in en_entries.items():
            anchor = _literal_prefix(pattern)
            if len(anchor) >= 2:
                self._en_by_anchor.setdefault(anchor, []).append((re.compile(rf"(?:{pattern})(?![\w])"), label))
            else:
                self._labels[f"e{len(loose)}"] = label
                loose.append(f"(?P<e{len(loose)}>{pattern})")
        self._en_loose = re.compile(rf"{_WORD_STARTS.pattern}(?:{'|'.join(loose)})(?![\w])") if loose else None
        # Any literal start, however short ("u" of "u.s. forces"): the look-behind rejects at once
        # the occurrences inside a word, and there are fewer occurrences than word starts.
        loose_starts = literal_starts(self._en_loose.pattern) if self._en_loose is not None else frozenset()
        #: Where the loose patterns without a literal start ("\d{1,2} march") match: the loose regex is
        #: tried there too. Trying the whole regex at every word start instead cost most of a
        #: sentence's not-trigger search; this look-ahead holds one or two patterns, not all of them.
        self._en_unanchored: re.Pattern[str] | None = None
        if loose_starts is None:
            starts_of = [literal_starts(p) for p in loose]
            loose_starts = frozenset(s for found in starts_of if found is not None for s in found)
            unanchored = "|".join(p for p, found in zip(loose, starts_of, strict=True) if found is None)
            # a match of the loose regex begins where one of its patterns matches on its own
            self._en_unanchored = re.compile(rf"{_WORD_STARTS.pattern}(?=(?:{unanchored})(?![\w]))")
        #: word -> (length, anchor or "", whether a match of the loose regex may start there)
        self._en_literals: ahocorasick.Automaton | None = None
        words = {w: (len(w), w if w in self._en_by_anchor else "", w in (loose_starts or ()))
                 for w in [*self._en_by_anchor, *(loose_starts or ())]}
        if words:
            self._en_literals = ahocorasick.Automaton()
            for w, value in words.items():
                self._en_literals.add_word(w, value)
            self._en_literals.make_automaton()

    def _english(self, folded: str) -> list[Hit]:
        found: list[Hit] = []
        loose_at: set[int] = set()
        if self._en_literals is not None:
            for end, (length, anchor, loose) in self._en_literals.iter(folded):
                start = end - length + 1
                if loose:
                    loose_at.add(start)
                if not anchor or start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "-_"):
                    continue
                for pattern, label in self._en_by_anchor[anchor]:
                    m = pattern.match(folded, start)
                    if m:
                        found.append(Hit(start, m.end(), label))
        if self._en_loose is not None:
            for m in self._loose_matches(folded, loose_at):
                found.append(Hit(m.start(), m.end(), self._labels[m.lastgroup or ""]))
        return _leftmost_longest(found)

    def _loose_matches(self, folded: str, starts: set[int]) -> Iterable[re.Match[str]]:
        """``self._en_loose.finditer(folded)``, the regex tried only at ``starts`` (where one of its
        literal starts occurs) and where one of its patterns without a literal start matches: the
        same matches, left to right, not overlapping."""
        assert self._en_loose is not None
        if self._en_unanchored is not None:
            starts = starts | {m.start() for m in self._en_unanchored.finditer(folded)}
        at_starts = sorted(starts)
        found = []
        done = 0
        for at in at_starts:
            if at >= done and (m := self._en_loose.match(folded, at)) is not None:
                if m.end() == at:
                    return list(self._en_loose.finditer(folded))  # an empty match: finditer's own rules
                done = m.end()
                found.append(m)
        return found

    def may_match(self, folded: str) -> bool:
        """False when :meth:`find` certainly finds nothing in ``folded``: no entry's literal text (an
        Arabic stem, an English pattern's literal beginning) occurs in it, and no English pattern
        without one matches. One automaton pass that stops at the first occurrence, without the
        per-hit checks of :meth:`find`.

        >>> m = WordMatcher({"strike": (["قصف"], [r"shell(?:ed|ing)"])})
        >>> m.may_match("قصف ثم"), m.may_match("they shellfished"), m.may_match("nothing here")
        (True, True, False)
        """
        arabic, latin = _scripts(folded)  # as find: a script's entries are looked for only in its letters
        if self._automaton is not None and arabic:
            for _ in self._automaton.iter(folded):
                return True
        if not latin:
            return False
        if self._en_unanchored is not None and self._en_unanchored.search(folded) is not None:
            return True  # a pattern without a literal beginning matches
        if self._en_literals is not None:
            for _ in self._en_literals.iter(folded):
                return True
        return False

    def _arabic(self, folded: str) -> list[Hit]:
        assert self._automaton is not None
        found: list[Hit] = []
        n = len(folded)
        # The letters glued after a hit run to the end of its word; hits come in order of their
        # end, so the word last measured is reused: a text of one long word costs O(n), not a
        # scan of the word per hit.
        run_from, run_end = 0, 0
        for end, (length, label, exact, fused) in self._automaton.iter(folded):
            start = end - length + 1
            ws = start  # the letters glued before the entry: a clitic, at most _MAX_CLITICS long
            while ws > 0 and folded[ws - 1] in ARABIC_LETTERS and start - ws <= _MAX_CLITICS:
                ws -= 1
            if start - ws > _MAX_CLITICS:
                continue  # inside a longer word
            prefix = folded[ws:start]
            if prefix not in (_AR_FUSED if fused else _AR_PROCLITICS):
                continue
            stop = end + 1
            if stop < n and folded[stop] in ARABIC_LETTERS:
                if exact:
                    continue
                if not run_from <= stop < run_end:
                    run_from, run_end = stop, _ARABIC_RUN.match(folded, stop).end()  # type: ignore[union-attr]
                stop = run_end
            found.append(Hit(start, stop, label, prefix))
        return _leftmost_longest(found)

    def find(self, folded: str) -> list[Hit]:
        """Every entry found in ``folded``, in text order (longest entry where they overlap)."""
        hits: list[Hit] = []
        arabic, latin = _scripts(folded)
        if self._automaton is not None and arabic:
            hits = self._arabic(folded)
        if (self._en_literals is not None or self._en_loose is not None) and latin:
            english = self._english(folded)  # in text order already
            if not hits:
                return english
            hits += english
            hits.sort(key=lambda h: h.start)
        return hits

