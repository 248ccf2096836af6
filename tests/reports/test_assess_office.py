"""`assess --format xlsx|docx` on the fixture year (tests/fixtures/assess_repo; the figures are
worked out by hand in test_assess.py): the workbook read back with openpyxl, the 公文 with
python-docx. The writers themselves are tested in test_xlsx.py and test_docx.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from conftest import run_cli

FIXTURE = Path(__file__).parents[1] / "fixtures" / "assess_repo"
AS_OF = "2027-01-05"


def export(tmp_path: Path, fmt: str, lang: str = "zh") -> Path:
    out = tmp_path / f"assess-{lang}.{fmt}"
    result = run_cli(
        "--lang", lang, "--repo", str(FIXTURE), "assess", "2026", "--as-of", AS_OF,
        "--format", fmt, "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return out


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    names = [str(c.value) for c in sheet[1]]
    return [
        dict(zip(names, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def test_xlsx_sheets_figures_and_ids(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(tmp_path, "xlsx"))
    assert book.sheetnames == ["委领导", "科室", "扣分明细", "事故与一票否决"]
    for sheet in book.worksheets:  # a ledger to filter: frozen bold header, autofilter
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        assert all(cell.font.bold for cell in sheet[1])
    people = {r["责任主体编号"]: r for r in rows(book["委领导"])}
    assert list(people) == ["zhao-min", "sun-hao", "li-na", "wang-qiang", "zhang-wei"]
    zhang = people["zhang-wei"]
    assert (zhang["责任主体"], zhang["得分"], zhang["等次编号"]) == ("张伟", 75, "fail")
    assert zhang["等次"] == "不合格（按得分为合格）"
    assert (zhang["已逾期"], zhang["已完成"], zhang["合规率"]) == (3, 3, 0.5)
    assert zhang["一票否决编号"] == "a3"
    assert people["wang-qiang"]["不得提升或交流任职编号"] == "a1"
    sections = {r["责任主体编号"]: r["得分"] for r in rows(book["科室"])}
    assert sections == {
        "economic-operation": 96,
        "personnel-education": 92,
        "chemical-pharma": 84,
        "power": 82,
    }
    deductions = rows(book["扣分明细"])
    assert len(deductions) == 13
    capped = [d for d in deductions if d["扣分"] != d["原应扣分"]]
    assert [(d["职责编号"], d["周期"], d["扣分"], d["原应扣分"]) for d in capped] == [
        ("director-quarterly-special-meeting", "2026Q3", 5, 10),
        ("director-half-year-inspection", "2026H2", 10, 15),
    ]
    assert all(isinstance(d["截止"], dt.datetime) for d in deductions)  # date cells
    accidents = {r["编号"]: r for r in rows(book["事故与一票否决"])}
    assert accidents["a3"]["一票否决编号"] == "zhang-wei、li-na、zhao-min、sun-hao、chemical-pharma"
    assert accidents["a4"]["责任事故"] == "否" and accidents["a4"]["一票否决"] is None


def test_xlsx_in_english(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(tmp_path, "xlsx", "en"))
    assert book.sheetnames[:2] == ["Leaders", "Sections"]
    zhang = {r["holder id"]: r for r in rows(book["Leaders"])}["zhang-wei"]
    assert (zhang["holder"], zhang["grade"]) == ("Zhang Wei", "Fail (by score: Pass)")


def test_docx_title_findings_and_tables(tmp_path: Path) -> None:
    document = docx.Document(str(export(tmp_path, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert "2026年度安全生产工作履职考核" in texts
    assert "一票否决：2026-10-15 民爆仓库爆炸事故（重大）" in texts
    assert "不得提升或交流任职：2026-03-15 电厂检修触电事故（一般）" in texts
    assert "巴中市经济和信息化委员会" in texts  # the issuing unit, then the date
    assert "2027年1月5日" in texts
    # results (leaders, sections), a deduction table for each of 7 holders who lost points,
    # and the accidents
    assert len(document.tables) == 2 + 7 + 1
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == [
        "委领导", "得分", "等次", "已逾期", "逾期完成", "已完成", "合规率", "否决与限制",
    ]  # fmt: skip
    zhang = next(r for r in first.rows if r.cells[0].text == "张伟")
    assert [c.text for c in zhang.cells][1:3] == ["75", "不合格（按得分为合格）"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_binary_formats_need_an_output_file(fmt: str) -> None:
    result = run_cli("--repo", str(FIXTURE), "assess", "2026", "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--format {fmt}" in result.stderr
