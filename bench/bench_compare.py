"""Extract throughput of this tree against an older one, side by side in one run.

    python bench/bench_compare.py --old /path/to/old/worktree [--new .] [--rounds 6] [--n 300] [--profile]

Machines differ by 2-3x and a shared machine's load changes from minute to minute, so
only a ratio measured in one run counts. Each round measures both trees, each in a fresh
process, in alternating order (old first, then new first, ...), on the same articles:
the realistic mix of ``bench/bench_geoparse.py`` (4-8 event sentences among 20-35
plain ones, half Arabic), built by *this* tree's generator for both sides. A tree's
own ``geo`` and ``gazetteer`` packages are imported (an editable install of another tree
is bypassed); all trees run under this interpreter, so only the code differs. The time
is CPU time (:func:`time.process_time`) of geoparse + extract after a warm-up, which
waiting on other processes does not inflate.

Prints each round's articles per second, the median of each side, the ratio new / old
(1.0 = as fast; the per-round ratios show the spread) and the 1-minute load average.
``--profile`` then runs the new tree once more, sampling its stack every millisecond of CPU
time, and prints the share of the time spent in the functions of each part of event
reading (:data:`PARTS`): what each class of rules costs.

A worktree of an old commit: ``git worktree add --detach /tmp/wt-old <commit>``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run in a child process: import the tree's own packages, build the articles with this
# tree's bench generator, time geoparse + extract (CPU time) after a warm-up.
_CHILD = r"""
import importlib.util, json, sys, time
tree, bench_dir, n, parts = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
profile = bool(parts)
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, tree)
import gazetteer, geo  # noqa: E401  the tree's own, before the bench puts this tree on the path
assert geo.__file__.startswith(tree), geo.__file__
spec = importlib.util.spec_from_file_location("bench_geoparse_shared", bench_dir + "/bench_geoparse.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
try:
    from geo.events.extract import default_extractor
    from geo.places.geoparse import default_geoparser
except ImportError:  # trees from before the geo/places, geo/events layout
    from geo.events import default_extractor
    from geo.geoparse import default_geoparser
docs = bench.articles(n, (4, 8), (20, 35))
gp, ex = default_geoparser(), default_extractor()
for a in docs[:20]:  # warm-up: gazetteer, automata, caches
    ex.extract(a, gp.parse(a.text, a.language))
if profile:
    # A statistical profile on CPU time: every millisecond of this process's CPU (SIGPROF), the
    # functions on the stack are noted; a part's cost is its share of the samples whose stack
    # holds one of its functions. Unlike cProfile, it does not inflate code made of many calls.
    import collections, signal
    stacks = collections.Counter()
    def sample(signum, frame):
        names = set()
        while frame is not None:
            code = frame.f_code
            names.add(f"{code.co_filename.replace(tree, '').lstrip('/')}:{code.co_name}")
            frame = frame.f_back
        stacks[frozenset(names)] += 1
    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
t0 = time.process_time()
events = sum(len(ex.extract(a, gp.parse(a.text, a.language))) for a in docs)
dt = time.process_time() - t0
out = {"rate": len(docs) / dt, "events": events, "seconds": dt}
if profile:
    signal.setitimer(signal.ITIMER_PROF, 0, 0)
    total = sum(stacks.values()) or 1
    out["parts"] = {part: dt * sum(c for names, c in stacks.items() if names & set(functions)) / total
                    for part, functions in parts.items()}
    out["profiled_seconds"] = dt
    out["samples"] = total
print("RESULT " + json.dumps(out))
"""

#: Parts of event reading and the functions that carry them ("path:function" of the new tree);
#: the CPU time of the samples with one of them on the stack is what each costs. Parts nest
#: (focus runs inside geoparse, the list rule inside event reading). A part none of whose
#: functions the tree defines is printed as missing rather than as 0 s, so a function that moved
#: (extract.py's triggers went to triggers.py) is seen, not silently costed at nothing.
PARTS: dict[str, tuple[str, ...]] = {
    "geoparse (places; focus, capital, relative inside)": ("geo/places/geoparse.py:parse",),
    "class 7 article country focus": ("geo/places/focus.py:article_focus",),
    "class 12 capital and relative places": ("geo/places/capital.py:name_capital",
                                             "geo/places/relative.py:find_relative_locations"),
    "events: extract total (geoparse excluded)": ("geo/events/extract.py:extract",),
    "sentence splitting": ("geo/text/sentences.py:split_sentences",),
    "triggers (lexicons, modality; classes 2, 4, 5)": ("geo/events/triggers.py:find",
                                                        "geo/events/triggers.py:with_place_objects"),
    "sport reports (contests are no clashes)": ("geo/events/sport.py:without_contests",),
    "sides: actor1 and actor2 of each event (class 9)": ("geo/events/sides.py:event_sides",
                                                         "geo/events/sides.py:carry_actors"),
    "non-conflict deaths (disasters)": ("geo/events/disasters.py:without_disaster_deaths",),
    "class 1 lists": ("geo/events/lists.py:coordinated", "geo/events/lists.py:object_across_gap"),
    "class 3 movements (gate, ends)": ("geo/events/movements.py:has_force", "geo/events/movements.py:is_retreat",
                                       "geo/events/movements.py:locate"),
    "place roles (a group's home is not the place)": ("geo/events/place_roles.py:where_it_happened",),
    "class 6 tolls and counts": ("geo/text/counts.py:extract_counts", "geo/events/follow_up.py:give_following_toll"),
    "class 8 reporter and statement side": ("geo/events/reporting.py:statement_side",
                                            "geo/events/reporting.py:source_spans",
                                            "geo/events/reporting.py:own_force_spans",
                                            "geo/events/reporting.py:civil_source"),
    "class 9 actors (alias tables)": ("geo/events/actors.py:find", "geo/events/actors.py:target_markers",
                                      "geo/events/actors.py:agent_markers"),
    "class 10 dates": ("geo/text/dates.py:event_date", "geo/text/dates.py:lead_date",
                       "geo/text/dates.py:without_spans"),
    "class 11 merge within the article": ("geo/events/dedupe.py:merge_within_article",
                                          "geo/events/dedupe.py:drop_attacks_that_are_strikes"),
}


def run_tree(tree: Path, n: int, python: str, parts: dict[str, tuple[str, ...]] | None = None) -> dict[str, object]:
    """One measurement of ``tree`` in a fresh process (see the module docstring); with ``parts``,
    sampled, the seconds spent in each part's functions."""
    proc = subprocess.run([python, "-c", _CHILD, str(tree), str(HERE), str(n), json.dumps(parts or {})],
                          cwd=tree, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
    line = next((s for s in proc.stdout.splitlines() if s.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"measuring {tree} failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    result: dict[str, object] = json.loads(line[len("RESULT "):])
    return result


def compare(old: Path, new: Path, rounds: int, n: int, python: str) -> None:
    """Measure both trees ``rounds`` times in alternating order; print each round and the medians."""
    rates: dict[str, list[float]] = {"old": [], "new": []}
    for r in range(rounds):
        order = (("old", old), ("new", new)) if r % 2 == 0 else (("new", new), ("old", old))
        events = {}
        for side, tree in order:
            res = run_tree(tree, n, python)
            rates[side].append(float(res["rate"]))  # type: ignore[arg-type]
            events[side] = res["events"]
        print(f"round {r + 1}: old {rates['old'][-1]:6.1f}  new {rates['new'][-1]:6.1f} articles/s  "
              f"ratio {rates['new'][-1] / rates['old'][-1]:.3f}  (events old {events['old']}, new {events['new']})",
              flush=True)
    med_old, med_new = statistics.median(rates["old"]), statistics.median(rates["new"])
    ratios = sorted(b / a for a, b in zip(rates["old"], rates["new"], strict=True))
    print(f"median: old {med_old:.1f}  new {med_new:.1f} articles/s  ratio of medians {med_new / med_old:.3f}  "
          f"per-round ratios {ratios[0]:.3f}-{ratios[-1]:.3f} (median {statistics.median(ratios):.3f})  "
          f"{rounds} rounds, {n} articles, CPU time, load {os.getloadavg()[0]:.1f}")


def print_parts(tree: Path, n: int, python: str) -> None:
    """The CPU time of each of :data:`PARTS` in ``tree``, from a statistical profile of ``n``
    articles (the kernel's timer gives a sample every few milliseconds: take a few thousand)."""
    res = run_tree(tree, n, python, PARTS)
    cost: dict[str, float] = res["parts"]  # type: ignore[assignment]
    total = float(res["profiled_seconds"])  # type: ignore[arg-type]
    print(f"cost per part, {tree.name}, sampled on CPU time ({res['samples']} samples; {total:.2f} s CPU for {n} "
          "articles, geoparse + extract; parts nest):")
    for part, t in cost.items():
        if not any(_defines(tree, function) for function in PARTS[part]):
            print(f"  {part:52s} missing: this tree defines none of {', '.join(PARTS[part])}")
            continue
        print(f"  {part:52s} {t:6.3f} s  {100 * t / total:5.1f}%")


def _defines(tree: Path, function: str) -> bool:
    """Whether ``"path:name"`` names a function (or method) defined in ``tree``."""
    path, name = function.split(":")
    source = tree / path
    return source.is_file() and re.search(rf"^\s*def {re.escape(name)}\(", source.read_text(), re.M) is not None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", type=Path, required=True, help="worktree of the older commit")
    ap.add_argument("--new", type=Path, default=HERE.parent, help="worktree to compare (default: this one)")
    ap.add_argument("--rounds", type=int, default=6, help="0: no comparison (with --profile: the parts only)")
    ap.add_argument("--n", type=int, default=300, help="articles per measurement")
    ap.add_argument("--python", default=sys.executable, help="interpreter for both trees")
    ap.add_argument("--profile", action="store_true", help="then print the cost of each part (new tree)")
    ap.add_argument("--profile-n", type=int, default=2000, help="articles of the profile run")
    args = ap.parse_args()
    if args.rounds > 0:
        compare(args.old.resolve(), args.new.resolve(), args.rounds, args.n, args.python)
    if args.profile:
        print_parts(args.new.resolve(), args.profile_n, args.python)


if __name__ == "__main__":
    main()
