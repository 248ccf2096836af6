"""The summary as office files: typed tables for the workbook, a 公文 for the Word document.

`summary_tables(summary)` gives one table per table of the summary (the obligations of every
holder in one table, with the holder beside each), with dates as dates, counts as numbers and
ids beside names. `summary_document(summary)` lays out the same blocks the terminal and
Markdown print (`render.summary.blocks`), as headings the docx writer numbers, paragraphs and
tables, with the commission as the issuing unit and the as-of date as the date.
"""

from __future__ import annotations

from safetyduty.i18n import t
from safetyduty.reports.hazards import HAZARD_STATES, HazardRow
from safetyduty.reports.render import summary as view
from safetyduty.reports.render.document import (
    Block,
    Document,
    Heading,
    Paragraph,
    Table,
    TableColumn,
    columns,
    ids_header,
    numbered,
    unnumbered,
)
from safetyduty.reports.summary import Summary
from safetyduty.rules.obligations import STATES


def summary_tables(summary: Summary) -> list[Table]:
    """Every table of the summary, typed, in reading order; one sheet each in the workbook."""
    lang = summary.lang
    states = tuple((state, t(state, lang), "int") for state in STATES)
    tables = [
        Table(
            t("sm_by_holder", lang),
            columns(
                ("holder", t("holder", lang)),
                ("holder_id", ids_header("holder", lang)),
                ("roles", t("role", lang)),
                *states,
                ("rate", t("sm_rate", lang), "percent"),
            ),
            tuple(
                {
                    "holder": block.name,
                    "holder_id": block.holder,
                    "roles": list(block.roles),
                    **block.counts,
                    "rate": block.compliance.rate_percent,
                }
                for block in summary.holders
            ),
        ),
        Table(
            t("xl_obligations", lang),
            columns(
                ("holder", t("holder", lang)),
                ("holder_id", ids_header("holder", lang)),
                ("duty", t("duty", lang)),
                ("duty_id", ids_header("duty", lang)),
                ("period", t("period", lang)),
                ("window_start", t("window_start", lang), "date"),
                ("due", t("due_date", lang), "date"),
                ("state", t("state", lang)),
                ("state_id", ids_header("state", lang)),
                ("remark", t("sm_remark", lang)),
                ("records", t("records", lang)),
                ("records_id", ids_header("records", lang)),
            ),
            tuple(
                {
                    "holder": block.name,
                    "holder_id": block.holder,
                    "duty": line.duty_name,
                    "duty_id": line.duty,
                    "period": line.period_label,
                    "window_start": line.window_start,
                    "due": line.due,
                    "state": line.state_label,
                    "state_id": line.state,
                    "remark": line.remark,
                    "records": [r.title for r in line.records],
                    "records_id": [r.id for r in line.records],
                }
                for block in summary.holders
                for line in block.obligations
            ),
        ),
    ]
    tables += _activity_tables(summary)
    tables += _hazard_tables(summary)
    tables.append(_accident_table(summary))
    tables.append(
        Table(
            unnumbered(t("sm_h_unruled", lang)),
            columns(
                ("id", t("id", lang)),
                ("holder", t("holder", lang)),
                ("holder_id", ids_header("holder", lang)),
                ("source", t("source", lang)),
                ("text", t("text", lang)),
            ),
            tuple(
                {
                    "id": d.id,
                    "holder": d.holder_name,
                    "holder_id": d.holder,
                    "source": d.source,
                    "text": d.text,
                }
                for d in summary.unruled_duties
            ),
            sheet=t("xl_unruled_sheet", lang),
        )
    )
    return tables


def _activity_tables(summary: Summary) -> list[Table]:
    lang = summary.lang
    acts = summary.activities
    head = (("id", t("id", lang)), ("date", t("date", lang), "date"), ("title", t("title", lang)))
    return [
        Table(
            t("sm_meetings", lang),
            columns(
                *head,
                ("type", t("sm_type", lang)),
                ("chair", t("sm_chair", lang)),
                ("chair_id", ids_header("sm_chair", lang)),
                ("attendees", t("lg_f_attendees", lang)),
                ("minutes", t("sm_minutes", lang)),
                ("topics", t("lg_f_topics", lang)),
            ),
            tuple(
                {
                    "id": m.id,
                    "date": m.date,
                    "title": m.title,
                    "type": m.type_label,
                    "chair": m.chair_name,
                    "chair_id": m.chair,
                    "attendees": list(m.attendee_names),
                    "minutes": m.minutes,
                    "topics": list(m.topics),
                }
                for m in acts.meetings
            ),
        ),
        Table(
            t("sm_inspections", lang),
            columns(
                *head,
                ("led_by", t("sm_led_by", lang)),
                ("led_by_id", ids_header("sm_led_by", lang)),
                ("participants", t("lg_f_participants", lang)),
                ("sections", t("sm_sections", lang)),
                ("sections_id", ids_header("sm_sections", lang)),
                ("sites", t("sm_sites", lang)),
                ("holiday", t("lg_f_holiday", lang)),
                ("hazards_found", t("sm_hazards_found", lang), "int"),
                ("feedback_on", t("lg_f_feedback_on", lang), "date"),
            ),
            tuple(
                {
                    "id": i.id,
                    "date": i.date,
                    "title": i.title,
                    "led_by": list(i.led_by_names),
                    "led_by_id": list(i.led_by),
                    "participants": list(i.participant_names),
                    "sections": list(i.section_names),
                    "sections_id": list(i.sections),
                    "sites": list(i.sites),
                    "holiday": i.holiday_label,
                    "hazards_found": i.hazards_found,
                    "feedback_on": i.feedback_on,
                }
                for i in acts.inspections
            ),
        ),
        Table(
            t("sm_drills", lang),
            columns(
                *head,
                ("organized_by", t("sm_organized_by", lang)),
                ("organized_by_id", ids_header("sm_organized_by", lang)),
                ("plan", t("sm_plan", lang)),
                ("scenario", t("lg_f_scenario", lang)),
                ("count", t("sm_participants", lang), "int"),
            ),
            tuple(
                {
                    "id": d.id,
                    "date": d.date,
                    "title": d.title,
                    "organized_by": list(d.organizer_names),
                    "organized_by_id": list(d.organized_by),
                    "plan": d.plan,
                    "scenario": d.scenario,
                    "count": d.participants_count,
                }
                for d in acts.drills
            ),
        ),
        Table(
            t("sm_trainings", lang),
            columns(
                *head,
                ("topic", t("sm_topic", lang)),
                ("audience", t("sm_audience", lang)),
                ("count", t("sm_participants", lang), "int"),
            ),
            tuple(
                {
                    "id": x.id,
                    "date": x.date,
                    "title": x.title,
                    "topic": x.topic,
                    "audience": x.audience,
                    "count": x.attendees_count,
                }
                for x in acts.trainings
            ),
        ),
        Table(
            t("sm_letters", lang),
            columns(
                *head,
                ("year", t("lg_f_year", lang), "int"),
                ("signed_with", t("sm_signed_with", lang)),
            ),
            tuple(
                {
                    "id": x.id,
                    "date": x.date,
                    "title": x.title,
                    "year": x.year,
                    "signed_with": list(x.signed_with),
                }
                for x in acts.letters
            ),
        ),
        Table(
            t("sm_interviews", lang),
            columns(*head, ("unit", t("sm_unit", lang)), ("reason", t("sm_reason", lang))),
            tuple(
                {"id": x.id, "date": x.date, "title": x.title, "unit": x.unit, "reason": x.reason}
                for x in acts.interviews
            ),
        ),
        Table(
            t("sm_reports", lang),
            columns(
                *head,
                ("to", t("sm_report_to", lang)),
                ("covers", t("period", lang)),
                ("subject", t("lg_f_subject", lang)),
            ),
            tuple(
                {
                    "id": x.id,
                    "date": x.date,
                    "title": x.title,
                    "to": x.to,
                    "covers": x.covers,
                    "subject": x.subject,
                }
                for x in acts.reports
            ),
        ),
    ]


def _hazard_tables(summary: Summary) -> list[Table]:
    lang = summary.lang
    hz = summary.hazards
    states = tuple((state, t(state, lang), "int") for state in HAZARD_STATES)
    tables = [
        Table(
            t(title_key, lang),
            columns(
                ("name", t(title_key + "_col", lang)),
                ("key", ids_header(title_key + "_col", lang)),
                ("found", t("sm_found", lang), "int"),
                *states,
            ),
            tuple({"name": c.name, "key": c.key, "found": c.found, **c.counts} for c in items),
            sheet=t("sm_hazards_sheet", lang) + t(title_key, lang),
        )
        for title_key, items in (("sm_by_grade", hz.by_grade), ("sm_by_section", hz.by_section))
    ]
    for title_key, rows in (("sm_major", hz.major), ("sm_carried_over", hz.carried_over)):
        tables.append(Table(t(title_key, lang), _HAZARD_COLUMNS(lang), _hazard_rows(rows)))
    return tables


def _HAZARD_COLUMNS(lang: str) -> tuple[TableColumn, ...]:  # noqa: N802 - a table's columns
    return columns(
        ("id", t("id", lang)),
        ("date", t("hz_found_on", lang), "date"),
        ("site", t("site", lang)),
        ("description", t("description", lang)),
        ("grade", t("grade", lang)),
        ("section", t("section", lang)),
        ("section_id", ids_header("section", lang)),
        ("rectify_by", t("rectify_by", lang), "date"),
        ("notice", t("notice", lang)),
        ("rectified_on", t("rectified_on", lang), "date"),
        ("state", t("state", lang)),
        ("state_id", ids_header("state", lang)),
    )


def _hazard_rows(rows: tuple[HazardRow, ...]) -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "id": r.id,
            "date": r.date,
            "site": r.site,
            "description": r.description,
            "grade": r.grade_label,
            "section": r.section_name,
            "section_id": r.section,
            "rectify_by": r.rectify_by,
            "notice": r.notice,
            "rectified_on": r.rectified_on,
            "state": r.state_label,
            "state_id": r.state,
        }
        for r in rows
    )


def _accident_table(summary: Summary) -> Table:
    lang = summary.lang
    return Table(
        t("sm_accidents", lang),
        columns(
            ("id", t("id", lang)),
            ("title", t("title", lang)),
            ("occurred_at", t("sm_occurred_at", lang), "moment"),
            ("known_at", t("sm_known_at", lang), "moment"),
            ("site", t("site", lang)),
            ("industry", t("industry", lang)),
            ("industry_id", ids_header("industry", lang)),
            ("grade", t("grade", lang)),
            ("deaths", t("lg_f_deaths", lang), "int"),
            ("serious_injuries", t("lg_f_serious_injuries", lang), "int"),
            ("direct_loss_wan", t("sm_loss", lang), "float"),
            ("reported_at", t("sm_reported_at", lang), "moment"),
            ("reported_to", t("lg_f_reported_to", lang)),
            ("report_state", t("sm_report_state", lang)),
            ("attended_by", t("sm_attended_by", lang)),
            ("attended_by_id", ids_header("sm_attended_by", lang)),
            ("attended_at", t("lg_f_attended_at", lang), "moment"),
            ("attendance_state", t("sm_attendance_state", lang)),
        ),
        tuple(
            {
                "id": a.id,
                "title": a.title,
                "occurred_at": a.occurred_at,
                "known_at": a.known_at,
                "site": a.site,
                "industry": a.industry_name,
                "industry_id": a.industry,
                "grade": a.grade_label,
                "deaths": a.deaths,
                "serious_injuries": a.serious_injuries,
                "direct_loss_wan": a.direct_loss_wan,
                "reported_at": a.reported_at,
                "reported_to": a.reported_to,
                "report_state": a.report_state_label,
                "attended_by": list(a.attended_by_names),
                "attended_by_id": list(a.attended_by),
                "attended_at": a.attended_at,
                "attendance_state": a.attendance_state_label,
            }
            for a in summary.accidents
        ),
    )


# --- the 公文 ---------------------------------------------------------------------------------


def summary_document(summary: Summary) -> Document:
    """The summary's blocks as a document: the first heading is its title; each section heading
    is level 1; a table's title is a level-2 heading, except the per-holder obligation tables,
    which go as level 3 under one level-2 heading of their own."""
    lang = summary.lang
    out: list[Block] = []
    source = view.blocks(summary)
    title = summary.title
    in_holders = False
    for block in source[1:]:
        if isinstance(block, view.Heading):
            in_holders = False
            out.append(Heading(1, unnumbered(block.text), numbered=numbered(block.text)))
        elif isinstance(block, view.Paragraph):
            if block.raw:
                continue  # the sign-off blanks: a 公文 ends with the issuer and date instead
            out.append(Paragraph(block.text, strong=block.strong))
        else:
            table = Table(
                block.title or "",
                tuple(TableColumn(key, header, ids=key == "id") for key, header in block.columns),
                block.rows,
            )
            if block.state_key and block.title and block.columns[0][0] == "state":
                if not in_holders:
                    out.append(Heading(2, t("xl_obligations", lang)))
                    in_holders = True
                out.append(Heading(3, block.title))
            elif block.title:
                in_holders = False
                out.append(Heading(2, block.title))
            out.append(table)
    return Document(
        lang=lang,
        title=title,
        issuer=summary.commission,
        date=summary.as_of,
        blocks=tuple(out),
    )
