"""Issue 9's measured defects, one test each, with the exact new message in both languages:
Chinese everywhere a person reads, people by name, `log` that says what it satisfies, `check`
that reports a whole file at once, and command-line manners."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import MakeRepo, ascii_only_sentences, assert_no_traceback, run_cli

SAMPLE = Path(__file__).resolve().parents[2]
PEOPLE = (SAMPLE / "data" / "people.yaml").read_text(encoding="utf-8")
TWO_LI_MING = PEOPLE + (
    "  - id: li-ming\n    name: 李明\n    posts: []\n"
    "  - id: li-ming-2\n    name: 李明\n    posts: []\n"
)
M = "records/2026/m.yaml"


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("--repo", str(repo), *args)
    assert_no_traceback(result)
    return result.exit_code, result.stdout, result.stderr


# --- everything a person reads is Chinese (bullet 1) ---------------------------------------------


def test_check_problems_usage_errors_and_aborts_are_chinese(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {M: "kind: meeting\ndate: 2026-04-01\ntype: prevention\nchair: 王建华\n"}, people=PEOPLE
    )
    code, out, _ = run(repo, "check", "--as-of", "2026-04-30")
    assert code == 1
    assert out.splitlines() == [
        f"{M}:4:8: error: 未知的人员 '王建华'；是不是 '王建国' (wang-jianguo)？",
        "5 个文件中，错误 1 个，警告 0 个",
    ]
    code, out, _ = run(repo, "--lang", "en", "check", "--as-of", "2026-04-30")
    assert out.splitlines() == [
        f"{M}:4:8: error: unknown person '王建华'; did you mean '王建国' (wang-jianguo)?",
        "1 error, 0 warnings in 5 files",
    ]
    code, _, err = run(repo, "statu")
    assert code == 2
    assert err.startswith(
        "safetyduty: 错误: 没有命令 'statu'；是不是 'status'？（可用命令：status, "
    )
    code, _, err = run(repo, "--lang", "en", "statu")
    assert err.startswith("safetyduty: error: no such command 'statu'; did you mean 'status'?")


def test_meeting_types_are_offered_in_words(make_repo: MakeRepo) -> None:
    from safetyduty.load.loader import load_repo
    from safetyduty.write.record import choices_for, field_specs

    repo, _ = load_repo(make_repo())
    spec = next(s for s in field_specs("meeting") if s.key == "type")
    assert [(c.value, c.label) for c in choices_for(repo, spec, "zh")][:2] == [
        ("prevention", "防范事故工作会议"),
        ("special", "安全生产专题会议"),
    ]
    assert choices_for(repo, spec, "en")[0].label == "accident prevention meeting"
    document = next(s for s in field_specs("document") if s.key == "type")
    labels = {c.value: c.label for c in choices_for(repo, document, "zh")}
    assert (labels["other"], labels["rules"]) == ("其他文件", "规章制度")
    assert {c.value: c.label for c in choices_for(repo, document, "en")}["other"] == (
        "other document"
    )
    assert {c.value: c.label for c in choices_for(repo, spec, "zh")}["other"] == "其他会议"


def test_csv_headers_are_words_and_cells_are_names_with_ids_beside(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "records/2026/h.yaml": "kind: hazard\ndate: 2026-04-01\nsite: 甲加油站\n"
            "description: 油罐区静电接地失效\ngrade: general\nsection: power\n"
            "rectify_by: 2026-04-30\n",
            "records/2026/r.yaml": "kind: rectification\ndate: 2026-04-20\nhazard: h\n"
            "verified_by: [liu-fang, li-minghua]\n",
        },
        people=PEOPLE,
    )
    rows = {}
    for lang in ("zh", "en"):
        _, out, _ = run(repo, "--lang", lang, "hazards", "--format", "csv", "--as-of", "2026-04-30")
        rows[lang] = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    zh = dict(zip(rows["zh"][0], rows["zh"][1], strict=True))
    en = dict(zip(rows["en"][0], rows["en"][1], strict=True))
    assert rows["zh"][0][:4] == ["编号", "发现日期", "地点/单位", "隐患描述"]
    assert rows["en"][0][:4] == ["id", "found", "site", "description"]
    assert (zh["验收人"], zh["验收人编号"]) == ("刘芳、李明华", "liu-fang、li-minghua")
    assert (en["verified by"], en["verified by id"]) == ("刘芳, 李明华", "liu-fang, li-minghua")
    assert (zh["科室"], zh["科室编号"], zh["等级"]) == ("电力科", "power", "一般")
    assert (zh["状态"], zh["状态编号"]) == ("已整改", "rectified")


# --- people by name (bullet 2) -------------------------------------------------------------------


def test_a_person_by_exact_name_is_that_person(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {M: "kind: meeting\ndate: 2026-04-01\ntype: special\nchair: 王建国\n"}, people=PEOPLE
    )
    code, out, _ = run(repo, "check", "--as-of", "2026-04-30")
    assert code == 0, out
    args = ("status", "--as-of", "2026-04-30", "--holder", "王建国", "--format", "json")
    code, out, _ = run(repo, *args)
    assert code == 0
    obligations = json.loads(out)["obligations"]
    assert obligations and {o["holder"] for o in obligations} == {"wang-jianguo"}
    special = [o for o in obligations if o["duty"] == "director-quarterly-special-meeting"]
    assert [(o["period"], o["state"], o["records"]) for o in special][-1] == (
        "2026Q2",
        "met",
        ["m"],
    )


def test_a_shared_name_names_both_ids(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {M: "kind: meeting\ndate: 2026-04-01\ntype: special\nchair: 李明\n"}, people=TWO_LI_MING
    )
    code, out, _ = run(repo, "check", "--as-of", "2026-04-30")
    assert code == 1
    assert out.splitlines()[0] == (
        f"{M}:4:8: error: '李明' 是 2 个人的姓名（li-ming, li-ming-2）；请写所指人员的编号"
    )
    _, out, _ = run(repo, "--lang", "en", "check", "--as-of", "2026-04-30")
    assert out.splitlines()[0] == (
        f"{M}:4:8: error: '李明' is the name of 2 people (li-ming, li-ming-2); "
        "write the id of the one meant"
    )
    code, _, err = run(repo, "status", "--holder", "李明", "--as-of", "2026-04-30")
    assert code == 2
    assert err.splitlines()[-1] == (
        "safetyduty: 错误: --holder: '李明' 是 2 个人的姓名（li-ming, li-ming-2）；"
        "请写所指人员的编号"
    )


def test_did_you_mean_searches_names(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {M: "kind: meeting\ndate: 2026-04-01\ntype: special\nchair: 李明\n"}, people=PEOPLE
    )
    _, out, _ = run(repo, "check", "--as-of", "2026-04-30")
    assert (
        out.splitlines()[0] == f"{M}:4:8: error: 未知的人员 '李明'；是不是 '李明华' (li-minghua)？"
    )
    _, out, _ = run(repo, "--lang", "en", "check", "--as-of", "2026-04-30")
    assert out.splitlines()[0] == (
        f"{M}:4:8: error: unknown person '李明'; did you mean '李明华' (li-minghua)?"
    )


def test_log_options_take_names_and_write_ids(make_repo: MakeRepo) -> None:
    repo = make_repo(people=PEOPLE)
    args = ("log", "meeting", "--date", "2026-04-16", "--type", "special", "--chair", "王建国")
    code, out, err = run(repo, *args, "--dry-run")
    assert code == 0, err
    assert "chair: wang-jianguo\n" in out


# --- log says what the record satisfies (bullet 3) -----------------------------------------------


def test_a_meeting_without_minutes_is_told_why_it_counts_for_nothing(make_repo: MakeRepo) -> None:
    repo = make_repo(people=PEOPLE)
    args = ("log", "meeting", "--date", "2026-04-01", "--type", "prevention", "--chair", "王建国")
    code, out, err = run(repo, *args)
    path = "records/2026/2026-04-01-meeting-prevention.yaml"
    assert code == 0, err
    assert out == f"2026-04-01-meeting-prevention {path}\n"
    assert (
        f"{path}:1:1: warning: 不计入任何职责：quarterly-prevention-meeting："
        "没有会议记录（minutes），该职责只计入有会议记录的会议；请用 --minutes 给出"
    ) in err.splitlines()
    (repo / "evidence").mkdir()
    (repo / "evidence/m.md").write_text("纪要", encoding="utf-8")
    code, out, err = run(
        repo, "--lang", "en", *args[:-2], "--chair", "wang-jianguo", "--minutes", "evidence/m.md"
    )
    assert code == 0, err
    assert out.splitlines()[1].startswith(
        "satisfies quarterly-prevention-meeting commission 2026Q2  ("
    )
    assert err == ""


def test_an_inspection_with_its_feedback_says_it_meets_the_feedback_duty(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo(people=PEOPLE)
    args = (
        "log",
        "inspection",
        "--date",
        "2026-04-01",
        "--led-by",
        "王建国",
        "--sections",
        "power",
    )
    code, out, err = run(repo, *args, "--sites", "甲电厂", "--feedback-on", "2026-04-03")
    assert code == 0, err
    record = "2026-04-01-inspection-power"
    assert f"satisfies inspection-feedback power {record}  （满足：" in out
    code, out, err = run(repo, *args, "--sites", "乙电厂", "--id", "without-feedback")
    assert code == 0, err
    assert "satisfies inspection-feedback" not in out


# --- check reports everything at once (bullet 4) -------------------------------------------------


def test_an_unknown_field_hides_nothing_and_a_bad_date_hides_nothing(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            M: "kind: inspection\ndate: 2026-04-01\nled_by: [wang-jiangguo]\n"
            "sections: [power, powr]\nsitez: [甲厂]\n",
            "records/2026/d.yaml": "kind: training\ndate: 2026-02-30\ntopic: 消防\n"
            "evidence: [evidence/nope.jpg]\n",
        },
        people=PEOPLE,
    )
    _, out, _ = run(repo, "--lang", "en", "check", "--as-of", "2026-04-30")
    assert out.splitlines() == [
        "records/2026/d.yaml:2:7: error: impossible date '2026-02-30' (day is out of range "
        "for month)",
        "records/2026/d.yaml:4:12: error: evidence file 'evidence/nope.jpg' does not exist",
        f"{M}:3:10: error: unknown person 'wang-jiangguo'; did you mean 'wang-jianguo'?",
        f"{M}:4:19: error: unknown section 'powr'; did you mean 'power'?",
        f"{M}:5:1: error: unknown field 'sitez'; did you mean 'sites'? (a inspection has: kind, "
        "date, title, section, evidence, notes, led_by, participants, sections, sites, "
        "industries, holiday, feedback_on)",
        "5 errors, 0 warnings in 6 files",
    ]


# --- the shipped matrix is never an absolute path (bullet 6) -------------------------------------


def test_problems_in_the_shipped_matrix_name_it_as_safetyduty_data() -> None:
    repo = SAMPLE / "tests" / "fixtures" / "status_repo"
    args = ("check", "--as-of", "2026-04-05", "--fail-on", "overdue")
    _, out, _ = run(repo, *args)
    assert "safetyduty:data/duties.yaml:" in out and "/site-packages/" not in out
    assert str(SAMPLE / "src") not in out
    _, out, _ = run(repo, *args, "--format", "github")
    shipped = [line for line in out.splitlines() if "duties.yaml" in line]
    assert shipped and all(
        line.startswith("::error::safetyduty:data/duties.yaml:") for line in shipped
    )


# --- command-line manners (bullet 7) -------------------------------------------------------------


def test_lang_and_repo_after_the_command(make_repo: MakeRepo) -> None:
    repo = make_repo()
    result = run_cli("check", "--as-of", "2026-04-30", "--lang", "en", "--repo", str(repo))
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 errors, 0 warnings in 4 files\n"


def test_a_mistyped_log_kind_gets_a_suggestion(make_repo: MakeRepo) -> None:
    _, _, err = run(make_repo(), "log", "inspecton")
    assert err.startswith(
        "safetyduty: 错误: 没有命令 'inspecton'；是不是 'inspection'？（可用命令："
    )
    _, _, err = run(make_repo(), "--lang", "en", "log", "inspecton")
    assert err.startswith(
        "safetyduty: error: no such command 'inspecton'; did you mean 'inspection'? (commands: "
    )


def test_a_bad_choice_lists_the_values_without_pydantic_words(make_repo: MakeRepo) -> None:
    code, _, err = run(make_repo(), "status", "--state", "late2")
    assert code == 2
    assert err.splitlines()[0] == (
        "safetyduty: 错误: '--state' 的值无效：'late2' 不是可选值之一"
        "（可选：met, late, overdue, due, upcoming, waived）；是不是 'late'？"
    )
    _, _, err = run(make_repo(), "--lang", "en", "status", "--state", "late2")
    assert err.splitlines()[0] == (
        "safetyduty: error: invalid value for '--state': 'late2' is not one of met, late, overdue, "
        "due, upcoming, waived; did you mean 'late'?"
    )
    assert "Value error" not in err


def test_an_unknown_holiday_lists_the_keys(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {M: "kind: inspection\ndate: 2026-04-01\nled_by: [li-na]\nsections: [power]\n"
         "holiday: national\n"}
    )  # fmt: skip
    _, out, _ = run(repo, "--lang", "en", "check", "--as-of", "2026-04-30")
    assert out.splitlines()[0] == (
        f"{M}:5:10: error: unknown holiday 'national'; did you mean 'national-day'?"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_usage_error_is_one_line_and_help_hint(make_repo: MakeRepo, lang: str) -> None:
    _, _, err = run(make_repo(), "--lang", lang, "log", "meeting", "--date")
    assert (
        err.splitlines()[0]
        == {
            "zh": "safetyduty: 错误: 选项 '--date' 需要一个值",
            "en": "safetyduty: error: option '--date' needs a value",
        }[lang]
    )
    assert len(err.splitlines()) <= 2


# --- no ASCII-only sentence in Chinese output ----------------------------------------------------


def test_chinese_output_has_no_english_sentence(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            M: "kind: meeting\ndate: 2026-02-30\ntype: prevnetion\nchair: 李明\natendees: [x]\n",
            "records/2026/e.yaml": "",
            "records/2026/f.yaml": "- a\n- b\n",
            "records/2026/g.yaml": "kind: hazard\ndate: 2026-03-01\ndescription: x\n"
            "grade: major\nrectify_by: 2026-02-01\nnotice: nope.pdf\n",
        },
        people=PEOPLE,
    )
    _, out, err = run(repo, "check", "--as-of", "2026-04-30")
    assert len(out.splitlines()) >= 6
    assert ascii_only_sentences(out + err) == []
    for args in (("status", "--state", "x"), ("log", "meeting", "--date"), ("nosuch",)):
        _, out, err = run(repo, *args)
        assert err and ascii_only_sentences(out + err) == [], err
    _, out, err = run(repo, "log", "meeting", "--date", "2026-04-01", "--type", "prevention")
    assert ascii_only_sentences(out + err) == [], err
    _, out, err = run(
        repo, "log", "meeting", "--date", "2026-04-01", "--type", "other", "--chair", "王建国"
    )
    assert ascii_only_sentences(out + err) == [], err


def test_shell_completion_is_offered_and_completes_commands() -> None:
    import os
    import subprocess
    import sys

    script = Path(sys.executable).parent / "safetyduty"
    env = {**os.environ, "_SAFETYDUTY_COMPLETE": "complete_bash"}
    done = subprocess.run(
        [str(script)],
        env={**env, "COMP_WORDS": "safetyduty sta", "COMP_CWORD": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["status"]
    shown = run_cli("--show-completion", "bash")
    assert "_safetyduty_completion()" in shown.stdout


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        (
            "topic: 安全: 生产\n",
            "3:10: error: YAML 格式错误：此处不允许写“键: 值”"
            "（冒号后的值里又有“: ”时，请给值加引号）",
            "3:10: error: invalid YAML: mapping values are not allowed in this context (a value "
            "that holds ': ' needs quotes)",
        ),
        (
            "topic: |x\n  消防\n",
            "3:9: error: YAML 格式错误：此处应为注释或换行（读取多行文本块时，始于第 3 行第 8 列）",
            "3:9: error: invalid YAML: did not find expected comment or line break (while "
            "scanning a block scalar that starts at line 3, column 8)",
        ),
    ],
)
def test_libyaml_words_are_in_the_language(
    make_repo: MakeRepo, text: str, zh: str, en: str
) -> None:
    repo = make_repo({M: "kind: training\ndate: 2026-04-01\n" + text}, people=PEOPLE)
    _, out, _ = run(repo, "check", "--as-of", "2026-04-30")
    assert out.splitlines()[0] == f"{M}:{zh}"
    _, out, _ = run(repo, "--lang", "en", "check", "--as-of", "2026-04-30")
    assert out.splitlines()[0] == f"{M}:{en}"
