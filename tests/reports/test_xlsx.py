"""`--format xlsx`: every workbook opened with openpyxl and read back the way Excel shows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from conftest import MakeRepo, run_cli
from safetyduty.reports.render.document import Table, columns, sheet_names
from safetyduty.reports.render.xlsx import text_width, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]


def export(tmp_path: Path, *args: str, lang: str = "zh") -> openpyxl.Workbook:
    out = tmp_path / f"{args[0]}-{lang}.xlsx"
    result = run_cli("--lang", lang, "--repo", str(ROOT), *args, "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the workbook went to the file, nothing to the terminal
    assert out.read_bytes()[:2] == b"PK"
    return openpyxl.load_workbook(out)


def header(sheet: Worksheet) -> list[str]:
    return [str(c.value) for c in sheet[1]]


def column(sheet: Worksheet, name: str) -> list[object]:
    number = header(sheet).index(name) + 1
    return [sheet.cell(row, number).value for row in range(2, sheet.max_row + 1)]


def assert_ledger_sheet(sheet: Worksheet) -> None:
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    assert all(cell.font.bold for cell in sheet[1])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_xlsx(tmp_path: Path, lang: str) -> None:
    book = export(tmp_path, "status", "--as-of", "2026-10-08", "--all", lang=lang)
    assert len(book.sheetnames) == 1
    sheet = book.worksheets[0]
    assert_ledger_sheet(sheet)
    zh = lang == "zh"
    holder, holder_id = ("责任主体", "责任主体编号") if zh else ("holder", "holder id")
    due, state = ("截止", "状态编号") if zh else ("due", "state id")
    assert header(sheet)[:4] == (
        ["责任主体", "责任主体编号", "职责", "职责编号"]
        if zh
        else ["holder", "holder id", "duty", "duty id"]
    )
    rows = dict(zip(column(sheet, holder_id), column(sheet, holder), strict=True))
    assert rows["wang-jianguo"] == "王建国"
    assert rows["economic-operation"] == ("经济运行科" if zh else "Economic Operation Section")
    dues = column(sheet, due)
    assert all(isinstance(d, dt.datetime) for d in dues)
    number = header(sheet).index(due) + 1
    cell = sheet.cell(2, number)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert set(column(sheet, state)) <= {"met", "late", "overdue", "due", "upcoming", "waived"}
    # the widest Chinese duty name fits its column (two units a character)
    duty_letter = openpyxl.utils.get_column_letter(3)
    widest = max(text_width(str(v)) for v in column(sheet, header(sheet)[2]))
    assert sheet.column_dimensions[duty_letter].width >= min(widest, 58)


def test_hazards_xlsx(tmp_path: Path) -> None:
    book = export(tmp_path, "hazards", "--as-of", "2026-11-30")
    assert book.sheetnames == ["隐患台账"]
    sheet = book.worksheets[0]
    assert_ledger_sheet(sheet)
    names = header(sheet)
    for expected in (
        "编号",
        "发现日期",
        "隐患描述",
        "等级",
        "科室",
        "科室编号",
        "整改期限",
        "状态",
    ):
        assert expected in names
    grades = set(column(sheet, "等级"))
    assert grades <= {"一般", "重大"} and grades
    assert "power" in column(sheet, "科室编号") and "电力科" in column(sheet, "科室")
    found = column(sheet, "发现日期")
    assert all(isinstance(d, dt.datetime) and d.time() == dt.time() for d in found)
    people = [p for p in column(sheet, "验收人") if p]
    assert people and all(isinstance(p, str) and "-" not in p for p in people)


def test_summary_xlsx_has_one_sheet_per_table(tmp_path: Path) -> None:
    book = export(tmp_path, "summary", "2026Q3", "--as-of", "2026-10-08")
    assert book.sheetnames[:4] == ["各责任主体履职情况", "各责任主体义务明细", "会议", "检查"]
    assert {"隐患按等级", "重大隐患", "事故", "未设规则的职责"} <= set(book.sheetnames)
    for sheet in book.worksheets:
        assert_ledger_sheet(sheet)
    holders = book["各责任主体履职情况"]
    rate = holders.cell(2, header(holders).index("合规率") + 1)
    assert rate.number_format == "0.0%" and rate.value == 1
    assert isinstance(holders.cell(2, header(holders).index("已完成") + 1).value, int)
    accidents = book["事故"]
    occurred = column(accidents, "发生时间")[0]
    assert occurred == dt.datetime(2026, 8, 12, 9, 10)  # local time, as Excel has no zones


def test_summary_xlsx_in_english(tmp_path: Path) -> None:
    book = export(tmp_path, "summary", "2026Q3", "--as-of", "2026-10-08", lang="en")
    assert book.sheetnames[:3] == ["By holder", "Obligations by holder", "Meetings"]
    assert header(book["By holder"])[:2] == ["holder", "holder id"]


@pytest.mark.parametrize("command", [["status"], ["hazards"], ["summary", "2026Q3"]])
def test_a_binary_format_needs_output(command: list[str]) -> None:
    result = run_cli("--repo", str(ROOT), *command, "--as-of", "2026-10-08", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx 是二进制文件，不输出到终端" in result.stderr
    assert result.stdout == ""


def test_text_that_looks_like_a_formula_stays_text(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo(
        {
            "records/2026/2026-03-01-hazard-x.yaml": (
                'kind: hazard\ndate: 2026-03-01\ndescription: \'=HYPERLINK("http://x","y")\'\n'
                "site: '@SUM(A1)'\ngrade: general\nrectify_by: 2026-03-31\n"
                "responsible: '-1+2'\nnotes: '+cmd'\n"
            )
        }
    )
    out = tmp_path / "h.xlsx"
    result = run_cli(
        "--repo", str(root), "hazards", "--as-of", "2026-04-01", "--format", "xlsx", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    for name, text in (
        ("隐患描述", '=HYPERLINK("http://x","y")'),
        ("地点/单位", "@SUM(A1)"),
        ("单位责任人", "-1+2"),
        ("备注", "+cmd"),
    ):
        cell = sheet.cell(2, header(sheet).index(name) + 1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix, name


def test_sheet_names_are_valid_and_unique() -> None:
    tables = [
        Table("按科室/按等级: [一]", columns(("a", "A")), ()),
        Table("x" * 40, columns(("a", "A")), ()),
        Table("X" * 40, columns(("a", "A")), ()),
    ]
    names = sheet_names(tables)
    assert names[0] == "按科室 按等级 一"
    assert len(names[1]) == 31 and len(names[2]) == 31 and names[1].lower() != names[2].lower()
    book = openpyxl.load_workbook(__import__("io").BytesIO(xlsx_bytes(tables, "zh")))
    assert book.sheetnames == names


def test_status_since_xlsx_has_the_state_before(tmp_path: Path) -> None:
    book = export(tmp_path, "status", "--as-of", "2026-10-08", "--since", "2026-09-01")
    sheet = book.worksheets[0]
    names = header(sheet)
    assert names[names.index("状态编号") + 1] == "此前状态"
    before = [v for v in column(sheet, "此前状态") if v]
    assert before and set(before) <= {"已完成", "逾期完成", "已逾期", "待完成", "未开始", "已豁免"}
