"""The yearly assessment as office files: typed tables for the workbook, a 公文 for Word.

`assess_tables(assessment)` gives the scorecards, every deduction (with its holder beside it)
and the year's accidents as typed tables, names beside ids; `assess_document(assessment)` lays
out the same report as the docx writer's headings (it numbers them), paragraphs and tables, with
the commission as the issuing unit and the as-of date as the date.
"""

from __future__ import annotations

from safetyduty.i18n import t
from safetyduty.reports.assess import AccidentRef, Assessment, Scorecard, number
from safetyduty.reports.render import assess as view
from safetyduty.reports.render.document import (
    Block,
    Document,
    Heading,
    Paragraph,
    Table,
    columns,
    ids_header,
    joiner,
    unnumbered,
)
from safetyduty.rules.obligations import STATES


def _results(assessment: Assessment, cards: tuple[Scorecard, ...], title: str) -> Table:
    lang = assessment.lang
    states = tuple((state, t(state, lang), "int") for state in STATES)
    return Table(
        title,
        columns(
            ("holder", t("holder", lang)),
            ("holder_id", ids_header("holder", lang)),
            ("roles", t("role", lang)),
            ("score", t("as_score", lang), "float"),
            ("grade", t("as_grade", lang)),
            ("grade_id", ids_header("as_grade", lang)),
            *states,
            ("rate", t("sm_rate", lang), "percent"),
            ("veto", t("as_veto", lang)),
            ("veto_id", ids_header("as_veto", lang)),
            ("bar", t("as_bar", lang)),
            ("bar_id", ids_header("as_bar", lang)),
        ),
        tuple(
            {
                "holder": card.name,
                "holder_id": card.holder,
                "roles": list(card.roles),
                "score": number(card.score),
                "grade": view.grade_text(card, lang),
                "grade_id": card.grade,
                **card.counts,
                "rate": card.compliance.rate_percent,
                "veto": [view.accident_text(a, lang) for a in card.veto],
                "veto_id": [a.id for a in card.veto],
                "bar": [view.accident_text(a, lang) for a in card.promotion_bar],
                "bar_id": [a.id for a in card.promotion_bar],
            }
            for card in cards
        ),
    )


def assess_tables(assessment: Assessment) -> list[Table]:
    """Scorecards (leaders, sections), every deduction and the year's accidents, typed; one
    sheet each in the workbook."""
    lang = assessment.lang
    people = tuple(c for c in assessment.holders if c.kind == "person")
    sections = tuple(c for c in assessment.holders if c.kind == "section")
    deductions = Table(
        unnumbered(t("as_h_deductions", lang)),
        columns(
            ("holder", t("holder", lang)),
            ("holder_id", ids_header("holder", lang)),
            ("duty", t("duty", lang)),
            ("duty_id", ids_header("duty", lang)),
            ("period", t("period", lang)),
            ("due", t("due_date", lang), "date"),
            ("state", t("state", lang)),
            ("state_id", ids_header("state", lang)),
            ("points", t("as_points", lang), "float"),
            ("nominal", t("as_nominal", lang), "float"),
            ("records", t("records", lang)),
            ("records_id", ids_header("records", lang)),
        ),
        tuple(
            {
                "holder": card.name,
                "holder_id": card.holder,
                "duty": d.duty_name,
                "duty_id": d.duty,
                "period": d.period_label,
                "due": d.due,
                "state": d.state_label,
                "state_id": d.state,
                "points": number(d.points),
                "nominal": number(d.nominal),
                "records": [r.title for r in d.records],
                "records_id": [r.id for r in d.records],
            }
            for card in assessment.holders
            for d in card.deductions
        ),
    )
    return [
        _results(assessment, people, t("as_people", lang)),
        _results(assessment, sections, t("as_sections", lang)),
        deductions,
        _accidents(assessment),
    ]


def _accidents(assessment: Assessment) -> Table:
    lang = assessment.lang
    names = {card.holder: card.name for card in assessment.holders}

    def named(holders: tuple[str, ...]) -> list[str]:
        return [names.get(h, h) for h in holders]

    def row(a: AccidentRef) -> dict[str, object]:
        return {
            "date": a.date,
            "accident": a.title,
            "id": a.id,
            "grade": a.grade_label,
            "liability": view.liability_text(a, lang),
            "responsible": list(a.responsible_names),
            "responsible_id": list(a.responsible),
            "vetoes": named(a.vetoes),
            "vetoes_id": list(a.vetoes),
            "bars": named(a.bars),
            "bars_id": list(a.bars),
        }

    return Table(
        unnumbered(t("as_h_accidents", lang)),
        columns(
            ("date", t("date", lang), "date"),
            ("accident", t("sm_accident", lang)),
            ("id", t("id", lang)),
            ("grade", t("grade", lang)),
            ("liability", t("as_liability", lang)),
            ("responsible", t("as_responsible", lang)),
            ("responsible_id", ids_header("as_responsible", lang)),
            ("vetoes", t("as_veto", lang)),
            ("vetoes_id", ids_header("as_veto", lang)),
            ("bars", t("as_bar", lang)),
            ("bars_id", ids_header("as_bar", lang)),
        ),
        tuple(row(a) for a in assessment.accidents),
    )


def _brief(assessment: Assessment, kind: str) -> Table:
    """The results as a page of a 公文 holds them: fewer, narrower columns than the workbook's."""
    lang = assessment.lang
    return Table(
        t("as_people" if kind == "person" else "as_sections", lang),
        columns(
            ("holder", t("as_people" if kind == "person" else "as_sections", lang)),
            ("score", t("as_score", lang), "float"),
            ("grade", t("as_grade", lang)),
            ("overdue", t("overdue", lang), "int"),
            ("late", t("late", lang), "int"),
            ("met", t("met", lang), "int"),
            ("rate", t("sm_rate", lang), "percent"),
            ("sanctions", t("as_sanctions", lang)),
        ),
        tuple(
            {
                "holder": card.name,
                "score": number(card.score),
                "grade": view.grade_text(card, lang),
                "overdue": card.counts["overdue"],
                "late": card.counts["late"],
                "met": card.counts["met"],
                "rate": card.compliance.rate_percent,
                "sanctions": view.sanctions_text(card, lang),
            }
            for card in assessment.holders
            if card.kind == kind
        ),
    )


def _card_table(card: Scorecard, lang: str) -> Table:
    return Table(
        card.name,
        columns(
            ("state", t("state", lang)),
            ("duty", t("duty", lang)),
            ("period", t("period", lang)),
            ("due", t("due_date", lang), "date"),
            ("points", t("as_points", lang)),
            ("records", t("records", lang)),
        ),
        tuple(
            {
                "state": d.state_label,
                "duty": d.duty_name,
                "period": d.period_label,
                "due": d.due,
                "points": view.deduction_points(d, lang),
                "records": [r.title for r in d.records],
            }
            for d in card.deductions
        ),
    )


def assess_document(assessment: Assessment) -> Document:
    """The report as a 公文: results, each holder's deductions, accidents, the scale."""
    lang = assessment.lang
    colon = ": " if lang == "en" else "："
    blocks: list[Block] = []
    if not assessment.year_complete:
        blocks.append(Paragraph(t("as_year_open", lang)))
    blocks += [
        Heading(1, unnumbered(t("as_h_results", lang))),
        _brief(assessment, "person"),
        _brief(assessment, "section"),
        Heading(1, unnumbered(t("as_h_deductions", lang))),
    ]
    clean = []
    for card in assessment.holders:
        if not (card.deductions or card.veto or card.promotion_bar):
            clean.append(card.name)
            continue
        blocks.append(Heading(2, view.card_title(card, lang)))
        blocks += [
            Paragraph(f"{t('as_veto', lang)}{colon}{view.accident_text(a, lang)}", strong=True)
            for a in card.veto
        ]
        blocks += [
            Paragraph(f"{t('as_bar', lang)}{colon}{view.accident_text(a, lang)}", strong=True)
            for a in card.promotion_bar
        ]
        if card.deductions:
            blocks.append(_card_table(card, lang))
    if clean:
        blocks.append(Paragraph(t("as_no_deductions", lang, names=joiner(lang).join(clean))))
    blocks += [Heading(1, unnumbered(t("as_h_accidents", lang))), _accidents(assessment)]
    blocks.append(Heading(1, unnumbered(t("as_h_scale", lang))))
    blocks += [Paragraph(line) for line in view.scale_lines(assessment)]
    return Document(
        lang=lang,
        title=assessment.title,
        issuer=assessment.commission,
        date=assessment.as_of,
        blocks=tuple(blocks),
    )
