"""The yearly assessment as people read it: a terminal table, JSON, Markdown and the A4 HTML.

Every renderer takes the one `assess.Assessment` structure, so the formats never disagree. The
terminal and Markdown share `blocks()` with the summary's block renderers; the HTML is laid out
by `templates/assess.html.j2` (with the summary's print rules), Jinja2 imported only for HTML.
"""

from __future__ import annotations

from typing import Any

from safetyduty.i18n import t
from safetyduty.reports.assess import (
    AccidentRef,
    Assessment,
    Deduction,
    Scorecard,
    as_json,
    points_text,
)
from safetyduty.reports.render.formats import dumps_json, plain_text
from safetyduty.reports.render.summary import (
    Block,
    Grid,
    Heading,
    Paragraph,
    _colon,
    _date,
    _join,
    counts_text,
    html_page,
    markdown_of,
    records_text,
    rich_of,
    signoff_line,
)
from safetyduty.reports.summary import NOTHING, STATE_MARKS


def to_json(assessment: Assessment) -> str:
    """SPEC §10's JSON, exactly its keys, in the report's order."""
    return dumps_json(as_json(assessment))


def holder_heading(card: Scorecard, lang: str) -> str:
    """`张志强（分管或协助分管产业（业务）的委领导（至2026-06-30））` / `Power section`."""
    if not card.roles:
        return card.name
    roles = _join(card.roles, lang)
    return f"{card.name} ({roles})" if lang == "en" else f"{card.name}（{roles}）"


def accident_text(accident: AccidentRef, lang: str) -> str:
    """`2026-10-09 恩阳区瑞丰化工有限公司反应釜爆燃事故（重大）`."""
    grade = f" ({accident.grade_label})" if lang == "en" else f"（{accident.grade_label}）"
    return f"{_date(accident.date)} {accident.title}{grade}"


def grade_text(card: Scorecard, lang: str) -> str:
    """The grade, and when a veto set it, the grade the score alone gives."""
    if card.veto and card.score_grade_name != card.grade_name:
        return card.grade_name + t("as_by_score", lang, grade=card.score_grade_name)
    return card.grade_name


def sanctions_text(card: Scorecard, lang: str) -> str:
    """`一票否决 · 不得提升或交流任职`, or nothing."""
    found = [t("as_veto", lang)] if card.veto else []
    if card.promotion_bar:
        found.append(t("as_bar", lang))
    return " · ".join(found)


def deduction_points(deduction: Deduction, lang: str) -> str:
    text = f"−{points_text(deduction.points)}"
    if deduction.capped:
        text += t("as_capped", lang, nominal=points_text(deduction.nominal))
    return text


def liability_text(accident: AccidentRef, lang: str) -> str:
    if accident.liability is None:
        return t("as_liability_unknown", lang)
    return t("as_liability_yes" if accident.liability else "as_liability_no", lang)


def scale_lines(assessment: Assessment) -> list[str]:
    """The scale in words, for the report's notes."""
    lang, scale = assessment.lang, assessment.scale
    bands = _join((f"{b.name} ≥ {points_text(b.min)}" for b in scale.bands), lang)
    lines = [
        t(
            "as_scale_points",
            lang,
            overdue=points_text(scale.default_overdue),
            late=points_text(scale.default_late),
            per_duty=points_text(scale.per_duty_cap),
            total=points_text(scale.total_cap),
        ),
        t("as_scale_bands", lang, bands=bands),
        t("as_scale_veto", lang, grade=scale.veto_grade_name),
        t("as_scale_who", lang),
    ]
    if scale.basis == "local-default":
        lines.append(t("as_scale_local_default", lang))
    return lines


def _overview(cards: tuple[Scorecard, ...], kind: str, lang: str) -> Grid:
    return Grid(
        columns=(
            ("holder", t("as_people" if kind == "person" else "as_sections", lang)),
            ("score", t("as_score", lang)),
            ("grade", t("as_grade", lang)),
            ("overdue", t("overdue", lang)),
            ("late", t("late", lang)),
            ("met", t("met", lang)),
            ("rate", t("sm_rate", lang)),
            ("sanctions", t("as_sanctions", lang)),
        ),
        rows=tuple(
            {
                "holder": holder_heading(card, lang),
                "score": points_text(card.score),
                "grade": grade_text(card, lang),
                "overdue": str(card.counts["overdue"]),
                "late": str(card.counts["late"]),
                "met": str(card.counts["met"]),
                "rate": card.compliance.rate_text,
                "sanctions": sanctions_text(card, lang),
            }
            for card in cards
            if card.kind == kind
        ),
        title=t("as_people" if kind == "person" else "as_sections", lang),
        max_widths=(("holder", 40),),
    )


def card_counts(card: Scorecard, lang: str) -> str:
    """`已逾期 1 · 已完成 5`, or that the holder owed nothing in the year."""
    if not any(card.counts.values()):
        return t("as_no_obligations", lang)
    return counts_text(card.counts, lang)


def card_title(card: Scorecard, lang: str) -> str:
    return t(
        "as_card_title",
        lang,
        holder=holder_heading(card, lang),
        score=points_text(card.score),
        grade=grade_text(card, lang),
    )


def blocks(assessment: Assessment) -> list[Block]:
    """The assessment as headings, paragraphs and tables, in reading order."""
    lang = assessment.lang
    colon = _colon(lang)
    out: list[Block] = [
        Heading(1, f"{assessment.commission} · {assessment.title}"),
        Paragraph(
            f"{t('as_year', lang)}{colon}{assessment.year} · "
            f"{t('as_of', lang)}{colon}{assessment.as_of}"
        ),
    ]
    if not assessment.year_complete:
        out.append(Paragraph(t("as_year_open", lang)))
    out.append(Heading(2, t("as_h_results", lang)))
    out += [_overview(assessment.holders, kind, lang) for kind in ("person", "section")]
    out.append(Heading(2, t("as_h_deductions", lang)))
    clean = []
    for card in assessment.holders:
        if not (card.deductions or card.veto or card.promotion_bar):
            clean.append(card.name)
            continue
        title = f"{card_title(card, lang)} — {card_counts(card, lang)}"
        out.append(Paragraph(title, strong=True))
        for accident in card.veto:
            out.append(Paragraph(f"{t('as_veto', lang)}{colon}{accident_text(accident, lang)}"))
        for accident in card.promotion_bar:
            out.append(Paragraph(f"{t('as_bar', lang)}{colon}{accident_text(accident, lang)}"))
        if card.deductions:
            out.append(_deduction_grid(card.deductions, lang))
    if clean:
        out.append(Paragraph(t("as_no_deductions", lang, names=_join(clean, lang))))
    out.append(Heading(2, t("as_h_accidents", lang)))
    if assessment.accidents:
        out.append(
            Grid(
                columns=(
                    ("accident", t("sm_accident", lang)),
                    ("liability", t("as_liability", lang)),
                    ("responsible", t("as_responsible", lang)),
                    ("vetoes", t("as_veto", lang)),
                    ("bars", t("as_bar", lang)),
                ),
                rows=tuple(
                    {
                        "accident": accident_text(a, lang),
                        "liability": liability_text(a, lang),
                        "responsible": _join(a.responsible_names, lang) or NOTHING,
                        "vetoes": _join(_names(assessment, a.vetoes), lang) or NOTHING,
                        "bars": _join(_names(assessment, a.bars), lang) or NOTHING,
                    }
                    for a in assessment.accidents
                ),
            )
        )
    else:
        out.append(Paragraph(t("as_no_accidents", lang)))
    out.append(Heading(2, t("as_h_scale", lang)))
    out += [Paragraph(f"* {line}") for line in scale_lines(assessment)]
    out.append(Paragraph(signoff_line(lang), raw=True))
    return out


def _deduction_grid(deductions: tuple[Deduction, ...], lang: str) -> Grid:
    return Grid(
        columns=(
            ("state", t("state", lang)),
            ("duty", t("duty", lang)),
            ("period", t("period", lang)),
            ("due", t("due_date", lang)),
            ("points", t("as_points", lang)),
            ("records", t("records", lang)),
        ),
        rows=tuple(
            {
                "state": f"{STATE_MARKS[d.state]} {d.state_label}",
                "state_key": d.state,
                "duty": d.duty_name,
                "period": d.period_label,
                "due": _date(d.due),
                "points": deduction_points(d, lang),
                "records": records_text(d.records),
            }
            for d in deductions
        ),
        state_key="state_key",
    )


def _names(assessment: Assessment, holders: tuple[str, ...]) -> list[str]:
    names = {card.holder: card.name for card in assessment.holders}
    return [names.get(h, h) for h in holders]


def to_markdown(assessment: Assessment) -> str:
    """GitHub-flavoured Markdown: headings, and a pipe table for every table."""
    return markdown_of(blocks(assessment), assessment.lang)


def rich_blocks(assessment: Assessment) -> list[Any]:
    """Rich renderables for a terminal (or a text file), one per block."""
    return rich_of(blocks(assessment), assessment.lang)


def to_text(assessment: Assessment, width: int = 120) -> str:
    """The terminal table as plain text (for `--format table --output FILE`)."""
    return plain_text(rich_blocks(assessment), width)


def to_html(assessment: Assessment) -> str:
    """One self-contained HTML file (CSS inline, no fonts, scripts or links) for A4 printing."""
    lang = assessment.lang
    return html_page(
        "assess.html.j2",
        lang,
        a=assessment,
        nothing=NOTHING,
        points=points_text,
        holder_heading=lambda card: holder_heading(card, lang),
        grade_text=lambda card: grade_text(card, lang),
        sanctions_text=lambda card: sanctions_text(card, lang),
        accident_text=lambda a: accident_text(a, lang),
        liability_text=lambda a: liability_text(a, lang),
        names=lambda holders: _join(_names(assessment, holders), lang),
        card_counts=lambda card: card_counts(card, lang),
        scale_lines=scale_lines(assessment),
    )
