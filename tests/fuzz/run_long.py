"""A long fuzz run: `python tests/fuzz/run_long.py [--inputs N] [--seed S] [--cli-every K]`.

Runs N mutated inputs (default 100,000) through the loader, the engine and every renderer (see
fuzzing.py), printing progress every 1,000 inputs, then inputs tried, inputs per second, how many
were evaluated and rendered, command-line runs, crashes (by signature) and hangs. Inputs that
crash or hang are saved under --save (default: a folder in the temporary directory) to replay.
Exit 1 if anything crashed or hung.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzing import HANG_SECONDS, Seeds, Stats, Target, fuzz  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cli-every", type=int, default=200, help="0: never run the CLI")
    parser.add_argument(
        "--rich-every", type=int, default=10, help="Rich tables and HTML on 1 in K evaluated"
    )
    parser.add_argument(
        "--disk-every", type=int, default=10, help="load_repo from disk on 1 in K inputs"
    )
    parser.add_argument("--save", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(stats: Stats) -> None:
        elapsed = time.perf_counter() - started
        print(
            f"{stats.tried:>9,} inputs  {stats.tried / elapsed:7.1f}/s  "
            f"evaluated {stats.evaluated:,}  crashes {sum(map(len, stats.crashes.values()))}  "
            f"hangs {len(stats.hangs)}",
            flush=True,
        )

    with tempfile.TemporaryDirectory(prefix="safetyduty-fuzz-") as tmp:
        target = Target(Path(tmp) / "repo", Seeds.of_project())
        stats = fuzz(
            target,
            args.inputs,
            args.seed,
            cli_every=args.cli_every,
            rich_every=args.rich_every,
            disk_every=args.disk_every,
            on_progress=progress,
        )
    elapsed = time.perf_counter() - started
    print(f"inputs tried:       {stats.tried:,}")
    print(f"seconds:            {elapsed:,.1f}")
    print(f"inputs per second:  {stats.tried / elapsed:,.1f}")
    print(f"evaluated+rendered: {stats.evaluated:,} (Rich tables and HTML: {stats.rich_runs:,})")
    print(f"command-line runs:  {stats.cli_runs:,} (x{9} commands)")
    print(f"crashes:            {sum(map(len, stats.crashes.values()))}")
    for name, inputs in sorted(stats.crashes.items()):
        print(f"  {len(inputs):>6}  {name}")
    print(f"hangs (> {HANG_SECONDS:g} s): {len(stats.hangs)}")
    if stats.failures:
        save = args.save or Path(tempfile.mkdtemp(prefix="safetyduty-fuzz-found-"))
        save.mkdir(parents=True, exist_ok=True)
        found = [d for inputs in stats.crashes.values() for d in inputs] + stats.hangs
        for number, data in enumerate(found):
            (save / f"{number:05d}.yaml").write_bytes(data)
        print(f"inputs saved in {save}")
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
