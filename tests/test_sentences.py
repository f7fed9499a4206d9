"""Tests of geo.text.sentences.split_sentences (sentences written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.text.sentences import MAX_SENTENCE_CHARS, Sentence, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n\t ") == []


def test_offsets_and_trimming() -> None:
    text = "  قصف المطار.   وقال المتحدث إن الهجوم فشل.  "
    out = split_sentences(text)
    assert [s.text for s in out] == ["قصف المطار.", "وقال المتحدث إن الهجوم فشل."]
    for s in out:
        assert text[s.start:s.end] == s.text
    assert out[0] == Sentence(2, 13, "قصف المطار.")


@pytest.mark.parametrize("mark", ["؟", "!", ".", "۔", "?"])
def test_arabic_and_latin_terminal_marks(mark: str) -> None:
    assert texts(f"هل انتهت المعركة{mark} قال القائد نعم") == [f"هل انتهت المعركة{mark}", "قال القائد نعم"]


def test_arabic_comma_and_semicolon_do_not_split() -> None:
    text = "تقدمت القوات نحو الطويشة، وسيطرت على المعسكر؛ لأن الدفاعات انهارت"
    assert texts(text) == [text]


def test_newlines_and_paragraphs() -> None:
    assert texts("العنوان الأول\nنص الفقرة الأولى\n\nنص الفقرة الثانية") == [
        "العنوان الأول", "نص الفقرة الأولى", "نص الفقرة الثانية"]
    assert texts("Line one\r\nLine two") == ["Line one", "Line two"]


def test_soft_wrapped_english_line_is_joined() -> None:
    assert texts("The convoy moved towards\nthe coastal road at dawn.") == [
        "The convoy moved towards\nthe coastal road at dawn."]


def test_stray_period_comma_join() -> None:
    assert texts("وصرح وزير الدفاع أكار., وعلى صعيد آخر قصفت المدفعية") == [
        "وصرح وزير الدفاع أكار.,", "وعلى صعيد آخر قصفت المدفعية"]


def test_stray_quote_comma_join_before_arabic() -> None:
    assert texts('ونشر المكتب بيانا على "فيسبوك", وعلى الأرض تواصلت المعارك') == [
        'ونشر المكتب بيانا على "فيسبوك",', "وعلى الأرض تواصلت المعارك"]


def test_quote_comma_in_english_is_not_a_boundary() -> None:
    text = 'He called the attack "cowardly", adding that talks would go on.'
    assert texts(text) == [text]


def test_ad_markers_are_dropped() -> None:
    out = texts("[ad_1]\nسيطرت القوات على المعبر. [ad_2] وانسحبت الوحدات [AD_3]")
    assert out == ["سيطرت القوات على المعبر.", "وانسحبت الوحدات"]


@pytest.mark.parametrize("text", [
    "Mr. Salame met Gen. Haftar in Benghazi.",
    "Lt. Col. Ahmed Mismari spoke to reporters.",
    "The No. 5 brigade entered the town.",
    "The U.S. Embassy in Tripoli closed its doors.",
    "Prices rose by 3.5 percent in the capital.",
    "J. R. Smith reported from the front.",
    "Dr. Ali treated the wounded at 5 a.m. near the port.",
])
def test_english_abbreviations_do_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_abbreviation_at_the_end_of_a_sentence() -> None:
    assert texts("The talks were hosted by the U.S. The envoy left.") == [
        "The talks were hosted by the U.S.", "The envoy left."]


def test_initials_do_not_split_into_junk() -> None:
    assert texts("وقالت قناة تي.ر.تي التركية إن السفينة وصلت") == ["وقالت قناة تي.ر.تي التركية إن السفينة وصلت"]
    assert texts("According to T.R.T the ship docked.") == ["According to T.R.T the ship docked."]
    assert texts("قال د. محمد إن المستشفى امتلأ") == ["قال د. محمد إن المستشفى امتلأ"]


def test_spaced_initials_never_yield_letterless_sentences() -> None:
    for s in split_sentences("تي. ر. تي. 1. 2. ... !!! ؟؟"):
        assert any(c.isalpha() for c in s.text)


def test_glued_full_stop_between_words() -> None:
    assert texts("سقطت القذيفة قرب المطار.وقال شهود إنها أصابت منزلا") == [
        "سقطت القذيفة قرب المطار.", "وقال شهود إنها أصابت منزلا"]
    assert texts("Shells hit the airport.The army denied it.") == ["Shells hit the airport.", "The army denied it."]
    assert texts("Read more on libyaobserver.ly today.") == ["Read more on libyaobserver.ly today."]


def test_closing_quotes_stay_with_the_sentence() -> None:
    assert texts("قال المتحدث «انتهت العملية.» ثم غادر القاعة") == ["قال المتحدث «انتهت العملية.»", "ثم غادر القاعة"]
    assert texts("“We will retreat.” The commander denied it.") == ["“We will retreat.”", "The commander denied it."]
    assert texts('He said "it is over." Then he left.') == ['He said "it is over."', "Then he left."]


def test_ellipsis() -> None:
    assert texts("وتواصلت الاشتباكات... وفي المساء هدأت") == ["وتواصلت الاشتباكات...", "وفي المساء هدأت"]
    assert texts("The guns fell silent... for a while.") == ["The guns fell silent... for a while."]


def test_long_run_is_cut_at_commas() -> None:
    clause = "وتقدمت الوحدات العسكرية نحو المحور الجنوبي للعاصمة"
    text = "، ".join([clause] * 40)
    out = split_sentences(text)
    assert len(out) > 1
    for s in out:
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert text[s.start:s.end] == s.text


def test_long_run_without_commas_is_cut_before_waw() -> None:
    text = " ".join(["قصفت المدفعية مواقع في المنطقة وتقدمت القوات"] * 40)
    out = split_sentences(text)
    assert len(out) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in out)
    assert all(s.text.startswith("و") for s in out[1:])


def test_long_run_without_spaces_is_cut_hard() -> None:
    out = split_sentences("ب" * 2000)
    assert sum(len(s.text) for s in out) == 2000
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in out)


def test_control_characters() -> None:
    """Control characters stay inside their sentence; the separators among them are trimmed like spaces."""
    text = "قصف\x00 المطار.\x1c وقتل\x07 اثنان\x1e"
    assert split_sentences(text) == [Sentence(0, 12, "قصف\x00 المطار."), Sentence(14, 25, "وقتل\x07 اثنان")]


def test_large_input_is_handled() -> None:
    text = ("سيطرت القوات على المعبر الحدودي. " * 30000) + ("x" * 100000)
    out = split_sentences(text)
    assert len(out) > 30000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_property_any_text(text: str) -> None:
    prev_end = 0
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert s.start >= prev_end
        assert s.text == s.text.strip()
        assert any(c.isalpha() for c in s.text)
        prev_end = s.end


_PIECES = ["قصف", "المطار", ".", "،", "؟", "!", "۔", " ", "\n", "\r", "\x00", "\x1c", "Mr.", "U.S.", "3.5",
           "«", "»", '"', ",", "[ad_1]", "تي.ر.تي", "و", "The", "killed", "..."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_property_news_like_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert s.text and not s.text[0].isspace() and not s.text[-1].isspace()


_BOUNDARY_PIECES = [*_PIECES, "؟قال", "المطار.وقال", "airport.The", "5.a", "[ ads-12 ]", "[advert]", "’", "”",
                    "…", ".”,", "\u2028", "\x85", "\x0b", "?!", "a.", ".\"", "»,"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_BOUNDARY_PIECES), max_size=60) | st.text(max_size=200))
def test_boundary_scan_finds_what_a_full_scan_finds(pieces: list[str] | str) -> None:
    """The scan that tries the boundary pattern only at its possible first characters finds the
    same boundaries as trying it at every position: a first character missing from its set
    (a new rule in _BOUNDARY) would lose sentence breaks."""
    from geo.text.sentences import _BOUNDARY, _boundaries

    text = "".join(pieces)
    assert [(m.start(), m.end(), m.lastgroup) for m in _boundaries(text)] == \
        [(m.start(), m.end(), m.lastgroup) for m in _BOUNDARY.finditer(text)]
