"""Name and text normalisation shared by the gazetteer and the geoparser.

Two levels:

* :func:`fold_text` folds running text *character by character* and keeps, for every
  folded character, the index of the original character it came from, so that a match
  found in the folded text can always be sliced back out of the original text.
* :func:`name_key` (exact look-ups) and :func:`skeleton` (spelling-variant look-ups)
  turn a single place name into a dictionary key.

Arabic folding covers diacritics, tatweel, alef/hamza forms, ta marbuta/ha and alef
maqsura/ya; Latin folding covers case, accents, ayn/hamza marks and apostrophes, and
hyphens. The skeleton adds the transliteration pairs the press mixes freely
(q/g, ou/u, -ah/-a, doubled letters, al-/el- articles ...).

Examples
--------
>>> name_key("مصراتة") == name_key("مُصْراته")
True
>>> skeleton("Misratah") == skeleton("Misrata") == skeleton("Misurata")
True
>>> folded, offsets = fold_text("Al-Watiya")
>>> folded
'al watiya'
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = [
    "ARABIC_LETTERS",
    "fold_char",
    "fold_text",
    "is_arabic",
    "script_letter_counts",
    "is_arabic_letter",
    "name_key",
    "skeleton",
    "consonants",
    "strip_arabic_article",
    "strip_latin_article",
]

# Arabic letters after folding (hamza..ya), plus the Persian/Urdu forms folded below.
ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B)) | frozenset("پچژگڤ")

_ARABIC_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ڪ": "ك",
    "٬": ",", "،": ",", "؛": ";", "؟": "?",
}
_ARABIC_INDIC = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
# Marks that carry no letter: harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel.
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + [chr(0x0670), chr(0x0640)]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00ad", "\u061c"]
)
# Latin marks for ayn/hamza and apostrophes: dropped, so Ra's Lanuf == Ras Lanuf.
_APOSTROPHES = frozenset("'`´‘’ʼʻʿʾ′")
_DASHES = frozenset("-‐‑‒–—―_")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character; ``""`` drops it, ``" "`` marks a word break.

    Always returns at most one character, which is what keeps offsets exact.
    """
    if ch in _DROP or ch in _APOSTROPHES:
        return ""
    if ch in _DASHES or ch.isspace() or unicodedata.category(ch) == "Cc":
        return " "
    mapped = _ARABIC_MAP.get(ch) or _ARABIC_INDIC.get(ch)
    if mapped:
        return mapped
    if ch.isascii():
        return ch.lower()
    if unicodedata.category(ch) == "Mn":  # any other combining mark
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    base = decomposed[0] if decomposed else ch
    if len(decomposed) > 1 and all(unicodedata.category(c) == "Mn" for c in decomposed[1:]):
        ch = base  # é -> e, ā -> a, ş -> s
    low = ch.lower()
    return low[0] if low else ""


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character on first sight."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=1)
def _fold_lut() -> np.ndarray:
    """Folded code point of every BMP character (0 = dropped); built once, ~0.1 s."""
    lut = np.zeros(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:  # lone surrogates: keep, they only ever come from bad input
            lut[code] = code
            continue
        folded = fold_char(chr(code))
        lut[code] = ord(folded) if folded else 0
    return lut


def fold_text(text: str) -> tuple[str, np.ndarray]:
    """Fold ``text`` and return ``(folded, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced
    ``folded[i]``; ``offsets`` has one extra final entry equal to ``len(text)`` so
    that an end offset can be mapped too. Runs of white space (and dashes) become a
    single space; leading white space is dropped. The work is vectorised over code
    points (a look-up table for the BMP), which keeps it at tens of MB/s.

    Examples
    --------
    >>> folded, off = fold_text("بِمِصْراتة")
    >>> folded
    'بمصراته'
    >>> off[:3].tolist()
    [0, 2, 4]
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if not codes.size or codes.max() < 0x10000:
        mapped = _fold_lut()[codes]  # the usual text: every character in the table
    else:
        bmp = codes < 0x10000
        mapped = np.where(bmp, _fold_lut()[np.where(bmp, codes, 0)], codes)
        # rare: fold each distinct code point beyond the BMP one by one, as name_key does
        for code in np.unique(codes[~bmp]):
            out = fold_char(chr(code))
            mapped[codes == code] = ord(out) if out else 0
    idx = np.flatnonzero(mapped != 0)
    kept = mapped[idx]
    space = kept == 32
    repeat = space & np.concatenate(([True], space[:-1]))  # a space after a space (or at the start)
    idx = idx[~repeat]
    folded = mapped[idx].tobytes().decode("utf-32-le", "surrogatepass")
    return folded, np.append(idx, len(text))


def is_arabic_letter(ch: str) -> bool:
    """True for an Arabic letter after folding (diacritics are not letters)."""
    return ch in ARABIC_LETTERS


def _is_arabic_script_letter(ch: str) -> bool:
    o = ord(ch)
    return ch.isalpha() and (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
                             or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF)


def _is_latin_letter(ch: str) -> bool:
    return ("A" <= ch <= "Z" or "a" <= ch <= "z" or 0x00C0 <= ord(ch) <= 0x024F) and ch.isalpha()


def script_letter_counts(text: str) -> tuple[int, int]:
    """``(Arabic letters, Latin letters)`` in ``text``.

    Arabic counts letters of the Arabic blocks and presentation forms (not
    digits, punctuation or diacritics); Latin counts ASCII and accented letters.
    The one measure behind :func:`is_arabic`, ingest's language detection and
    the map's right-to-left popups.

    >>> script_letter_counts("قصف على سرت in Sirte")
    (9, 7)
    """
    arabic = latin = 0
    for ch in text:
        if ch < "\u00c0":
            latin += ("A" <= ch <= "Z" or "a" <= ch <= "z")
        elif _is_arabic_script_letter(ch):
            arabic += 1
        elif _is_latin_letter(ch):
            latin += 1
    return arabic, latin


def is_arabic(text: str) -> bool:
    """True when most letters of ``text`` are Arabic.

    >>> is_arabic("طرابلس"), is_arabic("Tripoli")
    (True, False)
    """
    arabic, latin = script_letter_counts(text)
    return arabic > latin


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Exact look-up key: folded, single-spaced, no leading/trailing space.

    Gives the same string as ``fold_text(name)[0].strip()``, faster (no offsets).

    >>> name_key("  Al-Watiya ") == name_key("al watiya")
    True
    """
    return " ".join(name.translate(_FOLD_TABLE).split())


_AR_ARTICLE = re.compile(r"^(ال)(?=\S{2,})")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|il|ul|ad|ar|as|es|ash|at|az|an|adh|ath|ed|et|ez|en)\s+")


def strip_latin_article(key: str) -> str:
    """Drop a leading Latin article from a folded key (el agheila -> agheila).

    >>> strip_latin_article("al watiya"), strip_latin_article("alwatiya")
    ('watiya', 'alwatiya')
    """
    return _LATIN_ARTICLE.sub("", key)


def strip_arabic_article(key: str) -> str:
    """Drop a leading ال from a folded Arabic key (الجفره -> جفره)."""
    return _AR_ARTICLE.sub("", key)


# Transliteration pairs, applied in order to a folded Latin key. Each rule maps a
# spelling the press uses onto one canonical spelling.
_SKELETON_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:bin|ben|ibn|ibin|bn)\b"), "bn"),
    (re.compile(r"\b(?:abu|abou|abo|bou|bu)\b"), "abu"),
    (re.compile(r"\b(?:wadi|wadiy|oued|ouadi|wad)\b"), "wadi"),
    (re.compile(r"\b(?:ras|raas)\b"), "ras"),
    (re.compile(r"\b(?:qasr|gasr|kasr|ksar|qsar)\b"), "qasr"),
    (re.compile(r"\b(?:jabal|jebel|djebel|gebel|jabel|jebal)\b"), "jabal"),
    (re.compile(r"\b(?:bir|beer|bi'r|bier)\b"), "bir"),
    (re.compile(r"\b(?:ain|ayn|ein|aine)\b"), "ain"),
    (re.compile(r"\b(?:sidi|sidy|sayyidi)\b"), "sidi"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"dh|dz"), "d"),
    (re.compile(r"th"), "t"),
    (re.compile(r"sh|ch(?!a)"), "s"),
    (re.compile(r"gi(?=[aou])|dj"), "j"),  # Italian spellings: Giofra, Gialo = Jufra, Jalo
    (re.compile(r"q|c(?=[aou])|ck|k"), "g"),  # Libyan ق is g: Qasr/Gasr; Tubruq/Tobruk
    (re.compile(r"z"), "s"),
    (re.compile(r"h\b"), ""),  # Misratah / Misrata, Sabhah / Sabha: a final h is a vowel
    (re.compile(r"[aeiouwy]"), ""),  # vowels and the half-vowels w/y are spelt at will
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters: Tajjoura, Wadan/Waddan
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters
]


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Aggressive key that maps transliteration variants of one name together.

    Latin names lose the article and their vowels (and w/y, which transliterations
    add or drop at will), and the consonant pairs the press mixes (q/g/k, j/g, z/s,
    sh/s, kh/k, gh/g, th/t, dh/d) are merged; what is left is a consonant skeleton,
    so it is a candidate key, to be confirmed by a closer comparison.
    Arabic names lose the article (ال) only: Arabic spelling is already folded by
    :func:`name_key`.

    Examples
    --------
    >>> skeleton("Al-Jufrah") == skeleton("Jufra") == skeleton("Giofra")
    True
    >>> skeleton("Jufra") == skeleton("Kufra")
    False
    >>> skeleton("Qasr bin Ghashir") == skeleton("Gasr Ben Gashir")
    True
    >>> skeleton("الجفرة") == skeleton("جفره")
    True
    """
    key = name_key(name)
    if is_arabic(key):
        return " ".join(strip_arabic_article(w) for w in key.split())
    key = re.sub(r"[^a-z0-9 ]", "", key)
    key = _LATIN_ARTICLE.sub("", key)
    key = re.sub(r"\s+(?:al|el)\s+", " ", f" {key} ").strip()
    for pattern, repl in _SKELETON_RULES:
        key = pattern.sub(repl, key)
    return key.replace(" ", "")


@lru_cache(maxsize=65536)
def consonants(name: str) -> str:
    """The consonants of a Latin name in order, for transliterations whose vowels move.

    The press writes an unwritten Arabic vowel where it hears one: قصر is Qasr and Qaser, القريات
    Qaryat and Grayat, زوارة Zuwara and Zwara. Such spellings keep every consonant in its place
    (Libyan ق written q or g) and differ only in their vowels, so they are one name when their
    consonants are equal, however far apart the spellings are letter by letter. Unlike
    :func:`skeleton`, no other consonants are merged (kh is not k, w and y stay), which keeps
    chance collisions of short names apart.

    >>> consonants("Qaser") == consonants("Qasr")
    True
    >>> consonants("Grayat") == consonants("Qaryat"), consonants("Zwara") == consonants("Zuwara")
    (True, True)
    >>> consonants("Agheila") == consonants("Khalla")
    False
    >>> consonants("Shura") == consonants("Sharara"), consonants("Health") == consonants("HLLT")
    (False, False)
    """
    key = name_key(name)
    if is_arabic(key):
        return key
    key = re.sub(r"[^a-z ]", "", _LATIN_ARTICLE.sub("", key)).replace("q", "g")
    if not re.search(r"[aeiouy]", key):
        return key.replace(" ", "")  # a code (the ICAO HLLT) has no vowels to move: Health is not it
    # A written double (Zawiyya) is one consonant; a consonant repeated across a vowel is two:
    # Sharara keeps both r's, so the council word Shura is not that oil field.
    key = re.sub(r"([a-z])\1+", r"\1", key)
    return re.sub(r"[aeiou]|(?<=\w)h\b| ", "", key)  # vowels, and a final h that spells one


class FoldedText:
    """A text folded once, with the offset map both ways, shared by every stage.

    Examples
    --------
    >>> ft = FoldedText("قصفٌ على  مِصراتة")
    >>> ft.folded
    'قصف علي مصراته'
    >>> ft.span(9, 17)
    'مصراته'
    """

    __slots__ = ("text", "folded", "offsets", "offset_list")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.offsets = fold_text(text)
        # ``offsets`` as a list: one index at a time (a sentence's bounds, a name's ends) is a
        # bisection or a subscript of it; a numpy call per index costs more than the look-up.
        self.offset_list: list[int] = self.offsets.tolist()

    def index(self, original: int) -> int:
        """Index in ``folded`` of the first folded character at or after ``original``."""
        return bisect_left(self.offset_list, original)

    def indices(self, originals: Sequence[int]) -> list[int]:
        """:meth:`index` of each of ``originals``, in one vectorised look-up.

        >>> FoldedText("قصفٌ على  مِصراتة").indices([0, 9, 17])
        [0, 8, 14]
        """
        return [int(i) for i in np.searchsorted(self.offsets, originals)]

    def span(self, start: int, end: int) -> str:
        """The folded form of ``text[start:end]`` (a slice of ``folded``)."""
        return self.folded[self.index(start):self.index(end)]

    def original(self, folded_index: int) -> int:
        """Offset in ``text`` of the character that produced ``folded[folded_index]``."""
        return int(self.offsets[min(max(0, folded_index), len(self.offsets) - 1)])
