"""Arabic and English text folded for matching, with the offsets back to the original.

In: any text. Out: a folded copy (case, Arabic letter variants, diacritics and invisible
characters folded) and, when lengths differ, the original offset of each folded character,
so a match found in the folded text maps back to the original characters.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- folding

# Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel: they only
# decorate the letter before them, so a matched span is extended over them.
_MARKS = frozenset([*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)])
# Invisible format characters: dropped too, but never part of a span's tail.
_INVISIBLE = frozenset([*range(0x200B, 0x2010), 0x061C, 0xFEFF, 0x00AD, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_FOLD_TABLE: dict[int, int | str | None] = {c: None for c in _MARKS | _INVISIBLE}
_FOLD_TABLE.update({ord(a): b for a, b in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ؤ": "و", "ئ": "ي",
    "،": ",", "؛": ";", "؟": "?", "٬": ",", "٫": ".", "\u00a0": " ", "–": "-", "—": "-", "‐": "-", "‑": "-",
}.items()})
_FOLD_TABLE.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD_TABLE.update({0x06F0 + i: str(i) for i in range(10)})  # Extended (Persian) digits
_FOLD_TABLE.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


def fold_for_matching(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` for matching and return ``(folded, offsets)``.

    Folding is character for character (hamza forms of alef -> ا, ة -> ه, ى -> ي,
    Arabic-Indic digits -> ASCII, Arabic punctuation -> ASCII, A-Z -> a-z) except
    that diacritics, tatweel and invisible format characters are dropped.
    ``offsets`` is None when nothing was dropped (folded index == original index);
    otherwise ``offsets[i]`` is the original index of ``folded[i]`` and a final
    entry equal to ``len(text)`` is appended.

    Examples
    --------
    >>> fold_for_matching("أمس ٤ Apr")
    ('امس 4 apr', None)
    >>> fold_for_matching("غداً")
    ('غدا', [0, 1, 2, 4])
    """
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):
        return folded, None
    dropped = _MARKS | _INVISIBLE
    offsets = [i for i, ch in enumerate(text) if ord(ch) not in dropped]
    offsets.append(len(text))
    return folded, offsets


_FOLDED: dict[str, tuple[str, list[int] | None]] = {}


def _fold_cached(text: str) -> tuple[str, list[int] | None]:
    """:func:`fold_for_matching` remembering the last few texts (a sentence is read for
    its date, then for its counts). The offsets are shared: never modify them."""
    hit = _FOLDED.get(text)
    if hit is None:
        hit = fold_for_matching(text)
        if len(_FOLDED) >= 64:
            _FOLDED.clear()
        _FOLDED[text] = hit
    return hit


def _to_original(text: str, offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a folded span back to the original text (marks after the last letter included)."""
    if offsets is None:
        return start, end
    o_start = offsets[start]
    o_end = offsets[end - 1] + 1 if end > start else o_start
    while o_end < len(text) and ord(text[o_end]) in _MARKS:
        o_end += 1
    return o_start, o_end


def _fold_form(form: str) -> str:
    """Fold a lexicon entry the way the text is folded, with single spaces."""
    return " ".join(form.translate(_FOLD_TABLE).split())
