"""Cost of geoparse and extract against the length of one article, on hostile texts.

    python bench/bench_pathological.py [--sizes 10000 50000 200000] [--kinds repeated varied_en ...]

Each text is built to the given length from sentences written for this project:
``repeated`` is ``'Clashes in Tripoli. '`` over and over; ``varied_en``/``varied_ar``
are event sentences with many places, actors, dates and tolls
(``bench/generate_articles.py``); ``one_sentence`` is the varied English text with its
full stops removed (one sentence of the whole length); ``glued_ar`` is Arabic place
names with their clitics and no spaces (one word of the whole length).

The geoparser and extractor are called directly, without the per-article budget of
:mod:`geo.sources.records` (which would cut the longer texts), so the figures show the
pipeline's own growth. For each size the script prints seconds and microseconds per
character; ``growth`` is the time ratio between consecutive sizes divided by the
length ratio: 1.0 is linear, 4.0 at a fourfold length is quadratic.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_articles import make_article  # noqa: E402

from geo.model import Article  # noqa: E402

KINDS = ("repeated", "varied_en", "varied_ar", "one_sentence", "glued_ar")


def hostile_text(kind: str, length: int, seed: int = 0) -> str:
    """A text of about ``length`` characters of the given kind (see the module docstring)."""
    if kind == "repeated":
        unit = "Clashes in Tripoli. "
        return (unit * (length // len(unit) + 1))[:length]
    if kind == "glued_ar":
        unit = "وبطرابلس" + "ولمصراتة" + "فبسرت"
        return (unit * (length // len(unit) + 1))[:length]
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    arabic = kind == "varied_ar"
    while size < length:
        text = make_article(rng, 0, arabic=arabic, published=date(2020, 5, 1), sentences=(20, 20))["text"]
        parts.append(text)
        size += len(text) + 1
    text = " ".join(parts)[:length]
    return text.replace(".", "") if kind == "one_sentence" else text


def time_one(text: str, language: str) -> tuple[float, float, int]:
    """Seconds to geoparse ``text``, seconds to extract its events, and the number of events."""
    from geo.events.extract import default_extractor

    extractor = default_extractor()
    article = Article(id="bench", text=text, published=date(2020, 5, 1), language=language)
    t0 = time.perf_counter()
    parsed = extractor.geoparser.parse(text, language)
    t1 = time.perf_counter()
    events = extractor.extract(article, parsed)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(events)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    ap.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    args = ap.parse_args(argv)
    time_one("Clashes in Tripoli.", "en")  # load the gazetteer and lexicons outside the timings
    print(f"{'text':<13}{'chars':>8}{'geoparse s':>12}{'us/char':>9}{'growth':>8}"
          f"{'extract s':>11}{'us/char':>9}{'growth':>8}{'events':>8}")
    for kind in args.kinds:
        prev: tuple[int, float, float] | None = None
        for size in args.sizes:
            text = hostile_text(kind, size)
            geo_s, ext_s, n_events = time_one(text, "ar" if kind.endswith("_ar") else "en")
            growth_geo = growth_ext = "-"
            if prev is not None:
                scale = len(text) / prev[0]
                growth_geo = f"{geo_s / prev[1] / scale:.2f}" if prev[1] > 0 else "-"
                growth_ext = f"{ext_s / prev[2] / scale:.2f}" if prev[2] > 0 else "-"
            print(f"{kind:<13}{len(text):>8}{geo_s:>12.3f}{geo_s / len(text) * 1e6:>9.1f}{growth_geo:>8}"
                  f"{ext_s:>11.3f}{ext_s / len(text) * 1e6:>9.1f}{growth_ext:>8}{n_events:>8}", flush=True)
            prev = (len(text), geo_s, ext_s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
