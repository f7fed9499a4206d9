"""Whether a resolved date is an event's (see :mod:`geo.text.dates`).

In: a folded text with its date mentions blanked out, where a date starts, its value and
the publication date. Out: whether the date is background ("since 4 April", "the offensive
that began on ...", a page's "Last updated:" stamp) and whether it is only the day of a
statement ("officials said on Monday that ..."). The cue words are data
(``geo/data/dates_ar_en.json``); the conventions are stated in :mod:`geo.text.dates`.
"""

from __future__ import annotations

import re
from datetime import date

from geo.text.date_patterns import _L, _LEX, _R, FUTURE_SLACK_DAYS, _alt, _forms
from geo.text.date_rules import _BG_MAX_WORDS, _BG_WINDOW, _shift_days
from geo.text.folding import fold_for_matching

_BG = _LEX["background"]
_FILLERS = r"(?:\s+(?:" + _alt(_BG["fillers"]) + r"))*"
_BG_CLAUSE = re.compile(_L + r"[وف]?(?:" + _alt(_BG["clause"]) + r")" + _R)
_BG_IMMEDIATE = re.compile(_L + r"[وف]?(?:" + _alt(_BG["immediate"]) + r")" + _FILLERS + r"\s*\Z")
_BG_WEAK = re.compile(_L + r"[وف]?(?:" + _alt(_BG["weak"]) + r")" + _FILLERS + r"\s*\Z")
# "Last updated: 2 July 2019": the stamp, then an optional colon or dash, right before the date.
_BG_STAMP = re.compile(_L + r"(?:" + _alt(_BG["stamp"]) + r")\s*[:\-\u2013|]?" + _FILLERS + r"\s*\Z")
_CLAUSE_END = re.compile(
    r"[,;:.()!?\[\]«»\"“”]|" + _L + r"[وف]?(?:" + _alt(_BG["clause_breaks"]) + r")" + _R
)
# The first word of every cue, as a bare substring: a necessary condition for any of
# the three cue patterns to match (no look-around, so it may be searched in a slice).
_BG_ANY = re.compile(_alt(f.split()[0] for f in _forms(_BG["clause"] + _BG["immediate"] + _BG["weak"] + _BG["stamp"])))


def _is_background(folded: str, start: int, value: date, pub: date) -> bool:
    lo = max(0, start - _BG_WINDOW)
    if _BG_ANY.search(folded, lo, start) is None:
        return False
    prefix = folded[lo:start]
    if _BG_STAMP.search(prefix):
        return True  # the page's stamp, not an event
    cut = 0
    for m in _CLAUSE_END.finditer(prefix):
        cut = m.end()
    clause = prefix[cut:]
    # منذ / since governs a date a few words on ("منذ بدء الهجوم في 4 أبريل"), not
    # one at the far end of a long clause.
    for m in _BG_CLAUSE.finditer(clause):
        if len(clause[m.end():].split()) <= _BG_MAX_WORDS:
            return True
    if _BG_IMMEDIATE.search(prefix):
        return True
    stale = _shift_days(pub, -FUTURE_SLACK_DAYS)
    return bool(stale is not None and value < stale and _BG_WEAK.search(prefix))


_SPEECH = _LEX["speech"]
# A speech verb, at most three words (none a content opener: إن / that) and fillers, then the date.
_SPEECH_DATE = re.compile(
    _L + r"[وف]?(?:" + _alt(_SPEECH["verbs"]) + r")" + _R
    + r"(?:\s+(?!(?:" + _alt(_SPEECH["content_openers"]) + r")" + _R + r")[^\W\d_]+){0,3}" + _FILLERS + r"\s*\Z"
)
_SPEECH_WINDOW = 60
# "On 16 November, the ministry said that ...": a date that opens its sentence and a comma, then
# a short subject and a speech verb.
_FRONTED_SPEECH = re.compile(r"\s*[,،]\s*(?:[^\W\d_]+\s+){0,6}?[وف]?(?:" + _alt(_SPEECH["verbs"]) + r")" + _R)
_OPENERS = frozenset({"on", "في", "يوم"})


def _is_speech_date(folded: str, start: int) -> bool:
    """True when the date at ``folded[start:]`` is the day of a statement ("قال مسؤول الإثنين",
    "said on Monday"), which the sentence may report about an earlier event."""
    return bool(_SPEECH_DATE.search(folded, max(0, start - _SPEECH_WINDOW), start))


def _is_fronted_speech_date(folded: str, start: int, end: int) -> bool:
    """True when the date at ``folded[start:end]`` opens its sentence before a statement ("On 16
    November, the ministry said that an attack on 20 October ..."): the day it was said.

    >>> s = "on 16 november, the ministry said that"
    >>> _is_fronted_speech_date(s, 3, 14), _is_fronted_speech_date("clashes on 16 november, it said", 11, 22)
    (True, False)
    """
    before = folded[:start].split()
    return len(before) <= 1 and all(w in _OPENERS for w in before) and bool(_FRONTED_SPEECH.match(folded, end))


def _is_stamp(text: str, start: int) -> bool:
    """True when the date at ``text[start:]`` follows a page stamp ("Last updated:")."""
    folded = fold_for_matching(text[max(0, start - _BG_WINDOW):start])[0]
    return bool(_BG_STAMP.search(folded))
