"""Find place-name mentions in Arabic and English text (recognition, before resolution).

One pass of an Aho-Corasick automaton (pyahocorasick) over the folded text finds
every gazetteer name; boundary rules then keep the matches that are words:

* Arabic proclitics (و ف ب ل ك and ال, in their combinations) may precede a name:
  بمصراتة، وسرت، والزاوية، للجفرة (ل + الجفرة, whose alef the spelling drops);
  nothing may follow it, so nisba adjectives (المصراتي، الطرابلسي) are not names.
* an English name starts with a capital letter (after an optional al-/el- article)
  and is a whole word;
* names inside names of organisations, operations and channels are not places;
* names that are also common words need a cue nearby (مدينة، منطقة، في، near ...);
* a city's name inside the name of a street or a mountain ("شارع طرابلس", "Misrata
  Street", "جبل الزاوية") is not the city.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick
from rapidfuzz import fuzz

from gazetteer import Gazetteer
from gazetteer.normalize import (
    ARABIC_LETTERS,
    FoldedText,
    consonants,
    is_arabic_letter,
    name_key,
    strip_arabic_article,
)
from geo.text.lexicon import WordMatcher, load_data

__all__ = ["RawMatch", "Recognizer", "cue_lexicon"]

_AR_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
# Before a name whose article is written: the same clitics, plus the fused ل + ال = لل.
_AR_ARTICLE_PREFIXES = frozenset(p + "ال" for p in _AR_PROCLITICS if p != "ل") | {"لل", "ولل", "فلل"}
#: Longest clitic run before a name: a longer run of letters is part of another word.
_MAX_PREFIX = max(len(p) for p in _AR_ARTICLE_PREFIXES | set(_AR_PROCLITICS))
_AR_ABU = ("ابو ", "بو ")  # "father of", the first word of many names, often glued to the next
_EN_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "az ", "ad ", "at ", "an ", "es ", "ez ", "ed ", "et ")


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, Any]:
    """The cue words and blocked phrases of ``geo/data/place_cues.json``."""
    return load_data("place_cues.json")


@dataclass(slots=True)
class RawMatch:
    """A recognised name: offsets into the original text and the gazetteer entries it names."""

    start: int
    end: int
    surface: str
    key: str
    candidates: list[int]
    arabic: bool
    weak: bool  # the name is also a common word or a minor namesake: needs a cue


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or is_arabic_letter(ch)


_APOSTROPHES = frozenset("'`´‘’ʼʻ′")
# One to three capitalised words, joined by the particles of Arabic names: "Qaser Bin Ghashir". A short
# first word of a place name ("Abu Saleem", "Bu Hadeema", "Ras Lanouf") comes only with the word after it.
_SHORT_HEADS = r"(?:Abu|Bu|Bou|Al|El|Bir|Ras|Bab|Ain|Ayn|Umm|Um|Bin|Ben|Beni|Bani|Suq|Souq|Sooq|Wadi|Sidi|Qasr)"
_CAPITALISED = re.compile(
    r"(?<![\w'’-])(?:" + _SHORT_HEADS + r"[- ](?:al-|el-)?[A-Z][a-z]+|[A-Z][a-z]{3,})"
    r"(?:(?:[- ](?:al-|el-|[Bb]in |[Bb]en |[Aa]l |[Ee]l )?[A-Z][a-z]+){1,2})?(?![\w'’])")
# Every match of _CAPITALISED begins with one of these: it is tried there only (an Arabic text has
# none; an English one, a capital every few words), not at every character.
_CAPITAL = re.compile("[A-Z]")
_VARIANT_PROMINENCE = 45.0
_VARIANT_RATIO = 75.0
#: Places that are often named after a person: a name of these only, from a person, needs context.
_FACILITY_TYPES = frozenset({"airbase", "airport"})
_SENTENCE_ENDS = ".!?؟\n"
_SENTENCE_REACH = 200  # folded characters either side of a name read as its sentence


def _possessive_s(text: str, folded: str, offsets: Any, i: int) -> bool:
    """True when ``folded[i]`` is the s of an English possessive ("Sirte's"): folding drops
    the apostrophe, so the s would otherwise glue onto the name."""
    o = int(offsets[i])
    return (folded[i] == "s" and o > 0 and text[o - 1] in _APOSTROPHES
            and (i + 1 >= len(folded) or not _is_word_char(folded[i + 1])))


def _bare_possessive_s(text: str, folded: str, offsets: Any, start: int, i: int) -> bool:
    """True when ``folded[i]`` is an English possessive s whose apostrophe was lost ("Misratahs
    city centre", common in scraped text): right after a capitalised Latin name of five letters
    or more, and ending the word, its last word capitalised too ("Tripoli districts" are the city's
    quarters, not the possessive of "Tripoli District"). The longer spelling, when it is a name,
    matches on its own."""
    last = folded.rfind(" ", start, i) + 1 or start  # the name's last word: "Tripoli districts" is no possessive
    return (i - start >= 5 and folded[i] == "s" and (i + 1 >= len(folded) or not _is_word_char(folded[i + 1]))
            and text[int(offsets[start])].isupper() and text[int(offsets[i])] == "s"
            and text[int(offsets[start])].isascii() and text[int(offsets[last])].isupper())



def _capitalised_runs(text: str) -> list[re.Match[str]]:
    """``_CAPITALISED.finditer(text)``, the pattern tried at capital letters only: the same
    matches, left to right, not overlapping.

    >>> [m.group() for m in _capitalised_runs("near Abu Saleem and Masratah, not abu x")]
    ['Abu Saleem', 'Masratah']
    """
    found = []
    done = 0
    for capital in _CAPITAL.finditer(text):
        at = capital.start()
        if at >= done and (m := _CAPITALISED.match(text, at)) is not None:
            done = m.end()  # never empty: it holds a capitalised word
            found.append(m)
    return found

class Recognizer:
    """Multi-pattern matcher over every name of a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        lex = cue_lexicon()
        self._automaton = ahocorasick.Automaton()
        # pattern -> (name key, fused, entries, length of the pattern)
        patterns: dict[str, tuple[str, bool, list[int], int]] = {}
        for key, idx in gazetteer.names():
            if len(key) < 2 or key.isdigit():
                continue
            if not any(c.isalpha() for c in key):
                continue
            if key[0] in "abcdefghijklmnopqrstuvwxyz" and len(key) < 3:
                continue
            patterns[key] = (key, False, list(idx), len(key))
            if key.startswith(_AR_ABU):
                # "أبو سليم" is also written "أبوسليم", "بو عطني" "بوعطني": the joined spelling.
                joined = key.replace(" ", "", 1)
                patterns.setdefault(joined, (key, False, list(idx), len(joined)))
            core = strip_arabic_article(key) if is_arabic_letter(key[0]) else key
            if core != key and core not in patterns:
                # The core of an Arabic name with its article, for the fused ل + ال spelling.
                patterns[core] = (key, True, list(idx), len(core))
        for pattern, value in patterns.items():
            self._automaton.add_word(pattern, value)
        self._automaton.make_automaton()
        blocked = [name_key(p) for p in lex["not_places"]]
        self._blocked = ahocorasick.Automaton()
        for b in blocked:
            if b:
                self._blocked.add_word(b, b)
        self._blocked.make_automaton()
        self._named_for_person = frozenset(
            name_key(r["name"]) for r in gazetteer.ambiguous.values()
            if r.get("kind") == "person_or_org" and r.get("places")
            and all((p := gazetteer.get(i)) is not None and p.feature_type in _FACILITY_TYPES
                    for i in r["places"].split("|")))
        self._person_cues = WordMatcher({"person": (lex["person_cues_ar"], lex["person_cues_en"])})
        self._history = WordMatcher({"history": (lex["history_words_ar"], lex["history_words_en"])})
        self._military = WordMatcher({"military": (lex["military_context_ar"], lex["military_context_en"])})
        self._heads_ar = frozenset(name_key(w) for w in lex["named_after_heads_ar"])
        self._heads_ar_glued = frozenset(p + h for p in _AR_PROCLITICS for h in self._heads_ar)
        self._heads_en = frozenset(w.lower() for w in lex["named_after_heads_en"])
        self._tails_en = frozenset(w.lower() for w in lex["named_after_tails_en"])
        self._nouns_ar = {name_key(w) for w in lex["place_nouns_ar"]}
        self._cues_ar = self._nouns_ar | {name_key(w) for w in lex["place_preps_ar"]}
        self._nouns_en = {w.lower() for w in lex["place_nouns_en"]}
        self._cues_en = self._nouns_en | {w.lower() for w in lex["place_preps_en"]}
        self._noun_after_en = re.compile(
            rf" +(?:{'|'.join(map(re.escape, sorted(self._nouns_en, key=len, reverse=True)))})(?!\w)")
        self._need: dict[str, int] = {}  # name key -> _strength
        self._article_len: dict[str, int] = {}  # Latin name key -> length of its leading "al " (or 0)
        self._common_words = {
            name_key(r["name"]) for r in gazetteer.ambiguous.values()
            if r.get("kind") in ("common_word", "person_or_org")
        } | {name_key(w) for w in lex["en_common_words"] + lex["ar_common_words"]}

    # ------------------------------------------------------------------ helpers

    def _strength(self, key: str, idx: list[int], prefix: str = "") -> int:
        """How much context a name needs: 0 none, 1 a preposition or place noun, 2 a place noun.

        A name that is also a common word or a person's name (الجديد "new", السراج
        the prime minister's surname) needs a place noun right before it, unless it
        names a big place, which is what "في الزاوية" means; a name of minor places
        only (a small village, a foreign town) needs at least a preposition; a
        curated, prominent or capital place needs nothing.
        """
        if prefix == "~":
            return 1  # a spelling variant found by skeleton: never without a cue
        need = self._need.get(key)  # a name's entries are always the same: worked out once
        if need is None:
            need = self._need[key] = self._strength_of(key, idx)
        return need

    def _strength_of(self, key: str, idx: list[int]) -> int:
        places = [self.gazetteer.places[i] for i in idx]
        top = max((p.prominence for p in places if p.is_libyan), default=0.0)
        if key in self._common_words:
            return 0 if top >= 70 else 1 if top >= 50 else 2
        if key in self.gazetteer.derived_keys and top < 50:
            return 1  # "Sarraj" from "Al Sarraj": the bare form is also a surname
        if any(p.source == "curated" or p.feature_type in ("country", "capital") for p in places):
            return 0
        if top >= 40:
            return 0
        return 1

    def _has_cue(self, folded: str, start: int, end: int, arabic: bool, prefix: str, need: int) -> bool:
        before = folded[max(0, start - 40):start].split()
        if arabic and start > 0 and folded[start - 1] != " " and before:
            before = before[:-1]  # the clitics glued to the name itself
        words = before[-1:] if need == 2 else before[-2:]
        if arabic:
            if need == 1 and prefix.endswith(("ب", "ال", "لل")):
                return True  # ب "in" (بهون); ال/لل as part of the place name
            cues = self._nouns_ar if need == 2 else self._cues_ar
            # A cue may carry its own clitic: "بريف إدلب", "وفي سرت".
            return any(w in cues or strip_arabic_article(w) in cues or (len(w) > 3 and w[0] in "وفبل" and w[1:] in cues)
                       for w in words)
        cues = self._nouns_en if need == 2 else self._cues_en
        after = folded[end:end + 20].split()
        return any(w in cues for w in words) or (bool(after) and after[0] in self._nouns_en)

    def _named_after(self, folded: str, start: int, stop: int, arabic: bool) -> bool:
        """True when the name at ``folded[start:stop]`` names a street or mountain ("شارع
        طرابلس", "بجبل الزاوية", "Jabal al-Zawiya", "Misrata Street"), not the place itself."""
        ws = start
        while ws > 0 and _is_word_char(folded[ws - 1]):
            ws -= 1  # the clitics and article glued to an Arabic name
        before = folded[max(0, ws - 16):ws].split()
        if not arabic and before and before[-1] + " " in _EN_ARTICLES:
            before.pop()  # "Jabal al-Zawiya"
        word = before[-1] if before and ws > 0 and folded[ws - 1] == " " else ""
        if arabic:
            return word in self._heads_ar_glued  # a head with any clitic: وشارع, بجبل
        after = folded[stop:stop + 12].split()
        return word in self._heads_en or (bool(after) and folded[stop:stop + 1] == " " and after[0] in self._tails_en)

    def _names_the_person(self, folded: str, start: int, stop: int, arabic: bool) -> bool:
        """True when the name at ``folded[start:stop]``, that of a person an airbase or airport is
        named after ("عقبة بن نافع", "Uqba bin Nafi"), names the person rather than the facility.

        A person cue right before it ("فتح عقبة بن نافع", "the general Uqba bin Nafi") makes it
        the person; a place noun right before it ("مطار عقبة بن نافع"; in English also right after
        it, "the Uqba bin Nafi airbase") the facility; otherwise a word of history in its sentence
        (القرن, "century") the person, and a word of war (قصف, forces) the facility. A bare
        name in a sentence of neither is the person: news names the base as a base.
        """
        lo, hi = max(0, start - _SENTENCE_REACH), min(len(folded), stop + _SENTENCE_REACH)
        first = max(folded.rfind(c, lo, start) for c in _SENTENCE_ENDS) + 1 or lo
        last = min((i for c in _SENTENCE_ENDS if (i := folded.find(c, stop, hi)) >= 0), default=hi)
        ws = start
        while ws > 0 and _is_word_char(folded[ws - 1]):
            ws -= 1  # the clitics glued to an Arabic name
        before = folded[max(first, ws - 30):ws].rstrip()
        if any(h.end == len(before) for h in self._person_cues.find(before)):
            return True
        words = before.split()
        if words and (words[-1] in self._nouns_ar or strip_arabic_article(words[-1]) in self._nouns_ar
                      or words[-1] in self._nouns_en):
            return False
        if not arabic and self._noun_after_en.match(folded, stop):
            return False
        sentence = folded[first:start] + " " + folded[stop:last]
        if self._history.find(sentence):
            return True
        return not self._military.find(sentence)

    # ------------------------------------------------------------------ recognition

    def _english_variants(self, text: str, folded: str, offsets: Any, occupied: bytearray
                          ) -> list[tuple[int, int, str, bool, list[int], str]]:
        """Capitalised English words the gazetteer knows only under another spelling.

        "Masratah", "Ziltan", "Grayat": a word that no name matched, whose consonant
        skeleton is that of a well-known Libyan place and whose spelling is close to
        one of its names, or has its very consonants with the vowels moved. Only
        prominent places are considered, and (like any weak name) the word must
        follow a preposition or place noun.
        """
        out = []
        for m in _capitalised_runs(text):
            start, stop = bisect_left(offsets, m.start()), bisect_left(offsets, m.end())
            if stop - start < 5 or 1 in occupied[start:stop]:
                continue
            # The whole run of capitalised words first, then the words before the last one:
            # "Masratah Central Hospital" names Masratah.
            ends = [stop] + [bisect_left(offsets, m.start() + sp.start())
                             for sp in re.finditer(r"[- ]", m.group())][::-1]
            for end in ends:
                found = self._variant(folded[start:end].strip(), start)
                if found is not None:
                    out.append(found)
                    break
        return out

    def _variant(self, key: str, start: int) -> tuple[int, int, str, bool, list[int], str] | None:
        """The Libyan place that the capitalised words ``key`` (folded) spell another way, if any."""
        if len(key) < 5 or key in self._common_words:
            return None
        cands = [c for c in self.gazetteer.lookup(key, limit=3)
                 if c.how == "skeleton" and c.place.is_libyan and c.place.prominence >= _VARIANT_PROMINENCE
                 and (max(fuzz.ratio(key, name_key(n)) for n in c.place.names) >= _VARIANT_RATIO
                      or consonants(key) in {consonants(n) for n in c.place.names})]
        if not cands:
            return None
        return start, start + len(key), key, False, [self.gazetteer.index_of(c.place.id) for c in cands], "~"

    def find(self, text: str, folded_text: FoldedText | None = None) -> list[RawMatch]:
        """Every place-name mention in ``text``, longest first where they overlap.

        Examples
        --------
        >>> rec = Recognizer(Gazetteer.default())
        >>> [m.surface for m in rec.find("قصف بمصراتة وسرت والمصراتي")]
        ['مصراتة', 'سرت']
        """
        ft = folded_text or FoldedText(text)
        folded, offsets = ft.folded, ft.offset_list
        n = len(folded)
        blocked: list[tuple[int, int]] = []
        for end, b in self._blocked.iter(folded):
            s = end - len(b) + 1
            if (s == 0 or not _is_word_char(folded[s - 1])) and (end + 1 >= n or not _is_word_char(folded[end + 1])):
                blocked.append((s, end + 1))
        # Containment in a blocked phrase by bisection over its starts (linear cost in the text's length):
        # [start, stop) lies in one iff the furthest end among the phrases starting at or before it reaches stop.
        blocked.sort()
        blocked_starts = [bs for bs, _ in blocked]
        blocked_reach: list[int] = []
        for _, be in blocked:
            blocked_reach.append(max(be, blocked_reach[-1]) if blocked_reach else be)
        found: list[tuple[int, int, str, bool, list[int], bool, str]] = []
        for end, (key, fused, idx, plen) in self._automaton.iter(folded):
            start = end - plen + 1
            stop = end + 1
            if stop < n:
                after = folded[stop]  # most matches run on into a longer word: rejected here
                if (after.isalnum() or after in ARABIC_LETTERS) and not (
                        after == "s" and (_possessive_s(text, folded, offsets, stop)
                                          or _bare_possessive_s(text, folded, offsets, start, stop))):
                    continue
            if stop - start > 3 and folded[stop - 1] == "s" and _possessive_s(text, folded, offsets, stop - 1):
                continue  # "Tripolis" swallowed the possessive of "Tripoli's": the shorter match is the name
            arabic = is_arabic_letter(folded[start])
            prefix = ""
            if arabic:
                ws = start
                while ws > 0 and is_arabic_letter(folded[ws - 1]) and start - ws <= _MAX_PREFIX:
                    ws -= 1
                prefix = folded[ws:start]  # longer than any clitic run when inside a longer word
                if fused:
                    if prefix not in _AR_ARTICLE_PREFIXES:
                        continue
                elif prefix not in _AR_PROCLITICS:
                    continue
                if not fused and key.startswith("ال") and prefix.endswith("ل"):
                    continue
            else:
                if start > 0 and _is_word_char(folded[start - 1]):
                    continue
                art = self._article_len.get(key)
                if art is None:  # the length of the article the name starts with ("al "), 0 if none
                    art = self._article_len[key] = next(
                        (len(a) for a in _EN_ARTICLES if key.startswith(a) and len(key) > len(a)), 0)
                if not text[int(offsets[start + art]):int(offsets[stop - 1]) + 1][:1].isupper():
                    continue
            found.append((start, stop, key, arabic, idx, fused, prefix))
        # Leftmost-longest: a longer name wins over the names inside it.
        found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
        taken: list[tuple[int, int, str, bool, list[int], str]] = []
        occupied = bytearray(n)  # folded positions inside a taken name
        for start, stop, key, arabic, idx, _fused, prefix in found:
            if 1 in occupied[start:stop]:
                continue
            i = bisect_right(blocked_starts, start)
            if i and blocked_reach[i - 1] >= stop:
                continue
            if self._named_after(folded, start, stop, arabic):
                continue
            if key in self._named_for_person and self._names_the_person(folded, start, stop, arabic):
                continue
            if key in self._nouns_ar or strip_arabic_article(key) in self._nouns_ar or key in self._nouns_en:
                continue  # "مدينة", "المدينة" are the word "city", not Madinah
            taken.append((start, stop, key, arabic, idx, prefix))
            occupied[start:stop] = b"\x01" * (stop - start)
        taken += self._english_variants(text, folded, offsets, occupied)
        taken.sort()
        out: list[RawMatch] = []
        prev_stop = -10
        for start, stop, key, arabic, idx, prefix in taken:
            need = self._strength(key, idx, prefix)
            # A name joined by "و"/"and" to the place before it shares its cue: سرت والجفرة.
            coordinated = 0 <= start - prev_stop <= 6 and (
                prefix.startswith("و") or folded[prev_stop:start].strip() in ("and", ",", "و", "or"))
            if need and not coordinated and (
                    prefix.endswith("ك") or not self._has_cue(folded, start, stop, arabic, prefix, need)):
                continue  # ك "like" glued to a weak name is more often part of a word: كورونا
            prev_stop = stop
            o_start, o_end = int(offsets[start]), int(offsets[stop - 1]) + 1
            out.append(RawMatch(o_start, o_end, text[o_start:o_end], key, idx, arabic, need > 0))
        return out
