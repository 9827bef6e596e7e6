"""Time every solved notebook (executed offline under nbval, as the test command runs them); print a table.

    python benchmarks/run.py              every notebook, then each notebook's own benchmark
    python benchmarks/run.py 02 07        notebooks 02 and 07 and their benchmarks
    python benchmarks/run.py --only-notebooks
    python benchmarks/run.py --quick      the notebooks' benchmarks on small sizes (a smoke test)
Goal per notebook: at most 60 s on a 2-core CPU laptop (90 s for 07-09, which train networks).
The notebooks' own benchmarks are benchmarks/nbNN.py (and distances.py, real_data.py for 02).
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
GOAL_TRAINING_S = 90.0  # notebooks 07-09 train convolutional networks
EXTRA = {"02": ["distances.py", "real_data.py"]}  # benchmarks older than the nbNN.py naming


def goal(name: str) -> float:
    """The execution-time goal of a notebook, in seconds.  Used by make bench."""
    return GOAL_TRAINING_S if name[:2] >= "07" else GOAL_S


NBVAL = ["-m", "pytest", "-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env", "-q"]
NOTEBOOK_TIMEOUT_S = 900


def time_notebook(path: Path) -> float:
    """Wall seconds to execute one notebook under nbval, in its own process, as the test command does.

    A fresh process per notebook (with a timeout) rather than nbclient inside this one: in-process
    nbclient once waited forever on an idle kernel here.  The time includes the kernel's start.
    """
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, *NBVAL, str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=NOTEBOOK_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(
            f"{path.name} did not finish within {NOTEBOOK_TIMEOUT_S} s; open it in JupyterLab to see where."
        ) from None
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-15:])
        raise SystemExit(f"{path.name} failed under nbval (exit {done.returncode}):\n{tail}")
    return seconds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("numbers", nargs="*", help="notebook numbers to time (default: all)")
    ap.add_argument("--only-notebooks", action="store_true", help="skip the notebooks' own benchmarks")
    ap.add_argument("--repeat", type=int, default=1, help="run each notebook this many times (best is shown)")
    ap.add_argument("--quick", action="store_true", help="run the notebooks' benchmarks on small sizes")
    args = ap.parse_args(argv)
    os.environ["COURSE_OFFLINE"] = "1"
    paths = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))  # the solved versions
    if args.numbers:
        paths = [p for p in paths if p.name[:2] in args.numbers]
    rows = []
    for p in paths:
        print(f"running {p.name} …", file=sys.stderr, flush=True)
        rows.append((p.name, [time_notebook(p) for _ in range(args.repeat)]))
    total = sum(min(times) for _, times in rows)
    cores = os.cpu_count()
    runs = f"best of {args.repeat} runs" if args.repeat > 1 else "one run"
    print(f"\nSolved notebooks, executed offline, {cores} CPU cores, {runs} (goal in seconds)\n")
    print("| notebook | seconds | slowest run | goal | within goal |")
    print("|---|---:|---:|---:|:---:|")
    for name, times in rows:
        best = min(times)
        ok = "yes" if best <= goal(name) else "NO"
        print(f"| {name} | {best:.1f} | {max(times):.1f} | {goal(name):.0f} | {ok} |")
    print(f"| **total** | **{total:.1f}** | | | |")
    if args.only_notebooks:
        return 0
    numbers = args.numbers or sorted({p.name[:2] for p in paths})
    for number in numbers:
        scripts = EXTRA.get(number, []) + [f"nb{number}.py"]
        for script in scripts:
            if not (ROOT / "benchmarks" / script).exists():
                continue
            print(f"\n## {script}\n")
            sys.stdout.flush()
            extra = ["--quick"] if args.quick and script.startswith("nb") else []
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *extra], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
