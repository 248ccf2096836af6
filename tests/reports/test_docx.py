"""`summary --format docx`: the 公文 opened with python-docx and checked against GB/T 9704-2012,
and converted to PDF by LibreOffice where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from conftest import run_cli
from safetyduty.reports.render.docx import chinese_number, column_widths, heading_number

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docx")
    files = {}
    for lang in ("zh", "en"):
        out = folder / f"2026Q3-{lang}.docx"
        result = run_cli(
            "--lang", lang, "--repo", str(ROOT), "summary", "2026Q3", "--as-of", "2026-10-08",
            "--format", "docx", "--output", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        files[lang] = out
    return files


def mm(length: Length | None) -> float:
    assert length is not None
    return round(length.mm, 1)


def fonts(element: Any) -> dict[str, str]:
    found = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {key.split("}")[1]: value for key, value in found.attrib.items()}


def test_page_and_text_block(made: dict[str, Path]) -> None:
    section = docx.Document(str(made["zh"])).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37.0, 28.0)
    width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    height = section.page_height - section.top_margin - section.bottom_margin  # type: ignore[operator]
    assert (round(Length(width).mm, 1), round(Length(height).mm, 1)) == (156.0, 225.0)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (
        grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "580"
    )  # 225 mm / 22 lines, in twips


def test_fonts_and_sizes(made: dict[str, Path]) -> None:
    styles = docx.Document(str(made["zh"])).styles
    expected = {
        "Normal": ("仿宋_GB2312", 16, False),
        "Title": ("方正小标宋简体", 22, False),
        "Heading 1": ("黑体", 16, False),
        "Heading 2": ("楷体_GB2312", 16, False),
        "Heading 3": ("仿宋_GB2312", 16, True),
    }
    for name, (east_asian, size, bold) in expected.items():
        style = styles[name]
        found = fonts(style.element)
        assert found["eastAsia"] == east_asian, name
        assert found["ascii"] == "Times New Roman" and "asciiTheme" not in found, name
        assert style.font.size == Pt(size) and bool(style.font.bold) is bold, name
        assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0), name
    body = styles["Normal"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing is not None
    assert abs(Length(body.line_spacing).pt * 22 / 72 * 25.4 - 225) < 0.1  # 22 lines fill 225 mm
    assert body.first_line_indent == Pt(32)  # two characters


def test_title_headings_issuer_and_date(made: dict[str, Path]) -> None:
    document = docx.Document(str(made["zh"]))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.style.name == "Title" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.text == "2026年第三季度安全生产工作情况汇总"
    headings = {
        level: [p.text for p in paragraphs if p.style.name == f"Heading {level}"]
        for level in (1, 2, 3)
    }
    assert headings[1][:5] == [
        "一、职责履行情况",
        "二、安全生产工作开展情况",
        "三、隐患排查治理情况",
        "四、生产安全事故情况",
        "五、未设检查规则的职责（人工核查）",
    ]
    assert headings[1][-1] == "说明"  # not numbered
    assert headings[2][:2] == ["（一）各责任主体履职情况", "（二）各责任主体义务明细"]
    assert headings[2][2].startswith("（一）会议")  # numbering starts again under 二、
    assert headings[3][0].startswith("1.市经济和信息化委") and headings[3][1].startswith("2.王建国")
    assert [p.text for p in paragraphs[-2:]] == ["巴中市经济和信息化委员会", "2026年10月8日"]
    date = paragraphs[-1].paragraph_format
    assert paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT and date.right_indent == Pt(64)


def test_tables_for_obligations_and_hazards(made: dict[str, Path]) -> None:
    tables = docx.Document(str(made["zh"])).tables
    heads = [[c.text for c in table.rows[0].cells] for table in tables]
    assert ["状态", "职责", "周期", "截止", "说明", "记录"] in heads
    assert ["发现日期", "地点/单位", "隐患描述", "等级", "科室", "整改期限", "整改通知书",
            "整改日期", "状态"] in heads  # fmt: skip
    holders = tables[heads.index(["责任主体", *heads[0][1:]])]
    assert any("王建国" in row.cells[0].text for row in holders.rows)
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        width = sum(cell.width for cell in table.rows[0].cells)
        assert abs(Length(width).mm - 156) < 0.5
        run = table.rows[-1].cells[0].paragraphs[0].runs[0]
        assert fonts(run._r)["eastAsia"] == "仿宋_GB2312"


def test_page_numbers(made: dict[str, Path]) -> None:
    document = docx.Document(str(made["zh"]))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml and 'w:fldCharType="begin"' in xml
        assert paragraph.text == "— 1 —"
        for run in paragraph.runs:
            assert run.font.size == Pt(14) and fonts(run._r)["eastAsia"] == "宋体"
    # 7 mm below the text block: the footer line (4号 at 1.2) ends 35 − 7 − 5.9 mm from the edge
    assert 21.5 < mm(section.footer_distance) < 22.5


def test_english_uses_ordinary_fonts(made: dict[str, Path]) -> None:
    document = docx.Document(str(made["en"]))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        found = fonts(document.styles[name].element)
        assert found["ascii"] == "Times New Roman" and "eastAsia" not in found, name
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["1. Duties", "1.1 By holder", "1.2 Obligations by holder"]
    assert headings[3].startswith("1.2.1 The Commission")
    assert document.paragraphs[-1].text == "8 October 2026"


def test_numbers() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一", "九", "十", "十一", "二十", "二十一", "九十九",
    ]  # fmt: skip
    assert heading_number(2, [3, 12, 0], "zh") == "（十二）"
    assert heading_number(3, [3, 12, 4], "en") == "3.12.4 "
    widths = column_widths([["编号", "内容"], ["a", "很长的内容" * 20]], 156)
    assert abs(sum(widths) - 156) < 1e-6 and widths[1] > 3 * widths[0]


def test_columns_of_counts_leave_the_room_to_the_holder() -> None:
    """The summary's holder table: a long holder name beside seven counts and a rate."""
    header = ["责任主体", "已逾期", "待完成", "逾期完成", "已完成", "未开始", "已豁免", "合规率"]
    holder = "李明华（分管安全生产的委领导、分管或协助分管产业（业务）的委领导）"
    row = [holder, *"100400", "80.0%"]
    widths = column_widths([header, row], 156)
    assert abs(sum(widths) - 156) < 1e-6
    assert widths[0] > 2 * max(widths[1:])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_it_to_pdf(made: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "profile"  # its own profile: another soffice may be running
    for lang, path in made.items():
        done = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        pdf = tmp_path / f"{path.stem}.pdf"
        assert done.returncode == 0 and pdf.exists(), (lang, done.stdout, done.stderr)
        assert pdf.read_bytes().startswith(b"%PDF")
        if shutil.which("pdfinfo"):
            info = subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
            ).stdout
            assert "(A4)" in info, info
            pages = int(next(line for line in info.splitlines() if line.startswith("Pages:"))[6:])
            assert pages >= 5, info
