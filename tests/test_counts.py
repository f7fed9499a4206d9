"""Tests of geo.text.counts.extract_counts (sentences written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.text.counts import Counts, extract_counts


def kc(text: str) -> tuple[int | None, int | None]:
    c = extract_counts(text)
    return c.killed, c.injured


@pytest.mark.parametrize("text,killed,injured", [
    # Arabic, trigger before the figure
    ("أسفر القصف عن مقتل سبعة مدنيين وإصابة 20 آخرين", 7, 20),
    ("أعلن الجيش تحييد سبعة عناصر من المرتزقة", 7, None),
    ("قتل 3 أشخاص وأصيب 4 في انفجار", 3, 4),
    ("أدت الغارة إلى مصرع خمسة مقاتلين", 5, None),
    ("استشهاد ثلاثة مسعفين في قصف على الإسعاف", 3, None),
    ("وفاة اثنين من المصابين متأثرين بجروحهما", 2, None),
    ("أسفر الانفجار عن مقتل ما لا يقل عن 12 شخصا", 12, None),
    ("ارتفعت حصيلة القتلى إلى 17", 17, None),
    ("مقتل أكثر من ٣٠ مسلحا", 30, None),
    # Arabic, figure before the trigger
    ("خلف القصف 7 قتلى و20 جريحا", 7, 20),
    ("أسفرت الضربة عن 3 قتلى", 3, None),
    ("سقط خمسة قتلى وعشرة جرحى", 5, 10),
    ("لقي 3 أشخاص حتفهم في الحادث", 3, None),
    ("سبعة مدنيين قتلوا في الغارة", 7, None),
    ("عشرون شخصا أصيبوا بجروح", None, 20),
    # number words
    ("مقتل خمسة وعشرين شخصا", 25, None),
    ("مقتل أحد عشر جنديا", 11, None),
    ("مقتل ثلاث عشرة امرأة", 13, None),
    ("مقتل مائة وخمسين مقاتلا", 150, None),
    ("سقوط ثلاثة آلاف قتيل خلال الحرب", 3000, None),
    ("مقتل سبع نساء", 7, None),
    ("مقتل شخص واحد", 1, None),
    # duals and singulars
    ("مقتل شخصين في قصف عشوائي", 2, None),
    ("سقوط قتيلين وثلاثة جرحى", 2, 3),
    ("مقتل مدني وإصابة طفل", 1, 1),
    ("أسفر الهجوم عن قتيل وجريحين", 1, 2),
    ("لقي شخص حتفه في الانفجار", 1, None),
    ("لقي حتفه متأثرا بجروحه", 1, None),
    ("لقي شابان مصرعهما", 2, None),
    ("أكد المركز أن 5 عناصر من قوات الوفاق قتلوا في المحور", 5, None),
    ("مقتل مدنيين في القصف", None, None),  # dual or plural: unvowelled script cannot tell
    # English
    ("The strike killed seven civilians and wounded 20.", 7, 20),
    ("20 people were injured and 3 killed in the blast.", 3, 20),
    ("Seven civilians were killed in the raid.", 7, None),
    ("1,200 killed since the offensive began.", 1200, None),
    ("The death toll rose to 7.", 7, None),
    ("Shelling killed at least 12 people.", 12, None),
    ("Twenty-five fighters died in the clashes.", 25, None),
    ("Two hundred and fifty people were killed.", 250, None),
    ("A civilian was killed and two were hurt.", 1, 2),
    ("An airstrike killed 3 fighters.", 3, None),
    ("Clashes left 4 dead and 9 injured.", 4, 9),
    ("The army said it neutralised 15 mercenaries.", 15, None),
])
def test_counts(text: str, killed: int | None, injured: int | None) -> None:
    assert kc(text) == (killed, injured)


@pytest.mark.parametrize("text,killed,injured", [
    ("مقتل عشرات المدنيين", 12, None),
    ("dozens of people were killed", 12, None),
    ("several civilians were wounded", None, 10),
    ("many fighters died", 10, None),
    ("hundreds of people were injured", None, 100),
    ("إصابة المئات بجروح", None, 100),
    ("مقتل عدة أشخاص", 10, None),
    ("مقتل العديد من المدنيين", 10, None),
    ("مقتل عدد من العناصر", 3, None),
    ("إصابة بضعة أشخاص", None, 3),
    ("a few people were wounded", None, 3),
    ("a number of civilians were killed", 3, None),
    ("scores of people were killed", 20, None),
    ("a dozen soldiers were killed", 12, None),
])
def test_vague_counts_are_approximate(text: str, killed: int | None, injured: int | None) -> None:
    """A vague figure gives no number, the approximate flag, and ACLED's estimate apart."""
    c = extract_counts(text)
    assert (c.killed, c.injured) == (None, None)
    assert (c.killed_approximate, c.injured_approximate) == (killed is not None, injured is not None)
    assert (c.killed_estimate, c.injured_estimate) == (killed, injured)


@pytest.mark.parametrize("text,killed,injured", [
    ("مقتل 4 مدنيين وعدد من المسلحين", 4, None),
    ("several fighters and 4 civilians were killed", 4, None),
])
def test_precise_figure_wins_over_vague(text: str, killed: int | None, injured: int | None) -> None:
    c = extract_counts(text)
    assert (c.killed, c.injured, c.killed_approximate) == (killed, injured, False)


@pytest.mark.parametrize("text,killed,injured", [
    # the running toll wins over an earlier figure and takes its own number, not the injured one
    ("ارتفع عدد قتلى القصف المدفعي على الأحياء السكنية بالمدينة إلى تسعة مدنيين وإصابة 30 آخرين", 9, 30),
    ("قتل خمسة أشخاص في الهجوم ثم ارتفعت الحصيلة إلى 11 قتيلا", 11, None),
    ("ارتفع عدد الضحايا إلى ثمانية", 8, None),
    ("The strike killed 12 people; the toll from the raid on the market later rose to 31.", 31, None),
    ("The death toll from Tuesday's bombing of the clinic has risen to 17, officials said.", 17, None),
    # a singular victim is one
    ("أسفر الهجوم عن مقتل حارس أمن وإصابة اثنين", 1, 2),
    ("قتل شرطي في الانفجار", 1, None),
    ("A security guard was killed in the blast.", 1, None),
    ("A Libyan pilot was killed when the jet crashed.", 1, None),
    # numbers that name things are never counts
    ("أعلنت الكتيبة 128 مقتل اثنين من عناصرها", 2, None),
    ("Fighting near Bridge 27 killed three people.", 3, None),
    ("Clashes on Road 7 killed 2 fighters.", 2, None),
    ("The 166 Brigade said four of its men were killed.", 4, None),
    ("Brigade 301 lost five fighters killed.", 5, None),
    ("اشتباكات قرب معسكر 7 أبريل أسفرت عن مقتل ثلاثة", 3, None),
    # a partitive names whose the victims were; the unit's number in it is no gap
    ("Four members of the 128 Battalion were killed in the ambush.", 4, None),
    ("Two fighters of the 301 Brigade were killed near the bridge.", 2, None),
    ("Three of the 128 Battalion fighters died.", 3, None),
    ("ثلاثة من عناصر الكتيبة 128 قتلوا في الكمين", 3, None),
    ("مقتل أربعة من عناصر اللواء 301", 4, None),
    ("Brigade 301 were killed", None, None),
    ("Members of the 128 Battalion were killed", None, None),
    # no figure at all
    ("The toll is expected to rise.", None, None),
    ("Officials feared the toll would climb.", None, None),
    ("اللواء 444 ينتشر في المنطقة", None, None),
])
def test_tolls_singulars_and_names(text: str, killed: int | None, injured: int | None) -> None:
    assert kc(text) == (killed, injured)


@pytest.mark.parametrize("text,killed", [
    ("between 5 and 7 people were killed", 5),
    ("Clashes killed between 5 and 7 fighters", 5),
    ("five or six people died", 5),
    ("5-7 killed", 5),
    ("مقتل ما بين 5 و7 أشخاص", 5),
    ("بين خمسة وسبعة قتلى", 5),
    ("مقتل 10 إلى 15 شخصا", 10),
])
def test_ranges_take_the_lowest_figure(text: str, killed: int) -> None:
    assert kc(text)[0] == killed


@pytest.mark.parametrize("text", [
    "a column of 200 vehicles entered the city",
    "رتل من 200 آلية دخل المدينة",
    "killed in 2019",
    "قتل مسلحون في عام 2019",
    "مقتل الطفل البالغ 7 سنوات",
    "killed 20 km south of the city",
    "killed at 5 pm",
    "The ceasefire took effect at 10:30 after 4 April 2019",
    "نفذ الطيران 30 غارة",
    "قتل في قصف يوم 4 أبريل",
])
def test_figures_that_are_not_counts(text: str) -> None:
    assert kc(text) == (None, None)


def test_years_do_not_count_but_big_tolls_do() -> None:
    assert kc("قتل 3 أشخاص في 2019") == (3, None)
    assert kc("أسفرت الحرب عن أكثر من 2000 قتيل") == (2000, None)


def test_first_figure_is_kept() -> None:
    assert kc("مقتل 3 في طرابلس ومقتل 2 في مصراتة") == (3, None)


def test_explicit_zero() -> None:
    assert kc("no casualties were reported") == (0, 0)
    assert kc("لا إصابات في صفوف المدنيين") == (0, 0)
    assert kc("سقطت قذيفة دون وقوع ضحايا") == (0, 0)
    assert kc("لم يسفر القصف عن أي إصابات") == (0, 0)
    assert kc("no one was killed but 3 were wounded") == (0, 3)
    assert kc("no injuries were reported") == (None, 0)


def test_no_figure_is_none_not_zero() -> None:
    assert extract_counts("اشتباكات عنيفة جنوب طرابلس") == Counts()
    assert extract_counts("سقوط قتلى وجرحى في الاشتباكات") == Counts()
    assert extract_counts("") == Counts()


def test_surfaces_slice_the_original_text() -> None:
    text = "أسفر القصف عن مقتلِ ٧ مدنيين وإصابة ٢٠ آخرين"
    c = extract_counts(text)
    assert (c.killed, c.injured) == (7, 20)
    assert c.killed_surface == "مقتلِ ٧"
    assert c.injured_surface == "إصابة ٢٠"
    assert c.killed_surface in text and c.injured_surface in text


def test_arabic_indic_digits_and_separators() -> None:
    assert kc("مقتل ١٬٢٠٠ شخص") == (1200, None)
    assert kc("مقتل ۷ أشخاص") == (7, None)


@pytest.mark.parametrize("text,killed,injured", [
    # "²", "③" pass str.isdigit() but are no decimal digits: int() used to raise ValueError
    ("أسفر القصف عن مقتل ² من المدنيين", None, None),
    ("The blast killed ³ people, officials said", None, None),
    ("مقتل 4 أشخاص وإصابة ① آخر", 4, None),
    ("Shelling killed 6 civilians and wounded ⑫ others", 6, None),
])
def test_digit_like_symbols_are_not_figures(text: str, killed: int | None, injured: int | None) -> None:
    assert kc(text) == (killed, injured)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_property_any_text(text: str) -> None:
    c = extract_counts(text)
    for value in (c.killed, c.injured):
        assert value is None or (isinstance(value, int) and value >= 0)
    for surface in (c.killed_surface, c.injured_surface):
        assert surface is None or surface in text


_WORDS = ["مقتل", "وإصابة", "قتلى", "جرحى", "سبعة", "وعشرين", "عشرات", "7", "٢٠", "1,200", "2019", "بين", "و",
          "killed", "wounded", "seven", "and", "between", "dozens", "of", "people", "were", "no", "casualties",
          "أبريل", "4", "سنوات", "-", ",", ".", " ", "\u064b", "شخصين", "قتيلين", "a", "civilian", "hundred"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25))
def test_property_casualty_like_text(words: list[str]) -> None:
    text = " ".join(words)
    c = extract_counts(text)
    for value in (c.killed, c.injured):
        assert value is None or (isinstance(value, int) and value >= 0)
    for surface in (c.killed_surface, c.injured_surface):
        assert surface is None or surface in text


@pytest.mark.parametrize("text, killed", [
    # coordinated groups of the killed add up, a unit's number inside a group included
    ("Three members of the 166 Battalion and 20 civilians were killed", 23),
    ("قتل ثلاثة من عناصر الكتيبة 166 و20 مدنيا", 23),
    ("The strike killed five soldiers and two civilians", 7),
    ("مقتل خمسة مقاتلين و3 مدنيين", 8),
    ("مقتل خمسة جنود ومدنيين اثنين", 7),  # the figure after its noun, the coordinator on the noun
    ("killed 3 soldiers, 2 civilians and a child", 6),
    ("مقتل خمسة جنود ومدني", 6),
])
def test_coordinated_groups_of_the_killed_add_up(text: str, killed: int) -> None:
    assert extract_counts(text).killed == killed


@pytest.mark.parametrize("text, killed, injured", [
    # a part of the whole, another field, a range, or a figure of things: no sum
    ("killed 5 people, including 2 children", 5, None),
    ("قتل 5 أشخاص بينهم طفلان", 5, None),
    ("Five people were killed and three of them were children", 5, None),
    ("مقتل 3 جنود وإصابة 20 مدنيا", 3, 20),
    ("killed five fighters and wounded three civilians", 5, 3),
    ("Clashes killed between 5 and 7 fighters", 5, None),
    ("the strike killed 3 people and destroyed 2 vehicles", 3, None),
    ("مقتل 3 أشخاص وتدمير 4 آليات", 3, None),
    ("destroyed 3 vehicles and 20 civilians were killed", 20, None),
    ("Three members of the 166 Battalion were killed", 3, None),
])
def test_figures_that_are_not_coordinated_victims_do_not_add_up(text: str, killed: int, injured: int | None) -> None:
    c = extract_counts(text)
    assert (c.killed, c.injured) == (killed, injured)


@pytest.mark.parametrize("text", [
    "UNICEF said at least 20 children have been killed in weeks of fighting in the city.",
    "Doctors said 160 people had been killed over the past seven days.",
    "قتل 600 شخص منذ بدء المعارك في المدينة.",
    "وأفاد المستشفى بأن 140 شخصا قتلوا خلال الأيام السبعة الماضية.",
    "ارتفع إلى 31 عدد قتلى الاشتباكات على مدى أسبوعين في المدينة.",
    "The death toll rose to 31 over two weeks of fighting in the city.",
])
def test_a_figure_that_sums_a_campaign_is_no_event_toll(text: str) -> None:
    assert extract_counts(text).killed is None


@pytest.mark.parametrize("text, killed", [
    ("قتل 3 أشخاص منذ صباح اليوم في اشتباكات بالمدينة.", 3),
    ("قال الثوار إن 17 شخصا على الأقل قتلوا الأحد في قصف المدينة.", 17),
    ("Shelling killed at least four children in the city on Tuesday.", 4),
])
def test_a_day_s_toll_stays(text: str, killed: int) -> None:
    assert extract_counts(text).killed == killed


@pytest.mark.parametrize("text, killed", [
    ("توفي طفل متأثرا بإصابته في القصف على الحي.", 1),        # the verb 'died', a singular victim
    ("توفيت امرأة متأثرة بجروحها بعد سقوط قذيفة على منزلها.", 1),
    ("توفي ثلاثة مقاتلين متأثرين بجروحهم في المستشفى.", 3),
    ("استشهد مسعف في قصف على الحي.", 1),                      # 'was martyred'
    ("استشهد ثلاثة مقاتلين في معارك عند المحور الجنوبي.", 3),
    ("خمسة جنود استشهدوا في اشتباكات قرب المدينة.", 5),
])
def test_died_or_martyred_counts_the_dead(text: str, killed: int) -> None:
    assert extract_counts(text).killed == killed


def test_a_death_with_no_victim_noun_or_figure_counts_nothing() -> None:
    assert extract_counts("توفي الرئيس السابق عن عمر ناهز 80 عاما.").killed is None
