"""Speed benchmarks, printed as ratios (never asserted in tests: machines differ).

    python benchmarks/bench.py [--sizes 1000,4000,16000]

- scaling: load and evaluation time per record at growing repo sizes; a ratio near 1.0 between
  the largest and smallest size per record means linear cost (the engine indexes records once).
- libyaml: the C loader against the pure-Python one on the same files.
- start-up: `safetyduty --help` against a bare `python -c pass`, and the modules --help imports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from safetyduty.load.loader import load_repo
from safetyduty.rules.engine import evaluate

PEOPLE = """\
people:
  - {id: zhang-wei, name: 张伟, posts: [{role: director, from: 2020-01-01}]}
  - {id: li-na, name: 李娜, posts: [{role: safety-lead, from: 2020-01-01}]}
  - id: wang-qiang
    name: 王强
    posts: [{role: industry-lead, sections: [power, chemical-pharma], from: 2020-01-01}]
"""
SECTIONS = ["power", "chemical-pharma", "economic-operation", "general", "office"]


def make_repo(root: Path, count: int) -> None:
    """A repo of `count` records over 2026: inspections, meetings, hazards, rectifications."""
    rng = random.Random(count)
    (root / "data").mkdir(parents=True)
    (root / "data" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    folder = root / "records" / "2026"
    folder.mkdir(parents=True)
    day = dt.date(2026, 1, 1)
    for n in range(count):
        kind = n % 4
        if kind != 3:  # a rectification follows the hazard just before it
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        if kind == 0:
            text = (
                f"kind: inspection\ndate: {day}\ntitle: 检查 {n}\nled_by: [li-na]\n"
                f"participants: [wang-qiang]\nsections: [{rng.choice(SECTIONS)}]\n"
                f"sites: [某单位{n}]\nfeedback_on: {day + dt.timedelta(days=3)}\n"
            )
        elif kind == 1:
            text = f"kind: meeting\ndate: {day}\ntitle: 会议 {n}\ntype: special\nchair: zhang-wei\n"
        elif kind == 2:
            text = (
                f"kind: hazard\ndate: {day}\ndescription: 隐患 {n}\ngrade: general\n"
                f"rectify_by: {day + dt.timedelta(days=20)}\nsection: {rng.choice(SECTIONS)}\n"
            )
        else:
            text = (
                f"kind: rectification\ndate: {day + dt.timedelta(days=30)}\nhazard: r{n - 1}\n"
                "verified_by: [li-na]\n"
            )
        (folder / f"r{n}.yaml").write_text(text, encoding="utf-8")


def timed(function, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    as_of = dt.date(2026, 11, 29)
    tmp = Path(tempfile.mkdtemp(prefix="safetyduty-bench-"))
    try:
        per_record: dict[int, tuple[float, float]] = {}
        print(f"{'records':>8} {'load s':>8} {'eval s':>8} {'load µs/rec':>12} {'eval µs/rec':>12}")
        for size in sizes:
            root = tmp / str(size)
            make_repo(root, size)
            repo, problems = load_repo(root, as_of)
            assert not [p for p in problems if p.severity == "error"], problems[:3]
            load_s = timed(lambda root=root: load_repo(root, as_of))
            eval_s = timed(lambda repo=repo: evaluate(repo, as_of))
            per_record[size] = (load_s / size, eval_s / size)
            print(
                f"{size:>8} {load_s:>8.3f} {eval_s:>8.3f} "
                f"{1e6 * load_s / size:>12.1f} {1e6 * eval_s / size:>12.1f}"
            )
        small, large = min(sizes), max(sizes)
        print(
            f"scaling ratio (per-record cost at {large} / at {small}): "
            f"load {per_record[large][0] / per_record[small][0]:.2f}, "
            f"evaluate {per_record[large][1] / per_record[small][1]:.2f}  (1.0 = linear)"
        )

        texts = [
            p.read_text(encoding="utf-8") for p in (tmp / str(small) / "records" / "2026").iterdir()
        ]
        c_loader = getattr(yaml, "CSafeLoader", None)
        pure = timed(lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in texts])
        if c_loader is not None:
            fast = timed(lambda: [yaml.load(t, Loader=c_loader) for t in texts])
            print(f"libyaml C loader vs pure Python on {small} files: {pure / fast:.1f}x faster")
        else:
            print("libyaml is not available: PyYAML was built without it")

        exe = [sys.executable, "-m", "safetyduty", "--help"]
        bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5)
        helped = timed(lambda: subprocess.run(exe, check=True, capture_output=True), 5)
        print(f"start-up: `safetyduty --help` {helped:.3f} s = {helped / bare:.1f}x a bare python")
        probe = (
            "import sys\nfrom safetyduty.cli.app import app\n"
            "try:\n    app(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('safetyduty.rules.engine', 'holidays', 'jinja2', 'icalendar')"
            " if m in sys.modules]\nprint(heavy)"
        )
        out = (
            subprocess.run(
                [sys.executable, "-c", probe], check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        print(f"heavy modules imported by --help: {out}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
