"""Deduplication: quality on a labelled set of planted copies, and scale of the state at 1,000,000 documents.

    python scripts/bench_dedup.py                         # both parts (a few minutes)
    python scripts/bench_dedup.py --skip-scale --shingles 1,2,3,4,5
    python scripts/bench_dedup.py --skip-quality --docs 100000

Quality. The originals are the human-annotated article bodies of
../shared/benchmarks/scrapinghub/ground-truth.json with at least
VALIDATE_MIN_WORDS words (shorter ones are never stored by a crawl), each
headed by a headline made from its URL's slug. Every original gets one planted
copy of each kind: paragraphs reordered; a 21-word cruft block (share bar,
advertisement, newsletter call) split over top and bottom; the last quarter of the
words cut; 5/10/20/40% of the word tokens replaced by tokens drawn from the
corpus's running text; the headline replaced. The negatives are distinct texts
on an original's subject: paragraphs of four other articles with the
original's distinctive words injected ("same subject"), the same plus one
paragraph of the original ("shared background"), and the original's first 40%
followed by other articles' paragraphs ("follow-up"). Originals and negatives
are checked and stored in order (an original or negative reported as a copy is
a false positive); then each copy is checked against them without being stored.
A copy counts as found when it is reported a duplicate of its own original;
reported against another text it is a false positive. `J` is the exact Jaccard
similarity of the pair's shingle sets (the quantity the threshold is about).

Scale. Fingerprints of synthetic documents (random keys and signatures, which
is what MinHash values of distinct texts look like) are inserted into a fresh
SQLite state in batches of 10,000 (one transaction each, as `scrapy dedup` does),
then looked up as the dedup stage does for a new text: URL keys, band keys, and
the candidates' signatures compared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.dedup.deduplicator import DedupConfig, Deduplicator  # noqa: E402
from crawler.dedup.fingerprints import text_words, url_id  # noqa: E402
from crawler.dedup.lsh import acceptance_cutoff, candidate_probability, similarities  # noqa: E402
from crawler.dedup.minhash import MinHashConfig, MinHasher  # noqa: E402
from crawler.settings import DEDUP_BANDS, DEDUP_NEAR_THRESHOLD, DEDUP_ROWS, DEDUP_SHINGLE_WORDS, VALIDATE_MIN_WORDS  # noqa: E402
from crawler.store.base import NewFingerprints  # noqa: E402
from crawler.store.sqlite import SQLiteStore  # noqa: E402

GROUND_TRUTH = ROOT.parent / "shared" / "benchmarks" / "scrapinghub" / "ground-truth.json"
CRUFT = [
    "Share this article: Facebook Twitter Email",
    "Advertisement",
    "Sign up for our morning newsletter and get the top stories in your inbox.",
]
CLOSE_KINDS = ("reorder", "cruft", "edit 5%", "edit 10%", "headline")  # the kinds the done criteria name
COPY_KINDS = (*CLOSE_KINDS, "truncated", "edit 20%", "edit 40%")
NEGATIVE_KINDS = ("same subject", "shared background", "follow-up")
BATCH = 10_000


@dataclass
class Case:
    kind: str
    text: str
    url: str
    original: str | None  # id of the original a copy copies; None for originals and negatives
    about: str | None = None  # a negative: id of the original whose subject it shares


def headline(url: str, words: list[str]) -> str:
    slug = [w for w in re.split(r"[^A-Za-z]+", url.rstrip("/").rsplit("/", 1)[-1]) if len(w) > 1]
    return " ".join(slug[:12]).capitalize() if len(slug) >= 4 else " ".join(words[:10])


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def reorder(body: str, rng: random.Random) -> str:
    parts = paragraphs(body)
    if len(parts) < 3:
        parts = re.split(r"(?<=[.!?])\s+", body)
    shuffled = parts[:]
    while len(parts) > 1 and shuffled == parts:
        rng.shuffle(shuffled)
    return "\n".join(shuffled)


def edit(text: str, share: float, rng: random.Random, corpus: list[str]) -> str:
    tokens = text.split(" ")
    for i in rng.sample(range(len(tokens)), max(1, round(share * len(tokens)))):
        tokens[i] = rng.choice(corpus)
    return " ".join(tokens)


def mixed_paragraphs(others: list[list[str]], rng: random.Random, count: int) -> list[str]:
    return [rng.choice(others[rng.randrange(len(others))]) for _ in range(count)]


def labelled_set(path: Path, seed: int = 7) -> list[Case]:
    """Originals, then negatives, then copies, each with its label."""
    truth = json.loads(path.read_text(encoding="utf-8"))
    docs = [truth[k] for k in sorted(truth) if len(truth[k]["articleBody"].split()) >= VALIDATE_MIN_WORDS]
    rng = random.Random(seed)
    corpus = [w for d in docs for w in d["articleBody"].split()]
    df = Counter(w for d in docs for w in set(text_words(d["articleBody"])))
    originals, negatives, copies = [], [], []
    for i, d in enumerate(docs):
        body, url = d["articleBody"], d["url"]
        head = headline(url, body.split())
        text = f"{head}\n{body}"
        originals.append(Case("original", text, url, None))
        oid = url_id(url)
        others = [paragraphs(o["articleBody"]) for j, o in enumerate(docs) if j != i]
        own = paragraphs(body)
        words = body.split()
        distinctive = sorted(set(text_words(body)), key=lambda w: (df[w], w))[:15]
        topical = [edit("\n".join(mixed_paragraphs(others, rng, 4)), 0.1, rng, distinctive) for _ in range(2)]
        negatives += [
            Case("same subject", f"{head}\n{topical[0]}", f"https://same-subject.example/{i}", None, oid),
            Case("shared background", f"{head}\n{topical[1]}\n{max(own, key=len)}", f"https://background.example/{i}", None, oid),
            Case("follow-up", f"{head}\n{' '.join(words[: int(len(words) * 0.4)])}\n" + "\n".join(
                mixed_paragraphs(others, rng, 4)), f"https://follow-up.example/{i}", None, oid),
        ]  # fmt: skip
        variants = {
            "reorder": f"{head}\n{reorder(body, rng)}",
            "cruft": "\n".join([*CRUFT[:2], text, *CRUFT[2:]]),
            "truncated": " ".join(text.split(" ")[: int(len(text.split(" ")) * 0.75)]),
            "headline": f"{' '.join(rng.sample(words[:40], min(10, len(words[:40]))))}\n{body}",
            **{f"edit {p}%": edit(text, p / 100, rng, corpus) for p in (5, 10, 20, 40)},
        }
        copies += [Case(kind, variants[kind], f"https://copy.example/{kind.replace(' ', '-')}/{i}", oid) for kind in COPY_KINDS]
    return originals + negatives + copies


def shingle_set(text: str, k: int) -> set[tuple[str, ...]]:
    words = text_words(text)
    if len(words) < k:
        return {tuple(words)}
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def run_quality(cases: list[Case], config: DedupConfig, workdir: Path) -> dict[str, dict[str, float]]:
    """Check every case; per kind: n, mean J to its original, found, false positives."""
    store = SQLiteStore(workdir / f"quality-{config.minhash.shingle_words}.db")
    dedup = Deduplicator(store, config)
    k = config.minhash.shingle_words
    texts = {url_id(c.url): c.text for c in cases if c.original is None}
    rows: dict[str, dict[str, float]] = {}
    candidates, seen = [], []
    for case in cases:
        row = rows.setdefault(case.kind, Counter())
        row["n"] += 1
        verdict = dedup.check(case.url, case.url, case.text)
        candidates.append(len(store.docs_by_bands(dedup.hasher.sketch(case.text).band_keys)))
        flagged = verdict.kind in ("exact", "near")
        if case.original is None:
            row["fp"] += flagged
            shingles = shingle_set(case.text, k)
            if case.about is not None:  # a negative: similarity to the original whose subject it shares
                j = jaccard(shingles, shingle_set(texts[case.about], k))
            else:  # an original: similarity to the nearest original before it
                j = max((jaccard(shingles, s) for s in seen), default=0.0)
                seen.append(shingles)
            row["J"], row["Jmax"] = row["J"] + j, max(row["Jmax"], j)
            if not flagged:
                dedup.claim(verdict)
                dedup.commit([verdict.token])
            continue
        j = jaccard(shingle_set(case.text, k), shingle_set(texts[case.original], k))
        row["J"] += j
        right = flagged and verdict.duplicate_of == case.original
        row["found"] += right
        row["fp"] += flagged and not right
        bucket = "J >= 0.8" if j >= 0.8 else "0.6 <= J < 0.8" if j >= 0.6 else "J < 0.6"
        rows.setdefault(bucket, Counter())["n"] += 1
        rows[bucket]["found"] += right
    store.close()
    rows["_"] = Counter(cand_mean=statistics.mean(candidates), cand_max=max(candidates))
    return rows


def print_quality(rows: dict[str, dict[str, float]], config: DedupConfig) -> None:
    m = config.minhash
    cutoff = acceptance_cutoff(config.threshold, m)
    print(f"\n== Quality: shingle={m.shingle_words} word(s), {m.bands} bands x {m.rows} rows, signature "
          f"{m.signature_perms} x {m.signature_bits} bit, threshold {config.threshold} (cutoff {cutoff:.3f})")
    print(f"{'kind':28} {'n':>5} {'mean J':>7} {'recall':>7} {'precision':>9} {'false pos':>9}")
    for kind in (*COPY_KINDS, "J >= 0.8", "0.6 <= J < 0.8", "J < 0.6"):
        r = rows.get(kind, Counter())
        if not r["n"]:
            continue
        flagged = r["found"] + r["fp"]
        mean_j = f"{r['J'] / r['n']:.3f}" if "J" in r else ""
        precision = f"{r['found'] / flagged:.3f}" if flagged else "-"
        print(f"{kind:28} {r['n']:5.0f} {mean_j:>7} {r['found'] / r['n']:7.3f} {precision:>9} {r['fp']:9.0f}")
    for kind in ("original", *NEGATIVE_KINDS):
        r = rows[kind]
        mean_j = f"{r['J'] / r['n']:.3f}" if "J" in r else ""
        top = f"  (max J {r['Jmax']:.3f})" if "Jmax" in r else ""
        print(f"{'negative: ' + kind:28} {r['n']:5.0f} {mean_j:>7} {'':>7} {'':>9} {r['fp']:9.0f}{top}")
    found = sum(rows[k]["found"] for k in COPY_KINDS)
    fps = sum(rows[k]["fp"] for k in (*COPY_KINDS, "original", *NEGATIVE_KINDS))
    close = [rows[k] for k in CLOSE_KINDS]
    print(f"overall precision {found / max(1, found + fps):.4f} ({fps:.0f} false positives); recall of "
          f"{'/'.join(CLOSE_KINDS)} {sum(r['found'] for r in close) / sum(r['n'] for r in close):.4f}; "
          f"candidates per check mean {rows['_']['cand_mean']:.2f} max {rows['_']['cand_max']:.0f}")


def print_s_curve(config: DedupConfig) -> None:
    m, points = config.minhash, (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
    print(f"\nS-curve, P(candidate) = 1-(1-s^{m.rows})^{m.bands}: "
          + "  ".join(f"{s}: {candidate_probability(s, m.bands, m.rows):.3f}" for s in points))


def synthetic_batch(rng: np.random.Generator, n: int, m: MinHashConfig) -> list[NewFingerprints]:
    ints = rng.integers(-(2**63), 2**63 - 1, size=(n, 2), dtype=np.int64)
    urls = rng.integers(1, 2**63 - 1, size=n, dtype=np.int64)
    bands = rng.integers(-(2**31), 2**31 - 1, size=(n, m.bands), dtype=np.int64)
    sigs = rng.bytes(n * m.signature_bytes)
    size = m.signature_bytes
    return [
        NewFingerprints(int(ints[i, 0]), 1, int(ints[i, 1]), sigs[i * size : (i + 1) * size], (int(urls[i]),),
                        tuple(bands[i].tolist()))
        for i in range(n)
    ]  # fmt: skip


def run_scale(docs: int, config: DedupConfig, workdir: Path, lookups: int = 20_000) -> None:
    m = config.minhash
    path = workdir / "scale.db"
    store = SQLiteStore(path)
    rng = np.random.default_rng(11)
    spent = cpu = 0.0
    probes: list[NewFingerprints] = []
    for start in range(0, docs, BATCH):
        batch = synthetic_batch(rng, min(BATCH, docs - start), m)
        probes += rng.choice(np.array(batch, dtype=object), size=max(1, lookups // 2 * len(batch) // docs)).tolist()
        t, c = time.perf_counter(), time.process_time()
        store.add_fingerprints(batch)
        spent, cpu = spent + time.perf_counter() - t, cpu + time.process_time() - c
    singles, t = synthetic_batch(rng, 1_000, m), time.perf_counter()
    for fp in singles:  # the crawl's path: one article per transaction, fsynced
        store.add_fingerprints([fp])
    single_rate = len(singles) / (time.perf_counter() - t)
    store.close()
    total = docs + len(singles)
    size = path.stat().st_size + sum(p.stat().st_size for p in workdir.glob("scale.db-*"))
    store = SQLiteStore(path)
    misses = synthetic_batch(rng, len(probes), m)
    queries = [(fp.url_keys, fp.band_keys, fp.signature) for fp in probes + misses]
    random.Random(3).shuffle(queries)
    times, cpu_times, found = [], [], 0
    cutoff = acceptance_cutoff(config.threshold, m)
    for urls, bands, signature in queries:
        t, c = time.perf_counter(), time.thread_time()
        hit = store.doc_by_url(urls)
        candidates = store.docs_by_bands(bands)
        scores = similarities(signature, [c.signature for c in candidates], m)
        times.append(time.perf_counter() - t)
        cpu_times.append(time.thread_time() - c)
        found += hit is not None and bool(len(scores)) and float(scores.max()) >= cutoff
    store.close()
    print(f"\n== Scale: {total:,} documents' fingerprints ({m.bands} band keys, {m.signature_bytes}-byte signature, "
          f"1 URL key each)")
    print(f"dedup state on disk: {size / total:.1f} bytes per document ({size / 2**20:.1f} MiB)")
    print(f"inserts: {docs / spent:,.0f} per second in batches of {BATCH:,} ({docs / cpu:,.0f} per CPU-second); "
          f"{single_rate:,.0f} per second one per fsynced transaction")
    print(f"lookups: {len(times):,}, half of them stored documents (found {found:,}): "
          f"{percentiles(times)} wall; {percentiles(cpu_times)} CPU")
    print(f"load average during the run: {os.getloadavg()[1]:.2f} (1 = one busy core of {os.cpu_count()})")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def percentiles(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    return (f"p50 {ordered[len(ordered) // 2] * 1e3:.3f} ms, p99 {ordered[int(len(ordered) * 0.99)] * 1e3:.3f} ms, "
            f"max {ordered[-1] * 1e3:.3f} ms")


def sketch_speed(cases: list[Case], config: DedupConfig) -> None:
    hasher = MinHasher(config.minhash)
    texts = [c.text for c in cases]
    t, c = time.perf_counter(), time.process_time()
    for text in texts:
        hasher.sketch(text)
    print(f"MinHash sketches: {len(texts) / (time.process_time() - c):,.0f} per CPU-second "
          f"(mean {statistics.mean(len(x.split()) for x in texts):.0f} words; wall {time.perf_counter() - t:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ground-truth", type=Path, default=GROUND_TRUTH)
    parser.add_argument("--docs", type=int, default=1_000_000, help="documents in the scale run")
    parser.add_argument("--shingles", default="1,2,3,4,5", help="shingle sizes to compare (the setting's first)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    minhash = MinHashConfig(shingle_words=DEDUP_SHINGLE_WORDS, bands=DEDUP_BANDS, rows=DEDUP_ROWS)
    config = DedupConfig(threshold=DEDUP_NEAR_THRESHOLD, minhash=minhash)
    with tempfile.TemporaryDirectory(prefix="bench-dedup-", dir=os.environ.get("BENCH_TMP")) as tmp:
        if not args.skip_quality:
            cases = labelled_set(args.ground_truth)
            print_s_curve(config)
            print_quality(run_quality(cases, config, Path(tmp)), config)
            for k in (int(x) for x in args.shingles.split(",") if int(x) != minhash.shingle_words):
                other = DedupConfig(threshold=config.threshold, minhash=MinHashConfig(k, minhash.bands, minhash.rows))
                print_quality(run_quality(cases, other, Path(tmp)), other)
            sketch_speed(cases, config)
        if not args.skip_scale:
            run_scale(args.docs, config, Path(tmp))


if __name__ == "__main__":
    main()
