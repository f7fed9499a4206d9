"""Split Arabic and English news text into sentences with exact character offsets.

The splitter is rule based and built for scraped news, not for literary text:

* ``.``, ``!``, ``?``, the Arabic question mark ``؟``, the Arabic full stop ``۔``
  and ``…`` end a sentence when white space (or the end of the text) follows,
  closing quotes and brackets (``» ” " ’ ) ]``) staying with the sentence;
* a line break ends a sentence (a paragraph always does; a single line break
  inside an English sentence that goes on in lower case is taken as a soft wrap);
* scraping joins such as ``أكار., وعلى`` or ``"فيسبوك", وعلى`` end a sentence
  after the comma;
* a full stop glued between two words (``المطار.وقال``, ``airport.The``) ends a
  sentence, but not one inside initials or names (``T.R.T``, ``تي.ر.تي``,
  ``U.S.``), numbers (``3.5``) or web addresses (``libyaobserver.ly``);
* English abbreviations (``Mr.``, ``Gen.``, ``Lt. Col.``, ``No. 5``) and single
  initials (``J. Smith``, ``د. محمد``) do not end a sentence;
* boilerplate markers such as ``[ad_1]`` are boundaries and are dropped;
* the Arabic comma ``،`` and semicolon ``؛`` do *not* end a sentence: Arabic
  news chains whole paragraphs with them; they are the preferred cut points
  when a run is longer than :data:`MAX_SENTENCE_CHARS`.

Every returned :class:`Sentence` satisfies ``text[s.start:s.end] == s.text``;
surrounding white space is trimmed by moving the offsets, and pieces without a
single letter (``1.``, ``***``, a lone quote) are dropped.

Examples
--------
>>> [s.text for s in split_sentences("قصف المطار. وقال المتحدث إن الهجوم فشل؟ نعم")]
['قصف المطار.', 'وقال المتحدث إن الهجوم فشل؟', 'نعم']
>>> [s.text for s in split_sentences("Gen. Haftar met Mr. Smith in the U.S. on Monday. It rained.")]
['Gen. Haftar met Mr. Smith in the U.S. on Monday.', 'It rained.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "dateline_end", "split_sentences"]

#: Longest sentence the splitter returns (in characters) when it can find any
#: white space to cut at; longer runs are cut at a comma, before a word starting
#: with و, or at white space, in that order of preference.
MAX_SENTENCE_CHARS = 600
#: A cut is not made closer than this to the start of the piece, so that a long
#: run does not shed tiny fragments.
_MIN_PIECE_CHARS = 150


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == original[start:end]``."""

    start: int
    end: int
    text: str


# Abbreviations that never end a sentence: titles, ranks and "No." / "Fig.".
_NEVER_FINAL = frozenset(
    """mr mrs ms messrs dr prof gen lt col maj capt cpt cmdr cdr adm brig sgt cpl pvt gov sen rep
    pres hon rev fr st mt ft no nos fig figs vol vols art para pp p vs v approx est dept jan feb
    apr jun jul aug sep sept oct nov dec sr jr""".split()
)
# Abbreviations that may end a sentence: they do when the next word is a
# typical sentence opener (``... the U.S. The talks ...``).
_MAYBE_FINAL = frozenset("etc inc ltd co corp bros".split())
_SENTENCE_OPENERS = frozenset(
    """the a an this that these those he she it they we i you his her its their our there
    but and however meanwhile in on at after before during while when since as if according
    earlier later also other another some many several one two three both no""".split()
)

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# A news dateline: the city in capitals, maybe its country and the agency, then a dash or colon
# ("CAIRO —", "BENGHAZI, Libya (AP) —", "TRIPOLI (Reuters) -").
_DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2}(?:, [A-Z][\w.'-]+(?: [A-Z][\w.'-]+)?)?"
                       r"(?: \([A-Za-z. -]{1,30}\))?\s*[-—–:]+\s")
# An Arabic dateline has no capitals: a town of one or two words, then an agency in brackets or a
# full date (or both), then a dash ("بنغازي 19 سبتمبر 2016 (وال) –", "طرابلس (رويترز) -"). A town
# and a dash alone ("طرابلس - اندلعت") may open the news itself: no dateline.
_AR_WORD = "[\u0621-\u064a]+"
_AR_DATE = rf"\d{{1,2}} {_AR_WORD}(?:/{_AR_WORD})? \d{{4}}"
_AR_DATELINE = re.compile(rf"{_AR_WORD}(?: {_AR_WORD})? (?:{_AR_DATE} ?)?(?:\([^()\n]{{1,30}}\)|(?<=\d))\s*[-—–]+\s")
_CLOSERS = "\"'”’»)]›"
_OPENERS = "\"'“‘«(["

# One pass finds every boundary candidate; the groups say which rule fired.
# Each alternative is anchored on a literal character class so the scan stays
# linear on any input.
_BOUNDARY = re.compile(
    r"""
      (?P<marker>\[\s{0,3}(?:ad|ads|advert|advertisement)[_\s-]{0,3}\d{0,3}\s{0,3}\])
    | (?P<nl>[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+)
    | (?P<join>\.["”»']?,(?=\s)|["”»],(?=\s+[\u0621-\u064a]))
    | (?P<term>[.!?؟۔…]+[\"'”’»)\]›]*)(?=\s|\Z)
    | (?P<glued>(?<=[^\W\d_])[.؟!]+(?=[^\W\d_]))
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Every alternative of _BOUNDARY starts with one of these characters (the glued one's
# look-behind takes none): the scan jumps from one to the next and tries the pattern there
# only, which finds the same matches as a finditer that tries it at every position.
_BOUNDARY_START = re.compile(r"[\[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029.!?؟۔…\"”»]")

_WORD_AFTER = re.compile(r"\s*[\"'“‘«(\[]*(\S*)")


def dateline_end(text: str) -> int:
    """Where a news dateline that opens ``text`` ends (0 when none): it says where the report was
    filed, which is neither an actor nor the event's place ("CAIRO — Militiamen clashed ...").

    >>> dateline_end("TRIPOLI (Reuters) - The toll rose"), dateline_end("Tripoli - the toll rose")
    (20, 0)
    >>> dateline_end("بنغازي 19 سبتمبر 2016 (وال) – أكدت"), dateline_end("طرابلس - اندلعت اشتباكات")
    (30, 0)
    """
    if not text[:2].isupper():
        if "\u0621" <= text[:1] <= "\u064a" and any(d in text[:80] for d in "-—–"):
            m = _AR_DATELINE.match(text)  # "بنغازي 19 سبتمبر 2016 (وال) – أكدت"
            return m.end() if m else 0
        return 0  # most sentences: no capitalised first word
    m = _DATELINE.match(text)
    return m.end() if m else 0


def _boundaries(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`_BOUNDARY` in ``text``, left to right, not overlapping (as
    ``_BOUNDARY.finditer(text)``; none of its alternatives matches the empty string)."""
    done = 0
    for start in _BOUNDARY_START.finditer(text):
        if start.start() < done:
            continue  # inside the last boundary
        m = _BOUNDARY.match(text, start.start())
        if m is not None:
            done = m.end()
            yield m


def _token_before(text: str, pos: int) -> str:
    """The white-space delimited token that ends at ``pos`` (without openers)."""
    window = text[max(0, pos - 40):pos]
    if not window or window[-1].isspace():
        return ""
    # The characters after the window's last white space (all of it when it has none).
    return window.rsplit(None, 1)[-1].lstrip(_OPENERS)


def _word_after(text: str, pos: int) -> str:
    m = _WORD_AFTER.match(text, pos, min(len(text), pos + 60))
    return m.group(1) if m else ""


def _is_initials(token: str) -> bool:
    """``U.S``, ``a.m``, ``T.R.T``, ``أ.د``: single letters joined by dots."""
    parts = token.split(".")
    return len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts)


def _full_stop_ends(text: str, dot: int, end: int) -> bool:
    """Decide whether a single ``.`` at ``dot`` followed by white space ends a sentence.

    ``end`` is where the boundary match ends (after any closing quotes); a quote
    or bracket after the dot always makes it final.
    """
    if end > dot + 1:
        return True
    token = _token_before(text, dot).rstrip(".")
    if not token:
        return True
    low = token.lower()
    nxt = _word_after(text, end)
    if not nxt:
        return True
    first = nxt[0]
    if low in _NEVER_FINAL:
        return False
    # A single letter is an initial (J. Smith, د. محمد): not final.
    if len(token) == 1 and token.isalpha():
        return False
    if _is_initials(token) or low in _MAYBE_FINAL:
        # U.S. / a.m. / Inc. end a sentence only before a typical opener or Arabic.
        if _ARABIC_LETTER.match(first):
            return True
        return nxt.lower().strip(".,;:") in _SENTENCE_OPENERS and first.isupper()
    # English text going on in lower case after a dot is an unknown abbreviation.
    return not ("a" <= first <= "z")


def _glued_ends(text: str, start: int, end: int) -> bool:
    """A dot (or ``؟``/``!``) between two letters with no space: a scraping join?"""
    if text[start] != ".":
        # ؟ or ! glued to an Arabic word (ماذا؟قال) is a join; in Latin text it is
        # more often part of a name or a URL.
        return bool(_ARABIC_LETTER.match(text[end]))
    lo = max(0, start - 60)
    left = re.search(r"[^\W\d_]+\Z", text[lo:start])
    right = re.match(r"[^\W\d_]+", text[end : end + 60])
    if not left or not right:
        return False
    lw, rw = left.group(0), right.group(0)
    whole_left = _token_before(text, start)
    if "/" in whole_left or "@" in whole_left or whole_left.lower().startswith("www"):
        return False
    if _ARABIC_LETTER.match(lw[-1]) and _ARABIC_LETTER.match(rw[0]):
        # تي.ر.تي has short parts; المطار.وقال has real words on both sides.
        return len(lw) >= 3 and len(rw) >= 2
    if lw.isascii() and rw.isascii():
        # airport.The - but not U.S.Army nor libyaobserver.ly
        return len(lw) >= 3 and lw[-1].islower() and rw[0].isupper() and len(rw) >= 2
    return False


def _is_soft_wrap(text: str, m: re.Match[str]) -> bool:
    """A single line break inside an English sentence that goes on in lower case."""
    brk = m.group(0)
    if brk.count("\n") + brk.count("\r") - brk.count("\r\n") != 1:
        return False
    before = text[max(0, m.start() - 1) : m.start()]
    after = text[m.end() : m.end() + 1]
    return bool(before) and before.isalnum() and before.isascii() and "a" <= after <= "z"


def _pieces(text: str) -> list[tuple[int, int]]:
    """Raw spans between boundaries (not yet trimmed or filtered)."""
    spans: list[tuple[int, int]] = []
    cur = 0
    for m in _boundaries(text):
        kind = m.lastgroup
        if kind == "marker" or kind == "nl":
            if kind == "nl" and _is_soft_wrap(text, m):
                continue
            spans.append((cur, m.start()))
            cur = m.end()
        elif kind == "join":
            spans.append((cur, m.end()))
            cur = m.end()
        elif kind == "term":
            punct = m.group("term")
            if punct == "." and not _full_stop_ends(text, m.start(), m.end()):
                continue
            if punct.startswith("..") and "a" <= _word_after(text, m.end())[:1] <= "z":
                continue  # an ellipsis inside an English sentence ("Next... what")
            spans.append((cur, m.end()))
            cur = m.end()
        elif kind == "glued" and _glued_ends(text, m.start(), m.end()):
            spans.append((cur, m.end()))
            cur = m.end()
    spans.append((cur, len(text)))
    return spans


def _has_letter(text: str, start: int, end: int) -> bool:
    # [^\W\d_] also matches number-like symbols such as ², hence the isalpha check.
    return any(m.group().isalpha() for m in _HAS_LETTER.finditer(text, start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_COMMA_CUT = re.compile(r"[,،;؛](?=\s)")
_WAW_CUT = re.compile(r"\s(?=و[^\W\d_])")
_SPACE_CUT = re.compile(r"\s")


def _last_cut(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """End of the last match of ``pattern`` inside ``text[lo:hi]``, if any."""
    last = None
    for m in pattern.finditer(text, lo, hi):
        last = m.end()
    return last


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than :data:`MAX_SENTENCE_CHARS` into pieces."""
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        lo, hi = start + _MIN_PIECE_CHARS, start + MAX_SENTENCE_CHARS
        cut = _last_cut(_COMMA_CUT, text, lo, hi)
        if cut is None:
            cut = _last_cut(_WAW_CUT, text, lo, hi)
        if cut is None:
            cut = _last_cut(_SPACE_CUT, text, lo, hi)
        if cut is None:
            # No white space at all: cut hard, but not before a combining mark.
            cut = hi
            while cut > lo and ("\u0300" <= text[cut] <= "\u036f" or "\u064b" <= text[cut] <= "\u0670"):
                cut -= 1
        s, e = _trim(text, start, cut)
        if s < e:
            out.append((s, e))
        start, end = _trim(text, cut, end)
    if start < end:
        out.append((start, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets index the original string.

    Parameters
    ----------
    text
        Any string (news article body, possibly scraped with boilerplate).

    Returns
    -------
    list of Sentence
        In text order, non-overlapping, each trimmed of surrounding white space,
        each containing at least one letter and (when white space allows) at
        most :data:`MAX_SENTENCE_CHARS` characters.

    Examples
    --------
    >>> text = "[ad_1]\\nقالت مصادر إن الهجوم وقع في عين زارة.\\nوأضافت أن 3.5 طن وصلت."
    >>> [(s.start, s.text) for s in split_sentences(text)]
    [(7, 'قالت مصادر إن الهجوم وقع في عين زارة.'), (45, 'وأضافت أن 3.5 طن وصلت.')]
    >>> [s.text for s in split_sentences('نشر على "فيسبوك", وعلى تويتر')]
    ['نشر على "فيسبوك",', 'وعلى تويتر']
    >>> split_sentences("")
    []
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[Sentence] = []
    for raw_start, raw_end in _pieces(text):
        start, end = _trim(text, raw_start, raw_end)
        if start >= end:
            continue
        spans = [(start, end)] if end - start <= MAX_SENTENCE_CHARS else _split_long(text, start, end)
        for s, e in spans:
            if _has_letter(text, s, e):
                out.append(Sentence(s, e, text[s:e]))
    return out
