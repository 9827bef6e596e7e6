"""Benchmark: notebook 09's teachable machine on the CPU: embedding time, add-example + classify latency,
and k-NN on pixels vs embeddings with 5 examples per class.

Run from the repository root:   python benchmarks/nb09.py [--quick] [--threads 2]

1. Embedding time per image (the whole path a photo takes: resize, grayscale or RGB, network) for
   the course's CNN (its layer conv3, as notebook 09 uses it offline, and its 64-number
   second-to-last layer) and MobileNetV2 at input sizes 96 to 224. MobileNetV2 is built with random
   weights (no download needed): the time does not depend on the weights' values.
   Batch 1 (one photo, as the widget does) and batch 64 (the built-in examples).
2. Add-example + classify latency of the teachable machine for one 480×640 photo: embed it, store it,
   then embed a second photo and classify it against 25 and 500 stored examples. Goal: < 100 ms per
   image on 2 cores at the input size notebook 09 uses.
3. The pixels-vs-embeddings table of notebook 09 (5 examples per class, Fashion-MNIST classes 5–9,
   500 test images, 5 draws), offline extractor.

Every timing is the best of several repeats, with the spread (slowest repeat) next to it. TensorFlow
is limited to ``--threads`` CPU threads (default 2, the course's reference laptop).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 100.0


def timed(fn, repeats: int) -> tuple[float, float]:
    """(best, slowest) wall time of ``fn()`` in milliseconds over ``repeats`` runs, after one warm-up."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return min(times), max(times)


def mobilenet_extractor(size: int):
    from utils import transfer
    from utils.env import import_keras

    keras = import_keras()
    model = keras.applications.MobileNetV2(
        weights=None, include_top=False, pooling="avg", input_shape=(size, size, 3)
    )
    return transfer.FeatureExtractor(
        f"MobileNetV2 {size}×{size} (random weights: timing only)",
        "",
        "mobilenet_v2",
        (size, size, 3),
        1280,
        model,
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and sizes (a smoke test)")
    ap.add_argument("--threads", type=int, default=2, help="TensorFlow CPU threads (default 2)")
    ap.add_argument(
        "--cnn", type=Path, default=None, help="a course-CNN .keras file to use instead of data/pretrained"
    )
    args = ap.parse_args(argv)
    os.environ["COURSE_OFFLINE"] = "1"
    warnings.filterwarnings("ignore", message="The structure of `inputs`")
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    from utils import datasets, metrics, teachable, transfer

    if args.cnn is not None:
        transfer.COURSE_CNN_PATH, transfer.COURSE_CNN_SHA256 = args.cnn, ""
    repeats = 3 if args.quick else 7
    sizes = (96, 224) if args.quick else (96, 128, 160, 224)
    with contextlib.redirect_stdout(io.StringIO()):
        base = transfer.feature_extractor(prefer="course_cnn", verbose=False)
        fashion = datasets.load_fashion_mnist(verbose=False)
    conv3 = teachable.extractor_from_layer(base, "conv3")
    rng = np.random.RandomState(0)
    photo = rng.randint(0, 256, (480, 640, 3)).astype(np.uint8)
    photos64 = [rng.randint(0, 256, (480, 640, 3)).astype(np.uint8) for _ in range(64)]
    items64 = list(fashion.x_test[:64])

    extractors = [("course CNN, layer conv3 (notebook 09 offline)", conv3, items64)]
    extractors.append(("course CNN, 2nd-to-last layer (64 numbers)", base, items64))
    extractors += [(f"MobileNetV2 {s}×{s}", mobilenet_extractor(s), photos64) for s in sizes]

    print(
        f"TensorFlow {tf.__version__}, {args.threads} CPU threads, best of {repeats} (slowest in brackets)\n"
    )
    print("### Embedding time per image\n")
    print("| extractor | D | batch 1 (one photo), ms | batch 64, ms per image |")
    print("|---|---:|---:|---:|")
    for name, fx, batch in extractors:
        one = batch[0]
        b1, s1 = timed(lambda fx=fx, one=one: fx.embed([one]), repeats)
        b64, s64 = timed(lambda fx=fx, batch=batch: fx.embed(batch), max(1, repeats // 2))
        print(f"| {name} | {fx.dim} | {b1:.1f} ({s1:.1f}) | {b64 / 64:.2f} ({s64 / 64:.2f}) |")

    print("\n### Add one example + classify one photo (480×640 RGB), per image\n")
    print(f"| extractor | stored examples | add example, ms | classify, ms | within {GOAL_MS:.0f} ms |")
    print("|---|---:|---:|---:|:---:|")
    for name, fx, _ in [extractors[0], extractors[-1]]:
        for n_stored in (25, 500):
            machine = teachable.TeachableMachine(fx.embed, name=fx.name)
            for c in range(5):
                machine.store.add_examples(f"class {c}", rng.rand(n_stored // 5, fx.dim).astype(np.float32))

            def add(machine=machine):
                machine.add_images("class 0", [photo])
                machine.store.remove_example(-1)

            add_best, add_slow = timed(add, repeats)
            cls_best, cls_slow = timed(lambda machine=machine: machine.classify_image(photo, k=3), repeats)
            ok = "yes" if max(add_best, cls_best) < GOAL_MS else "NO"
            add_text, cls_text = f"{add_best:.1f} ({add_slow:.1f})", f"{cls_best:.1f} ({cls_slow:.1f})"
            print(f"| {name} | {n_stored} | {add_text} | {cls_text} | {ok} |")

    print("\n### k-NN with 5 examples per class: pixels vs embeddings (Fashion-MNIST classes 5–9)\n")
    new = [5, 6, 7, 8, 9]
    in_new, in_new_test = np.isin(fashion.y_train, new), np.flatnonzero(np.isin(fashion.y_test, new))
    pool_x, pool_y = fashion.x_train[in_new], fashion.y_train[in_new]
    pool = metrics.per_class_indices(pool_y, 50, seed=1)
    tests = metrics.per_class_indices(fashion.y_test[in_new_test], 100, seed=1)
    start = time.perf_counter()
    results = teachable.compare_pixels_and_embeddings(
        pool_x[pool],
        pool_y[pool],
        fashion.x_test[in_new_test][tests],
        fashion.y_test[in_new_test][tests],
        {"course CNN, 2nd-to-last layer": base.embed, "course CNN, layer conv3": conv3.embed},
        n_per_class=5,
        seeds=range(5),
    )
    seconds = time.perf_counter() - start
    print(f"data: {fashion.source} Fashion-MNIST; 500 test images; 5 draws ({seconds:.1f} s)\n")
    print("| features | mean accuracy | lowest – highest of 5 draws |")
    print("|---|---:|---:|")
    for space, scores in results.items():
        print(f"| {space} | {np.mean(scores):.1%} | {np.min(scores):.1%} – {np.max(scores):.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
