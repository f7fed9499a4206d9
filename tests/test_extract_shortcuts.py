"""Extraction's shortcuts change no event (sentences written for these tests).

A sentence in which no trigger, attack verb or speech verb can occur skips the trigger and
statement rules (WordMatcher.may_match, ActorFinder.may_speak). That is right only while
those rules find nothing without such a word; a rule that starts events from another list
would be skipped silently. These tests run whole articles with the shortcuts and with them
turned off and compare every event.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.actors import ActorFinder
from geo.events.extract import EventExtractor, default_extractor
from geo.model import Article
from geo.text.lexicon import WordMatcher

_ARTICLES = [
    # English: strikes, a weak trigger beside an attack verb, a statement that names its side,
    # a movement, a toll in the next sentence, a list of places.
    "Officials in Tripoli said the situation was calm. Warplanes struck positions in Ain Zara on Monday. "
    "The LNA said its forces shelled Tajoura and Souq al-Juma. Three civilians were killed.",
    "Gunmen attacked a checkpoint with rockets near Gharyan on Sunday. A convoy of 40 vehicles moved from "
    "Misrata toward Sirte. The health ministry said two people died. Schools remained closed.",
    "Rebels retook Brega. Five rebels dead and 15 wounded. NATO jets hit a radar site near Zawiya.",
    # Arabic: the same kinds, with statements carried over a paragraph.
    "قال المتحدث باسم قوات الوفاق إن قواتها قصفت تمركزات في قصر بن غشير يوم الأحد.\n"
    "وأضاف أن طائرة مسيرة أسقطت فوق ترهونة. وناشدت وزارة الصحة التبرع بالدم.",
    "دارت اشتباكات عنيفة في عين زارة ووادي الربيع مساء الاثنين. وقتل ثلاثة مدنيين.\n"
    "وصل رتل عسكري إلى سرت قادما من الجفرة. ويرى محللون أن الوضع هادئ.",
    "سيطرت القوات على زلطن والجميل ورقدالين. وأعلن الجيش الوطني مقتل سبعة من عناصره في هجوم بطائرة مسيرة.",
]


def _events(extractor: EventExtractor, text: str) -> list[tuple[object, ...]]:
    article = Article("t", text, date(2020, 5, 18))
    return [(e.category, e.place_name, e.event_date, e.actor1, e.actor2, e.fatalities, e.origin_name, e.coords)
            for e in extractor.extract(article)]


@pytest.mark.parametrize("text", _ARTICLES)
def test_skipping_sentences_without_cue_words_changes_no_event(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = default_extractor()
    fast = _events(extractor, text)
    assert fast  # each article reports events: the comparison is not between two empty lists
    monkeypatch.setattr(WordMatcher, "may_match", lambda self, folded: True)
    monkeypatch.setattr(ActorFinder, "may_speak", lambda self, folded: True)
    assert _events(extractor, text) == fast
