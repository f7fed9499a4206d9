"""Throughput of ``geo.text.dates.event_date`` and ``geo.text.counts.extract_counts`` in sentences per second.

Also the pre-check of ``geo.text.dates.resolve_dates``: sentences that name no date at
all, as most sentences of a report are, must leave it fast (it used to be a timed unit test
asking for 5,000 sentences per second; about 20,000 on a quiet machine).

    python bench/bench_dates_counts.py [--rounds 100] [--repeat 5]

The sentences below were written for this benchmark (no news text is copied). They
come in paragraphs, Arabic and English, with and without dates and casualty
figures, and ``event_date`` is called the way ``geo/events/extract.py`` calls it: with the
previous (up to three) sentences of the paragraph as context. Each round uses
another publication date and starts with empty caches in ``geo.text.dates``, so that
no result is carried over from one round to the next (within a round, a sentence
read as a sentence is met again in the context of the next ones, as in an
article). Times are CPU times (``time.process_time``) on one core; the best of
``--repeat`` runs is printed (other processes on the machine only slow a run down).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.text import dates  # noqa: E402
from geo.text.counts import extract_counts  # noqa: E402
from geo.text.dates import event_date  # noqa: E402


def _forget() -> None:
    """Empty the caches of geo.text.dates and geo.text.date_candidates (those this version has)."""
    modules: list[ModuleType] = [dates]
    try:
        from geo.text import date_candidates
    except ImportError:  # a version before the candidates had their own module
        pass
    else:
        modules.append(date_candidates)
    for module in modules:
        for name in ("_CACHE", "_SCANS", "_FOLDED"):
            cache = getattr(module, name, None)
            if cache is not None:
                cache.clear()


#: (language, sentences of one paragraph)
PARAGRAPHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ar", (
        "قصفت مدفعية قوات حفتر حي الهضبة في طرابلس مساء أمس ما أسفر عن مقتل ثلاثة مدنيين وإصابة سبعة آخرين.",
        "وقال مصدر طبي في مستشفى الحوادث إن بين الجرحى طفلين في حالة حرجة.",
        "وتجددت الاشتباكات فجر اليوم على محور عين زارة بعد هدوء حذر استمر يومين.",
        "ولم ترد أنباء عن ضحايا في صفوف المدنيين.",
        "وتشن قوات حفتر منذ 4 أبريل/نيسان 2019 هجوما للسيطرة على العاصمة.",
    )),
    ("ar", (
        "أعلنت غرفة عمليات بركان الغضب تحييد سبعة عناصر من مرتزقة فاغنر جنوب طرابلس.",
        "واستهدفت طائرة مسيرة رتلا من عشرين آلية قرب ترهونة يوم الثلاثاء الماضي.",
        "وأكد المتحدث أن الضربة دمرت منظومة دفاع جوي.",
        "وفي الخامس من الشهر ذاته سقطت قذائف على مطار معيتيقة دون وقوع إصابات.",
    )),
    ("ar", (
        "اندلعت اشتباكات عنيفة بين كتيبتين في الزاوية ليلة الجمعة.",
        "وأفاد شهود عيان بسماع أصوات الرصاص والقذائف حتى ساعات الصباح الأولى.",
        "ولقي شاب حتفه برصاصة طائشة أثناء عودته إلى منزله.",
        "وأصيب 12 شخصا على الأقل بينهم امرأتان نقلوا إلى مستشفى الزاوية التعليمي.",
        "وطالب المجلس البلدي بوقف فوري لإطلاق النار.",
    )),
    ("ar", (
        "شن طيران حفتر غارات جوية على قاعدة الوطية في أواخر مارس الماضي.",
        "وتقع القاعدة على بعد 140 كيلومترا جنوب غرب طرابلس.",
        "وذكرت مصادر محلية أن الغارات خلفت خمسة قتلى وعشرات الجرحى.",
        "ولم يصدر أي تعليق من القيادة العامة حتى الآن.",
    )),
    ("ar", (
        "تظاهر المئات في ميدان الشهداء بطرابلس احتجاجا على تردي الخدمات.",
        "ورفع المحتجون لافتات تطالب برحيل الحكومة.",
        "وانتشرت قوات الأمن في محيط الميدان دون أن تتدخل.",
        "وكانت مظاهرات مماثلة قد خرجت في مصراتة الأسبوع الماضي.",
    )),
    ("ar", (
        "سقطت ثلاث قذائف هاون على حي سكني في أبوسليم صباح اليوم الاثنين 18 مايو.",
        "وأسفر القصف عن مصرع امرأة وإصابة ابنتها بجروح خطيرة.",
        "وقال الهلال الأحمر إن فرقه انتشلت جثتين من تحت الأنقاض في اليوم نفسه.",
        "وارتفعت حصيلة ضحايا القصف على الأحياء الجنوبية منذ مطلع الشهر إلى 23 قتيلا.",
    )),
    ("en", (
        "Forces loyal to the Tripoli government shelled LNA positions near Tarhuna on Friday night.",
        "A military source said the strikes killed seven fighters and wounded 20.",
        "The LNA did not comment on the report.",
        "Fighting has continued on the southern outskirts of the capital since April 4, 2019.",
        "Residents said they heard explosions until early this morning.",
    )),
    ("en", (
        "A drone struck a convoy of 30 vehicles on the coastal road west of Sirte.",
        "The attack left at least five people dead, according to a local hospital.",
        "Officials in Misrata said two of the wounded were children.",
        "The United Nations mission condemned the strike in a statement last Tuesday.",
    )),
    ("en", (
        "Heavy clashes broke out in Ain Zara yesterday between rival armed groups.",
        "There were no casualties, the health ministry said.",
        "Mortar rounds also hit Mitiga airport, which suspended flights for six hours.",
        "The airport had reopened in early March after a three-week closure.",
        "Dozens of families fled the area overnight.",
    )),
    ("en", (
        "Talks between the two delegations resumed in Geneva on 18 February 2020.",
        "The UN envoy said both sides had agreed to exchange the bodies of those killed in the fighting.",
        "A previous round of talks collapsed three weeks ago.",
        "Diplomats expect a new ceasefire text by the end of the month.",
    )),
    ("en", (
        "Protesters gathered in Martyrs Square to demand better electricity supply.",
        "The protest remained peaceful and police kept their distance.",
        "Organisers said they would return to the square every evening.",
        "Power cuts of up to 18 hours a day have hit the capital this summer.",
    )),
    ("en", (
        "An airstrike hit a field hospital in Gharyan on Wednesday, the health ministry said.",
        "Between 3 and 5 medical workers were injured, and one paramedic was killed.",
        "The ministry accused Haftar's forces of targeting health facilities repeatedly since last year.",
        "The hospital, about 80 km south of Tripoli, had treated hundreds of wounded fighters.",
    )),
)


def calls() -> list[tuple[str, str | None, str]]:
    """(sentence, context, language) in the order events.py would make them."""
    out: list[tuple[str, str | None, str]] = []
    for lang, sentences in PARAGRAPHS:
        for k, sentence in enumerate(sentences):
            out.append((sentence, " ".join(sentences[max(0, k - 3):k]) or None, lang))
    return out


def bench_event_date(work: list[tuple[str, str | None, str]], rounds: int, *, with_counts: bool = False) -> float:
    """``event_date`` on each sentence, sentences per second; ``with_counts``: ``extract_counts``
    right after it on the same sentence, as geo/events/extract.py calls them."""
    start = date(2020, 5, 18)
    t0 = time.process_time()
    for r in range(rounds):
        _forget()
        published = start + timedelta(days=r)
        for sentence, context, lang in work:
            event_date(sentence, published, context=context, language=lang)
            if with_counts:
                extract_counts(sentence)
    return len(work) * rounds / (time.process_time() - t0)


#: Sentences with no date in them (written for this benchmark), each met once a round: the
#: results cache of geo.text.dates must not serve them.
_TOWNS_AR = ("طرابلس", "مصراتة", "سرت", "بنغازي", "الزاوية", "غريان", "ترهونة", "زوارة")
_TOWNS_EN = ("Tripoli", "Misrata", "Sirte", "Benghazi", "Zawiya", "Gharyan", "Tarhuna", "Zuwara")
NO_DATE = tuple(
    [f"وقالت مصادر محلية إن القوات تقدمت من {a} نحو {b} وسط اشتباكات" for a in _TOWNS_AR for b in _TOWNS_AR]
    + [f"Forces advanced from {a} towards {b} amid heavy shelling." for a in _TOWNS_EN for b in _TOWNS_EN]
)


def bench_pre_check(rounds: int) -> float:
    """``resolve_dates`` on sentences that name no date, sentences per second."""
    published = date(2019, 12, 6)
    t0 = time.process_time()
    for _ in range(rounds):
        _forget()
        for sentence in NO_DATE:
            dates.resolve_dates(sentence, published)
    return len(NO_DATE) * rounds / (time.process_time() - t0)


def bench_counts(work: list[tuple[str, str | None, str]], rounds: int) -> float:
    sentences = [w[0] for w in work]
    t0 = time.process_time()
    for _ in range(rounds):
        _forget()
        for sentence in sentences:
            extract_counts(sentence)
    return len(sentences) * rounds / (time.process_time() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    work = calls()
    subsets = {
        "all": work,
        "ar": [w for w in work if w[2] == "ar"],
        "en": [w for w in work if w[2] == "en"],
    }
    bench_event_date(work, 2)  # warm up (regex compilation is done at import)
    bench_counts(work, 2)
    pre = max(bench_pre_check(args.rounds) for _ in range(args.repeat))
    print(f"resolve_dates on sentences with no date (the pre-check): {pre:8,.0f}/s")
    for name, sub in subsets.items():
        ed = max(bench_event_date(sub, args.rounds) for _ in range(args.repeat))
        ec = max(bench_counts(sub, args.rounds) for _ in range(args.repeat))
        both = max(bench_event_date(sub, args.rounds, with_counts=True) for _ in range(args.repeat))
        print(f"{name:>3} ({len(sub):2d} sentences): event_date {ed:8,.0f}/s   extract_counts {ec:8,.0f}/s   "
              f"both {both:8,.0f}/s  (sentences per second)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
