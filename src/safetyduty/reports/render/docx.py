"""A `Document` as a Word file in the layout of Chinese official documents (GB/T 9704-2012).

The numbers are the standard's (§5.2.1, §7): A4 paper; text block 156 mm × 225 mm with the top
margin 37 mm and the left 28 mm (so right 26 mm, bottom 35 mm); 22 lines of 28 characters,
which for 3号 (16 pt) text is a fixed line pitch of 225 mm / 22 = 28.99 pt (580 twips). The
title is 2号 (22 pt) 小标宋, centred; the body 3号 仿宋; headings 一、 in 黑体, （一） in 楷体,
1. in bold 仿宋 (§7.3.3).
Page numbers (§7.5) are 4号 (14 pt) 宋体 Arabic numerals between em dashes, "— 1 —", 7 mm
below the text block: odd pages on the right, even pages on the left, one character in. The
issuing unit and the date close the text (§7.3.5), the date four characters from the right, the
unit centred above it. Every Chinese font is named for East Asian text (`w:eastAsia`), and the
font table gives each a fallback a machine without it uses (仿宋_GB2312 → 仿宋, …).

`--lang en` keeps the structure in ordinary fonts (Times New Roman), numbered 1. / 1.1 / 1.1.1.
python-docx is imported only when a docx is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from safetyduty.reports.render.document import Document, Heading, Paragraph, Table, table_text
from safetyduty.reports.render.safe import terminal_safe

MM_PER_PT = 25.4 / 72
PAGE_MM = (210, 297)
TOP_MM, LEFT_MM = 37, 28
BLOCK_MM = (156, 225)
LINES, CHARS = 22, 28
#: the fixed line pitch of the body: the text block's height over 22 lines, in points
LINE_PT = round(BLOCK_MM[1] / LINES / MM_PER_PT, 2)
TITLE_PT, BODY_PT, PAGE_NUMBER_PT, TABLE_PT = 22, 16, 14, 10.5
#: the page number's line starts 7 mm below the text block
PAGE_NUMBER_GAP_MM = 7

#: Fonts by role, for Chinese documents: (East Asian font, Latin font, fallback for the former).
ZH_FONTS: dict[str, tuple[str, str, str]] = {
    "title": ("方正小标宋简体", "Times New Roman", "宋体"),
    "body": ("仿宋_GB2312", "Times New Roman", "仿宋"),
    "h1": ("黑体", "Times New Roman", "SimHei"),
    "h2": ("楷体_GB2312", "Times New Roman", "楷体"),
    "h3": ("仿宋_GB2312", "Times New Roman", "仿宋"),
    "page": ("宋体", "宋体", "SimSun"),
    "table": ("仿宋_GB2312", "Times New Roman", "仿宋"),
    "table_head": ("黑体", "Times New Roman", "SimHei"),
}
EN_FONT = "Times New Roman"
_CN_NUMBERS = "零一二三四五六七八九"
_WORD = re.compile(r"[!-~]+")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99)."""
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _CN_NUMBERS[tens]) + "十" if tens else ""
    return text + (_CN_NUMBERS[ones] if ones or not tens else "")


def heading_number(level: int, counters: Sequence[int], lang: str) -> str:
    """The number a heading is written with: 一、 （一） 1. in Chinese, 1. 1.1 1.1.1 in English."""
    if lang == "en":
        return ".".join(str(n) for n in counters[:level]) + (". " if level == 1 else " ")
    n = counters[level - 1]
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）"}.get(level, f"{n}.")


def docx_bytes(document: Document) -> bytes:
    """The .docx file of `document`."""
    import docx
    from docx.enum.section import WD_SECTION_START
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = docx.Document()
    zh = document.lang != "en"
    _page(word.sections[0], WD_SECTION_START)
    _styles(word, zh)
    if zh:
        _font_table(word)
    word.core_properties.title = document.title
    word.core_properties.author = document.issuer
    word.core_properties.language = "zh-CN" if zh else "en-GB"

    body = word.paragraphs[0] if word.paragraphs else word.add_paragraph()
    title = body
    title.style = word.styles["Title"]
    title.add_run(terminal_safe(document.title))
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph()  # §7.3.2: one empty line below the title

    counters = [0, 0, 0]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            paragraph = word.add_paragraph(style=word.styles[f"Heading {level}"])
            number = ""
            if block.numbered:
                counters[level - 1] += 1
                counters[level:] = [0] * (3 - level)
                number = heading_number(level, counters, document.lang)
            paragraph.add_run(terminal_safe(number + block.text))
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(style=word.styles["Normal"])
            run = paragraph.add_run(terminal_safe(block.text))
            run.bold = block.strong or None
        elif isinstance(block, Table):
            _table(word, block, document.lang, zh)
    _closing(word, document, zh)
    _page_numbers(word, zh)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


def _page(section: Any, _start: Any) -> None:
    section.page_width, section.page_height = _mm(PAGE_MM[0]), _mm(PAGE_MM[1])
    section.top_margin, section.left_margin = _mm(TOP_MM), _mm(LEFT_MM)
    section.right_margin = _mm(PAGE_MM[0] - LEFT_MM - BLOCK_MM[0])
    section.bottom_margin = _mm(PAGE_MM[1] - TOP_MM - BLOCK_MM[1])
    section.header_distance = _mm(15)
    # The footer's distance is to the bottom of its line: 7 mm gap, then a 4号 line.
    footer_line_mm = PAGE_NUMBER_PT * MM_PER_PT * 1.2
    section.footer_distance = _mm(
        PAGE_MM[1] - TOP_MM - BLOCK_MM[1] - PAGE_NUMBER_GAP_MM - footer_line_mm
    )
    from docx.oxml.ns import qn

    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = section._sectPr.makeelement(qn("w:docGrid"), {})
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def set_fonts(element: Any, east_asian: str | None, latin: str) -> None:
    """Name the fonts of a run or style (`w:rPr`) outright: Latin text in `latin`, East Asian
    text in `east_asian`; theme fonts, which would override them, are removed."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    if east_asian:
        fonts.set(qn("w:eastAsia"), east_asian)
        fonts.set(qn("w:hint"), "eastAsia")


def _style_font(style: Any, role: str, zh: bool, size: float, bold: bool = False) -> None:
    from docx.shared import Pt, RGBColor

    east, latin, _ = ZH_FONTS[role]
    set_fonts(style.element, east if zh else None, latin if zh else EN_FONT)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)


def _styles(word: Any, zh: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault"))
        if rpr is not None and (inner := rpr.find(qn("w:rPr"))) is not None:
            fonts = inner.find(qn("w:rFonts"))
            if fonts is not None:
                for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(theme), None)
                fonts.set(qn("w:ascii"), EN_FONT)
                fonts.set(qn("w:hAnsi"), EN_FONT)
                fonts.set(qn("w:eastAsia"), ZH_FONTS["body"][0] if zh else EN_FONT)
    indent = Pt(BODY_PT * 2)  # two characters
    roles = {
        "Normal": ("body", BODY_PT, False),
        "Title": ("title", TITLE_PT, not zh),
        "Heading 1": ("h1", BODY_PT, not zh),
        "Heading 2": ("h2", BODY_PT, not zh),
        "Heading 3": ("h3", BODY_PT, True),
    }
    for name, (role, size, bold) in roles.items():
        style = word.styles[name]
        _style_font(style, role, zh, size, bold)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT if size <= BODY_PT else max(LINE_PT, size * 1.5))
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = indent if name != "Title" else Pt(0)
        fmt.widow_control = True
        if name == "Title":
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for border in style.element.pPr.findall(qn("w:pBdr")):
                style.element.pPr.remove(border)
        if name.startswith("Heading"):
            fmt.keep_with_next = True
    for name in ("Header", "Footer"):
        _style_font(word.styles[name], "page", zh, PAGE_NUMBER_PT)


def _font_table(word: Any) -> None:
    """Declare every Chinese font with a fallback (w:altName) and the GB2312 character set, so
    that Word and LibreOffice on a machine without it pick a Chinese font of the same kind."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    part = word.part.part_related_by(RT.FONT_TABLE)
    from lxml import etree

    root = etree.fromstring(part.blob)
    known = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for east, _latin, fallback in ZH_FONTS.values():
        if east in known:
            continue
        known.add(east)
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): east})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): fallback})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        family = "roman" if east in ("宋体", "方正小标宋简体") else "modern"
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _table(word: Any, table: Table, lang: str, zh: bool) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lines = table_text(table, lang)
    if len(lines) == 1:
        return
    grid = word.add_table(rows=len(lines), cols=len(lines[0]))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = column_widths(lines, BLOCK_MM[0])
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = _mm(width)
        for cell in column.cells:
            cell.width = _mm(width)
    for row_number, (row, texts) in enumerate(zip(grid.rows, lines, strict=True)):
        head = row_number == 0
        if head:  # the header row repeats on every page the table runs on
            trpr = row._tr.get_or_add_trPr()
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
        for cell, text in zip(row.cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            # Off the body's 28.95 pt line grid: a table's small print takes single lines.
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if head else WD_ALIGN_PARAGRAPH.LEFT
            for number, line in enumerate(text.split("\n")):
                if number:
                    paragraph.runs[-1].add_break()
                run = paragraph.add_run(terminal_safe(line))
                east, latin, _ = ZH_FONTS["table_head" if head else "table"]
                set_fonts(run._r, east if zh else None, latin if zh else EN_FONT)
                run.font.size = Pt(TABLE_PT)
                run.bold = head and not zh or None
    word.add_paragraph()  # a line of space after each table


def column_widths(lines: Sequence[Sequence[str]], total_mm: float) -> list[float]:
    """Column widths in mm that add up to `total_mm`: each column as wide as its widest line
    (a Chinese character counts two) when they all fit; else each gets at least its header's
    width (two characters over a column of short values), its longest word (a date) or three
    characters (less if it needs less), and the
    rest of the room goes to the columns that want more, in proportion to how much more they
    want on average (a column of long texts, not one with a single long name)."""
    from safetyduty.reports.render.xlsx import text_width

    half_mm = TABLE_PT / 2 * MM_PER_PT + 0.35  # half a character, with a little air
    pad = 5.0  # the cell's own margins (0.19 cm each side), and room for a bold or wide word
    wanted, floors, means = [], [], []
    for number in range(len(lines[0])):
        sizes = [text_width(line[number]) for line in lines]
        widest = max(max(sizes), 2) * half_mm + pad
        means.append(sum(sizes[1:]) / max(len(sizes) - 1, 1) * half_mm + pad)
        # A column of short values (counts, rates, a state) lets its header wrap after two
        # characters, so that the room goes to the columns of names and texts.
        body = max(sizes[1:], default=0)
        short = body <= 6
        header = max(min(text_width(lines[0][number]), 4 if short else 8), 2) * half_mm + pad
        # A date or an English word is not broken: the column is at least as wide as its
        # longest run of Latin letters and digits (up to 16 half-width characters).
        words = max((len(w) for line in lines for w in _WORD.findall(line[number])), default=0)
        word = min(words, 16) * half_mm + pad
        wanted.append(widest)
        floors.append(min(widest, max(header, word, (body if short else 6) * half_mm + pad)))
    if sum(wanted) <= total_mm:
        spare = (total_mm - sum(wanted)) / len(wanted)
        return [w + spare for w in wanted]
    if sum(floors) >= total_mm:
        return [f * total_mm / sum(floors) for f in floors]
    extra = [max(m - f, 0.0) + 0.01 for m, f in zip(means, floors, strict=True)]
    room = total_mm - sum(floors)
    return [f + room * e / sum(extra) for f, e in zip(floors, extra, strict=True)]


def _closing(word: Any, document: Document, zh: bool) -> None:
    """§7.3.5: the issuing unit, centred over the date; the date four characters from the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    day = document.date
    date_text = f"{day.year}年{day.month}月{day.day}日" if zh else day.strftime("%-d %B %Y")
    word.add_paragraph()
    width = {True: BODY_PT, False: BODY_PT * 0.5}
    date_pt = len(date_text) * width[zh]
    issuer_pt = sum(BODY_PT if ord(ch) > 0x2E80 else BODY_PT * 0.5 for ch in document.issuer)
    date_indent = BODY_PT * 4 if zh else 0
    issuer_indent = max(date_indent + (date_pt - issuer_pt) / 2, 0)
    for text, indent in ((document.issuer, issuer_indent), (date_text, date_indent)):
        paragraph = word.add_paragraph(style=word.styles["Normal"])
        paragraph.add_run(terminal_safe(text))
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        fmt.right_indent = Pt(indent)


def _page_numbers(word: Any, zh: bool) -> None:
    """ "— 1 —": odd pages right, even pages left, one character in (§7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = word.styles["Footer"]
        fmt = paragraph.paragraph_format
        fmt.alignment = alignment
        fmt.first_line_indent = Pt(0)
        one_char = Pt(PAGE_NUMBER_PT)
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = one_char
        else:
            fmt.left_indent = one_char
        _page_field(paragraph, zh)


def _page_field(paragraph: Any, zh: bool) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run(text: str | None = None) -> Any:
        made = paragraph.add_run(text)
        east, latin, _ = ZH_FONTS["page"]
        set_fonts(made._r, east if zh else None, latin if zh else EN_FONT)
        made.font.size = Pt(PAGE_NUMBER_PT)
        return made

    run("— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("num", "1")):
        if kind == "instr":
            instr = run()._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            paragraph.runs[-1]._r.append(instr)
        elif kind == "num":
            run(text)
        else:
            char = run()._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            paragraph.runs[-1]._r.append(char)
    end = run()._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): "end"})
    paragraph.runs[-1]._r.append(end)
    run(" —")
