"""`safetyduty check`: every problem class the loader and validator name, located exactly.

One table row per problem class: a broken file goes in, and out come exit 1 (0 when only
warnings), the exact gcc-style `path:line:col: severity: message` lines, and no traceback.
Then the output formats, several problems at once, and the project repository itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from conftest import MakeRepo, RepoFiles, assert_no_traceback, run_cli

AS_OF = "2026-06-30"
X = "records/2026/x.yaml"
KINDS = (
    "meeting, inspection, hazard, rectification, drill, training, accident, report, letter, "
    "approval, interview, waiver, document"
)
TRAINING_FIELDS = (
    "kind, date, title, section, evidence, notes, topic, audience, attendees_count, organized_by"
)
TRAINING = "kind: training\ndate: 2026-03-01\ntopic: 消防安全\n"
MEETING = "kind: meeting\ndate: 2026-03-01\ntype: special\n"
INSPECTION = "kind: inspection\ndate: 2026-03-01\nled_by: [zhang-wei]\n"
HAZARD = "kind: hazard\ndate: 2026-03-01\ndescription: 阻火器锈蚀\ngrade: general\n"
ACCIDENT = "kind: accident\noccurred_at: 2026-03-01T10:00:00\n"
WAIVER = "kind: waiver\ndate: 2026-03-01\nholder: li-na\nperiod: 2026Q1\nreason: 外出学习\n"
# people.yaml line by line, so that its rows can name exact lines
ONE_PERSON = "people:\n  - id: zhang-wei\n    name: 张伟\n    posts:\n      - role: director\n"


def check(repo: Path, *args: str) -> Result:
    result = run_cli("--repo", str(repo), "--lang", "en", "check", "--as-of", AS_OF, *args)
    assert_no_traceback(result)
    return result


def problem_lines(result: Result) -> list[str]:
    """The gcc lines of a text report: everything before the count line."""
    lines = result.stdout.splitlines()
    assert lines, result.output
    assert " in " in lines[-1] and "error" in lines[-1], lines[-1]
    return lines[:-1]


# (id, files, the exact problem lines, exit code)
CASES: list[tuple[str, RepoFiles, list[str], int]] = [
    (
        "invalid-yaml",
        {X: MEETING + "title: [未闭合\nchair: zhang-wei\n"},
        [
            f"{X}:5:6: error: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts at line 4, column 8)"
        ],
        1,
    ),
    (
        "invalid-yaml-unclosed-quote",
        {X: 'kind: training\ndate: 2026-03-01\ntopic: "消防\n'},
        [
            f"{X}:4:1: error: invalid YAML: found unexpected end of stream "
            "(while scanning a quoted scalar that starts at line 3, column 8)"
        ],
        1,
    ),
    (
        "tab",
        {X: MEETING + "chair: zhang-wei\nattendees:\n\t- li-na\n"},
        [f"{X}:6:1: error: tab character in indentation; use spaces"],
        1,
    ),
    (
        "duplicate-key",
        {X: MEETING + "chair: zhang-wei\ntype: prevention\n"},
        [
            f"{X}:5:1: error: duplicate key 'type' (first at line 3); "
            "YAML would silently keep only the last one: merge them or delete one"
        ],
        1,
    ),
    (
        "duplicate-keys-all-reported",
        {X: TRAINING + "topic: 应急\naudience: 全体\naudience: 科长\n"},
        [
            f"{X}:4:1: error: duplicate key 'topic' (first at line 3); "
            "YAML would silently keep only the last one: merge them or delete one",
            f"{X}:6:1: error: duplicate key 'audience' (first at line 5); "
            "YAML would silently keep only the last one: merge them or delete one",
        ],
        1,
    ),
    (
        "not-utf8-gbk",
        {X: "kind: training\ndate: 2026-03-01\ntopic: 消防安全\n".encode("gbk")},
        [f"{X}:3:8: error: file is not UTF-8 (saved as GBK?); re-save it as UTF-8"],
        1,
    ),
    (
        "not-utf8-other",
        {X: b"kind: training\ndate: 2026-03-01\ntopic: caf\xe9\xff\n"},
        [f"{X}:3:11: error: file is not UTF-8 (byte 0xe9); re-save it as UTF-8"],
        1,
    ),
    (
        "utf16",
        {X: TRAINING.encode("utf-16")},
        [f"{X}:1:1: error: file is UTF-16; re-save it as UTF-8"],
        1,
    ),
    (
        "merge-conflict",
        {
            X: "kind: training\ndate: 2026-03-01\n<<<<<<< HEAD\ntopic: 消防\n=======\n"
            "topic: 应急\n>>>>>>> feature\n"
        },
        [
            f"{X}:3:1: error: git merge conflict marker '<<<<<<<'; "
            "resolve the conflict and remove the markers",
            f"{X}:7:1: error: git merge conflict marker '>>>>>>>'; "
            "resolve the conflict and remove the markers",
        ],
        1,
    ),
    ("empty-file", {X: ""}, [f"{X}:1:1: error: file is empty"], 1),
    ("comments-only", {X: "# 待补\n"}, [f"{X}:1:1: error: file is empty"], 1),
    (
        "list-for-a-record",
        {X: "- kind: training\n  date: 2026-03-01\n  topic: 消防\n"},
        [
            f"{X}:1:1: error: expected a mapping of fields (key: value lines), found a list "
            "(lines starting with '- '); a record file holds one record"
        ],
        1,
    ),
    (
        "list-for-people-yaml",
        {"data/people.yaml": "- id: zhang-wei\n  name: 张伟\n"},
        [
            "data/people.yaml:1:1: error: expected a mapping of fields (key: value lines), "
            "found a list (lines starting with '- '); the file holds 'people:' at the top"
        ],
        1,
    ),
    (
        "mapping-for-a-list",
        {"data/people.yaml": "people:\n  zhang-wei:\n    name: 张伟\n"},
        [
            "data/people.yaml:2:3: error: people: expected a list ([a, b], or one '- item' per "
            "line), got a mapping"
        ],
        1,
    ),
    (
        "yaml-tag-python-object",
        {X: "kind: training\ndate: 2026-03-01\ntopic: !!python/object/apply:os.system [ls]\n"},
        [
            f"{X}:3:8: error: YAML tag '!!python/object/apply:os.system' is not allowed; "
            "records hold plain data only"
        ],
        1,
    ),
    (
        "yaml-tag-local",
        {X: "kind: training\ndate: 2026-03-01\ntopic: !include other.yaml\n"},
        [f"{X}:3:8: error: YAML tag '!include' is not allowed; records hold plain data only"],
        1,
    ),
    (
        "unknown-kind",
        {X: "kind: meetin\ndate: 2026-03-01\n"},
        [f"{X}:1:7: error: unknown record kind 'meetin'; did you mean 'meeting'? (kinds: {KINDS})"],
        1,
    ),
    (
        "missing-kind",
        {X: "date: 2026-03-01\ntopic: 消防\n"},
        [f"{X}:1:1: error: missing required field 'kind' (kinds: {KINDS})"],
        1,
    ),
    (
        "unknown-field",
        {X: TRAINING + "atendees_count: 30\n"},
        [
            f"{X}:4:1: error: unknown field 'atendees_count'; did you mean 'attendees_count'? "
            f"(a training has: {TRAINING_FIELDS})"
        ],
        1,
    ),
    (
        "unknown-field-people",
        {"data/people.yaml": ONE_PERSON + "        from: 2024-01-01\n        form: 2024-01-01\n"},
        [
            "data/people.yaml:7:9: error: unknown field 'form'; did you mean 'from'? "
            "(allowed here: role, sections, from, to)"
        ],
        1,
    ),
    (
        "id-field-in-record",
        {X: TRAINING + "id: x2\n"},
        [f"{X}:4:1: error: unknown field 'id': a record's id is its file name"],
        1,
    ),
    (
        "missing-field",
        {X: MEETING},
        [f"{X}:1:1: error: missing required field 'chair' of a meeting"],
        1,
    ),
    (
        "wrong-type",
        {X: TRAINING + "attendees_count: 三十\n"},
        [f"{X}:4:18: error: attendees_count: expected a whole number, got '三十'"],
        1,
    ),
    (
        "wrong-type-yaml-boolean",
        {X: "kind: interview\ndate: 2026-03-01\nwith: 某化工厂\nreason: no\n"},
        [
            f"{X}:4:9: error: reason: expected text, but YAML read the value as false "
            "(yes, no, on, off, true and false are booleans); put it in quotes"
        ],
        1,
    ),
    (
        "wrong-type-empty-value",
        {X: MEETING + "chair:\n"},
        [f"{X}:4:7: error: chair: no value given; write text after the colon"],
        1,
    ),
    (
        "wrong-type-empty-optional-value",
        {X: MEETING + "chair: zhang-wei\nattendees:\n"},
        [
            f"{X}:5:11: error: attendees: no value given; write a list ([a, b], or one "
            "'- item' per line) after the colon, or leave the field out"
        ],
        1,
    ),
    (
        "not-one-of",
        {X: "kind: meeting\ndate: 2026-03-01\ntype: prevnetion\nchair: zhang-wei\n"},
        [
            f"{X}:3:7: error: type: 'prevnetion' is not one of 'prevention', 'special', "
            "'party-group' or 'other'; did you mean 'prevention'?"
        ],
        1,
    ),
    (
        "impossible-date",
        {X: "kind: training\ndate: 2026-02-30\ntopic: 消防\n"},
        [f"{X}:2:7: error: impossible date '2026-02-30' (day is out of range for month)"],
        1,
    ),
    (
        "impossible-date-quoted",
        {X: "kind: training\ndate: '2026-04-31'\ntopic: 消防\n"},
        [f"{X}:2:7: error: date: impossible date '2026-04-31' (day is out of range for month)"],
        1,
    ),
    (
        "not-a-date",
        {X: "kind: training\ndate: 30/03/2026\ntopic: 消防\n"},
        [f"{X}:2:7: error: date: expected a date YYYY-MM-DD, got '30/03/2026'"],
        1,
    ),
    (
        "unknown-person",
        {X: MEETING + "chair: zhang-wie\n"},
        [f"{X}:4:8: error: unknown person 'zhang-wie'; did you mean 'zhang-wei'?"],
        1,
    ),
    (
        "unknown-person-in-list-no-close-match",
        {X: MEETING + "chair: zhang-wei\nattendees: [li-na, nobody]\n"},
        [
            f"{X}:5:20: error: unknown person 'nobody'; "
            "add it to data/people.yaml or correct the spelling"
        ],
        1,
    ),
    (
        "unknown-section",
        {X: INSPECTION + "sections: [chemical-pharm]\n"},
        [f"{X}:4:12: error: unknown section 'chemical-pharm'; did you mean 'chemical-pharma'?"],
        1,
    ),
    (
        "unknown-section-in-people",
        {
            "data/people.yaml": ONE_PERSON
            + "        from: 2024-01-01\n      - role: industry-lead\n"
            "        sections: [power, chemical-pharm]\n        from: 2024-01-01\n"
        },
        [
            "data/people.yaml:8:27: error: unknown section 'chemical-pharm'; "
            "did you mean 'chemical-pharma'?"
        ],
        1,
    ),
    (
        "unknown-industry",
        {X: INSPECTION + "sections: [chemical-pharma]\nindustries: [chemicals]\n"},
        [f"{X}:5:14: error: unknown industry 'chemicals'; did you mean 'chemical'?"],
        1,
    ),
    (
        "unknown-holiday",
        {X: INSPECTION + "sections: [power]\nholiday: national-days\n"},
        [f"{X}:5:10: error: unknown holiday 'national-days'; did you mean 'national-day'?"],
        1,
    ),
    (
        "unknown-duty",
        {X: WAIVER + "duty: safety-lead-quarterly-inspections\napproved_by: zhang-wei\n"},
        [
            f"{X}:6:7: error: unknown duty 'safety-lead-quarterly-inspections'; "
            "did you mean 'safety-lead-quarterly-inspection'?"
        ],
        1,
    ),
    (
        "unknown-record",
        {
            "records/2026/h-vent.yaml": HAZARD + "rectify_by: 2026-03-10\n",
            X: "kind: rectification\ndate: 2026-03-05\nhazard: h-vnet\nverified_by: [li-na]\n",
        },
        [f"{X}:3:9: error: unknown hazard record 'h-vnet'; did you mean 'h-vent'?"],
        1,
    ),
    (
        "record-of-another-kind",
        {
            "records/2026/t.yaml": TRAINING,
            X: "kind: rectification\ndate: 2026-03-05\nhazard: t\nverified_by: [li-na]\n",
        },
        [f"{X}:3:9: error: record 't' is a training, not a hazard"],
        1,
    ),
    (
        "duplicate-record-id",
        {"records/2025/x.yaml": TRAINING.replace("2026", "2025"), X: TRAINING},
        [
            f"{X}:1:1: error: duplicate record id 'x' (also records/2025/x.yaml); "
            "record ids are file names and must be unique in the repo: rename one"
        ],
        1,
    ),
    (
        "duplicate-record-id-first-unreadable",
        {"records/2025/x.yaml": "", X: TRAINING},
        [
            "records/2025/x.yaml:1:1: error: file is empty",
            f"{X}:1:1: error: duplicate record id 'x' (also records/2025/x.yaml); "
            "record ids are file names and must be unique in the repo: rename one",
        ],
        1,
    ),
    (
        "evidence-missing",
        {X: TRAINING + "evidence:\n  - evidence/2026/training.md\n"},
        [f"{X}:5:5: error: evidence file 'evidence/2026/training.md' does not exist"],
        1,
    ),
    (
        "evidence-missing-near-miss",
        {X: TRAINING + "evidence: [evidence/minutes.md]\n", "evidence/minute.md": "纪要"},
        [
            f"{X}:4:12: error: evidence file 'evidence/minutes.md' does not exist; "
            "did you mean 'evidence/minute.md'?"
        ],
        1,
    ),
    (
        "evidence-absolute",
        {X: TRAINING + "evidence:\n  - /etc/passwd\n"},
        [f"{X}:5:5: error: path '/etc/passwd' is absolute; write it relative to the repo root"],
        1,
    ),
    (
        "evidence-absolute-windows",
        {X: TRAINING + "evidence: ['C:/台账/纪要.docx']\n"},
        [
            f"{X}:4:12: error: path 'C:/台账/纪要.docx' is absolute; "
            "write it relative to the repo root"
        ],
        1,
    ),
    (
        "evidence-dotdot",
        {X: TRAINING + "evidence:\n  - evidence/../../secret.md\n"},
        [
            f"{X}:5:5: error: path 'evidence/../../secret.md' contains '..'; "
            "write it relative to the repo root"
        ],
        1,
    ),
    (
        "evidence-folder",
        {X: TRAINING + "evidence: [evidence]\n", "evidence/a.md": "纪要"},
        [f"{X}:4:12: error: 'evidence' is a folder; name the file in it"],
        1,
    ),
    (
        "minutes-path-missing",
        {X: MEETING + "chair: zhang-wei\nminutes: evidence/m.md\n"},
        [f"{X}:5:10: error: evidence file 'evidence/m.md' does not exist"],
        1,
    ),
    (
        "rectify-by-before-found",
        {X: HAZARD + "rectify_by: 2026-02-10\n"},
        [f"{X}:5:13: error: rectify_by 2026-02-10 is before the hazard was found (2026-03-01)"],
        1,
    ),
    (
        "accident-known-before-it-occurred",
        {
            X: ACCIDENT + "known_at: 2026-03-01T09:00:00\nsite: 某化工厂\nindustry: chemical\n"
            "deaths: 0\nserious_injuries: 1\n"
        },
        [
            f"{X}:3:11: error: known_at 2026-03-01T09:00:00+08:00 is before the accident "
            "occurred (2026-03-01T10:00:00+08:00)"
        ],
        1,
    ),
    (
        "accident-grade-disagrees",
        {
            X: ACCIDENT + "known_at: 2026-03-01T10:30:00\nsite: 某化工厂\nindustry: chemical\n"
            "deaths: 3\nserious_injuries: 0\ngrade: ordinary\n"
        },
        [
            f"{X}:8:8: error: grade 'ordinary' disagrees with the figures (3 deaths, 0 serious "
            "injuries, 0 万元 make it 'larger'); correct the grade or leave it out"
        ],
        1,
    ),
    (
        "post-ends-before-it-starts",
        {"data/people.yaml": ONE_PERSON + "        from: 2024-01-01\n        to: 2023-12-31\n"},
        [
            "data/people.yaml:7:13: error: post of zhang-wei ends (2023-12-31) "
            "before it starts (2024-01-01)"
        ],
        1,
    ),
    (
        "duplicate-person-id",
        {
            "data/people.yaml": ONE_PERSON
            + "        from: 2024-01-01\n  - id: zhang-wei\n    name: 张薇\n"
        },
        [
            "data/people.yaml:7:9: error: duplicate person id 'zhang-wei' (first at line 2); "
            "each id must be unique"
        ],
        1,
    ),
    (
        "person-id-not-pinyin",
        {"data/people.yaml": "people:\n  - id: 张伟\n    name: 张伟\n"},
        [
            "data/people.yaml:2:9: error: person id '张伟' must be lowercase ASCII letters, "
            "digits and '-' (pinyin, e.g. zhang-wei)"
        ],
        1,
    ),
    (
        "people-yaml-empty",
        {"data/people.yaml": b""},
        ["data/people.yaml:1:1: error: file is empty"],
        1,
    ),
    (
        "yml-extension",
        {"records/2026/x.yml": TRAINING},
        ["records/2026/x.yml:1:1: error: record files end in .yaml; rename it so that it is read"],
        1,
    ),
    (
        "record-id-not-ascii",
        {"records/2026/消防培训.yaml": TRAINING},
        [
            "records/2026/消防培训.yaml:1:1: error: record id '消防培训' (the file name) must be "
            "ASCII letters, digits, '.', '_' or '-'; rename the file"
        ],
        1,
    ),
    (
        "future-record-is-a-warning",
        {X: "kind: training\ndate: 2026-07-01\ntopic: 消防\n"},
        [
            f"{X}:2:7: warning: dated 2026-07-01, after the as-of date 2026-06-30; "
            "left out of the evaluation until then"
        ],
        0,
    ),
]


@pytest.mark.parametrize(
    ("files", "expected", "exit_code"),
    [pytest.param(files, expected, code, id=name) for name, files, expected, code in CASES],
)
def test_problem_is_located_and_named(
    make_repo: MakeRepo, files: RepoFiles, expected: list[str], exit_code: int
) -> None:
    result = check(make_repo(files))
    assert problem_lines(result) == expected, result.output
    assert result.exit_code == exit_code, result.output


def test_every_problem_class_has_a_row() -> None:
    # The list, so that a row dropped from CASES is noticed.
    names = {name for name, *_ in CASES}
    required = {
        "invalid-yaml",
        "tab",
        "duplicate-key",
        "not-utf8-gbk",
        "merge-conflict",
        "empty-file",
        "list-for-a-record",
        "yaml-tag-python-object",
        "unknown-kind",
        "unknown-field",
        "wrong-type",
        "impossible-date",
        "unknown-person",
        "unknown-section",
        "unknown-industry",
        "unknown-holiday",
        "unknown-duty",
        "unknown-record",
        "duplicate-record-id",
        "evidence-missing",
        "evidence-absolute",
        "evidence-dotdot",
        "rectify-by-before-found",
        "accident-known-before-it-occurred",
        "accident-grade-disagrees",
        "post-ends-before-it-starts",
        "duplicate-person-id",
        "future-record-is-a-warning",
    }
    assert required <= names, required - names


@pytest.mark.parametrize("link", ["file", "folder"])
def test_evidence_through_a_link_outside_the_repo(
    make_repo: MakeRepo, tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("机密", encoding="utf-8")
    evidence = "evidence/link.md" if link == "file" else "evidence/shared/secret.md"
    repo = make_repo({X: TRAINING + f"evidence: [{evidence}]\n"})
    (repo / "evidence").mkdir()
    if link == "file":
        (repo / "evidence/link.md").symlink_to(outside / "secret.md")
    else:
        (repo / "evidence/shared").symlink_to(outside, target_is_directory=True)
    result = check(repo)
    assert problem_lines(result) == [
        f"{X}:4:12: error: path '{evidence}' leads outside the repo (through a link)"
    ]
    assert result.exit_code == 1


def test_evidence_through_a_link_inside_the_repo_is_fine(make_repo: MakeRepo) -> None:
    repo = make_repo({X: TRAINING + "evidence: [evidence/latest.md]\n", "evidence/a.md": "纪要"})
    (repo / "evidence/latest.md").symlink_to(repo / "evidence/a.md")
    result = check(repo)
    assert result.exit_code == 0, result.output


def test_people_yaml_missing(make_repo: MakeRepo) -> None:
    result = check(make_repo({X: TRAINING}, people=None))
    assert problem_lines(result) == [
        "data/people.yaml:1:1: error: data/people.yaml is missing; every records repo lists its "
        "people there (`safetyduty init` writes one)"
    ]
    assert result.exit_code == 1


def test_utf8_bom_is_accepted(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            X: b"\xef\xbb\xbf" + TRAINING.encode("utf-8"),
            "data/people.yaml": b"\xef\xbb\xbf"
            + ONE_PERSON.encode()
            + b"        from: 2024-01-01\n",
        }
    )
    result = check(repo)
    assert result.stdout == "0 errors, 0 warnings in 5 files\n", result.output
    assert result.exit_code == 0


def test_clean_repo_passes(make_repo: MakeRepo) -> None:
    result = check(make_repo())
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 errors, 0 warnings in 4 files\n"


SEVERAL: dict[str, str | bytes] = {
    "records/2026/a-meeting.yaml": MEETING + "chair: zhang-wie\nattendees: [li-na, wang-qinag]\n",
    "records/2026/b-empty.yaml": "",
    "records/2025/c-gbk.yaml": "kind: training\ndate: 2025-03-01\ntopic: 消防\n".encode("gbk"),
    "records/2026/d-future.yaml": "kind: training\ndate: 2026-12-01\ntopic: 消防\n",
    "records/2026/e-fine.yaml": TRAINING,
    "data/people.yaml": ONE_PERSON + "        from: 2024-01-01\n        to: 2023-01-01\n"
    "  - id: li-na\n    name: 李娜\n  - id: wang-qiang\n    name: 王强\n",
}


def test_every_problem_of_every_file_is_reported_sorted(make_repo: MakeRepo) -> None:
    result = check(make_repo(SEVERAL, people=None))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "data/people.yaml:7:13: error: post of zhang-wei ends (2023-01-01) before it starts "
        "(2024-01-01)",
        "records/2025/c-gbk.yaml:3:8: error: file is not UTF-8 (saved as GBK?); "
        "re-save it as UTF-8",
        "records/2026/a-meeting.yaml:4:8: error: unknown person 'zhang-wie'; "
        "did you mean 'zhang-wei'?",
        "records/2026/a-meeting.yaml:5:20: error: unknown person 'wang-qinag'; "
        "did you mean 'wang-qiang'?",
        "records/2026/b-empty.yaml:1:1: error: file is empty",
        "records/2026/d-future.yaml:2:7: warning: dated 2026-12-01, after the as-of date "
        "2026-06-30; left out of the evaluation until then",
        "5 errors, 1 warning in 9 files",
    ]


def test_json_format(make_repo: MakeRepo) -> None:
    result = check(make_repo(SEVERAL, people=None), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert list(payload) == ["problems"]
    problems = payload["problems"]
    assert len(problems) == 6
    for problem in problems:
        assert list(problem) == ["path", "line", "column", "severity", "code", "message"]
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
    assert problems[2] == {
        "path": "records/2026/a-meeting.yaml",
        "line": 4,
        "column": 8,
        "severity": "error",
        "code": "unknown-person",
        "message": "unknown person 'zhang-wie'; did you mean 'zhang-wei'?",
    }
    assert [p["severity"] for p in problems].count("warning") == 1
    assert [(p["path"], p["line"], p["column"]) for p in problems] == sorted(
        (p["path"], p["line"], p["column"]) for p in problems
    )


def test_json_format_clean(make_repo: MakeRepo) -> None:
    result = check(make_repo(), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"problems": []}


def test_github_format(make_repo: MakeRepo) -> None:
    result = check(make_repo(SEVERAL, people=None), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=data/people.yaml,line=7,col=13::post of zhang-wei ends (2023-01-01) "
        "before it starts (2024-01-01)"
    )
    assert lines[4] == "::error file=records/2026/b-empty.yaml,line=1,col=1::file is empty"
    assert lines[5].startswith("::warning file=records/2026/d-future.yaml,line=2,col=7::dated ")
    assert len(lines) == 6, "annotations only: GitHub shows its own count"


def test_github_format_escapes_the_message(make_repo: MakeRepo) -> None:
    # A newline in a message would end the annotation early; '%' would start an escape.
    result = check(make_repo({X: MEETING + 'chair: "zhang-wei\\n100%"\n'}), "--format", "github")
    assert result.stdout.splitlines()[0] == (
        f"::error file={X},line=4,col=8::unknown person 'zhang-wei%0A100%25'; "
        "did you mean 'zhang-wei'?"
    )


def test_count_line_singular(make_repo: MakeRepo) -> None:
    result = check(make_repo({X: "", "records/2026/y.yaml": TRAINING.replace("03", "08")}))
    assert result.stdout.splitlines()[-1] == "1 error, 1 warning in 6 files"


def test_bad_as_of_is_a_usage_error(make_repo: MakeRepo) -> None:
    result = run_cli("--repo", str(make_repo()), "--lang", "en", "check", "--as-of", "2026-02-30")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == (
        "safetyduty: error: --as-of: '2026-02-30' is not a date; write YYYY-MM-DD, "
        "e.g. 2026-04-05\n"
    )


def test_the_project_repository_passes() -> None:
    root = Path(__file__).parents[2]
    result = run_cli("--repo", str(root), "--lang", "en", "check", "--as-of", "2026-11-29")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("0 errors"), result.output


def test_loader_is_safe_and_uses_libyaml_when_present() -> None:
    from safetyduty.load import yamlfile

    assert issubclass(yamlfile._Loader, yaml.SafeLoader | yaml.CSafeLoader)
    assert not issubclass(yamlfile._Loader, yaml.UnsafeLoader | yaml.FullLoader)
    if yaml.__with_libyaml__:
        assert issubclass(yamlfile._Loader, yaml.CSafeLoader)


def test_problems_after_a_broken_person_point_at_the_right_person(tmp_path: Path) -> None:
    """A broken person is left out of the loaded list; the problems of the people after it
    must still be located at their own lines in the file, not one entry up."""
    people = (
        "people:\n"
        "  - id: broken\n"
        "    name: 坏\n"
        "    nickname: x\n"
        "  - id: zhang-wei\n"
        "    name: 张伟\n"
        "    posts:\n"
        "      - role: director\n"
        "        from: 2024-01-01\n"
        "        to: 2023-01-01\n"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.yaml").write_text(people, encoding="utf-8")
    (tmp_path / "records").mkdir()
    result = run_cli("--repo", str(tmp_path), "--lang", "en", "check", "--as-of", "2026-06-30")
    assert result.exit_code == 1
    assert (
        "data/people.yaml:10:13: error: post of zhang-wei ends (2023-01-01) before it starts "
        "(2024-01-01)"
    ) in result.stdout
