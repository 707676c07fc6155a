"""Batch throughput: corpora of 1, 10, 100 and 1,000 documents built from the seed.

Every document is a different perturbation of the seed (blocks dropped, duplicated, swapped;
adjacent characters swapped inside lines; some documents get extra Chinese paragraphs spliced in
from the other corpus files), so no cache keyed on content can make the larger runs cheaper.

Prints documents per second, seconds per document and per MB, peak memory (parent and workers
sampled together, as RSS and PSS, plus the largest parent and worker alone), and the scaling
ratio between successive sizes. Targets: < 0.5 s per seed-sized document at 100 documents;
t(1000) within 10 % of 10 × t(100); peak memory < 1 GB (RSS: what `top` and a CI runner's limit see).

    .venv/bin/python benchmarks/batch_bench.py                 # 1, 10, 100, 1000 documents
    .venv/bin/python benchmarks/batch_bench.py --max-docs 100  # quicker
    .venv/bin/python benchmarks/batch_bench.py --sizes 100,1000
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Only the batch module: the parent of a batch dispatches and writes the summary, and must not
# carry the pipeline's imports (options=None lets each worker build the default options).
from aligner.batch import run_batch  # noqa: E402

SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
OTHERS = sorted(p for p in (ROOT / "corpora").glob("0*.txt") if p != SEED)


def _blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b.strip()]


def _swap_chars(line: str, rng: random.Random) -> str:
    if len(line) < 4 or line.startswith("<") or "\t" in line:
        return line
    i = rng.randrange(len(line) - 1)
    return line[:i] + line[i + 1] + line[i] + line[i + 2:]


def perturb(seed_blocks: list[str], extra_paragraphs: list[str], rng: random.Random) -> str:
    blocks = list(seed_blocks)
    for _ in range(rng.randint(1, 4)):                       # drop
        if len(blocks) > 10:
            del blocks[rng.randrange(len(blocks))]
    for _ in range(rng.randint(0, 3)):                       # duplicate
        i = rng.randrange(len(blocks))
        blocks.insert(i + 1, blocks[i])
    for _ in range(rng.randint(0, 2)):                       # swap neighbours
        i = rng.randrange(len(blocks) - 1)
        blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    out = []
    for b in blocks:                                         # character swaps inside some lines
        lines = b.split("\n")
        lines = [_swap_chars(ln, rng) if rng.random() < 0.08 else ln for ln in lines]
        out.append("\n".join(lines))
    if extra_paragraphs and rng.random() < 0.3:              # splice in other documents' Chinese
        for _ in range(rng.randint(1, 6)):
            out.insert(rng.randrange(len(out)), rng.choice(extra_paragraphs))
    return "\n\n".join(out) + "\n"


def make_corpus(folder: Path, n: int, rng: random.Random) -> int:
    seed_blocks = _blocks(SEED.read_text(encoding="utf-8"))
    extra = [b for p in OTHERS for b in _blocks(p.read_text(encoding="utf-8")) if 20 <= len(b) <= 400]
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for i in range(n):
        data = perturb(seed_blocks, extra, rng).encode("utf-8")
        (folder / f"doc{i:04d}.txt").write_bytes(data)
        size += len(data)
    return size


def mb(kb: int) -> float:
    return kb / 1024


def _mem_kb(pid: int | str) -> tuple[int, int]:
    """(RSS, PSS) in kB. PSS shares mapped files (the Sudachi dictionary) fairly between workers."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int | str) -> int:
    """RSS from the kernel's counters: cheap, unlike smaps_rollup, which walks every page table
    (~8 ms of CPU for a worker) and would take a real share of the 2 cores being measured."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _tree(pid: int) -> list[int]:
    """pid and its descendants, parent first (the CLI's workers are its children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop(0)
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


class PeakSampler:
    """Samples this process plus its live worker processes, for the true simultaneous peak.

    getrusage only gives the largest single child; the sum over parent and workers at the
    same moment is what has to fit in memory. `pids` gives the processes to sample, parent first.
    """

    def __init__(self, interval: float = 0.1, pids=None, pss_every: float = 2.0):
        self.interval, self.peak_rss, self.peak_pss, self._stop = interval, 0, 0, threading.Event()
        self.pss_every = pss_every  # PSS (smaps_rollup) at each new RSS peak and every so often, not each tick
        self.pids = pids or (lambda: ["self"] + [c.pid for c in multiprocessing.active_children()])
        self.peak_parent = self.peak_worker = 0   # RSS of the parent alone, of the largest worker alone
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last_pss = 0.0
        while not self._stop.is_set():
            pids = self.pids()
            rss = [_rss_kb(p) for p in pids] or [0]
            now = time.monotonic()
            if sum(rss) > self.peak_rss or now - last_pss >= self.pss_every:
                self.peak_pss = max(self.peak_pss, sum(_mem_kb(p)[1] for p in pids))
                last_pss = now
            self.peak_rss = max(self.peak_rss, sum(rss))
            self.peak_parent = max(self.peak_parent, rss[0])
            self.peak_worker = max([self.peak_worker] + rss[1:])
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_size(n: int, src: str, out: str, jobs: int, results, cli: bool = False) -> None:
    """One corpus size in a fresh process, so no size inherits another's loaded models or memory."""
    if cli:
        return run_size_cli(n, src, out, jobs, results)
    with PeakSampler() as sampler:
        t0 = time.perf_counter()
        res = run_batch(src, out, options=None, fail_on="never", jobs=jobs)
        wall = time.perf_counter() - t0
    errors = [d.error for d in res.documents if d.status == "error"]
    per_doc = sum(d.seconds for d in res.documents) / max(1, len(res.documents))
    cpu_doc = sum(d.cpu_seconds for d in res.documents) / max(1, len(res.documents))
    results.put({"wall": wall, "errors": errors, "per_doc": per_doc, "cpu_doc": cpu_doc, "rss": sampler.peak_rss,
                 "pss": sampler.peak_pss, "parent_rss": sampler.peak_parent, "worker_rss": sampler.peak_worker,
                 "self_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                 "child_maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss})


def run_size_cli(n: int, src: str, out: str, jobs: int, results) -> None:
    """The same through `python -m aligner batch`: its parent is the CLI, with every command imported.
    CPU per document here is the whole tree's CPU (parent, warm-ups) over the documents."""
    cmd = [sys.executable, "-m", "aligner", "batch", src, "-o", out, "--jobs", str(jobs), "--fail-on", "never"]
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "CI": "1"})
    with PeakSampler(pids=lambda: _tree(proc.pid)) as sampler:
        proc.wait()
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    rows = json.loads((Path(out) / "summary.json").read_text(encoding="utf-8"))["documents"]
    results.put({"wall": wall, "errors": [r["error"] for r in rows if r["status"] == "error"],
                 "per_doc": sum(r["seconds"] for r in rows) / max(1, len(rows)),
                 "cpu_doc": (cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime) / max(1, n),
                 "rss": sampler.peak_rss, "pss": sampler.peak_pss, "parent_rss": sampler.peak_parent,
                 "worker_rss": sampler.peak_worker, "self_maxrss": 0, "child_maxrss": cpu1.ru_maxrss})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-docs", type=int, default=1000, help="largest corpus size to run (1, 10, 100, 1000)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--sizes", default="", help="comma-separated corpus sizes instead, e.g. 100,1000")
    ap.add_argument("--seed", type=int, default=1, help="random seed for the perturbations")
    ap.add_argument("--cli", action="store_true",
                    help="run each batch through `python -m aligner batch` (the CLI parent) instead of run_batch")
    args = ap.parse_args()
    sizes = ([int(n) for n in args.sizes.split(",")] if args.sizes
             else [n for n in (1, 10, 100, 1000) if n <= args.max_docs])
    rng = random.Random(args.seed)
    seed_mb = SEED.stat().st_size / 1e6
    ctx = multiprocessing.get_context("spawn")
    print(f"seed {SEED.name}: {seed_mb:.3f} MB; jobs={args.jobs}; sizes={sizes}; cpus={os.cpu_count()}; "
          f"{'via the CLI; ' if args.cli else ''}"
          f"load average {os.getloadavg()[0]:.1f} (figures are only meaningful on an otherwise idle machine)")
    print(f"{'docs':>6} {'MB':>7} {'wall s':>8} {'docs/s':>7} {'s/doc':>7} {'s/MB':>7} {'doc s(mean)':>11} {'doc CPU s':>9} "
          f"{'errors':>6} {'RSS MB':>7} {'PSS MB':>7} {'RSS parent/worker':>18} {'maxrss parent/worker':>21}")
    times: dict[int, float] = {}
    peaks: dict[int, tuple[int, int]] = {}
    cpus: dict[int, float] = {}
    work = Path(tempfile.mkdtemp(prefix="aligner-batch-bench-"))
    try:
        for n in sizes:
            src, out = work / f"in{n}", work / f"out{n}"
            size = make_corpus(src, n, rng)
            queue = ctx.Queue()
            proc = ctx.Process(target=run_size, args=(n, str(src), str(out), args.jobs, queue, args.cli))
            proc.start()
            r = queue.get()
            proc.join()
            wall = times[n] = r["wall"]
            peaks[n] = (r["rss"], r["pss"])
            cpus[n] = r["cpu_doc"]
            print(f"{n:>6} {size / 1e6:>7.2f} {wall:>8.2f} {n / wall:>7.2f} {wall / n:>7.3f} "
                  f"{wall / (size / 1e6):>7.2f} {r['per_doc']:>11.3f} {r['cpu_doc']:>9.3f} {len(r['errors']):>6} {mb(r['rss']):>7.0f} "
                  f"{mb(r['pss']):>7.0f} {mb(r['parent_rss']):>8.0f}/{mb(r['worker_rss']):<9.0f} "
                  f"{mb(r['self_maxrss']):>10.0f}/{mb(r['child_maxrss']):<10.0f}", flush=True)
            if r["errors"]:
                print(f"       first error: {r['errors'][0]}")
            shutil.rmtree(src, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"peak memory of a batch, parent + workers sampled together: RSS {mb(max(p[0] for p in peaks.values())):.0f} MB, "
          f"PSS {mb(max(p[1] for p in peaks.values())):.0f} MB (target < 1024; RSS counts the shared dictionary once per process)")
    # t(b) / ((b/a)·t(a)) is the ratio of the wall seconds per document at the two sizes: 1.00 is
    # linear, above 1 the larger batch is slower per document (growth, or a busier machine), below 1
    # the fixed start-up (the workers' warm-up) weighs more on the smaller batch.
    for a, b in zip(sizes, sizes[1:]):
        ratio = times[b] / (times[a] * (b / a))
        print(f"scaling {a}→{b}: t({b}) / ({b / a:g}·t({a})) = {times[b]:.1f} / {b / a * times[a]:.1f} = {ratio:.2f} "
              f"(1.00 = linear; target 0.90–1.10 for 100→1000); CPU per document {cpus[b]:.3f} vs {cpus[a]:.3f} s "
              f"= {cpus[b] / cpus[a]:.2f} (load-independent)")
        # Two sizes fit t = start-up + n·per-document: a ratio below 1 is the start-up amortised, not speed.
        marginal = (times[b] - times[a]) / (b - a)
        print(f"  per document beyond the first {a}: {marginal:.3f} s wall (vs {times[a] / a:.3f} s averaged over {a}); "
              f"fixed start-up ≈ {times[a] - a * marginal:.1f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if 100 in times:
        print(f"at 100 documents: {times[100] / 100:.3f} s per document wall (target < 0.5); "
              f"CPU per document {cpus[100]:.3f} s, i.e. {cpus[100] / args.jobs:.3f} s per document "
              f"with {args.jobs} idle cores")


if __name__ == "__main__":
    main()
