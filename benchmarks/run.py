"""Time every solved notebook (executed offline, as the test command runs them) and print a table.

    python benchmarks/run.py              all notebooks, then the distance benchmark of notebook 02
    python benchmarks/run.py 02 --only-notebooks
Goal per notebook: at most 60 s on a 2-core CPU laptop.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL_S = 60.0


def time_notebook(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("numbers", nargs="*", help="notebook numbers to time (default: all)")
    ap.add_argument("--only-notebooks", action="store_true", help="skip the distance benchmark")
    args = ap.parse_args(argv)
    os.environ["COURSE_OFFLINE"] = "1"
    paths = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))  # the solved versions
    if args.numbers:
        paths = [p for p in paths if p.name[:2] in args.numbers]
    rows = []
    for p in paths:
        print(f"running {p.name} …", file=sys.stderr, flush=True)
        rows.append((p.name, time_notebook(p)))
    total = sum(s for _, s in rows)
    cores = os.cpu_count()
    print(f"\nSolved notebooks, executed offline, {cores} CPU cores (goal: ≤ {GOAL_S:.0f} s each)\n")
    print("| notebook | seconds | within goal |")
    print("|---|---:|:---:|")
    for name, secs in rows:
        print(f"| {name} | {secs:.1f} | {'yes' if secs <= GOAL_S else 'NO'} |")
    print(f"| **total** | **{total:.1f}** | |")
    if not args.only_notebooks and (ROOT / "benchmarks" / "distances.py").exists():
        print()
        sys.stdout.flush()
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "distances.py")], check=True)
    if not args.only_notebooks and (ROOT / "benchmarks" / "real_data.py").exists():
        sys.stdout.flush()  # k-NN on real Fashion-MNIST and the MNIST sample (skipped where there is none)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "real_data.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
