"""Speed and memory against the floor, at 1k, 10k and 100k records (issue 15).

    .venv/bin/python benchmarks/perf.py [--sizes 1000,10000,100000] [--pairs 5]

Generates records repos of a realistic mix (inspections, meetings with minutes, hazards and
their rectifications, drills, trainings, reports, letters, approvals, interviews and a few
accidents, one file each) and prints, for each size, ratios to the *floor*: the same record
files read and parsed with PyYAML's CSafeLoader, single process, nothing else. The machine is
shared, so every measurement is paired with a floor run right beside it and the median of
the ratios is printed (with the median seconds of both).

Measured: cold and warm `check`, cold and warm `status --all --format json`, a run after
editing one record, a run after editing people.yaml, growth from the second-largest to the
largest size, peak RSS (of the process and its workers), `safetyduty --help` against a bare
two-command Typer app, and `hledger check` and `bean-check` on ledgers of as many
transactions, when they are installed (Debian `hledger`, pip `beancount`). Cold means no
cache entry (the operating system's file cache is warm in every run, floor included).

Never run as a timed test: CI runs `--sizes 1000 --pairs 1` to see that it works.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

AS_OF = "2026-11-29"
BIN = Path(sys.executable).parent

PEOPLE = """\
people:
  - {id: zhang-wei, name: 张伟, posts: [{role: director, from: 2020-01-01}]}
  - id: li-na
    name: 李娜
    posts: [{role: safety-lead, from: 2020-01-01}]
  - id: wang-qiang
    name: 王强
    posts:
      - {role: industry-lead, sections: [power, chemical-pharma, informatization], from: 2020-01-01}
  - id: zhao-min
    name: 赵敏
    posts:
      - role: industry-lead
        sections: [economic-operation, general, tech-upgrade]
        from: 2020-01-01
"""
SECTIONS = ["power", "chemical-pharma", "economic-operation", "general", "tech-upgrade", "office"]
INDUSTRIES = ["power", "chemical", "refined-oil", "machinery-equipment", "software"]
PEOPLE_IDS = ["zhang-wei", "li-na", "wang-qiang", "zhao-min"]
HOLIDAYS = ["new-year", "spring-festival", "qingming", "labour-day", "dragon-boat", "national-day"]

FLOOR = """\
import os, sys, yaml
loader = yaml.CSafeLoader
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            yaml.load(f.read().decode("utf-8"), Loader=loader)
"""

BARE_APP = """\
import typer
app = typer.Typer()
@app.command()
def one() -> None:
    "One."
@app.command()
def two() -> None:
    "Two."
app()
"""


def record_text(n: int, rng: random.Random, found: dict[int, dt.date]) -> tuple[str, str]:
    """The file name and text of record `n` of a generated repo; `found` keeps each hazard's
    date for the rectification that follows it."""
    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330))
    later = day + dt.timedelta(days=rng.randrange(1, 25))
    section = rng.choice(SECTIONS)
    person = rng.choice(PEOPLE_IDS)
    kind = n % 20
    if kind < 6:
        lines = [
            "kind: inspection",
            f"date: {day}",
            f"title: {section} 安全生产检查 第{n}次",
            f"led_by: [{person}]",
            f"participants: [{rng.choice(PEOPLE_IDS)}]",
            f"sections: [{section}]",
            f"sites: [某企业{n % 997}]",
            f"feedback_on: {later}",
        ]
        if rng.random() < 0.3:
            lines.append(f"holiday: {rng.choice(HOLIDAYS)}")
    elif kind < 9:
        kind_name = rng.choice(["prevention", "special", "party-group", "other"])
        lines = [
            "kind: meeting",
            f"date: {day}",
            f"title: 安全生产工作会议 {n}",
            f"type: {kind_name}",
            f"chair: {person}",
            "attendees:",
            "  - li-na",
            "  - wang-qiang",
            f"minutes: evidence/minutes-{n % 50}.md",
        ]
    elif kind < 13:
        grade = "major" if rng.random() < 0.05 else "general"
        lines = [
            "kind: hazard",
            f"date: {day}",
            f"description: 隐患 {n}：消防通道堵塞",
            f"grade: {grade}",
            f"rectify_by: {later}",
            f"section: {section}",
            "source: inspection",
            f"site: 某企业{n % 997}",
        ]
        found[n] = day
        if grade == "major":
            lines.append(f"notice: evidence/notice-{n % 50}.md")
    elif kind < 16:
        hazard_day = found.pop(n - 3)
        lines = [
            "kind: rectification",
            f"date: {hazard_day + dt.timedelta(days=rng.randrange(1, 30))}",
            f"hazard: r{n - 3}",
            f"verified_by: [{person}]",
        ]
    elif kind == 16:
        lines = [
            "kind: drill",
            f"date: {day}",
            f"title: 应急演练 {n}",
            f"organized_by: [{person}]",
            "scenario: 危化品泄漏",
            "participants_count: 40",
        ]
    elif kind == 17:
        lines = ["kind: training", f"date: {day}", f"title: 培训 {n}", "topic: 安全生产法"]
    elif kind == 18:
        lines = [
            "kind: report",
            f"date: {day}",
            f"title: 报告 {n}",
            "to: 市安委会",
            f"covers: 2026Q{(day.month - 1) // 3 + 1}",
        ]
    else:
        lines = [
            "kind: interview",
            f"date: {day}",
            f"title: 约谈 {n}",
            f"with: 某企业{n % 997}",
            "reason: 隐患整改不力",
        ]
    return f"r{n}.yaml", "\n".join(lines) + "\n"


def make_repo(root: Path, count: int) -> None:
    rng = random.Random(count)
    found: dict[int, dt.date] = {}
    (root / "data").mkdir(parents=True)
    (root / "data" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (root / "evidence").mkdir()
    for n in range(50):
        for what in ("minutes", "notice"):
            (root / "evidence" / f"{what}-{n}.md").write_text(f"{what} {n}\n", encoding="utf-8")
    for n in range(count):
        name, text = record_text(n, rng, found)
        folder = root / "records" / "2026" / f"{n // 1000:03d}"
        if n % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / name).write_text(text, encoding="utf-8")


def make_ledgers(root: Path, count: int) -> tuple[Path, Path]:
    """A hledger journal and a beancount file of `count` transactions each."""
    rng = random.Random(count)
    journal, bean = [], ['option "operating_currency" "CNY"', "2020-01-01 open Assets:Cash"]
    bean += [f"2020-01-01 open Expenses:Safety:S{i}" for i in range(len(SECTIONS))]
    for n in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330))
        account = rng.randrange(len(SECTIONS))
        amount = rng.randrange(1, 10_000)
        journal.append(
            f"{day} 安全生产检查 {n}\n    expenses:safety:s{account}  {amount} CNY\n"
            "    assets:cash\n"
        )
        bean.append(
            f'{day} * "安全生产检查 {n}"\n  Expenses:Safety:S{account}  {amount} CNY\n'
            "  Assets:Cash\n"
        )
    ledger, beancount = root / "ledger.journal", root / "ledger.beancount"
    ledger.write_text("\n".join(journal), encoding="utf-8")
    beancount.write_text("\n".join(bean) + "\n", encoding="utf-8")
    return ledger, beancount


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds, peak RSS (MiB, the largest of the process and its children) and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss // 1024, process.returncode


class Bench:
    def __init__(self, pairs: int, env: dict[str, str], cache: Path) -> None:
        self.pairs = pairs
        self.env = env
        self.cache = cache

    def floor(self, root: Path) -> float:
        return run([sys.executable, "-c", FLOOR, str(root / "records")], self.env)[0]

    def paired(
        self, root: Path, argv: list[str], before: Callable[[], None] = lambda: None
    ) -> tuple[float, float, float, int]:
        """Median ratio to the floor, median seconds of both, and the largest peak RSS."""
        ratios, times, floors, peak = [], [], [], 0
        for index in range(self.pairs):
            # Alternate which goes first, so that neither always meets a warmer machine.
            if index % 2:
                floors.append(self.floor(root))
            before()
            elapsed, rss, _ = run(argv, self.env)
            if not index % 2:
                floors.append(self.floor(root))
            times.append(elapsed)
            peak = max(peak, rss)
            ratios.append(elapsed / floors[-1])
        return (
            statistics.median(ratios),
            statistics.median(times),
            statistics.median(floors),
            peak,
        )

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)


def toggler(path: Path, old: str, new: str) -> Callable[[], None]:
    """An edit of `path` that swaps `old` for `new`, then back on the next call."""
    texts = [path.read_text(encoding="utf-8")]
    assert old in texts[0], (path, old)
    texts.append(texts[0].replace(old, new))
    turn = [0]

    def edit() -> None:
        turn[0] ^= 1
        path.write_text(texts[turn[0]], encoding="utf-8")

    return edit


def line(label: str, result: tuple[float, float, float, int], mib: bool = True) -> str:
    ratio, seconds, floor, peak = result
    memory = f" {peak:>6} MiB" if mib else ""
    return f"  {label:<42} {ratio:>6.3f}x  {seconds:>8.3f} s  floor {floor:>7.3f} s{memory}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--pairs", type=int, default=5, help="paired runs per measurement")
    parser.add_argument("--keep", type=Path, help="generate the repos here and keep them")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="safetyduty-perf-"))
    base = args.keep or tmp
    cache = tmp / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "SAFETYDUTY_LANG": "zh"}
    env.pop("SAFETYDUTY_NO_CACHE", None)
    bench = Bench(args.pairs, env, cache)
    exe = str(BIN / "safetyduty")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load {os.getloadavg()[0]:.1f}")
    cold_check: dict[int, float] = {}
    cold_check_ratio: dict[int, float] = {}
    try:
        for size in sizes:
            root = base / f"repo-{size}"
            if not root.exists():
                make_repo(root, size)
            time.sleep(2.1)  # past the racy window: freshly written files are never cached
            print(f"{size} records ({sum(1 for _ in (root / 'records').rglob('*.yaml'))} files)")
            repo = ["--repo", str(root)]
            check = [exe, *repo, "check", "--as-of", AS_OF, "--format", "json"]
            status = [exe, *repo, "status", "--all", "--as-of", AS_OF, "--format", "json"]
            result = bench.paired(root, check, bench.clear_cache)
            cold_check[size] = result[1]
            cold_check_ratio[size] = result[0]
            print(line("cold check", result))
            run(check, env)
            print(line("warm check", bench.paired(root, check)))
            print(
                line(
                    "cold status --all --format json", bench.paired(root, status, bench.clear_cache)
                )
            )
            run(status, env)
            print(line("warm status --all --format json", bench.paired(root, status)))
            record = next((root / "records").rglob("r6.yaml"))
            original = record.read_text(encoding="utf-8")
            edit_record = toggler(record, "安全生产工作会议", "安全生产专题会议")
            print(line("status after editing one record", bench.paired(root, status, edit_record)))
            people = root / "data" / "people.yaml"
            people_text = people.read_text(encoding="utf-8")
            edit_people = toggler(people, "from: 2020-01-01", "from: 2020-01-02")
            print(line("status after editing people.yaml", bench.paired(root, status, edit_people)))
            record.write_text(original, encoding="utf-8")
            people.write_text(people_text, encoding="utf-8")
            ledger, beancount = make_ledgers(tmp, size)

            def forget_beancount(folder: Path = tmp) -> None:
                # beancount keeps a pickle of the parsed ledger beside it: cold means without.
                for stale in folder.glob("*picklecache"):
                    stale.unlink()

            tools = (
                ("hledger check", ["hledger", "-f", str(ledger), "check"], lambda: None),
                ("bean-check, cold", [str(BIN / "bean-check"), str(beancount)], forget_beancount),
                ("bean-check, warm (its pickle)", [str(BIN / "bean-check"), str(beancount)], None),
            )
            for name, argv, before in tools:
                tool = shutil.which(argv[0])
                if tool is None:
                    print(f"  {name}: not installed, skipped")
                    continue
                argv[0] = tool
                if before is None:
                    run(argv, env)  # leaves the tool's own cache behind
                    before = lambda: None  # noqa: E731
                result = bench.paired(root, argv, before)
                print(line(f"{name} ({size} transactions)", result))
                # Each against the floor beside it, so that the machine's load cancels out.
                against = cold_check_ratio[size] / result[0]
                print(f"  {'  cold check / ' + name:<42} {against:>6.3f}x")
        if len(sizes) > 1:
            small, large = sizes[-2], sizes[-1]
            growth = cold_check[large] / cold_check[small]
            print(
                f"growth of cold check {small} -> {large}: {growth:.2f}x "
                f"({large / small:.0f}x the records)"
            )
        bare = tmp / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        helps, bares = [], []
        for _ in range(max(5, bench.pairs)):
            helps.append(run([exe, "--help"], env)[0])
            bares.append(run([sys.executable, str(bare), "--help"], env)[0])
        ratios = sorted(h / b for h, b in zip(helps, bares, strict=True))
        print(
            f"--help against a bare two-command Typer app: {statistics.median(ratios):.3f}x "
            f"({statistics.median(helps):.3f} s vs {statistics.median(bares):.3f} s)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
