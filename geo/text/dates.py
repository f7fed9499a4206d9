"""Find date expressions in Arabic and English news sentences and resolve them.

Every date is resolved against the article's publication date:

* relative days and periods (اليوم, أمس, أول أمس, غدا, ليلة أمس, today, yesterday,
  last night, last week, الشهر الماضي, قبل يومين, three days ago, the day before,
  اليوم السابق) -> kind ``"relative"``;
* weekdays (الجمعة, يوم الجمعة, مساء الأربعاء, ليلة الجمعة, أمس الأحد, on Friday,
  Friday night, last Tuesday) -> kind ``"weekday"``: the most recent such day on or
  before publication (the publication day itself when it is that weekday);
* dates and months (4 أبريل/نيسان 2019, 27 نوفمبر الماضي, الخامس من الشهر ذاته,
  ٤ أبريل ٢٠١٩, April 4, 2019, 2019-04-04, في نوفمبر الماضي, عام 2019) -> ``"absolute"``;
* parts of months and day ranges (أواخر أبريل, early April, 4-6 April) -> ``"period"``.

Precision codes: 1 day, 2 week, 3 month, 4 year. A mention with month precision is
dated to the first day of the month, one with year precision to 1 January.

Conventions (see ``geo/data/dates_ar_en.json`` for the word lists):

* "last night" / "ليلة أمس" / "overnight" = publication day - 1; "tonight" /
  "الليلة" / "فجر اليوم" = the publication day.
* "ليلة الجمعة" is the traditional eve of Friday, Thursday night: Thursday's date;
  "ليل الجمعة" / "مساء الجمعة" / "Friday night" are Friday; "ليلة الجمعة/السبت"
  (an explicit pair) is Friday.
* "أمس الأحد" is yesterday, named; when the weekday disagrees with yesterday the
  weekday wins.
* "last Tuesday" / "الثلاثاء الماضي" is strictly before publication (a week back
  when published on a Tuesday); "next Tuesday" / "الثلاثاء المقبل" strictly after.
* A day and month without a year take the publication year, or the previous year
  when that would put them more than 30 days after publication. Within 30 days
  after publication they stay in the future (an announced date), and
  :func:`event_date` skips them.
* "27 نوفمبر الماضي" is the most recent November strictly before the publication
  month; "4 يوليو الجاري" is in the publication year; "المقبل" is the next one.
* Numeric dates are read day first (04/05/2019 is 4 May), as in Libya and the
  British press; month first only when day first is impossible (12/25/2019).
* "منذ يومين" is read as "two days ago" (not as background); "منذ أيام" without
  a number is "for days", a duration, and is background; "منذ" + a date
  ("منذ 4 أبريل") marks a background date.
* Background dates (``background=True``) are governed by منذ / since (within six
  words, in the same clause), by a relative clause such as "الذي بدأ في" /
  "that began on", by "starting on", or (only for dates more than 30 days old)
  by a main-clause "began on" / "انطلقت في".
* "the day before" / "the previous night" / "اليوم السابق" / "الليلة السابقة" count
  a day back from the last day named before them (in the sentence, else in its
  paragraph), else from publication; "the next day" / "اليوم التالي" a day on
  from it (and are no date when nothing was named). In a clause that "after" /
  "بعد" / "عقب" opens they date that earlier act: background.
* A date a speech verb governs ("قال مسؤول محلي الإثنين إن ...", "officials said on
  Monday that ...") is the day of the statement: when the sentence names another
  date ("... حصيلة قتلى هجوم الأحد"), that one is the event's; alone it dates the
  event to about a week (precision 2: the event happened on that day or before it).
* A page's stamp ("Last updated: 2 July 2019", "آخر تحديث: ...", "Published on")
  dates the page, not an event: background. :func:`page_date` reads it as a hint
  to the article's date when the article gives none.
* A date word inside a place name is no date: "سوق الجمعة" (Souq al-Juma, a
  district of Tripoli) does not date an event to Friday. The caller blanks the
  place names it recognised (:func:`without_spans`) before reading the dates.
* A sentence that states no date takes the last date of its paragraph (the
  ``context`` of :func:`event_date`), else the day of the article's lead
  (:func:`lead_date`: the first of its first three sentences that names a day at
  most three days before publication), else the publication date (precision 2).

Examples
--------
>>> from datetime import date
>>> pub = date(2019, 4, 12)  # a Friday
>>> [(m.surface, m.date.isoformat(), m.kind) for m in resolve_dates("قصفت الطائرات المطار فجر أمس", pub)]
[('فجر أمس', '2019-04-11', 'relative')]
>>> event_date("تشن منذ 4 أبريل/نيسان 2019 حملة، وقتل ثلاثة يوم الأربعاء", pub)
(datetime.date(2019, 4, 10), 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from geo.text.date_background import _is_background, _is_fronted_speech_date, _is_speech_date, _is_stamp
from geo.text.date_candidates import _candidates, _date_spans
from geo.text.date_patterns import (
    DAY,
    MONTH,
    WEEK,
    YEAR,
)
from geo.text.date_rules import (
    _Cand,
    _State,
)
from geo.text.folding import (
    _fold_cached,
    _to_original,
    fold_for_matching,
)

__all__ = [
    "LEAD_DAYS",
    "lead_date",
    "page_date",
    "DAY",
    "WEEK",
    "MONTH",
    "YEAR",
    "DateMention",
    "event_date",
    "find_date_spans",
    "is_history",
    "stated_date",
    "fold_for_matching",
    "resolve_dates",
    "without_spans",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text; ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    date: date
    precision: int
    kind: str
    background: bool = False


# --------------------------------------------------------------------------- public API


#: How many first sentences make an article's lead, and how old its date may be.
LEAD_SENTENCES = 3
LEAD_DAYS = 3
#: How far into a page its date stamp is looked for.
PAGE_STAMP_CHARS = 400


def resolve_dates(text: str, published: date, language: str | None = None, *,
                  reference: date | None = None) -> list[DateMention]:
    """Find the date expressions of ``text`` and resolve them against ``published``.

    Parameters
    ----------
    text
        A sentence (any string is accepted).
    published
        The article's publication date: the anchor of relative dates.
    language
        ``"ar"`` or ``"en"`` to look only for that language's words (digits are
        always read); None looks for both.
    reference
        The date whose month "الشهر ذاته" / "the same month" refers to when the
        text itself names no month before it (e.g. the last date of the
        preceding sentences); default: the publication month.

    Returns
    -------
    list of DateMention
        In text order, non-overlapping; ``text[m.start:m.end] == m.surface``.

    Examples
    --------
    >>> pub = date(2019, 12, 10)
    >>> [(m.surface, str(m.date), m.precision, m.kind)
    ...  for m in resolve_dates("في 27 نوفمبر الماضي ثم في الخامس من الشهر ذاته", pub)]
    [('27 نوفمبر الماضي', '2019-11-27', 1, 'absolute'), ('الخامس من الشهر ذاته', '2019-11-05', 1, 'absolute')]
    >>> [(m.surface, str(m.date), m.background) for m in resolve_dates("fighting since April 4, 2019", pub)]
    [('April 4, 2019', '2019-04-04', True)]
    """
    if not text or not isinstance(text, str):
        return []
    folded, offsets = fold_for_matching(text)
    chosen = _candidates(folded, text, offsets, published, language)
    if not chosen:
        return []
    return _resolve(text, folded, offsets, chosen, published, reference)


def _resolve(text: str, folded: str, offsets: list[int] | None, chosen: list[_Cand], published: date,
             reference: date | None) -> list[DateMention]:
    """Resolve the chosen candidates of ``text`` (see :func:`resolve_dates`)."""
    masked = _masked(folded, chosen)
    out: list[DateMention] = []
    for cand, d, precision in _resolved(chosen, published, reference):
        start, end = _to_original(text, offsets, cand.start, cand.end)
        bg = cand.background or _is_background(masked, cand.start, d, published)
        out.append(DateMention(start, end, text[start:end], d, precision, cand.kind, bg))
    return out


def _resolved(chosen: list[_Cand], published: date, reference: date | None,
              day_reference: date | None = None) -> list[tuple[_Cand, date, int]]:
    """The candidates that resolve, with their date and precision (in text order).

    ``reference`` gives the month "الشهر ذاته" refers to, ``day_reference`` the day "the
    day before" counts from; each day resolved becomes the next one's reference.
    """
    ref = reference or published
    state = _State(published, (ref.year, ref.month), day_reference)
    out = []
    for cand in chosen:
        value = cand.resolve(state)
        if value is not None:
            out.append((cand, value[0], value[1]))
            if value[1] == DAY and value[0] <= published and not cand.background:
                state.last_day = value[0]
    return out


def _masked(folded: str, chosen: list[_Cand]) -> str:
    """``folded`` with the chosen mentions blanked out: cue words inside another mention
    (the منذ of "منذ أيام") govern nothing else."""
    parts: list[str] = []
    prev = 0
    for cand in chosen:  # in text order, not overlapping
        parts += (folded[prev:cand.start], "#" * (cand.end - cand.start))
        prev = cand.end
    parts.append(folded[prev:])
    return "".join(parts)


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are date expressions (no resolution; for masking numbers).

    >>> find_date_spans("قتل 3 في 4 أبريل 2019")
    [(9, 21)]
    """
    if not text or not isinstance(text, str):
        return []
    folded, offsets = fold_for_matching(text)
    return _date_spans(text, folded, offsets)


def without_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the ``(start, end)`` spans blanked out by spaces (offsets kept):
    place names, whose words are no dates ("سوق الجمعة").

    >>> without_spans("قصف على سوق الجمعة يوم السبت", [(8, 18)])
    'قصف على            يوم السبت'
    >>> without_spans("Bab al-Aziziya gate", [(4, 14), (0, 14), (15, 19)])  # overlapping, in any order
    '                   '
    """
    # The text between the spans is sliced, not copied a character at a time (an article, a
    # dozen names). Spans overlap at times (a name inside a longer one): each blanks from
    # where the last one ended.
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end <= start:
            continue
        pieces += (text[done:start], " " * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def event_date(sentence: str, published: date, context: str | None = None,
               language: str | None = None, default: date | None = None) -> tuple[date, int]:
    """The date of the event a sentence reports, and its precision.

    The first mention of ``sentence`` that is neither background nor after
    publication wins. Failing that, the *last* such mention of ``context`` (the
    preceding sentences of the paragraph: the nearest date is the relevant
    one). Failing that, ``(default, 2)`` when given (the article's lead date,
    :func:`lead_date`), else ``(published, 2)``: news reports the events of the day
    of publication or the day or two before, so with no date stated the
    publication date is the best guess, but only to about a week.

    Parameters
    ----------
    sentence
        The sentence that reports the event.
    published
        Publication date of the article.
    context
        Text before the sentence that may set the date (optional).
    language
        ``"ar"``, ``"en"`` or None (both).
    default
        The date of a sentence that states none (the article's lead date).

    Returns
    -------
    tuple of (date, int)
        The date and its precision (1 day, 2 week, 3 month, 4 year).

    Examples
    --------
    >>> pub = date(2020, 1, 6)  # a Monday
    >>> event_date("قصف الطيران مواقع في الوشكة مساء السبت", pub)
    (datetime.date(2020, 1, 4), 1)
    >>> event_date("Fighting resumed near the airport.", pub, context="On Friday, talks failed.")
    (datetime.date(2020, 1, 3), 1)
    >>> event_date("اشتباكات جنوب طرابلس", pub)
    (datetime.date(2020, 1, 6), 2)
    """
    day, precision, said = _dated(sentence, published, context, language, default)
    # Alone, a statement's day bounds the event (on it or before it) to about a week, so a
    # toll told the next day joins the attack it counts (dedupe's loose dates within an article).
    return day, max(precision, WEEK) if said else precision


def _dated(sentence: str, published: date, context: str | None, language: str | None,
           default: date | None) -> tuple[date, int, bool]:
    """:func:`event_date`'s date and precision, and whether the date is only a statement's day."""
    # As if resolve_dates read the context (for the reference month) and then the
    # sentence, but without making DateMention objects, testing for background only
    # the mentions that could be picked, and reading the context only when needed.
    hit = None
    ctx: _Read | None = None
    reference = None
    if sentence and isinstance(sentence, str):
        folded, offsets = _fold_cached(sentence)
        chosen = _candidates(folded, sentence, offsets, published, language)
        if chosen:
            # The context matters only when the sentence gives no usable date, or for the
            # month a "الخامس من الشهر ذاته" of the sentence refers to: read it lazily.
            day_reference = None
            if context and any(c.uses_reference for c in chosen):
                ctx = _read(context, published, language)
                reference = _reference(ctx[2])
                day_reference = _day_reference(ctx[2], published)
            resolved = _resolved(chosen, published, reference, day_reference)
            hit = _usable(folded, chosen, resolved, published, last=False)
    if hit is None and context:
        if ctx is None:
            ctx = _read(context, published, language)
        hit = _usable(*ctx, published, last=True)
    return hit if hit is not None else (default or published, WEEK, False)


#: How many years before publication every date of a history piece lies (Tobruk in 1941).
HISTORY_YEARS = 10
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20[0-2]\d)(?!\d)")
# _YEAR without its look-behind: a pattern that opens with a look-behind is tried at every
# character of an article, one that opens with a digit only where a 1 or a 2 stands. It finds
# the last four digits of any run; those with a digit before them are then dropped, which
# leaves what _YEAR finds (four digits standing alone).
_YEAR_END = re.compile(r"(1[89]\d\d|20[0-2]\d)(?!\d)")


def _years(text: str) -> list[int]:
    """The years of ``text``: ``_YEAR.findall(text)`` as numbers (\\d is str.isdecimal).

    >>> _years("in 1941, 12019 and 2011; 20199")
    [1941, 2011]
    """
    return [int(m.group()) for m in _YEAR_END.finditer(text)
            if m.start() == 0 or not text[m.start() - 1].isdecimal()]


def is_history(text: str, published: date, language: str | None = None) -> bool:
    """True when ``text`` tells history, not news: it names dates, all of them at least
    :data:`HISTORY_YEARS` years before publication, and no day of the week or relative day
    ("yesterday", "on Monday") that would date a report of the day.

    >>> is_history("Rommel's siege of Tobruk began on 11 April 1941.", date(2021, 4, 11))
    True
    >>> is_history("On the anniversary of the 1941 siege, gunmen attacked Tobruk on Monday.", date(2021, 4, 11))
    False
    """
    years = _years(text)
    if not years or max(years) > published.year - HISTORY_YEARS:
        return False  # most reports: no year, or a recent one
    mentions = resolve_dates(text, published, language)
    # A day without its year ("on 30 April") takes the year of the history told, not of publication.
    with_year = [m for m in mentions if _YEAR.search(m.surface)]
    return bool(with_year) and all(m.kind in ("absolute", "period") for m in mentions) and all(
        (published - m.date).days > 365 * HISTORY_YEARS for m in with_year)


def stated_date(text: str, published: date, language: str | None = None) -> tuple[date, int] | None:
    """The date that ``text`` (a clause) states itself, and its precision; None when it states none.

    A sentence reports each of its clauses on its own day: "An airstrike hit Gharyan on Monday,
    and shelling hit Tarhuna on Tuesday".

    >>> stated_date("and shelling hit Tarhuna on Tuesday", date(2020, 1, 9))
    (datetime.date(2020, 1, 7), 1)
    >>> stated_date("and shelling hit Tarhuna", date(2020, 1, 9)) is None
    True
    """
    if not text or not isinstance(text, str):
        return None
    folded, offsets = _fold_cached(text)
    chosen = _candidates(folded, text, offsets, published, language)
    hit = _usable(folded, chosen, _resolved(chosen, published, None), published, last=False) if chosen else None
    if hit is None:
        return None
    day, precision, said = hit
    return day, max(precision, WEEK) if said else precision


def lead_date(sentences: list[str], published: date, language: str | None = None) -> date | None:
    """The day the article's lead states (its first sentences): the news of the article.

    A later sentence that states no date and follows no dated sentence of its paragraph
    reports the same news: "قالت قوات الوفاق أمس إنها هاجمت الوطية ... وأسر الهجوم عشرة".
    Only a day (precision 1) within :data:`LEAD_DAYS` before publication counts.

    >>> lead_date(["Fighting in Tripoli", "GNA forces attacked the base yesterday."], date(2020, 3, 26))
    datetime.date(2020, 3, 25)
    >>> lead_date(["Talks resumed in Geneva."], date(2020, 3, 26)) is None
    True
    """
    for sentence in sentences[:LEAD_SENTENCES]:
        # a statement's day counts here: "the LNA said yesterday ..." is the news of that day
        d, precision, _ = _dated(sentence, published, None, language, None)
        if precision == DAY and 0 <= (published - d).days <= LEAD_DAYS:
            return d
    return None


def page_date(text: str) -> date | None:
    """The date of a page's stamp ("Last updated: 2 July 2019", "آخر تحديث: ..."): a hint to
    the article's date when it has none, never an event date.

    >>> page_date("Last updated: 2 July 2019. Clashes in Tripoli")
    datetime.date(2019, 7, 2)
    """
    head = text[:PAGE_STAMP_CHARS]
    for m in resolve_dates(head, date.today()):
        if m.background and m.precision == DAY and m.kind == "absolute" and _is_stamp(head, m.start):
            return m.date
    return None


# A text read for event_date: folded, chosen candidates, resolved candidates.
_Read = tuple[str, list[_Cand], list[tuple[_Cand, date, int]]]


def _read(text: str, published: date, language: str | None) -> _Read:
    """What resolve_dates(text, published, language) finds, before making mentions of it."""
    if not text or not isinstance(text, str):
        return "", [], []
    folded, offsets = fold_for_matching(text)
    chosen = _candidates(folded, text, offsets, published, language)
    return folded, chosen, _resolved(chosen, published, None) if chosen else []


def _usable(folded: str, chosen: list[_Cand], resolved: list[tuple[_Cand, date, int]], published: date,
            last: bool) -> tuple[date, int, bool] | None:
    """The date and precision of the first (or last) resolved mention that is neither
    background nor after publication, and whether it is only the day of a statement."""
    masked = None
    said: tuple[date, int, bool] | None = None  # the day of a statement: used when nothing else dates the sentence
    for cand, d, precision in reversed(resolved) if last else resolved:
        if d > published or cand.background:
            continue
        if masked is None:
            masked = _masked(folded, chosen)
        if not _is_background(masked, cand.start, d, published):
            # In the sentence a statement's day yields to another date; in the context the
            # nearest date stays the best guess, whoever spoke on it.
            if last or not (_is_speech_date(masked, cand.start)
                            or _is_fronted_speech_date(masked, cand.start, cand.end)):
                return d, precision, False
            said = said or (d, precision, True)
    return said


def _day_reference(resolved: list[tuple[_Cand, date, int]], published: date) -> date | None:
    """The last day of ``resolved`` (the paragraph before a sentence) that "the day before" counts from."""
    for cand, d, precision in reversed(resolved):
        if precision == DAY and d <= published and not cand.background:
            return d
    return None


def _reference(resolved: list[tuple[_Cand, date, int]]) -> date | None:
    """The last month-or-finer absolute date of ``resolved`` (what "the same month" refers to)."""
    for cand, d, precision in reversed(resolved):
        if cand.kind in ("absolute", "period") and precision <= MONTH:
            return d
    return None

