"""Tests of geo.text.lexicon.WordMatcher and geo.text.pattern_starts (sentences written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from geo.text.lexicon import WordMatcher, load_data
from geo.text.pattern_starts import StartScanner, literal_starts


@pytest.mark.parametrize(("pattern", "starts"), [
    (r"(?:nato|raf) (?:forces )?strikes", {"nato strikes", "nato forces strikes", "raf strikes", "raf forces strikes"}),
    (r"t(?:ook|aken) back", {"took back", "taken back"}),
    (r"(?:are|is) in control of", {"are in control of", "is in control of"}),
    (r"fir(?:e|ed)\b at", {"fire at", "fired at"}),
    (r"seize[sd]? control", {"seize control", "seizes control", "seized control"}),
    (r"(?:open(?:s|ed)? fire|shoot) at", {"open fire at", "opens fire at", "opened fire at", "shoot at"}),
    (r"s?vbieds?", {"svbied", "svbieds", "vbied", "vbieds"}),
    (r"(?:the )?attack", {"the attack", "attack"}),
    (r"u.s. forces", {"u"}),
    (r"(?P<x>drove) (?:them )?out", {"drove out", "drove them out"}),
])
def test_literal_starts(pattern: str, starts: set[str]) -> None:
    assert literal_starts(pattern) == starts


@pytest.mark.parametrize("pattern", [r"(?:\w+ )?killed", r"[^x]y", r"(?i)nato", r"a|", r".+", r"(?:a|\d)b",
                                     r"x*y", r"(?:ab)*c", r"(?:the )?"])
def test_no_literal_starts_where_a_match_may_begin_otherwise(pattern: str) -> None:
    """A class, a repeated or optional first element with nothing after it, a flag or an empty
    alternative: nothing can be said."""
    assert literal_starts(pattern) is None


def _trigger_matcher() -> WordMatcher:
    cats = load_data("event_triggers.json")["categories"]
    return WordMatcher({c: (s["strong_ar"], s["strong_en"]) for c, s in cats.items()})


_WORDS = ["nato", "raf", "us", "u.s.", "forces", "jets", "struck", "strikes", "hit", "took", "taken", "back",
          "control", "of", "are", "is", "in", "now", "fire", "fired", "opened", "on", "protesters", "were",
          "killed", "shot", "fell", "into", "the", "hands", "seized", "full", "came", "under", "heavy", "attack",
          "famous", "bus", "-", "re", "tried", "to", "retake", "town", "airport", "drove", "them", "out", "_"]


def _loose_matches_as_finditer(matcher: WordMatcher, text: str) -> None:
    """The loose regex tried only at its literal starts (or word starts) finds what its finditer finds."""
    assert matcher._en_loose is not None and matcher._en_literals is not None
    starts = {end - length + 1 for end, (length, _, loose) in matcher._en_literals.iter(text) if loose}
    assert [(m.span(), m.lastgroup) for m in matcher._loose_matches(text, starts)] == \
        [(m.span(), m.lastgroup) for m in matcher._en_loose.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from([" ", "-", ""]))
def test_prefilter_finds_what_the_full_scan_finds(words: list[str], glue: str) -> None:
    """The loose patterns' regex, tried only where one of their literal beginnings starts a
    word, finds what it finds at every position: a beginning left out of the set, or a
    look-behind read differently (a hyphen or a letter before it), would lose triggers."""
    text = glue.join(words) if glue else " ".join(words).replace(" _ ", "_")
    matcher = _trigger_matcher()
    assert matcher._en_unanchored is None  # the real list has literal beginnings
    _loose_matches_as_finditer(matcher, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["u.s.", "us", "forces", "bus", "12", "3rd", "march", "-", "_", "early", "fire",
                                 "on", "the", "ups", "u"]), max_size=20), st.sampled_from([" ", "-", "", ", "]))
@example(["early", "march"], " ")  # a literal start beside an unanchored pattern (CI found it)
def test_short_or_no_literal_starts_find_what_finditer_finds(words: list[str], glue: str) -> None:
    """A loose regex whose literal start is one letter ("u" of "u.s. forces") is tried at each
    "u"; one with none ("\\d{1,2} march") at every word start: the same matches either way."""
    short = WordMatcher({"us": ([], [r"u.s. forces", r"(?:nato|raf) jets"])})
    none = WordMatcher({"date": ([], [r"\d{1,2}(?:st|rd)? march", r"(?:early|late) march"])})
    # as the real not-trigger list: one pattern without a literal start among others with one
    mixed = WordMatcher({"date": ([], [r"(?:\d{1,2}(?:st|rd)?|early|on) march", r"(?:fire|the) on",
                                       r"u.s. forces", r"march \d"])})
    assert short._en_unanchored is None and none._en_unanchored is not None and mixed._en_unanchored is not None
    text = glue.join(words)
    # each matcher with the starts find gives it (its literal starts; the unanchored pattern adds word starts)
    for matcher in (short, none, mixed):
        _loose_matches_as_finditer(matcher, text)
    for matcher in (short, none, mixed):
        assert matcher.may_match(text) or not matcher.find(text)  # may_match says no only when find finds none


def test_loose_pattern_found_after_a_non_word() -> None:
    matcher = _trigger_matcher()
    assert [h.label for h in matcher.find("rebels took back control of the town")] != []
    assert matcher.find("rebels mistook back roads") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["took", "the", "retook", "seized", " ", "  ", "-", "x", "ال", "took the", "\n", "town"]),
                max_size=30))
@example(["took the", " ", "town"])
@example(["retook", " ", "the", " ", "town"])
def test_start_scanner_finds_what_finditer_finds(parts: list[str]) -> None:
    """Beginnings inside other words ("took" of "retook") and inside a match ("the town" of "took
    the town"), a look-behind and an optional tail."""
    import re

    pattern = re.compile(r"(?<!\S)(?P<a>took|seized) (?:the )?|(?P<b>retook the)|(?P<c>the town)")
    text = "".join(parts)
    assert [(m.span(), m.lastgroup) for m in StartScanner(pattern).finditer(text)] == \
        [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


_AR_WORDS = ["قصف", "وقصفت", "الطيران", "اشتباكات", "سيطرت", "القوات", "على", "مدينة", "،", ".", "للجيش", "قال",
             "إن", "الجيش", "تقصف"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _AR_WORDS), max_size=30), st.data())
def test_may_match_is_false_only_where_find_finds_nothing(words: list[str], data: st.DataObject) -> None:
    """extract skips a sentence's trigger rules when may_match says no: sound only if find
    then finds nothing, for any slice of a text (a sentence)."""
    text = " ".join(words)
    lo = data.draw(st.integers(0, len(text)))
    sentence = text[lo:data.draw(st.integers(lo, len(text)))]
    matcher = _trigger_matcher()
    assert matcher.may_match(sentence) or matcher.find(sentence) == []
