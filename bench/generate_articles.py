"""Realistic synthetic news articles about the Libyan war, in Arabic and English.

The sentences are written for this project (no news text is copied): strikes,
shelling, clashes, convoys, front lines and statements with places drawn from a
list of Libyan localities, relative dates ("yesterday", "on Friday"), and
casualty numbers. Output rows follow the articles contract of
``../shared/eval/CONTRACT.md``. Deterministic for a given seed.

Examples
--------
>>> rows = list(generate_articles(2, seed=1))
>>> sorted(rows[0])
['id', 'language', 'published', 'source', 'text', 'title', 'url']

Command line::

    python bench/generate_articles.py 10000 -o /tmp/articles.jsonl [--seed 1] [--arabic-share 0.5]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

__all__ = ["PLACES", "generate_articles", "write_jsonl", "make_article"]

#: (English name, Arabic name, lon, lat) of places the sentences mention.
PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Tripoli", "طرابلس", 13.1913, 32.8872),
    ("Ain Zara", "عين زارة", 13.2380, 32.8080),
    ("Wadi al-Rabie", "وادي الربيع", 13.3100, 32.7300),
    ("Qasr bin Ghashir", "قصر بن غشير", 13.1800, 32.6900),
    ("Salah al-Din", "صلاح الدين", 13.2000, 32.8200),
    ("Khallat al-Furjan", "خلة الفرجان", 13.1500, 32.7800),
    ("Mitiga airport", "مطار معيتيقة", 13.2760, 32.8940),
    ("Tripoli International Airport", "مطار طرابلس الدولي", 13.1590, 32.6635),
    ("Gharyan", "غريان", 13.0203, 32.1722),
    ("Tarhuna", "ترهونة", 13.6332, 32.4350),
    ("Misrata", "مصراتة", 15.0925, 32.3754),
    ("Sirte", "سرت", 16.5887, 31.2089),
    ("Abu Grein", "أبوقرين", 15.4500, 31.4400),
    ("Al-Watiya airbase", "قاعدة الوطية", 12.0220, 32.4740),
    ("Zawiya", "الزاوية", 12.7278, 32.7571),
    ("Sabratha", "صبراتة", 12.4885, 32.7933),
    ("Zuwara", "زوارة", 12.0820, 32.9312),
    ("Al-Jufra", "الجفرة", 16.0000, 29.1000),
    ("Benghazi", "بنغازي", 20.0868, 32.1167),
    ("Derna", "درنة", 22.6367, 32.7648),
    ("Ajdabiya", "أجدابيا", 20.2251, 30.7555),
    ("Brega", "البريقة", 19.5769, 30.4063),
    ("Ras Lanuf", "راس لانوف", 18.5710, 30.5000),
    ("Bani Walid", "بني وليد", 13.9800, 31.7600),
    ("Sebha", "سبها", 14.4283, 27.0377),
    ("Al-Sbeaa", "السبيعة", 13.1000, 32.5800),
    ("Ubari", "أوباري", 12.7800, 26.5900),
    ("Kufra", "الكفرة", 23.3120, 24.1960),
)

_ACTORS_EN = ("GNA forces", "LNA forces", "Haftar's forces", "forces loyal to the Tripoli government",
              "Wagner mercenaries", "the 444th Brigade", "Misrata brigades", "LNA warplanes")
_ACTORS_AR = ("قوات الوفاق", "قوات حفتر", "القوات التابعة لحكومة الوفاق", "مرتزقة فاغنر", "اللواء 444",
              "كتائب مصراتة", "طيران حفتر", "قوات الجيش الوطني")
_DAYS_EN = ("yesterday", "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
            "on Sunday", "early this morning", "late on Tuesday night")
_DAYS_AR = ("أمس", "يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "يوم الجمعة", "يوم السبت",
            "يوم الأحد", "فجر اليوم", "مساء أمس")
_DIRS_EN = ("south of", "north of", "east of", "west of", "near", "on the outskirts of")
_DIRS_AR = ("جنوب", "شمال", "شرق", "غرب", "قرب", "على مشارف")

_EN = (
    "{actor} shelled {place} {day}, killing {n} civilians and wounding {m} others, local officials said.",
    "Drones struck {place} {day}; the strike destroyed {m} armoured vehicles according to a military source.",
    "Heavy clashes broke out {dir} {place} {day} between {actor} and {actor2}.",
    "{actor} said they had taken control of {place} after fighting that left {n} fighters dead.",
    "A convoy of {m} vehicles carrying reinforcements moved from {place2} towards {place} {day}.",
    "Residents of {place} reported explosions {day} as rockets fell on residential areas.",
    "The front line now runs between {place} and {place2}, a commander told reporters.",
    "{actor} claimed to have shot down a drone over {place} {day}.",
    "Dozens of people protested in {place} {day} against the fighting {dir} {place2}.",
    "Officials from both sides met in {place2} to discuss a ceasefire around {place}.",
    "An airstrike hit a field hospital in {place} {day}, the health ministry said, without giving casualty figures.",
    "Mortar rounds landed near {place} {day}; at least {n} people were injured.",
)
_AR = (
    "قصفت {actor} منطقة {place} {day} ما أسفر عن مقتل {n} مدنيين وإصابة {m} آخرين.",
    "استهدفت طائرة مسيرة {place} {day} ودمرت {m} آليات بحسب مصدر عسكري.",
    "اندلعت اشتباكات عنيفة {dir} {place} {day} بين {actor} و{actor2}.",
    "أعلنت {actor} سيطرتها على {place} بعد معارك خلفت {n} قتلى.",
    "تحرك رتل من {m} آلية من {place2} باتجاه {place} {day} لتعزيز المحاور.",
    "أفاد سكان في {place} بسماع انفجارات {day} جراء سقوط صواريخ على أحياء سكنية.",
    "قال قائد ميداني إن خط التماس يمتد الآن بين {place} و{place2}.",
    "أعلنت {actor} إسقاط طائرة مسيرة فوق {place} {day}.",
    "تظاهر العشرات في {place} {day} احتجاجا على القتال {dir} {place2}.",
    "التقى مسؤولون من الطرفين في {place2} لبحث وقف إطلاق النار حول {place}.",
    "سقطت قذائف هاون قرب {place} {day} وأصيب {n} أشخاص على الأقل.",
    "شن طيران حفتر غارة جوية على {place} {day} دون أن ترد أنباء عن ضحايا.",
)
_TITLES_EN = ("Fighting continues around {place}", "Strikes reported near {place}", "Tension rises in {place}")
_TITLES_AR = ("تواصل المعارك حول {place}", "قصف على {place}", "توتر في {place}")
_SOURCES = ("Libya Observer", "Al Wasat", "Libya Herald", "218 News", "Alnabaa")


def make_article(rng: random.Random, idx: int, *, arabic: bool, published: date,
                 sentences: tuple[int, int] = (3, 8)) -> dict[str, str]:
    """One article as a contract row (``id``, ``text``, ``published``, ``language``...)."""
    templates, actors, days, dirs = (_AR, _ACTORS_AR, _DAYS_AR, _DIRS_AR) if arabic else (
        _EN, _ACTORS_EN, _DAYS_EN, _DIRS_EN)
    name = 1 if arabic else 0
    parts: list[str] = []
    main = rng.choice(PLACES)
    for _ in range(rng.randint(*sentences)):
        place = main if rng.random() < 0.5 else rng.choice(PLACES)
        place2 = rng.choice(PLACES)
        a1, a2 = rng.sample(actors, 2)
        sentence = rng.choice(templates).format(
            actor=a1, actor2=a2, place=place[name], place2=place2[name], day=rng.choice(days),
            dir=rng.choice(dirs), n=rng.randint(1, 40), m=rng.randint(2, 60),
        )
        parts.append(sentence[0].upper() + sentence[1:])
    title = rng.choice(_TITLES_AR if arabic else _TITLES_EN).format(place=main[name])
    return {
        "id": f"synth-{idx:07d}",
        "text": " ".join(parts),
        "published": published.isoformat(),
        "language": "ar" if arabic else "en",
        "title": title,
        "url": f"https://news.example/{idx}",
        "source": rng.choice(_SOURCES),
    }


def generate_articles(n: int, *, seed: int = 0, arabic_share: float = 0.5, start: date = date(2019, 4, 4),
                      end: date = date(2020, 6, 30)) -> Iterator[dict[str, str]]:
    """``n`` synthetic articles, streamed (never all in memory)."""
    rng = random.Random(seed)
    span = (end - start).days
    for i in range(n):
        yield make_article(rng, i, arabic=rng.random() < arabic_share,
                           published=start + timedelta(days=rng.randint(0, span)))


def write_jsonl(path: str | Path, n: int, **kwargs: object) -> Path:
    """Write ``n`` articles to a JSON Lines file; returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for row in generate_articles(n, **kwargs):  # type: ignore[arg-type]
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: write N articles as JSON Lines."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--arabic-share", type=float, default=0.5)
    args = p.parse_args(argv)
    if args.output:
        write_jsonl(args.output, args.n, seed=args.seed, arabic_share=args.arabic_share)
    else:
        for row in generate_articles(args.n, seed=args.seed, arabic_share=args.arabic_share):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
