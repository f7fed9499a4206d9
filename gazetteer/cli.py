"""``gazetteer`` command: look-ups from the shell, and ``gazetteer verify``.

    gazetteer lookup مصراته          # normalised exact + spelling-variant matches
    gazetteer fuzzy "Tarhounah"     # rapidfuzz over name skeletons
    gazetteer get ly-misrata
    gazetteer near 32.37 15.09 -k 5
    gazetteer verify [--reference DIR]
    gazetteer stats
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from gazetteer.core import Gazetteer
from gazetteer.model import Candidate, Place

__all__ = ["main"]


def _place_dict(p: Place) -> dict[str, object]:
    return {"id": p.id, "name": p.name, "name_ar": p.name_ar, "lat": p.lat, "lon": p.lon,
            "country_code": p.country_code, "feature_type": p.feature_type, "district": p.district,
            "prominence": p.prominence, "source": p.source}


def _print_candidates(cands: list[Candidate], as_json: bool) -> int:
    if as_json:
        print(json.dumps([{**_place_dict(c.place), "score": c.score, "how": c.how} for c in cands],
                         ensure_ascii=False, indent=1))
    else:
        for c in cands:
            p = c.place
            print(f"{p.id}\t{p.name}\t{p.name_ar or ''}\t{p.lat:.4f},{p.lon:.4f}\t{p.country_code}\t"
                  f"{p.feature_type}\t{c.how}:{c.score:.2f}")
    return 0 if cands else 1


def _verify(gaz: Gazetteer, reference: Path | None) -> int:
    from gazetteer.verify import Problem, check_against_reference, check_entries, default_reference_dir

    problems = list(check_entries(gaz))
    for p in problems:
        print(p)
    libyan = [p for p in gaz if p.is_libyan and p.feature_type != "country"]
    print(f"entries: {len(gaz)}; Libyan: {len(libyan)}; structural problems: {len(problems)}")
    ref_dir = reference or default_reference_dir()
    mismatches: list[Problem] = []
    if ref_dir is None:
        print("reference: not found (../shared/reference); coordinates not checked against it")
    else:
        mismatches, counts = check_against_reference(gaz, ref_dir)
        for m in mismatches:
            print(m)
        print(f"reference ({ref_dir}): curated entries checked {counts['checked']}, "
              f"without a reference entry {counts['no_reference']}, mismatches {len(mismatches)}")
    return 1 if problems or mismatches else 0


def _stats(gaz: Gazetteer) -> int:
    libyan = [p for p in gaz if p.is_libyan and p.feature_type != "country"]
    print(f"entries: {len(gaz)}  Libyan: {len(libyan)}  "
          f"with Arabic name: {sum(1 for p in libyan if p.name_ar)} ({sum(1 for p in libyan if p.name_ar) / max(1, len(libyan)):.1%})")
    print("Libyan entries by source:", dict(Counter(p.source for p in libyan).most_common()))
    print("Libyan entries by feature type:", dict(Counter(p.feature_type for p in libyan).most_common()))
    print("other entries by feature type:", dict(Counter(p.feature_type for p in gaz if not p.is_libyan
                                                         or p.feature_type == "country").most_common()))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gazetteer", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print JSON")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("lookup", help="normalised exact and spelling-variant look-up")
    p.add_argument("name")
    p.add_argument("--country", default="LY", help="preferred country (the Libya prior); '' for none")
    p.add_argument("-n", "--limit", type=int, default=10)
    p = sub.add_parser("fuzzy", help="fuzzy look-up")
    p.add_argument("name")
    p.add_argument("--threshold", type=float, default=85.0)
    p.add_argument("-n", "--limit", type=int, default=10)
    p = sub.add_parser("get", help="an entry by id")
    p.add_argument("id")
    p = sub.add_parser("near", help="entries nearest to a point")
    p.add_argument("lat", type=float)
    p.add_argument("lon", type=float)
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--libyan", action="store_true")
    p = sub.add_parser("verify", help="check every entry and the curated coordinates against the reference")
    p.add_argument("--reference", type=Path, default=None)
    sub.add_parser("stats", help="counts by source and feature type")
    args = ap.parse_args(argv)

    gaz = Gazetteer.default()
    if args.cmd == "lookup":
        return _print_candidates(gaz.lookup(args.name, country=args.country or None, limit=args.limit), args.json)
    if args.cmd == "fuzzy":
        return _print_candidates(gaz.fuzzy(args.name, threshold=args.threshold, limit=args.limit), args.json)
    if args.cmd == "get":
        place = gaz.get(args.id)
        if place is None:
            print(f"no entry {args.id!r}", file=sys.stderr)
            return 1
        print(json.dumps({**_place_dict(place), "names": list(place.names)}, ensure_ascii=False, indent=1))
        return 0
    if args.cmd == "near":
        for place, d in gaz.nearest(args.lat, args.lon, k=args.k, libyan_only=args.libyan):
            print(f"{d:8.2f} km\t{place.id}\t{place.name}\t{place.name_ar or ''}\t{place.feature_type}")
        return 0
    if args.cmd == "verify":
        return _verify(gaz, args.reference)
    return _stats(gaz)


if __name__ == "__main__":
    sys.exit(main())
