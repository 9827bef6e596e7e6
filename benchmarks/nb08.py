"""Benchmark for notebook 08: model comparison timings and the offline transfer experiment.

Run from the repository root:   python benchmarks/nb08.py            (the full run: about 10 min on 2 cores)
                                python benchmarks/nb08.py --quick    (a smoke test: fewer repeats and seeds)

Tables (markdown):
  1. MobileNetV2, EfficientNetB0, ResNet50 and VGG16 (random weights: timing needs no download):
     parameters, documented file size and top-1, CPU milliseconds per 224×224 image at batch 1 and
     batch 8, best of ``--repeats`` with the spread (min–max), side by side in one run;
  2. the offline transfer experiment (utils.transfer.run_transfer_experiment): Fashion-MNIST classes
     5–9 with 1, 5, 10 and 50 examples per class, from scratch vs frozen features + new head vs
     fine-tuning, the notebook's budget (120 steps), mean ± standard deviation over ``--seeds`` seeds,
     plus from scratch with 5× the steps;
  3. embedding time per image of the course CNN's feature extractor (what notebook 09 uses offline);
  4. the solved notebook's offline execution time (nbclient), unless ``--no-notebook``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOK = "notebooks/solutions/08_transfer_learning.ipynb"


def _spread(values, fmt="{:.0f}"):
    return f"{fmt.format(min(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def model_table(repeats: int) -> None:
    from utils import transfer

    print("\n### keras.applications on this CPU (random weights; best of", repeats, "with min–max)\n")
    print("| model | parameters | file (MB) | top-1 (Keras docs) | ms/image, batch 1 | ms/image, batch 8 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in transfer.ARCHITECTURES:
        model = transfer.build_architecture(name)
        one = transfer.time_inference(model, batch=1, repeats=repeats)
        eight = transfer.time_inference(model, batch=8, repeats=repeats)
        arch = transfer.ARCHITECTURES[name]
        print(
            f"| {name} | {model.count_params():,} | {arch.size_mb} | {arch.top1:.1%} | "
            f"{_spread(one)} | {_spread(eight)} |"
        )
        transfer.build_architecture.cache_clear()  # one big model in memory at a time


def transfer_table(seeds, steps: int) -> None:
    from utils import transfer
    from utils.datasets import load_fashion_mnist

    with contextlib.redirect_stdout(io.StringIO()):
        ds = load_fashion_mnist()
    print(f"\n### Offline transfer: Fashion-MNIST classes 5–9 ({ds.source} data), {len(seeds)} seeds\n")
    pretrained = transfer.load_course_cnn()
    res = transfer.run_transfer_experiment(ds, pretrained, seeds=seeds, steps=steps)
    long = transfer.run_transfer_experiment(ds, pretrained, seeds=seeds, steps=5 * steps)
    print(
        f"| per class | from scratch ({steps} steps) | frozen + head | fine-tuning "
        f"| from scratch ({5 * steps} steps) |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n in res.ns:
        cells = [
            f"{np.mean(r.scores[m][n]):.3f} ± {np.std(r.scores[m][n]):.3f}"
            for r, m in [
                (res, transfer.METHODS[0]),
                (res, transfer.METHODS[1]),
                (res, transfer.METHODS[2]),
                (long, transfer.METHODS[0]),
            ]
        ]
        print(f"| {n} | " + " | ".join(cells) + " |")
    print(
        f"\n(1,000 test images of the new classes; {res.seconds:.0f} s for the notebook's budget, "
        f"{long.seconds:.0f} s for the longer run)"
    )


def embedding_table(repeats: int) -> None:
    from utils import datasets, transfer

    fx = transfer.feature_extractor("course_cnn", verbose=False)
    photo = datasets.sample_photo("chelsea")
    fx.embed([photo])
    rows = []
    for n in (1, 32):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fx.embed([photo] * n)
            times.append((time.perf_counter() - start) * 1000 / n)
        rows.append((n, times))
    print("\n### Embedding time per image (the course CNN, a 300×451 photo in)\n")
    print("| images per call | ms per image, best (min–max) |")
    print("|---:|---:|")
    for n, times in rows:
        print(f"| {n} | {_spread(times, '{:.2f}')} |")


def notebook_time() -> None:
    import nbformat
    from nbclient import NotebookClient

    os.environ["COURSE_OFFLINE"] = "1"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "notebooks/solutions"}}
    ).execute()
    print(
        f"\n### Notebook\n\n| notebook | offline execution (s) |\n|---|---:|\n"
        f"| {NOTEBOOK} | {time.perf_counter() - start:.0f} |"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 seed, 2 repeats, no notebook run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--no-notebook", action="store_true")
    args = parser.parse_args(argv)
    from utils import session, transfer

    session.seed_everything(0)
    repeats = 2 if args.quick else args.repeats
    seeds = (0,) if args.quick else tuple(range(args.seeds))
    print("# Notebook 08 benchmark" + (" (--quick)" if args.quick else ""))
    model_table(repeats)
    transfer_table(seeds, transfer.EXPERIMENT_STEPS)
    embedding_table(repeats)
    if not (args.quick or args.no_notebook):
        notebook_time()
    return 0


if __name__ == "__main__":
    sys.exit(main())
