"""Reporters are not actors: the spans of a sentence that name who reports.

"The health ministry of the GNA said six civilians were killed" is not the GNA
attacking civilians; "قال المتحدث باسم الجيش الوطني إن قذائف سقطت" reports shelling,
it does not do it. A speech verb (said, announced, قال، أعلن، أفاد: ``speech_verbs`` of
``actors.json``) or an attribution (according to, وفق، بحسب) frames its subject as a
source. :func:`source_spans` gives the folded spans of those subjects, read from the
sentence's structure (``geo/data/reporting.json``):

* Arabic is verb-first: the speaker runs from the verb to the complementizer (إن، أن،
  بأن) or to the end of the clause, at most ``max_speaker_chars`` characters;
* English puts the speaker before the verb, back to the start of its clause ("the GNA
  health ministry said"), or after it when a comma comes first (", said the ministry");
* an attribution names a source up to the end of its clause ("according to the LNA,").

A statement goes on in the sentences after it ("وأضاف أن ...", "he added"): a continuation
verb (``continuation_verbs``) carries the previous statement's side, paragraph breaks
included (:func:`continues_statement`). In a side's statement its own forces may be named
bare ("أن سلاح الجو شن ضربات", "our forces repelled"): :func:`own_force_spans` finds
them (``own_force_nouns``), and event extraction reads them as the speaking side.

A complement that starts with the speaker's pronoun ("قالت قوات الوفاق إنها قصفت", "the
LNA said it shelled") makes the speaker the actor: no span then. Event extraction keeps
mentions inside these spans out of actor1 and actor2; they may still be the claimant.

Examples
--------
>>> from gazetteer.normalize import name_key
>>> s = name_key("the health ministry of the GNA said six civilians were killed")
>>> [s[a:b].strip() for a, b in source_spans(s)]
['the health ministry of the gna']
>>> s = name_key("قال المتحدث باسم الجيش الوطني إن قذائف سقطت على الحي")
>>> [s[a:b].strip() for a, b in source_spans(s)]
['المتحدث باسم الجيش الوطني']
>>> source_spans(name_key("The LNA said it shelled the camp"))
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from gazetteer.normalize import is_arabic_letter, name_key
from geo.events.actors import ActorMention, actor_finder
from geo.text.lexicon import Hit, WordMatcher, load_data

__all__ = ["source_spans", "civil_source", "statement_side", "continues_statement", "own_force_spans", "own_force_acts",
           "acting_pronoun_ends"]

_CLAUSE_PUNCT = "،,;؛:.!?؟\"«»"
_SENTENCE_PUNCT = ";؛:.!?؟\"«»"
# A speaker's name may be quoted ('أعلنت قوات "البنيان المرصوص" أن ...'): quotes do not end it.
_SPEAKER_PUNCT = ";؛:.!?؟"


@lru_cache(maxsize=1)
def _lists() -> tuple[WordMatcher, frozenset[str], frozenset[str], frozenset[str], int]:
    data = load_data("reporting.json")
    attributions = WordMatcher({"attribution": (data["attributions"]["ar"], data["attributions"]["en"])})
    return (attributions, frozenset(name_key(w) for w in data["complementizers_ar"]),
            frozenset(name_key(w) for w in data["speaker_pronouns_ar"]),
            frozenset(w.lower() for w in data["speaker_pronouns_en"]), int(data["max_speaker_chars"]))


def _clause_end(folded: str, pos: int, limit: int, punct: str = _CLAUSE_PUNCT) -> int:
    """Where the clause that starts at ``pos`` ends (``punct``), at most ``limit`` characters on."""
    stop = min(len(folded), pos + limit)
    for i in range(pos, stop):
        if folded[i] in punct:
            return i
    return stop


def _arabic_speaker(folded: str, end: int) -> tuple[int, int] | None:
    """The speaker after an Arabic speech verb ending at ``end``; None when the complement's
    pronoun makes the speaker the actor ("قالت قوات الوفاق إنها قصفت"). Commas may stand
    between them ("قالت القوات، يوم الجمعة، إنها دخلت")."""
    _, complementizers, pronouns, _, limit = _lists()
    stop = _clause_end(folded, end, limit, _SPEAKER_PUNCT)
    pos = end
    for word in folded[end:stop].split():
        at = folded.index(word, pos)
        if word in complementizers:
            return None if word in pronouns else (end, at)
        pos = at + len(word)
    return end, stop


def _english_speaker(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """The speaker of an English speech verb at ``folded[start:end]``: the clause before it, or
    the words after it when a comma precedes (", said the ministry")."""
    _, _, _, pronouns, limit = _lists()
    before = folded[:start].rstrip()
    after = folded[end:].split()
    if after and after[0] == "that":
        after = after[1:]
    if after and after[0] in pronouns:
        return None  # "the LNA said it shelled": the speaker acted
    if after and after[0] == "to" and {"is", "are", "was", "were", "been"} & set(folded[:start].split()[-2:]):
        return None  # "Tebu fighters are reported to have fired": a passive report, its subject acted
    if before.endswith(","):
        return end, _clause_end(folded, end, limit)
    begin = max(0, start - limit)
    for i in range(start - 1, begin - 1, -1):
        if folded[i] in _CLAUSE_PUNCT:
            begin = i + 1
            break
    return begin, start


def source_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) spans of the folded sentence that name who reports, in text order."""
    return list(_source_spans(folded))


@lru_cache(maxsize=64)
def _source_spans(folded: str) -> tuple[tuple[int, int], ...]:
    # Read once per sentence: the claimant and the sentence's actors both ask.
    speech = actor_finder().speech(folded)
    attributions, *_, limit = _lists()
    attributed = attributions.find(folded) if speech else []
    # "ISIS claimed an attack on X", "أعلن مسؤوليته عن": who claims an attack made it
    claims = actor_finder().responsibility(folded) if speech else []
    spans: list[tuple[int, int]] = []
    for hit in sorted([*speech, *attributed], key=lambda h: h.start):
        if any(s <= hit.start < e for s, e in spans) or any(c.start <= hit.start < c.end for c in claims):
            continue
        if any(a.start <= hit.start < a.end for a in attributed):
            # "بحسب مصادر للثوار أوضحت أن قوات القذافي قصفت": the source ends where its complement starts
            span: tuple[int, int] | None = (hit.end, _complement_start(folded, hit.end, _clause_end(folded, hit.end, limit)))
        elif is_arabic_letter(folded[hit.start]):
            span = _arabic_speaker(folded, hit.end)
        else:
            span = _english_speaker(folded, hit.start, hit.end)
        if span is not None and span[1] > span[0]:
            spans.append(span)
    return tuple(spans)


@lru_cache(maxsize=1)
def _civil_reporters() -> WordMatcher:
    data = load_data("reporting.json")["civil_reporters"]
    return WordMatcher({"civil": (data["ar"], data["en"])})


def civil_source(folded: str, spans: list[tuple[int, int]]) -> bool:
    """True when one of the source ``spans`` is a reporter who counts victims but fights no one
    (a health ministry, a hospital, the UN): its side is not the attacker.

    >>> from gazetteer.normalize import name_key
    >>> s = name_key("the health ministry of the GNA said six civilians were killed")
    >>> civil_source(s, source_spans(s)), civil_source(s, [])
    (True, False)
    """
    return any(any(s <= h.start < e for s, e in spans) for h in _civil_reporters().find(folded)) if spans else False


def _complement_start(folded: str, start: int, stop: int) -> int:
    """Where the first complementizer (إن، أن) in ``folded[start:stop]`` starts; ``stop`` without one."""
    _, complementizers, *_ = _lists()
    pos = start
    for word in folded[start:stop].split():
        at = folded.index(word, pos)
        if word in complementizers:
            return at
        pos = at + len(word)
    return stop


def _before_complement(folded: str, start: int, end: int) -> bool:
    """True when no complementizer (إن، أن) stands in ``folded[start:end]``: still the speaker's words."""
    return _complement_start(folded, start, end) == end


def statement_side(folded: str, lean: str, on: date) -> str | None:
    """The side whose statement the sentence reports ("أعلن قنونو", "the LNA said"): named in the
    speaker's words (:func:`source_spans`), else nearest a speech verb; None without one.

    >>> from gazetteer.normalize import name_key
    >>> statement_side(name_key("قال المتحدث باسم قوات الوفاق إن قذائف سقطت"), "LNA", date(2020, 5, 1))
    'GNA'
    >>> statement_side(name_key("Shells fell on the LNA camp"), "LNA", date(2020, 5, 1)) is None
    True
    """
    finder = actor_finder()
    speech = finder.speech(folded)
    if not speech:
        return None
    actors = finder.find(folded, lean, on=on)
    spans = source_spans(folded)
    speaker = next((a.actor for a in actors if a.actor != "Civilians"
                    and any(s <= a.start < e for s, e in spans)), None)
    if speaker is not None:
        return speaker
    if spans:
        # "قال مراسل الجزيرة إن الثوار يسيطرون": a speaker who names no side is no side's statement,
        # unless the side stood before the verb ("وكانت شعبة الإعلام الحربي قد ذكرت أن") or in an
        # apposition to the speaker ("بحسب ما أفاد فلان، المتحدث باسم قوات الوفاق")
        return next((a.actor for h in speech for a in actors if a.actor != "Civilians" and (
            0 <= h.start - a.end <= 40 and not any(c in _CLAUSE_PUNCT for c in folded[a.end:h.start])
            or 0 <= a.start - h.end <= 40 and is_arabic_letter(folded[h.start]) and _before_complement(folded, h.end, a.start))),
            None)
    for h in speech:
        near = [a for a in actors if -40 <= a.start - h.end <= 40 and a.actor != "Civilians"]
        if near:
            return min(near, key=lambda a: abs(a.start - h.end)).actor
    return None


@lru_cache(maxsize=1)
def _statement_words() -> tuple[WordMatcher, WordMatcher]:
    data = load_data("reporting.json")
    return (WordMatcher({"continue": (data["continuation_verbs"]["ar"], data["continuation_verbs"]["en"])}),
            WordMatcher({"own": (data["own_force_nouns"]["ar"], data["own_force_nouns"]["en"])}))


def continues_statement(folded: str) -> bool:
    """True when the sentence goes on with a statement reported before it ("وأضاف", "he added").

    >>> from gazetteer.normalize import name_key
    >>> continues_statement(name_key("وأضاف في بيان أن القوات تقدمت")), continues_statement(name_key("وأضافت القوات"))
    (True, True)
    >>> continues_statement(name_key("بالإضافة إلى القصف")), continues_statement(name_key("سلاح الجو التابع للجيش"))
    (False, False)
    """
    return bool(_statement_words()[0].find(folded))


def own_force_spans(folded: str, actors: Sequence[ActorMention], targets: Sequence[int]) -> list[tuple[int, int]]:
    """Spans of the sentence that name the speaking side's own forces bare, in a statement.

    Not the speaker itself, not a target (``targets``: where target markers end, "مواقع
    قواتنا"), not a force that an actor mention names or possesses ("سلاح الجو التابع لحفتر").

    >>> from gazetteer.normalize import name_key
    >>> s = name_key("وأضاف في بيان أن سلاح الجو شن ضربات على المعسكر")
    >>> [s[a:b] for a, b in own_force_spans(s, actor_finder().find(s), [])]
    ['سلاح الجو']
    >>> own_force_spans(name_key("شن سلاح الجو ضربات على المعسكر"), [], [])  # no statement
    []
    >>> s = name_key("قال المتحدث إن سلاح الجو التابع لقوات حفتر قصف المعسكر")
    >>> own_force_spans(s, actor_finder().find(s), [])
    []
    """
    continuation, own = _statement_words()
    if not (actor_finder().speech(folded) or continuation.find(folded)):
        return []
    sources = source_spans(folded)
    return [(h.start, h.end) for h in own.find(folded)
            if not any(s <= h.start < e for s, e in sources)
            and not any(0 <= h.start - t <= 3 for t in targets)
            and not any(a.start < h.end + 20 and h.start < a.end for a in actors)]


def own_force_acts(folded: str, trigger: Hit, own: Sequence[tuple[int, int]]) -> bool:
    """True when one of the ``own`` forces (:func:`own_force_spans`) is the subject of ``trigger``:
    it is the trigger ("سلاح الجو"), stands right before it ("الدفاعات الجوية أسقطت", "our forces
    shelled"), or right after a verb that opens its clause ("وشنت قواتنا ضربات"). Not the object
    of a verb whose subject came first ("إن طائرة مسيرة قصفت قواتنا"), nor a force that came
    under the act ("قواتنا تعرضت لقصف").

    >>> from gazetteer.normalize import name_key
    >>> s = name_key("قال إن طائرة قصفت قواتنا")
    >>> own_force_acts(s, Hit(s.index("قصفت"), s.index("قصفت") + 4, "x"), [(s.index("قواتنا"), len(s))])
    False
    >>> s = name_key("قال إن قواتنا قصفت المعسكر")
    >>> own_force_acts(s, Hit(s.index("قصفت"), s.index("قصفت") + 4, "x"), [(s.index("قواتنا"), s.index("قواتنا") + 6)])
    True
    """
    _, complementizers, *_ = _lists()
    for start, end in own:
        if start < trigger.end and trigger.start < end or 0 <= trigger.start - end <= 2:
            return True
        if 0 <= start - trigger.end <= 2 and is_arabic_letter(folded[trigger.start]):
            head = folded[:trigger.start - len(trigger.prefix)].rstrip()
            if not head or head[-1] in _CLAUSE_PUNCT or head.split()[-1] in complementizers:
                return True
    return False


def acting_pronoun_ends(folded: str) -> list[int]:
    """Where the speaker's pronoun that opens a complement ends ("أعلنت الشعبة أنها أسقطت", "the
    division said it downed"): a trigger right after it is the speaker's own act.

    >>> from gazetteer.normalize import name_key
    >>> s = name_key("وتابعت الشعبة في بيان أنها أسقطت طائرة")
    >>> [s[:e].split()[-1] for e in acting_pronoun_ends(s)]
    ['انها']
    >>> acting_pronoun_ends(name_key("قالت الشعبة إن الدفاعات أسقطت طائرة"))
    []
    """
    _, complementizers, pronouns_ar, pronouns_en, limit = _lists()
    out = []
    for hit in actor_finder().speech(folded):
        stop = _clause_end(folded, hit.end, limit, _SENTENCE_PUNCT)
        words = folded[hit.end:stop].split()
        if is_arabic_letter(folded[hit.start]):
            first = next((w for w in words if w in complementizers), None)
            if first in pronouns_ar:
                out.append(folded.index(first, hit.end) + len(first))
        elif words and (words[0] in pronouns_en or (words[0] == "that" and words[1:2] and words[1] in pronouns_en)):
            pronoun = words[0] if words[0] in pronouns_en else words[1]
            out.append(folded.index(pronoun, hit.end) + len(pronoun))
    return out
