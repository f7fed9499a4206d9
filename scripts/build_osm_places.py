"""Build ``gazetteer/data/osm_places.csv`` from the two OpenStreetMap extracts of ``../shared/reference``.

The extracts (© OpenStreetMap contributors, ODbL 1.0; see ``../shared/reference/README.md``) name
villages, hamlets, suburbs and airstrips the curated table lacks. This script turns them into gazetteer rows:

* names are cleaned: a field that mixes scripts ("البنيه Al Banyah", "Jandubah- ⵊⵏⴷⵓⴱⴰ") is cut into its
  Arabic and Latin parts (other scripts are dropped), all-capital or all-lower spellings are title-cased, and
  a leading "منطقة / مدينة / قرية" or "Mintaqat / Qaryat / Madinat" gives a second, bare name;
* the two files are merged: rows sharing a name (or a spelling variant of it) within :data:`SAME_PLACE_KM`
  are one place;
* a row that is the same place as a curated row (the same test) is left out: the curated row is
  authoritative;
* names of foreign towns of 15,000 or more and of countries (GeoNames) are left out;
* names that are common words are left out, by the stoplist ``gazetteer/data/osm_stoplist.csv`` and by a
  frequency test (:data:`MAX_ZIPF`, ``wordfreq``): a village called "السبت" (Saturday) or "Hay" would turn every
  mention of the word into a place; so would a number ("الأربعين", 'the fortieth'); a lone generic word ("وادي", "Bir") is never a name
  (``gazetteer/data/generic_words.csv``); a row left without a name is left out;
* a row outside Libya's outline (Dehiba, Tunisia) is left out;
* the district is the curated district of the nearest curated place within :data:`DISTRICT_KM`.

Run it to refresh the committed file (a test checks that the file is what the script builds):

    python scripts/build_osm_places.py [--reference ../shared/reference] [-o gazetteer/data/osm_places.csv]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from shapely import Point
from wordfreq import zipf_frequency

from gazetteer.core import close_spelling, haversine_km
from gazetteer.model import Place
from gazetteer.normalize import is_arabic, name_key, skeleton, strip_arabic_article
from gazetteer.sources import DATA_DIR, read_curated, read_generic_words
from gazetteer.verify import OUTLINE_BUFFER_DEG, libya_outline

ROOT = Path(__file__).resolve().parents[1]
OUT = DATA_DIR / "osm_places.csv"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
PLACES_FILE = "osm_places_LY_mosabsomaer.csv"
NODES_FILE = "osm_nodes_LY_2019_obiwanlansi.csv"
COLUMNS = ["id", "name_en", "name_ar", "variants_en", "variants_ar", "lat", "lon", "feature_type", "district",
           "osm_file"]

#: Two rows (or an OSM row and a curated row) sharing a name this close are one place (km).
SAME_PLACE_KM = 8.0
#: The district of the nearest curated place is taken when it lies this close (km).
DISTRICT_KM = 40.0
#: A name whose word frequency (Zipf scale: 3 = once per million words) reaches this in its own language is
#: a common word first: "السبت" 4.9, "الجديد" 5.5, "الكيلو" 3.5, "Hay" 3.9; a village such as "زلطن" is 1.5.
MAX_ZIPF = {"ar": 3.3, "en": 3.5}
#: OSM place values -> gazetteer feature types; other values (state, district, region, farm ...) are left
#: out: areas are curated, the rest are not places the news names.
FEATURE_TYPE = {
    ("place", "city"): "city", ("place", "town"): "town", ("place", "village"): "village",
    ("place", "hamlet"): "village", ("place", "suburb"): "neighbourhood", ("place", "neighbourhood"): "neighbourhood",
    ("place", "quarter"): "neighbourhood", ("place", "locality"): "site", ("place", "island"): "island",
    ("aeroway", "aerodrome"): "airport", ("military", "barracks"): "camp", ("military", "checkpoint"): "site",
}
_TYPE_RANK = ["city", "town", "village", "neighbourhood", "airport", "camp", "island", "site"]
# Words that say what a place is, written before its name: "منطقة الحشان" is also just "الحشان".
_AR_LEADS = ("منطقة ", "مدينة ", "قرية ", "بلدة ")
_EN_LEADS = re.compile(r"^(?:mintaqat|qaryat|madinat|baldat)\s+(?=\S.{2,})", re.IGNORECASE)
_ARABIC_RUN = re.compile(r"[\u0621-\u064a\u066e-\u06d3][\u0621-\u065f\u0660-\u0669\u066e-\u06d3\u0670 ]*")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f`'’ʻʿ][A-Za-z\u00c0-\u024f`'’ʻʿ .\-]*")
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# A hyphen inside an Arabic name joins its parts ("الخضراء-ترهونة", "عين زارة - الخمسة شوارع"): cut
# there, the part that names the town around it ("ترهونة") made the village one place with the town.
_ARABIC_HYPHEN = re.compile(r"(?<=[\u0621-\u064a])\s*-\s*(?=[\u0621-\u064a])")


@dataclass
class OsmPlace:
    """One place merged from the extracts' rows."""

    id: str
    lat: float
    lon: float
    feature_type: str
    osm_file: str
    ar: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {k for n in self.ar + self.en for k in (name_key(n), skeleton(n)) if len(k) >= 3}


def _title(name: str) -> str:
    """Title-case a Latin name written all in capitals or all in lower case ("AL RAQTA", "agira")."""
    if name.isupper() or name.islower():
        return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
    return name


def split_names(raw: str) -> tuple[list[str], list[str]]:
    """The Arabic and the Latin names of one OSM name field.

    >>> split_names("البنيه Al Banyah")
    (['البنيه'], ['Al Banyah'])
    >>> split_names("Jandubah- ⵊⵏⴷⵓⴱⴰ")
    ([], ['Jandubah'])
    >>> split_names("منطقة ظهر بو حميدة")
    (['منطقة ظهر بو حميدة', 'ظهر بو حميدة'], [])
    >>> split_names("Mintaqat al Hashshan")
    ([], ['Mintaqat al Hashshan', 'al Hashshan'])
    >>> split_names("الخضراء-ترهونة")
    (['الخضراء ترهونة'], [])
    """
    raw = _ARABIC_HYPHEN.sub(" ", _MARKS.sub("", raw or ""))
    ar: list[str] = []
    en: list[str] = []
    for run in _ARABIC_RUN.findall(raw):
        name = " ".join(run.split())
        if len(name) >= 3:
            ar.append(name)
            for lead in _AR_LEADS:
                if name.startswith(lead) and len(name) - len(lead) >= 3:
                    ar.append(name[len(lead):])
    for run in _LATIN_RUN.findall(raw):
        name = _title(" ".join(run.strip(" .-").split()))
        if sum(c.isalpha() for c in name) >= 3:
            en.append(name)
            bare = _EN_LEADS.sub("", name)
            if bare != name:
                en.append(bare)
    return ar, en


_DESCRIPTORS = frozenset({"حي", "الحي", "منطقه", "المنطقه", "مدينه", "المدينه", "قريه", "القريه", "بلده",
                          "hay", "hai", "mintaqat", "qaryat", "madinat"})
_EN_ARTICLES = frozenset({"al", "el", "as", "ash", "at", "ad", "ar", "az", "an", "ech", "ed", "es", "the"})


def _number_words() -> frozenset[str]:
    """Folded number words of both languages (``geo/data/number_words.json``): one, 35, forty, 700."""
    from geo.text.lexicon import load_data

    words: set[str] = set()
    for lang in ("ar", "en"):
        for part in ("units", "teen_first", "tens", "hundreds", "multipliers", "thousands_alone"):
            words |= {name_key(w) for w in load_data("number_words.json")[lang].get(part, {})}
    return frozenset(words)


def number_name(name: str) -> bool:
    """True when a name is a number written out, a quarter's or a kilometre post's: "الخمسة وثلاثين",
    "الأربعين" (35, the fortieth), "حي السبعمئة". The press writes such numbers as numbers.

    >>> number_name("الخمسة وثلاثين"), number_name("حي السبعمئة"), number_name("Forty"), number_name("الأربعاء")
    (True, True, True, False)
    """
    numbers = _number_words()
    words = [w for w in name_key(name).split() if w not in _DESCRIPTORS and w not in _EN_ARTICLES]
    bare = [w[2:] if w.startswith("ال") else w[1:] if w.startswith("و") and w[1:] in numbers else w for w in words]
    return bool(bare) and all(w.isdigit() or w in numbers or strip_arabic_article(w) in numbers for w in bare)


def common_word(name: str) -> bool:
    """True when ``name`` is a common word or phrase of its language (the frequency test).

    A descriptor ("حي", "منطقة", "Hay") and an English article are set aside; what is left is a name
    when a word of it is one that starts names ("سيدي", "أولاد", "Bir": generic_words.csv), else
    common when each of its words is (a word's own frequency: ``wordfreq``'s estimate for a
    phrase is too rough to tell "سوق الخميس" from "الحي الصناعي").

    >>> common_word("السبت"), common_word("Hay"), common_word("زلطن"), common_word("Al Jadid")
    (True, True, False, False)
    >>> common_word("الحي الصناعي"), common_word("حي دمشق"), common_word("The Dollar Quarter")
    (True, True, True)
    >>> common_word("أولاد عيسى"), common_word("سيدي عزيز")
    (False, False)
    """
    lang = "ar" if is_arabic(name) else "en"
    # Words as written: wordfreq folds them its own way (its folded "الجزيره" is rarer than "الجزيرة").
    words = [w for w in name.replace("-", " ").split() if name_key(w) not in _EN_ARTICLES or lang == "ar"]
    core = [w for w in words if name_key(w) not in _DESCRIPTORS] or words
    if len(core) > 1 and any(name_key(w) in _generic_words() for w in core):
        return False  # "سيدي عزيز", "أولاد عيسى", "Bir Hassan": a name's own pattern, however common its words
    return bool(core) and all(max(zipf_frequency(v, lang) for v in _spellings(w)) >= MAX_ZIPF[lang] for w in core)


@cache
def _generic_words() -> frozenset[str]:
    return read_generic_words()


def _spellings(word: str) -> set[str]:
    """A word and the spellings OSM mappers drop (final ة written ه, ى written ي, أ/إ written ا), which
    wordfreq counts apart: "المنصوره" is rare, "المنصورة" common.

    >>> sorted(_spellings("المنصوره"))
    ['المنصورة', 'المنصوره']
    """
    out = {word}
    if word.endswith("ه"):
        out.add(word[:-1] + "ة")
    if word.endswith("ي"):
        out.add(word[:-1] + "ى")
    for w in list(out):
        i = 2 if w.startswith("ال") else 0  # the first letter after the article
        if w[i:i + 1] == "ا":
            out |= {w[:i] + hamza + w[i + 1:] for hamza in "أإ"}
    return out


def foreign_names() -> frozenset[str]:
    """Name keys of countries and of foreign towns of 15,000 or more (GeoNames): an OSM village called
    "جندوبة", "المهدية" or "Al Qusayr" would pull a Tunisian or Syrian story's town into Libya."""
    from gazetteer.sources import read_countries, read_world_cities

    return frozenset(name_key(n) for p in [*read_countries(), *read_world_cities(min_population=15_000)]
                     for n in p.names if len(name_key(n)) >= 4)


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_extracts(reference: Path) -> Iterator[OsmPlace]:
    """Rows of both extracts that are places, with their names split by script (2025 file first)."""
    for fname in (PLACES_FILE, NODES_FILE):
        for r in _read(reference / fname):
            if fname == PLACES_FILE:  # ids there are numbered per place type
                pid, tag, main = f"osm:{r['place']}-{r['id']}", ("place", r["place"]), r["name_ar"]
            else:
                pid, tag, main = f"osm:n{r['osm_node_id']}", (r["tag"], r["value"]), r["name"]
            kind = FEATURE_TYPE.get(tag)
            if kind is None:
                continue
            ar, en = split_names(main)
            ar2, en2 = split_names(r["name_en"])
            yield OsmPlace(pid, float(r["lat"]), float(r["lon"]), kind, fname, ar + ar2, en2 + en)


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(name_key(n), n)
    return list(seen.values())


_KIND_WORDS = frozenset({"village", "town", "city", "suburb", "area", "district", "neighbourhood", "quarter",
                         "قريه", "بلده", "مدينه", "منطقه", "حي"})


def _with_bare(names: Iterable[str]) -> list[str]:
    """Names, and the same names without a word that says what kind of place it is ("قرية الوطية",
    "Al Watya village" are "الوطية", "Al Watya")."""
    out = list(names)
    for n in names:
        bare = " ".join(w for w in n.split() if name_key(w) not in _KIND_WORDS)
        if bare and bare != n:
            out.append(bare)
    return out


def same_place(a: Sequence[str], a_at: tuple[float, float], b: Sequence[str], b_at: tuple[float, float]) -> bool:
    """Two records are one place when they lie within :data:`SAME_PLACE_KM` and share a name (less a
    word for its kind), written alike or a spelling variant of it (a shared consonant skeleton that is
    no chance collision: "Bab Ain Zara" and "Ben Ashour" share one)."""
    if haversine_km(*a_at, *b_at) > SAME_PLACE_KM:
        return False
    a, b = _with_bare(a), _with_bare(b)
    if {name_key(n) for n in a} & {name_key(n) for n in b}:
        return True
    skeletons = {skeleton(n) for n in b}
    return any(skeleton(n) in skeletons and close_spelling(n, b) for n in a)


def merge_extracts(rows: Iterable[OsmPlace]) -> list[OsmPlace]:
    """One place per set of rows that are the same place (:func:`same_place`; the first row's id)."""
    merged: list[OsmPlace] = []
    by_key: dict[str, list[OsmPlace]] = {}
    for row in rows:
        keys = row.keys()
        same = next((p for k in keys for p in by_key.get(k, [])
                     if same_place(p.ar + p.en, (p.lat, p.lon), row.ar + row.en, (row.lat, row.lon))), None)
        if same is None:
            merged.append(row)
            same = row
        else:
            same.ar = _unique(same.ar + row.ar)
            same.en = _unique(same.en + row.en)
            if _TYPE_RANK.index(row.feature_type) < _TYPE_RANK.index(same.feature_type):
                same.feature_type = row.feature_type
        for k in same.keys():
            by_key.setdefault(k, []).append(same)
    return merged


def build_rows(reference: Path) -> list[dict[str, str]]:
    """The rows of ``osm_places.csv``, sorted by id."""
    curated = [p for p in read_curated() if not p.is_area]
    curated_keys: dict[str, list[Place]] = {}
    for p in curated:
        for n in _with_bare(p.names):
            for k in {name_key(n), skeleton(n)}:
                if len(k) >= 3:
                    curated_keys.setdefault(k, []).append(p)
    generic = _generic_words()
    stop = {name_key(r["name"]) for r in _read(DATA_DIR / "osm_stoplist.csv")} | foreign_names()
    located = [p for p in curated if p.district]
    outline = libya_outline().buffer(OUTLINE_BUFFER_DEG)
    out = []
    for place in merge_extracts(read_extracts(reference)):
        if not outline.contains(Point(place.lon, place.lat)):  # shapely: (lon, lat)
            continue  # Dehiba, the Egyptian side of the border: the extracts reach past Libya
        if any(same_place(c.names, (c.lat, c.lon), place.ar + place.en, (place.lat, place.lon))
               for k in place.keys() for c in curated_keys.get(k, [])):
            continue  # the curated row is the same place, and authoritative
        names = [n for n in _unique(place.ar + place.en) if name_key(n) not in stop
                 and name_key(n) not in generic and not common_word(n) and not number_name(n)]
        ar = [n for n in names if is_arabic(n)]
        en = [n for n in names if not is_arabic(n)]
        if not en and not ar:
            continue
        near = min(located, key=lambda p: haversine_km(p.lat, p.lon, place.lat, place.lon))
        district = near.district if haversine_km(near.lat, near.lon, place.lat, place.lon) <= DISTRICT_KM else ""
        out.append({
            "id": place.id, "name_en": en[0] if en else "", "name_ar": ar[0] if ar else "",
            "variants_en": "|".join(en[1:]), "variants_ar": "|".join(ar[1:]),
            "lat": f"{place.lat:.5f}", "lon": f"{place.lon:.5f}",  # the extracts' (lat, lon), ~1 m
            "feature_type": place.feature_type, "district": district or "", "osm_file": place.osm_file,
        })
    return sorted(out, key=lambda r: r["id"])


def render(rows: list[dict[str, str]]) -> str:
    """The CSV text of ``rows`` (the committed file's exact bytes)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args(argv)
    for name in (PLACES_FILE, NODES_FILE):
        if not (args.reference / name).is_file():
            print(f"{args.reference / name}: not found", file=sys.stderr)
            return 1
    rows = build_rows(args.reference)
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(render(rows), encoding="utf-8")
    tmp.replace(args.output)  # atomic: the gazetteer never reads half a file
    print(f"{args.output}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
