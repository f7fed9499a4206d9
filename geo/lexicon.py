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
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gazetteer.normalize import name_key

__all__ = ["Hit", "WordMatcher", "load_data"]

_AR_PROCLITIC = r"(?:و|ف|ب|ل|ك|ال|وال|بال|فال|كال|لل|ولل|فلل|وب|ول|فب|فل|وبال|فبال|وك)?"
_AR_LETTER = "\u0621-\u064a"


@cache
def load_data(name: str) -> dict[str, Any]:
    """A JSON data file of the ``geo`` package (``geo/data/NAME``)."""
    with resources.files("geo").joinpath(f"data/{name}").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@dataclass(frozen=True, slots=True)
class Hit:
    """A word-list entry found in folded text: its span, the entry's label and the clitic prefix."""

    start: int
    end: int
    label: str
    prefix: str = ""


def _arabic_pattern(entry: str) -> str:
    exact = entry.endswith("$")
    stem = name_key(entry.rstrip("$"))
    body = re.escape(stem).replace(r"\ ", " ")
    suffix = "" if exact else f"[{_AR_LETTER}]*"
    return f"{body}{suffix}"


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
        self._ar: list[tuple[str, re.Pattern[str]]] = []
        self._en: list[tuple[str, re.Pattern[str]]] = []
        for label, (arabic, english) in lists.items():
            ar = sorted({_arabic_pattern(e) for e in arabic if e.strip()}, key=len, reverse=True)
            if ar:
                self._ar.append((label, re.compile(
                    rf"(?<![{_AR_LETTER}])(?P<pre>{_AR_PROCLITIC})(?P<body>{'|'.join(ar)})(?![{_AR_LETTER}])")))
            en = sorted({e.lower() for e in english if e.strip()}, key=len, reverse=True)
            if en:
                self._en.append((label, re.compile(rf"(?<![\w-])(?:{'|'.join(en)})(?![\w])")))

    def find(self, folded: str) -> list[Hit]:
        """Every entry found in ``folded``, in text order (longest entry where they overlap)."""
        hits: list[Hit] = []
        for label, pattern in self._ar:
            for m in pattern.finditer(folded):
                hits.append(Hit(m.start("body"), m.end(), label, m.group("pre")))
        for label, pattern in self._en:
            for m in pattern.finditer(folded):
                hits.append(Hit(m.start(), m.end(), label))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        last_end = -1
        for h in hits:
            if h.start >= last_end:
                out.append(h)
                last_end = h.end
        return out
