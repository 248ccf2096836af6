"""`safetyduty import`: Excel and CSV ledgers in, records that `check` accepts out, all or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MakeRepo, assert_no_traceback, run_cli
from safetyduty.load.loader import load_repo
from safetyduty.load.models import RECORD_TYPES

ROOT = Path(__file__).resolve().parents[2]

HAZARD = """\
kind: hazard
date: 2026-03-01
description: 储罐区可燃气体报警器失效
grade: general
rectify_by: 2026-03-31
section: chemical-pharma
"""

#: One ledger row per record kind, headed as an office would head it (the zh labels the
#: exports write, names instead of ids, dates in the forms people type).
ROWS: dict[str, dict[str, Any]] = {
    "meeting": {
        "日期": "2026-03-05",
        "标题": "一季度防范安全事故工作会议",
        "会议类型": "防范安全事故工作会议",
        "主持人": "张伟",
        "参会人员": "李娜、王强",
        "议题": "春季安全生产；隐患排查",
    },
    "inspection": {
        "日期": "2026/3/6",
        "带队领导": "李娜",
        "参加科室": "经济运行科、电力科",
        "被检查单位": "明远加油站, 江北变电站",
        "涉及行业": "成品油经营",
        "节日": "清明节",
        "书面反馈日期": "2026年3月10日",
    },
    "hazard": {
        "发现日期": "2026年3月5日",
        "地点/单位": "平昌县岳山水泥有限公司",
        "隐患描述": "粉磨车间粉尘积聚",
        "等级": "重大",
        "科室": "经济运行科",
        "整改期限": "2026-03-31",
        "隐患来源": "举报",
    },
    "rectification": {
        "日期": "2026-03-20",
        "整改的隐患": "2026-03-01-hazard-chemical",
        "验收人": "王强",
    },
    "drill": {"日期": "2026-04-01", "组织人": "李娜", "演练场景": "储罐泄漏", "参演人数": "30"},
    "training": {"日期": "2026-04-02", "培训主题": "危化品安全", "参训人数": 45},
    "accident": {
        "事故发生时间": "2026-03-05 10:20",
        "获知时间": "2026年3月5日10时40分",
        "单位": "巴州区某化工厂",
        "行业": "化工",
        "死亡人数": 0,
        "重伤人数": "1",
        "直接经济损失（万元）": "12.5",
        "上报时间": "2026/3/5 11:30",
        "赶赴现场": "化工医药科、李娜",
    },
    "report": {"日期": "2026-04-10", "报送对象": "市安委办", "报告期": "2026Q1"},
    "letter": {"日期": "2026-02-20", "年度": "2026", "签订对象": "化工医药科、电力科"},
    "approval": {"日期": "2026-05-06", "项目": "生产线技改", "是否须安全预评价": "否"},
    "interview": {"日期": "2026-05-07", "约谈对象": "某化工企业", "事由": "隐患整改不力"},
    "waiver": {
        "日期": "2026-03-01",
        "豁免的职责": "quarterly-prevention-meeting",
        "责任主体": "commission",
        "周期": "2026Q1",
        "事由": "机构调整",
        "批准人": "张伟",
    },
    "document": {"日期": "2026-03-15", "type": "yearly-goals", "by": "王强", "年度": "2026"},
}


def xlsx_file(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def csv_file(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def table(kind: str) -> list[list[Any]]:
    row = ROWS[kind]
    return [list(row), list(row.values())]


def records_of(root: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((root / "records").rglob("*.yaml")):
        found[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return found


def test_every_kind_has_a_ledger_row_here() -> None:
    assert set(ROWS) == set(RECORD_TYPES)


@pytest.mark.parametrize("kind", sorted(ROWS))
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_ledger_of_each_kind_imports_into_records_check_accepts(
    make_repo: MakeRepo, kind: str, form: str
) -> None:
    root = make_repo({"records/2026/2026-03-01-hazard-chemical.yaml": HAZARD})
    before = set(records_of(root))
    path = root.parent / f"ledger.{form}"
    (csv_file if form == "csv" else xlsx_file)(path, table(kind))
    result = run_cli("--repo", str(root), "import", str(path), "--kind", kind, "--yes")
    assert result.exit_code == 0, result.output
    new = set(records_of(root)) - before
    assert len(new) == 1
    (record_id,) = new
    assert result.stdout.split()[0] == record_id
    assert records_of(root)[record_id]["kind"] == kind
    checked = run_cli("--repo", str(root), "check", "--as-of", "2026-12-01")
    assert checked.exit_code == 0, checked.output


def test_names_labels_and_dates_become_ids_values_and_dates(make_repo: MakeRepo) -> None:
    root = make_repo({"records/2026/2026-03-01-hazard-chemical.yaml": HAZARD})
    for kind in ("meeting", "inspection", "accident"):
        path = csv_file(root.parent / f"{kind}.csv", table(kind))
        assert run_cli("--repo", str(root), "import", str(path), "--kind", kind).exit_code == 0
    by_kind = {r["kind"]: r for r in records_of(root).values()}
    meeting, inspection, accident = by_kind["meeting"], by_kind["inspection"], by_kind["accident"]
    assert meeting["type"] == "prevention" and meeting["chair"] == "zhang-wei"
    assert meeting["attendees"] == ["li-na", "wang-qiang"]
    assert meeting["topics"] == ["春季安全生产", "隐患排查"]
    assert inspection["date"] == dt.date(2026, 3, 6)
    assert inspection["sections"] == ["economic-operation", "power"]
    assert inspection["industries"] == ["refined-oil"] and inspection["holiday"] == "qingming"
    assert inspection["feedback_on"] == dt.date(2026, 3, 10)
    assert inspection["sites"] == ["明远加油站", "江北变电站"]
    assert accident["known_at"] == dt.datetime(
        2026, 3, 5, 10, 40, tzinfo=accident["known_at"].tzinfo
    )
    assert accident["known_at"].utcoffset() == dt.timedelta(hours=8)
    assert accident["date"] == dt.date(2026, 3, 5)
    assert accident["industry"] == "chemical" and accident["attended_by"] == [
        "chemical-pharma",
        "li-na",
    ]
    assert accident["direct_loss_wan"] == 12.5 and accident["serious_injuries"] == 1


@pytest.mark.parametrize(
    "written",
    [
        dt.datetime(2026, 3, 5),
        dt.date(2026, 3, 5),
        46086,  # Excel's serial number for 2026-03-05
        "2026-03-05",
        "2026/3/5",
        "2026.3.5",
        "20260305",
        "2026年3月5日",
        "2026 年 3 月 5 日",
        "2026-03-05 00:00:00",
    ],
)
def test_date_forms(make_repo: MakeRepo, written: Any) -> None:
    root = make_repo()
    rows = [["发现日期", "隐患描述", "等级", "整改期限"], [written, "x", "一般", "2026-04-01"]]
    path = xlsx_file(root.parent / "h.xlsx", rows)
    result = run_cli("--repo", str(root), "import", str(path), "--kind", "hazard", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "date: 2026-03-05\n" in result.stdout


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(make_repo: MakeRepo, encoding: str) -> None:
    root = make_repo()
    path = csv_file(root.parent / "隐患.csv", table("hazard"), encoding)
    result = run_cli("--repo", str(root), "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "粉磨车间粉尘积聚" in result.stdout and "kind: hazard" in result.stdout


def test_a_bad_cell_writes_nothing_and_is_named_file_sheet_cell(make_repo: MakeRepo) -> None:
    root = make_repo()
    good = list(ROWS["hazard"].values())
    bad = [*good]
    bad[5] = "2026-02-30"  # 整改期限, column F
    rows = [list(ROWS["hazard"]), good, good, bad, good]
    path = xlsx_file(root.parent / "台账.xlsx", rows, sheet="隐患")
    result = run_cli("--repo", str(root), "import", str(path), "--yes")
    assert result.exit_code == 1, result.output
    assert f"{path}:隐患!F4: error: “2026-02-30”不是日期" in result.stderr
    assert "未写入任何记录" in result.stderr
    assert records_of(root) == {}


def test_a_reference_check_fails_at_its_cell(make_repo: MakeRepo) -> None:
    root = make_repo()
    rows = [
        ["日期", "带队领导", "参加科室"],
        ["2026-03-06", "李娜", "电力科"],
        ["2026-03-07", "李 娜", "电力课"],
    ]
    path = csv_file(root.parent / "inspections.csv", rows)
    result = run_cli(
        "--lang", "en", "--repo", str(root), "import", str(path), "--kind", "inspection"
    )
    assert result.exit_code == 1
    assert f"{path}:inspections!B3: error: unknown person '李 娜'" in result.stderr
    assert f"{path}:inspections!C3: error: unknown section '电力课'" in result.stderr
    assert "no record was written" in result.stderr
    assert records_of(root) == {}


def test_a_missing_required_value_is_located_at_its_row(make_repo: MakeRepo) -> None:
    root = make_repo()
    rows = [["发现日期", "隐患描述", "等级", "整改期限"], ["2026-03-05", "x", "一般", None]]
    path = xlsx_file(root.parent / "h.xlsx", rows, sheet="隐患")
    result = run_cli("--repo", str(root), "import", str(path))
    assert result.exit_code == 1
    assert f"{path}:隐患!D2: error: 缺少必填字段 rectify_by（整改期限）" in result.stderr


def test_people_named_alike_are_an_error_naming_both(make_repo: MakeRepo) -> None:
    twins = """\
people:
  - id: wang-qiang
    name: 王强
    posts: [{role: director, from: 2024-01-01}]
  - id: wang-qiang-2
    name: 王强
    posts: [{role: safety-lead, from: 2024-01-01}]
"""
    root = make_repo(people=twins)
    rows = [["日期", "组织人"], ["2026-04-01", "王强"]]
    path = csv_file(root.parent / "drills.csv", rows)
    result = run_cli("--repo", str(root), "import", str(path), "--kind", "drill")
    assert result.exit_code == 1
    assert "drills!B2: error: “王强”有多人同名：wang-qiang, wang-qiang-2" in result.stderr


def test_title_merged_cells_blank_rows_and_notes(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "2026年隐患台账"
    ws.append(["巴中市经信委2026年隐患排查治理台账"])
    ws.merge_cells("A1:E1")
    ws.append(["发现日期", "单位", "隐患描述", "等级", "整改期限"])
    ws.append([dt.date(2026, 3, 5), "甲公司", "消防通道堵塞", "一般", dt.date(2026, 3, 20)])
    ws.append([None, "乙公司", "配电箱无门", "一般", dt.date(2026, 3, 20)])
    ws.merge_cells("A3:A4")  # one date for both hazards of the day
    ws.append([])
    ws.append([dt.date(2026, 3, 9), "丙公司", "液化气钢瓶违规存放", "重大", "2026/4/9"])
    ws.append([])
    ws.append(["注：整改期限由检查组确定。"])
    ws.append(["填表人：张三  审核人：李四"])
    ws.merge_cells("A9:E9")
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    result = run_cli("--repo", str(root), "import", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert f"{path}:2026年隐患台账!A8: warning: 第 8 行是说明行，已跳过" in result.stderr
    assert f"{path}:2026年隐患台账!A9: warning: 第 9 行是说明行，已跳过" in result.stderr
    found = sorted(records_of(root).values(), key=lambda r: (r["date"], r["site"]))
    assert [(r["date"], r["site"]) for r in found] == [
        (dt.date(2026, 3, 5), "乙公司"),
        (dt.date(2026, 3, 5), "甲公司"),
        (dt.date(2026, 3, 9), "丙公司"),
    ]
    assert found[2]["grade"] == "major" and found[2]["rectify_by"] == dt.date(2026, 4, 9)


def test_map_and_ignored_columns(make_repo: MakeRepo) -> None:
    root = make_repo()
    rows = [
        ["序号", "检查时间", "问题", "级别", "限期", "整改情况"],
        ["1", "2026-03-05", "消防通道堵塞", "一般", "2026-03-20", "已整改"],
    ]
    path = csv_file(root.parent / "h.csv", rows)
    result = run_cli(
        "--repo", str(root), "import", str(path), "--kind", "hazard",
        "--map", "检查时间=date", "--map", "C=description", "--map", "级别=grade",
        "--map", "限期=rectify-by", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "忽略的列：序号 (A), 整改情况 (F)" in result.stderr
    data = yaml.safe_load(result.stdout.split("\n", 2)[2])
    assert data == {
        "kind": "hazard",
        "date": dt.date(2026, 3, 5),
        "description": "消防通道堵塞",
        "grade": "general",
        "rectify_by": dt.date(2026, 3, 20),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "限期"], "--map 限期：应写作 列名=字段"),
        (["--map", "限期=deadline"], "hazard 记录没有字段“deadline”"),
        (["--map", "期限=rectify_by"], "表头中没有列“期限”"),
        (["--kind", "hazzard"], "未知的记录种类“hazzard”；是不是 'hazard'？"),
        (["--sheet", "Sheet9"], "没有工作表“Sheet9”（有：Sheet1）"),
    ],
)
def test_usage_errors(make_repo: MakeRepo, args: list[str], message: str) -> None:
    root = make_repo()
    rows = [["发现日期", "隐患描述", "等级", "限期"], ["2026-03-05", "x", "一般", "2026-04-01"]]
    path = xlsx_file(root.parent / "h.xlsx", rows)
    result = run_cli("--repo", str(root), "import", str(path), "--kind", "hazard", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert_no_traceback(result)


def test_no_header_and_not_a_ledger(make_repo: MakeRepo) -> None:
    root = make_repo()
    path = csv_file(root.parent / "x.csv", [["a", "b"], ["1", "2"]])
    result = run_cli("--repo", str(root), "import", str(path))
    assert result.exit_code == 2 and "无法判断记录种类；请用 --kind 指定" in result.stderr
    result = run_cli("--repo", str(root), "import", str(path), "--kind", "hazard")
    assert result.exit_code == 2 and "找不到表头行" in result.stderr
    fake = root.parent / "fake.xlsx"
    fake.write_bytes(b"not a zip")
    result = run_cli("--repo", str(root), "import", str(fake))
    assert result.exit_code == 2 and "无法读取" in result.stderr
    assert_no_traceback(result)
    old = root.parent / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run_cli("--repo", str(root), "import", str(old))
    assert result.exit_code == 2 and "另存为 .xlsx" in result.stderr
    assert run_cli("--repo", str(root), "import", str(root / "nope.csv")).exit_code == 2


def test_a_failed_write_takes_every_record_back(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetyduty.write import record

    root = make_repo()
    rows = [list(ROWS["hazard"]), *[list(ROWS["hazard"].values())] * 3]
    path = xlsx_file(root.parent / "h.xlsx", rows, sheet="隐患")
    real = record.write_record
    calls: list[str] = []

    def flaky(*args: Any, **kwargs: Any) -> tuple[str, str]:
        calls.append("x")
        if len(calls) == 3:
            raise OSError(28, "No space left on device", "records/2026/x.yaml")
        return real(*args, **kwargs)

    monkeypatch.setattr(record, "write_record", flaky)
    result = run_cli("--repo", str(root), "import", str(path), "--yes")
    assert result.exit_code == 1
    assert "已撤回本次写入的全部记录" in result.stderr
    assert records_of(root) == {}


def test_rows_see_the_rows_before_them(make_repo: MakeRepo) -> None:
    """Two rows with the same title get two ids, as two `log` runs would."""
    root = make_repo()
    rows = [list(ROWS["hazard"]), list(ROWS["hazard"].values()), list(ROWS["hazard"].values())]
    path = xlsx_file(root.parent / "h.xlsx", rows, sheet="隐患")
    result = run_cli("--repo", str(root), "import", str(path))
    assert result.exit_code == 0, result.output
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert len(set(ids)) == 2 and ids[1] == ids[0] + "-2"


def _hazards(root: Path) -> list[dict[str, Any]]:
    repo, _ = load_repo(root, dt.date(2026, 11, 30))
    return sorted(
        (
            r.model_dump(exclude={"id"}, exclude_none=True, exclude_defaults=True)
            for r in repo.records.values()
            if r.kind == "hazard"
        ),
        key=lambda d: (d["date"], d["description"]),
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hazards_export_round_trips_the_sample_repo(tmp_path: Path, lang: str, fmt: str) -> None:
    repo = tmp_path / "repo"
    for folder in ("data", "records", "evidence"):
        shutil.copytree(ROOT / folder, repo / folder)
    before = _hazards(repo)
    assert len(before) >= 5
    ledger = tmp_path / f"hazards.{fmt}"
    exported = run_cli(
        "--lang", lang, "--repo", str(repo), "hazards", "--as-of", "2026-11-30",
        "--format", fmt, "--output", str(ledger),
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    for path in (repo / "records").rglob("*.yaml"):
        if yaml.safe_load(path.read_text(encoding="utf-8"))["kind"] in ("hazard", "rectification"):
            path.unlink()
    imported = run_cli("--lang", lang, "--repo", str(repo), "import", str(ledger), "--yes")
    assert imported.exit_code == 0, imported.output
    assert _hazards(repo) == before
    derived = ("整改日期", "状态") if lang == "zh" else ("rectified on", "state")
    for column in derived:
        assert re.search(rf"\b{column} \([A-Z]+\)", imported.stderr), imported.stderr


def test_the_kind_is_told_by_the_header_when_no_name_tells_it(make_repo: MakeRepo) -> None:
    root = make_repo()
    rows = [
        ["日期", "带队领导", "参加科室", "被检查单位"],
        ["2026-03-06", "李娜", "电力科", "某电厂"],
    ]
    path = csv_file(root.parent / "ledger.csv", rows)
    result = run_cli("--repo", str(root), "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "ledger.csv：ledger，inspection，1 行" in result.stderr
    assert "led_by: [li-na]\n" in result.stdout and "sections: [power]\n" in result.stdout


def test_a_killed_import_takes_every_record_back(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    from safetyduty.load.ledger import read_ledger
    from safetyduty.write import ledger_import, record

    root = make_repo()
    rows = [list(ROWS["hazard"]), *[list(ROWS["hazard"].values())] * 4]
    path = xlsx_file(root.parent / "h.xlsx", rows, sheet="隐患")
    repo, loaded = load_repo(root, dt.date(2026, 12, 1))
    plan = ledger_import.plan_import(
        repo, loaded, read_ledger(path, None, "zh"), kind=None, maps=[], lang="zh"
    )
    assert len(plan.rows) == 4
    real = record.write_record
    calls: list[int] = []

    def killed(*args: Any, **kwargs: Any) -> tuple[str, str]:
        calls.append(1)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(record, "write_record", killed)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit):
        ledger_import.write_plan(root, plan)
    assert records_of(root) == {}
    assert signal.getsignal(signal.SIGTERM) == before


_TEXT = st.text(
    alphabet=st.sampled_from(list("隐患整改ABCxyz019 =+-@,、;：（）'\"#[]{}!%&*")),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip() and "  " not in s)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(description=_TEXT, site=_TEXT, responsible=_TEXT)
def test_any_text_survives_export_and_import(
    tmp_path_factory: pytest.TempPathFactory, description: str, site: str, responsible: str
) -> None:
    """Whatever a hazard says (formula-like text included) reads back the same from the xlsx."""
    from conftest import write_repo

    folder = tmp_path_factory.mktemp("rt")
    text = yaml.safe_dump(
        {
            "kind": "hazard",
            "date": dt.date(2026, 3, 1),
            "description": description,
            "site": site,
            "responsible": responsible,
            "grade": "major",
            "rectify_by": dt.date(2026, 3, 31),
        },
        allow_unicode=True,
    )
    source = write_repo(folder / "a", {"records/2026/2026-03-01-hazard-x.yaml": text})
    ledger = folder / "h.xlsx"
    exported = run_cli(
        "--repo", str(source), "hazards", "--as-of", "2026-04-01", "--format", "xlsx",
        "-o", str(ledger),
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    target = write_repo(folder / "b", {})
    imported = run_cli("--repo", str(target), "import", str(ledger), "--yes")
    assert imported.exit_code == 0, imported.output
    assert _hazards(target) == _hazards(source)
