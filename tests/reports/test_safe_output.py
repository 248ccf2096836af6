"""Terminal escape and spreadsheet formula injection (issue 11): what a record says reaches a
terminal or a spreadsheet as text, never as a command.

Titles, descriptions, sites, names of people and of the commission, and duty names are written
with YAML escapes that carry an OSC window title, a screen clear, a cursor move, a C1 CSI and a
right-to-left override; every renderer that writes to a terminal (status, summary, hazards, who,
duties, calendar, Markdown, log's pickers) must print none of them raw, and keep Chinese intact.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from conftest import MakeRepo, run_cli
from safetyduty.cli import log_kinds
from safetyduty.load.repo import shipped_path
from safetyduty.reports.render.safe import spreadsheet_safe, terminal_safe

AS_OF = "2026-03-31"
#: A YAML double-quoted escape of each kind of attack: OSC title, clear screen, cursor up and
#: erase line (to rewrite the row above), a C1 CSI, a bell, a carriage return, bidi overrides.
EVIL = r"\e]0;pwned\a\e[2J\e[1A\e[2K\x9b31m\r\u202e\u2066隐患"
#: What must never reach the output raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("消防安全检查", "消防安全检查"),
        ("line one\nline two\tcol", "line one\nline two\tcol"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x1b[2J\x1b[1A", "\\x1b[2J\\x1b[1A"),
        ("\x9b31m", "\\x9b31m"),
        ("a\rb", "a\\x0db"),
        ("abc\u202edef", "abc\\u202edef"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
        ("\x7f", "\\x7f"),
        ("\ud800", "\\ud800"),
        ("\u2028", "\\u2028"),
    ],
)
def test_terminal_safe(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "\\x0d=1+1"),
        ("-3", "-3"),
        ("-1.5", "-1.5"),
        ("2026-03-31", "2026-03-31"),
        ("消防=安全", "消防=安全"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(value: str, cell: str) -> None:
    assert spreadsheet_safe(value) == cell


def _hostile_repo(make_repo: MakeRepo) -> Path:
    sections = shipped_path("sections.yaml").read_text(encoding="utf-8")
    sections = sections.replace("name: 巴中市经济和信息化委员会", f'name: "委员会{EVIL}"', 1)
    sections = sections.replace("name: 电力科", f'name: "电力科{EVIL}"', 1)
    sections = sections.replace("name: 电力\n", f'name: "电力{EVIL}"\n', 1)
    duties = shipped_path("duties.yaml").read_text(encoding="utf-8")
    duties = duties.replace("name: 季度防范安全事故工作会议", f'name: "季度会议{EVIL}"', 1)
    assert EVIL in sections and EVIL in duties
    people = (
        "people:\n"
        f'  - id: zhang-wei\n    name: "张伟{EVIL}"\n'
        "    posts:\n      - role: director\n        from: 2024-01-01\n"
        f'  - id: li-na\n    name: "李娜{EVIL}"\n    name_en: "Li Na{EVIL}"\n'
        "    posts:\n      - role: safety-lead\n        from: 2024-01-01\n"
        "      - role: industry-lead\n        sections: [power]\n        from: 2024-01-01\n"
    )
    hazard = (
        "kind: hazard\ndate: 2026-03-02\n"
        f'title: "=HYPERLINK(\\"http://evil\\",\\"x\\"){EVIL}"\n'
        "section: power\n"
        f"description: \"+cmd|' /C calc'!A0{EVIL}\"\n"
        "grade: major\nrectify_by: 2026-03-20\n"
        f'site: "@SUM(1){EVIL}"\nindustry: power\n'
    )
    meeting = (
        "kind: meeting\ndate: 2026-03-03\ntype: special\nchair: zhang-wei\n"
        f'title: "-会议{EVIL}"\nminutes: evidence/m.txt\n'
    )
    return make_repo(
        {
            "data/sections.yaml": sections,
            "data/duties.yaml": duties,
            "data/people.yaml": people,
            "records/2026/h.yaml": hazard,
            "records/2026/m.yaml": meeting,
            "evidence/m.txt": "minutes",
        }
    )


COMMANDS = [
    ("status", "--all", "--as-of", AS_OF),
    ("status", "--all", "--as-of", AS_OF, "--format", "csv"),
    ("summary", "2026Q1", "--as-of", AS_OF),
    ("summary", "2026Q1", "--as-of", AS_OF, "--format", "md"),
    ("hazards", "--as-of", AS_OF),
    ("hazards", "--as-of", AS_OF, "--format", "csv"),
    ("who", "power", "--as-of", AS_OF),
    ("duties",),
    ("calendar", "--from", "2026-03-01", "--to", "2026-06-30"),
    ("check", "--as-of", AS_OF),
    ("status", "--all", "--as-of", AS_OF, "--format", "json"),
    ("summary", "2026Q1", "--as-of", AS_OF, "--format", "json"),
    ("hazards", "--as-of", AS_OF, "--format", "json"),
    ("calendar", "--from", "2026-03-01", "--to", "2026-06-30", "--format", "json"),
    ("who", "power", "--as-of", AS_OF, "--format", "json"),
    ("check", "--as-of", AS_OF, "--format", "github"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: "-".join(args[:1] + args[-2:]))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_control_sequence_reaches_the_terminal(
    make_repo: MakeRepo, args: tuple[str, ...], lang: str
) -> None:
    repo = _hostile_repo(make_repo)
    result = run_cli("--repo", str(repo), "--lang", lang, *args)
    assert result.exit_code in (0, 1), result.output
    found = RAW.findall(result.output)
    assert not found, (found, result.output)
    if args[0] not in ("duties", "check") and "json" not in args:
        # Shown, inert (Markdown escapes the backslash and the bracket once more).
        assert "\\x1b" in result.output and "pwned" in result.output, result.output


def test_summary_text_file_is_safe_too(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = _hostile_repo(make_repo)
    for fmt in ("table", "md"):
        out = tmp_path / f"s.{fmt}"
        args = ("summary", "2026Q1", "--as-of", AS_OF, "--format", fmt, "-o", str(out))
        result = run_cli("--repo", str(repo), *args)
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert not RAW.findall(text) and "季度会议" in text


def test_csv_cells_are_never_formulas(make_repo: MakeRepo) -> None:
    repo = _hostile_repo(make_repo)
    result = run_cli("--repo", str(repo), "hazards", "--as-of", AS_OF, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[1:], result.output
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", cell)), cell
    flat = [cell for row in rows for cell in row]
    assert any(cell.startswith("'=HYPERLINK(") for cell in flat), flat
    assert any(cell.startswith("'+cmd|") for cell in flat), flat
    assert any(cell.startswith("'@SUM(1)") for cell in flat), flat


def test_log_pickers_show_titles_inert(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rectification's hazard is picked from a list of open hazards, labelled by title."""
    repo = _hostile_repo(make_repo)
    monkeypatch.setattr(log_kinds, "_is_terminal", lambda: True)
    result = run_cli(
        "--repo", str(repo), "log", "rectification", "--date", "2026-03-10",
        "--verified-by", "zhang-wei", "--dry-run",
    )  # fmt: skip
    # The picker is shown before the prompt reads its (missing) answer.
    assert "(h)" in result.output, result.output
    assert "=HYPERLINK" in result.output
    assert not RAW.findall(result.output), result.output


def test_json_safe_is_the_same_json() -> None:
    import json

    from safetyduty.reports.render.safe import json_safe

    value = {"title": "\x1b]0;pwned\x07\x9b31m\u202e隐患\u2066", "n": [1, "\x85"]}
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert not RAW.findall(text) and "隐患" in text
