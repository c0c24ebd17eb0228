"""Search benchmark: Fieldjournal against bare Whoosh and SQLite FTS5, side by side.

Generates synthetic journals (fixed seed; 150-900 words per note from a Zipf-like
vocabulary, 200 actors, 100 codes, four years of dates; "voluntary sector" in a third of
the notes), caches them under tests/perf/results/ (or --results) and measures bulk indexing, save
latency, search latency (top 20 with snippets over a mix of query forms), first search
after opening and memory. Prints a table (median / p95, ratios) and writes JSON.

    python tests/perf/bench_search.py [--sizes 10000,50000] [--baseline-max 10000]
        [--fts5-max 50000] [--results DIR]

The idle search figures of Fieldjournal and FTS5 are taken query by query in turn (each
query asked of one, then of the other, the order swapped every round), so a change in the
machine's load between two stretches of the run falls on both sides alike.

The first search after opening is measured twice: on the machine as it is, and with
another process keeping one core busy (started by the benchmark).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypedDict

MINUTES = 4 * 365 * 24 * 60
RESULTS = Path(__file__).parent / "results"
SEED = 20160405
QUERIES = [
    ("term", "trust"),
    ("two terms", "board funding"),
    ("phrase", '"voluntary sector"'),
    ("field+date", "kind:meeting date:[2016-01-01 to 2016-06-30] partnership"),
    ("prefix", "volun*"),
]
FTS_QUERIES = {
    "term": "trust",
    "two terms": "board funding",
    "phrase": '"voluntary sector"',
    "field+date": "partnership",
    "prefix": "volun*",
}
FTS_SEARCH = (
    "SELECT id, title, snippet(fts, 3, '[[', ']]', '…', 40), bm25(fts, 0, 0, 2.0, 1.0) "
    "FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 0, 0, 2.0, 1.0) LIMIT 20"
)
DOMAIN = [
    "trust",
    "board",
    "funding",
    "partnership",
    "council",
    "volunteers",
    "programme",
    "commissioning",
    "practice",
    "community",
    "care",
    "carers",
    "network",
    "meeting",
    "agenda",
    "decision",
    "delivery",
    "leadership",
    "control",
    "power",
    "system",
    "relationship",
    "manager",
    "chair",
    "officer",
    "referral",
    "pathway",
    "outcomes",
    "evaluation",
    "pilot",
    "integration",
    "hub",
    "locality",
    "lunch",
    "club",
    "drop-in",
    "neighbourhood",
    "services",
    "health",
    "social",
]


def syllable_words(rng: random.Random, count: int) -> list[str]:
    onsets = [
        "b",
        "c",
        "d",
        "f",
        "g",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        "v",
        "w",
        "bl",
        "br",
        "ch",
        "cr",
        "dr",
        "fl",
        "gr",
        "pl",
        "pr",
        "sh",
        "st",
        "th",
        "tr",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou"]
    codas = ["", "", "n", "r", "s", "t", "nd", "st", "ng", "ck", "l"]
    words: set[str] = set(DOMAIN)
    while len(words) < count:
        n = rng.choice((1, 2, 2, 3))
        words.add(
            "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(n)) + rng.choice(codas)
        )
    ordered = sorted(words - set(DOMAIN))
    rng.shuffle(ordered)
    # Content words at ranks 100, 115, 130...: in roughly 40% ("trust") down to 5% of the
    # notes, like a researcher's own vocabulary; the most frequent words are filler.
    for i, word in enumerate(DOMAIN):
        ordered.insert(100 + 15 * i, word)
    return ordered


def generate(size: int) -> Iterator[str]:
    """The journal as JSON Lines records (the exchange format)."""
    rng = random.Random(SEED)
    vocab = syllable_words(rng, 12_000)
    stop = [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "it",
        "was",
        "for",
        "on",
        "said",
        "with",
        "as",
        "at",
        "by",
        "they",
        "we",
    ]
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    actors = [f"{vocab[300 + 2 * i].title()} {vocab[301 + 2 * i].title()}" for i in range(200)]
    codes = [f"{DOMAIN[i % 20].title()}/{rng.choice(vocab).title()} {i}" for i in range(100)]
    for name in dict.fromkeys(actors):
        yield json.dumps(
            {"type": "actor", "name": name, "aliases": [name.split()[1] + " " + name[0]]}
        )
    for path in codes:
        yield json.dumps({"type": "code", "path": path})
    start = datetime(2015, 9, 1, tzinfo=UTC)
    for i in range(size):
        words = rng.choices(vocab, cum_weights=cum, k=rng.randint(150, 900))
        for j in range(0, len(words), 7):
            words[j] = rng.choice(stop)
        if i % 3 == 0:
            at = rng.randrange(len(words) - 2)
            words[at : at + 2] = ["voluntary", "sector"]
        kind = rng.choice(("fieldnote", "fieldnote", "meeting", "memo"))
        record = {
            "type": "entry",
            "kind": kind,
            "title": " ".join(rng.choices(vocab[:2000], k=rng.randint(3, 8))).capitalize(),
            "body": " ".join(words) + ".",
            "occurred_at": (
                start + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
            ).isoformat(),
            "site": rng.choice(("Millbrook CVS", "Eastgate hub", "Town hall", "")),
            "actors": rng.sample(actors, rng.randint(0, 4)),
            "codes": rng.sample(codes, rng.randint(0, 3)),
        }
        if kind == "memo":
            record["memo_type"] = rng.choice(("reflexive", "analytic"))
        yield json.dumps(record)


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2), "n": len(ordered)}


def journal_for(size: int) -> Path:
    """A cached journal of ``size`` entries (database only; indexes are built here)."""
    from fieldjournal import Journal

    folder = RESULTS / f"journal-{size}"
    if (folder / "journal.db").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    with Journal.open(folder, search=False) as journal:
        journal.import_lines(generate(size))
    print(f"generated {size} entries in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return folder


def texts(folder: Path) -> list[tuple[str, str, str, str]]:
    conn = sqlite3.connect(folder / "journal.db")
    rows = conn.execute(
        "SELECT id, kind, title, body FROM entry WHERE deleted_at IS NULL"
    ).fetchall()
    conn.close()
    return rows


# --- Fieldjournal -----------------------------------------------------------------------
def cpu_seconds() -> float:
    """CPU time of this process and its finished children (load-independent cost)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


SEARCH_ROUNDS = 12
WARM_ROUNDS = 2  # rounds left out of the figures: caches warming on either side


def fts_search(conn: sqlite3.Connection, label: str) -> None:
    conn.execute(FTS_SEARCH, (FTS_QUERIES[label],)).fetchall()


def paired_search(
    journal: Any, fts: tuple[sqlite3.Connection, dict[str, Any]] | None, out: dict[str, Any]
) -> None:
    """Idle search latency, Fieldjournal and FTS5 query by query in turn (see above)."""
    mine: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    for round_ in range(SEARCH_ROUNDS):
        for label, query in QUERIES:
            pair = [(mine, partial(journal.search, query))]
            if fts is not None:
                pair.append((theirs, partial(fts_search, fts[0], label)))
            if round_ % 2:
                pair.reverse()  # neither side always goes first
            for samples, call in pair:
                samples.setdefault(label, []).append(timed(call))
    out["search"] = summary([x for v in mine.values() for x in v[WARM_ROUNDS:]])
    out["search_by_query"] = {k: summary(v[WARM_ROUNDS:]) for k, v in mine.items()}
    if fts is not None:
        fts[1]["search"] = summary([x for v in theirs.values() for x in v[WARM_ROUNDS:]])
        fts[1]["search_by_query"] = {k: summary(v[WARM_ROUNDS:]) for k, v in theirs.items()}


def bench_fieldjournal(
    folder: Path, out: dict[str, Any], fts: tuple[sqlite3.Connection, dict[str, Any]] | None
) -> None:
    """``fts``: the FTS5 baseline's connection and results, searched in turn with ours."""
    from fieldjournal import Journal

    index = folder / "index"
    rebuild = not (index / "fieldjournal-ledger.sqlite").exists()
    with Journal.open(folder) as journal:
        journal.flush_index()
        if rebuild:
            cpu, start = cpu_seconds(), time.perf_counter()
            count = journal.reindex()
            out["bulk_per_s"] = round(count / (time.perf_counter() - start), 1)
            out["bulk_per_cpu_s"] = round(count / (cpu_seconds() - cpu), 1)
        journal._searching().indexer.settle()
        time.sleep(1.5)  # let the idle merge run, as it would between autosaves
        journal._searching().indexer.settle()
        rng = random.Random(1)
        ids = [s.id for s in journal.list_entries(limit=2000)]
        saves: list[float] = []
        visible: list[float] = []
        for n in range(120):
            entry_id = rng.choice(ids)
            body = journal.get_entry(entry_id).body + f" edit{n}"
            start = time.perf_counter()
            journal.update_entry(entry_id, body=body, autosave=True)
            saves.append((time.perf_counter() - start) * 1000)
            if n % 6 == 0:
                journal.flush_index()
                visible.append((time.perf_counter() - start) * 1000)
            time.sleep(0.02)
        journal.flush_index()
        out["save"] = summary(saves)
        out["save_to_searchable"] = summary(visible)
        # The burst left a segment per commit; once idle, a child process merges them.
        # Searches meanwhile (a researcher who stops typing and searches at once).
        time.sleep(1.2)
        during: list[float] = []
        while not journal._searching().indexer.settle(timeout=0) or not during:
            for _, query in QUERIES:
                during.append(timed(partial(journal.search, query)))
        out["search_during_merge"] = summary(during)
        journal._searching().indexer.settle()  # the indexer is idle: the steady state
        paired_search(journal, fts, out)
        facets = []
        for _ in range(10):
            start = time.perf_counter()
            journal.search("trust", facets=True)
            facets.append((time.perf_counter() - start) * 1000)
        out["facets"] = summary(facets)
    out["first_search"] = first_search(folder)
    out["first_search_busy"] = first_search(folder, busy=True)
    out["memory_mb"] = memory(folder)


PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
from fieldjournal import Journal
j = Journal.open(sys.argv[1], search=sys.argv[2] == "1")
opened = time.perf_counter() - t0
first = None
early = []
if sys.argv[2] == "1":
    t = time.perf_counter(); j.search('"voluntary sector" board'); first = time.perf_counter() - t
    # The search panel also asks for facet counts: the first count reads every entry's.
    t = time.perf_counter(); j.search("trust", facets=True); facets = time.perf_counter() - t
    for q in ["board funding", "volun*", "kind:meeting date:2016"]:
        j.search(q, facets=True)
    # The first seconds after opening: the index is compared with the database, then
    # its files are checksummed, while the researcher searches.
    queries = json.loads(sys.argv[3])
    while not early or time.perf_counter() - t0 < 8:  # at least once, on a slow machine
        for q in queries:
            t = time.perf_counter(); j.search(q); early.append((time.perf_counter() - t) * 1000)
else:
    j.list_entries(limit=50)
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
j.close()
print(json.dumps({"open_ms": opened * 1000, "first_ms": first and first * 1000, "rss_mb": rss,
                  "facets_ms": first and facets * 1000, "early": early}))
"""


# An installed app has its modules compiled: PYTHONDONTWRITEBYTECODE (set in some shells)
# would time the compiling of every module in front of the first search.
INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Probe(TypedDict):
    """What PROBE prints; the search figures are None when it ran without the index."""

    open_ms: float
    first_ms: float | None
    facets_ms: float | None
    rss_mb: float
    early: list[float]


def probe(folder: Path, search: bool) -> Probe:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(folder),
            "1" if search else "0",
            json.dumps([q for _, q in QUERIES]),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=INSTALLED,
    )
    measured: Probe = json.loads(done.stdout)
    return measured


def first_search(folder: Path, busy: bool = False) -> dict[str, float | dict[str, float]]:
    """Median of three new processes; ``busy``: while another process spins on one core."""
    load = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        runs = [probe(folder, True) for _ in range(3)]
    finally:
        if load is not None:
            load.kill()
            load.wait()
    first = [r["first_ms"] for r in runs if r["first_ms"] is not None]
    facets = [r["facets_ms"] for r in runs if r["facets_ms"] is not None]
    assert len(first) == len(facets) == len(runs)  # each probe searched
    return {
        "open_ms": round(statistics.median(r["open_ms"] for r in runs), 1),
        "first_search_ms": round(statistics.median(first), 1),
        "first_facets_ms": round(statistics.median(facets), 1),
        "search_first_8_s": summary([x for r in runs for x in r["early"]]),
    }


def memory(folder: Path) -> dict[str, float]:
    bare, full = probe(folder, False), probe(folder, True)
    return {
        "without_index": round(bare["rss_mb"], 1),
        "with_index": round(full["rss_mb"], 1),
        "added": round(full["rss_mb"] - bare["rss_mb"], 1),
    }


# --- bare Whoosh ------------------------------------------------------------------------
def bench_whoosh(rows: list[tuple[str, str, str, str]], out: dict[str, Any]) -> None:
    from whoosh import index, qparser
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    target = RESULTS / f"whoosh-{len(rows)}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    schema = Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=TEXT(stored=True, field_boost=2.0),
        body=TEXT(stored=True, analyzer=StemmingAnalyzer()),
    )
    ix = index.create_in(str(target), schema)
    cpu, start = cpu_seconds(), time.perf_counter()
    writer = ix.writer(limitmb=256)
    for entry_id, kind, title, body in rows:
        writer.add_document(id=entry_id, kind=kind, title=title, body=body)
    writer.commit()
    out["bulk_per_s"] = round(len(rows) / (time.perf_counter() - start), 1)
    out["bulk_per_cpu_s"] = round(len(rows) / (cpu_seconds() - cpu), 1)
    rng = random.Random(1)
    saves = []
    for n in range(40):
        entry_id, kind, title, body = rng.choice(rows)
        start = time.perf_counter()
        w = ix.writer()
        w.update_document(id=entry_id, kind=kind, title=title, body=body + f" edit{n}")
        w.commit()
        saves.append((time.perf_counter() - start) * 1000)
    out["save"] = summary(saves)
    parser = qparser.MultifieldParser(["title", "body"], schema)
    samples = []
    with ix.searcher() as searcher:
        for _ in range(6):
            for _, query in QUERIES:
                q = parser.parse(query.replace("date:[2016-01-01 to 2016-06-30] ", ""))
                start = time.perf_counter()
                for hit in searcher.search(q, limit=20):
                    hit.highlights("body")
                samples.append((time.perf_counter() - start) * 1000)
    out["search"] = summary(samples[len(QUERIES) :])


# --- SQLite FTS5 ------------------------------------------------------------------------
def bench_fts5(rows: list[tuple[str, str, str, str]], out: dict[str, Any]) -> sqlite3.Connection:
    """Build the FTS5 baseline and time its saves; its searches are timed in turn with
    Fieldjournal's (``paired_search``) on the connection returned."""
    path = RESULTS / f"fts5-{len(rows)}.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, kind UNINDEXED, title, body, "
        "tokenize='porter unicode61')"
    )
    cpu, start = cpu_seconds(), time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO fts VALUES (?, ?, ?, ?)", rows)
    out["bulk_per_s"] = round(len(rows) / (time.perf_counter() - start), 1)
    out["bulk_per_cpu_s"] = round(len(rows) / max(1e-6, cpu_seconds() - cpu), 1)
    rng = random.Random(1)
    saves = []
    for n in range(40):
        entry_id, kind, title, body = rng.choice(rows)
        start = time.perf_counter()
        with conn:
            conn.execute("DELETE FROM fts WHERE id = ?", (entry_id,))
            conn.execute(
                "INSERT INTO fts VALUES (?, ?, ?, ?)", (entry_id, kind, title, body + f" e{n}")
            )
        saves.append((time.perf_counter() - start) * 1000)
    out["save"] = summary(saves)
    return conn


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def cell(data: dict[str, Any], key: str) -> tuple[str, float | None]:
    """The printed value (median/p95 or a rate) and the figure ratios compare (p95 or rate)."""
    value = data.get(key)
    if value is None:
        return "-", None
    if isinstance(value, dict):
        return f"{value['median']}/{value['p95']}", value["p95"]
    return str(value), value


def report(results: dict[str, Any]) -> None:
    head = ("size", "measure", "Fieldjournal", "bare Whoosh", "FTS5", "FJ/Whoosh", "FJ/FTS5")
    print("{:>6}  {:<24} {:>14} {:>14} {:>14} {:>10} {:>8}".format(*head))
    rows = (
        ("save", "save ms (med/p95)"),
        ("search", "search ms idle (med/p95)"),
        ("bulk_per_s", "bulk entries/s (wall)"),
        ("bulk_per_cpu_s", "bulk entries/CPU-s"),
    )
    for size, r in results.items():
        fj, wh, ft = r["fieldjournal"], r.get("whoosh", {}), r.get("fts5", {})
        for key, label in rows:
            (a, pa), (b, pb), (c, pc) = cell(fj, key), cell(wh, key), cell(ft, key)
            line = f"{size:>6}  {label:<24} {a:>14} {b:>14} {c:>14} {ratio(pa, pb):>10} "
            print(line + f"{ratio(pa, pc):>8}")
        print(f"{size:>6}  {'save->searchable ms':<24} {cell(fj, 'save_to_searchable')[0]:>14}")
        for label, v in fj["search_by_query"].items():
            print(f"{size:>6}    {label:<22} {v['median']:>7}/{v['p95']}")
        print(f"{size:>6}  {'facets ms (med/p95)':<24} {cell(fj, 'facets')[0]:>14}")
        print(f"{size:>6}  {'search during merge ms':<24} {cell(fj, 'search_during_merge')[0]:>14}")
        first = fj["first_search"]
        print(f"{size:>6}  {'first search ms':<24} {first['first_search_ms']:>14}")
        busy = fj["first_search_busy"]
        print(f"{size:>6}  {'  with a core busy ms':<24} {busy['first_search_ms']:>14}")
        print(f"{size:>6}  {'then first facets ms':<24} {first['first_facets_ms']:>14}")
        early = cell(first, "search_first_8_s")[0]
        print(f"{size:>6}  {'search 8 s after open ms':<24} {early:>14}")
        print(f"{size:>6}  {'open ms (new process)':<24} {first['open_ms']:>14}")
        m = fj["memory_mb"]
        print(f"{size:>6}  {'RSS MB without index':<24} {m['without_index']:>14}")
        print(f"{size:>6}  {'RSS MB with index':<24} {m['with_index']:>14}  (adds {m['added']})")


def main() -> int:
    global RESULTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=10000,
        help="build the bare Whoosh and FTS5 baselines only up to this size",
    )
    parser.add_argument(
        "--fts5-max", type=int, default=50000, help="build the FTS5 baseline up to this size"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the Fieldjournal indexes")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="where corpora, indexes and JSON go"
    )
    args = parser.parse_args()
    RESULTS = args.results
    RESULTS.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        folder = journal_for(size)
        if args.fresh:
            shutil.rmtree(folder / "index", ignore_errors=True)
        r: dict[str, Any] = {"fieldjournal": {}}
        rows = texts(folder) if size <= max(args.baseline_max, args.fts5_max) else []
        fts: tuple[sqlite3.Connection, dict[str, Any]] | None = None
        if size <= args.fts5_max:
            r["fts5"] = {}
            fts = (bench_fts5(rows, r["fts5"]), r["fts5"])
        try:
            bench_fieldjournal(folder, r["fieldjournal"], fts)
        finally:
            if fts is not None:
                fts[0].close()
        if size <= args.baseline_max:
            r["whoosh"] = {}
            bench_whoosh(rows, r["whoosh"])
        results[str(size)] = r
        (RESULTS / "bench.json").write_text(json.dumps(results, indent=2))
    report(results)
    print(f"\nwritten {RESULTS / 'bench.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
