"""Benchmark: the distance matrices of notebook 02, loops versus vectorised versus scikit-learn.

Run from the repository root:   python benchmarks/distances.py   (about a minute on 2 cores)

Data: 500 test x 5,000 training samples of 784 float32 numbers (MNIST-sized), seeded random.
Prints a Markdown table: best-of-3 wall time (the two-loop version runs once: it takes ages),
speed-up over the two loops, and the peak extra memory measured with tracemalloc (NumPy reports
its allocations to tracemalloc), next to what broadcasting all pairs at once would need.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from utils import knn  # noqa: E402

N_TEST, N_TRAIN, DIM = 500, 5_000, 784
REPEATS = 3
GOAL_SPEEDUP = 200  # no-loop L2 vs two loops
GOAL_VS_SKLEARN = 2.0  # no-loop L2 at most this many times slower than scikit-learn


def best_time(fn, repeats):
    """Best wall time over ``repeats`` runs and the result of the last run."""
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def peak_extra_bytes(fn):
    """Peak memory allocated while fn runs, minus the (N, M) result it returns."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    out = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return max(0, peak - out.nbytes)


def mib(n_bytes):
    return f"{n_bytes / 2**20:,.1f} MiB"


def main():
    from sklearn.metrics import pairwise_distances as sk_pairwise

    rng = np.random.RandomState(0)
    X_test = rng.rand(N_TEST, DIM).astype(np.float32)
    X_train = rng.rand(N_TRAIN, DIM).astype(np.float32)
    chunk = knn.chunk_size_for(N_TRAIN, DIM, itemsize=4)
    chunk_bytes = chunk * N_TRAIN * DIM * 4
    naive_bytes = N_TEST * N_TRAIN * DIM * 4

    methods = [
        (
            "two loops, L2",
            lambda: knn.distances_two_loops(X_test, X_train, "l2"),
            1,
            "a Python loop over all 2.5 million pairs",
        ),
        (
            "one loop, L2",
            lambda: knn.distances_one_loop(X_test, X_train, "l2"),
            REPEATS,
            "broadcasts one test row against all of X_train",
        ),
        (
            "no loops, L2",
            lambda: knn.distances_no_loops(X_test, X_train),
            REPEATS,
            "‖a‖² − 2a·b + ‖b‖²: one matrix product",
        ),
        (
            "scikit-learn, L2",
            lambda: sk_pairwise(X_test, X_train, metric="euclidean"),
            REPEATS,
            "sklearn.metrics.pairwise_distances",
        ),
        (
            "chunked, L1",
            lambda: knn.l1_distances_chunked(X_test, X_train),
            REPEATS,
            f"{chunk} test rows per chunk; temporary ≤ chunk·M·D·4 B = {mib(chunk_bytes)}",
        ),
        (
            "scikit-learn, L1",
            lambda: sk_pairwise(X_test, X_train, metric="manhattan"),
            REPEATS,
            "sklearn.metrics.pairwise_distances",
        ),
    ]
    results, reference = {}, {}
    for name, fn, repeats, note in methods:
        seconds, out = best_time(fn, repeats)
        extra = peak_extra_bytes(fn) if repeats > 1 else None
        metric = name.split(", ")[1]
        reference.setdefault(metric, out)
        same = np.allclose(out, reference[metric], rtol=1e-4, atol=1e-3)
        results[name] = (seconds, extra, note, same)
        print(f"  … {name}: {seconds:.3f} s", file=sys.stderr)

    base = results["two loops, L2"][0]
    print(
        f"\n### Distance matrices: {N_TEST} test x {N_TRAIN:,} train x {DIM} float32 "
        f"(NumPy {np.__version__}, {os.cpu_count()} CPU cores)\n"
    )
    print("| method | seconds | speed-up vs two loops | peak extra memory | same values | notes |")
    print("|---|---:|---:|---:|:-:|---|")
    for name, (seconds, extra, note, same) in results.items():
        shown = mib(extra) if extra is not None else "≈ 0 (one row pair at a time; not traced)"
        print(
            f"| {name} | {seconds:.3f} | {base / seconds:,.0f}x | {shown} | {'yes' if same else 'NO'} "
            f"| {note} |"
        )
    print(
        f"| naive broadcast, L1 | – | – | {mib(naive_bytes)} | – | X_test[:, None] − X_train[None]: "
        f"N·M·D·4 B, not run |"
    )
    print(f"\nPeak extra memory = tracemalloc peak minus the (N, M) result ({mib(N_TEST * N_TRAIN * 4)}).")

    speedup = base / results["no loops, L2"][0]
    vs_sklearn = results["no loops, L2"][0] / results["scikit-learn, L2"][0]
    chunk_peak = results["chunked, L1"][1]
    goals = [
        (f"no-loop L2 ≥ {GOAL_SPEEDUP}x faster than two loops", speedup >= GOAL_SPEEDUP, f"{speedup:,.0f}x"),
        (
            f"no-loop L2 within {GOAL_VS_SKLEARN:g}x of scikit-learn",
            vs_sklearn <= GOAL_VS_SKLEARN,
            f"{vs_sklearn:.2f}x scikit-learn's time",
        ),
        (
            "chunked L1 peak memory bounded by the chunk",
            chunk_peak <= chunk_bytes * 1.05 + 2**20,
            f"{mib(chunk_peak)} ≤ {mib(chunk_bytes)} (naive: {mib(naive_bytes)})",
        ),
    ]
    print("\n| goal | met | measured |\n|---|:-:|---|")
    for goal, met, measured in goals:
        print(f"| {goal} | {'yes' if met else 'NO'} | {measured} |")


if __name__ == "__main__":
    main()
