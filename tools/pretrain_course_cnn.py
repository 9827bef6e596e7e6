"""Train the course's small CNN on Fashion-MNIST classes 0–4 and save it to data/pretrained/.

    python tools/pretrain_course_cnn.py            # about a minute on 2 CPU cores
    python tools/pretrain_course_cnn.py --out /tmp/cnn.keras --epochs 4

Data: the real Fashion-MNIST through ``utils.datasets.load_fashion_mnist`` (the Keras cache, a local
copy such as Debian's /usr/share/datasets/fashion-mnist, or the download), only the 30,000 training
images of classes 0–4 (T-shirt/top, Trouser, Pullover, Dress, Coat).  Seed 0, Adam 1e-3, batch 128.
The script refuses to train on the drawn stand-in.  It prints the test accuracy on classes 0–4, the
file's size and its SHA-256: put that in ``utils.transfer.COURSE_CNN_SHA256`` and data/README.md.
(A .keras file records when it was saved, so every run gives a new SHA-256.)

Used by make bench (the file notebook 08 loads); the architecture is utils.transfer.build_course_cnn.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from utils import session, transfer  # noqa: E402
from utils.datasets import load_fashion_mnist  # noqa: E402
from utils.env import import_keras  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=transfer.COURSE_CNN_PATH)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=transfer.COURSE_CNN_SEED)
    args = parser.parse_args(argv)

    ds = load_fashion_mnist()
    if not ds.is_real:
        print("✘ The real Fashion-MNIST is needed (install dataset-fashion-mnist or go online).")
        return 1
    keras = import_keras()
    session.seed_everything(args.seed)
    classes = (0, 1, 2, 3, 4)
    (x, y), (xt, yt) = transfer.fashion_split(
        ds, classes, n_per_class=None, n_test_per_class=1000, seed=args.seed
    )
    model = transfer.build_course_cnn(5, seed=args.seed)
    model.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x, y, batch_size=128, epochs=args.epochs, verbose=2, shuffle=True)
    seconds = time.perf_counter() - start
    _, acc = model.evaluate(xt, yt, batch_size=512, verbose=0)
    fresh = transfer.build_course_cnn(5)  # saved without optimizer state: smaller, loads anywhere
    fresh.set_weights(model.get_weights())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fresh.save(args.out)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"trained {len(x):,} images of classes 0–4 for {args.epochs} epochs in {seconds:.0f} s")
    print(f"test accuracy on {len(xt):,} test images of classes 0–4: {acc:.4f}")
    print(f"saved {args.out} ({args.out.stat().st_size:,} bytes), Keras {keras.__version__}")
    print(f"sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
