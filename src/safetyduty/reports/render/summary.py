"""The summary as people read it: JSON, Markdown, a terminal table and the A4 HTML file.

Every renderer takes the one `summary.Summary` structure, so the formats never disagree. The
terminal and Markdown share `blocks()` (headings, paragraphs, tables); the HTML is laid out by
`templates/summary.html.j2`, and Jinja2 is imported only when HTML is asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safetyduty.i18n import t
from safetyduty.reports.hazards import HAZARD_STATES, HazardRow
from safetyduty.reports.render.formats import plain_text
from safetyduty.reports.render.safe import json_safe, terminal_safe
from safetyduty.reports.summary import (
    NOTHING,
    STATE_MARKS,
    AccidentLine,
    HolderBlock,
    RecordRef,
    Summary,
    by_holder,
)
from safetyduty.rules.obligations import STATES

if TYPE_CHECKING:
    import jinja2

# --- rendering: JSON -------------------------------------------------------------------------


def as_dict(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data: dates and times ISO 8601, tuples as lists."""
    data: dict[str, Any] = _plain(dataclasses.asdict(summary))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def to_json(summary: Summary) -> str:
    """The whole summary, keys sorted, so that the same repo always gives the same bytes."""
    text = json.dumps(as_dict(summary), ensure_ascii=False, indent=2, sort_keys=True)
    return json_safe(text) + "\n"


# --- rendering: blocks shared by the terminal table and Markdown ------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False
    #: written by us, not from records: Markdown shows it as it is (the sign-off's blanks)
    raw: bool = False


@dataclass(frozen=True)
class Grid:
    """A table: column keys and headers, and rows of plain strings keyed alike."""

    columns: tuple[tuple[str, str], ...]
    rows: tuple[dict[str, str], ...]
    title: str | None = None
    #: the row key whose value is a state, for colouring on a terminal
    state_key: str | None = None
    #: widest a column may be on a terminal, so that the text column gets the room
    max_widths: tuple[tuple[str, int], ...] = ()


Block = Heading | Paragraph | Grid


def _colon(lang: str) -> str:
    return ": " if lang == "en" else "："


def _join(items: Iterable[str], lang: str) -> str:
    return (", " if lang == "en" else "、").join(i for i in items if i)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _moment(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def duration(minutes: int | None, lang: str) -> str:
    """`1小时15分` / `1 h 15 min`."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if lang == "en":
        return f"{hours} h {rest} min" if hours else f"{rest} min"
    return f"{hours}小时{rest}分" if hours else f"{rest}分钟"


def state_text(state: str | None, lang: str) -> str:
    """A state as printed: its sign, then its name."""
    if not state:
        return NOTHING
    return f"{STATE_MARKS.get(state, '')} {t(state, lang)}".strip()


def counts_text(counts: dict[str, int], lang: str) -> str:
    """`已逾期 1 · 已完成 5`: the states that occur, in STATES order."""
    shown = [f"{t(state, lang)} {n}" for state, n in counts.items() if n]
    return " · ".join(shown) if shown else t("sm_none", lang)


def holder_heading(block: HolderBlock, lang: str) -> str:
    """`张伟（委党组书记、主任）` / `Zhang Wei (Party Group Secretary and Director)`."""
    if not block.roles:
        return block.name
    roles = _join(block.roles, lang)
    return f"{block.name} ({roles})" if lang == "en" else f"{block.name}（{roles}）"


def records_text(records: Sequence[RecordRef]) -> str:
    """One line per record: `03-20 第一季度防范安全事故工作会议`."""
    return "\n".join(f"{r.date.strftime('%m-%d')} {r.title}" for r in records)


def blocks(summary: Summary) -> list[Block]:
    """The summary as headings, paragraphs and tables, in reading order."""
    lang = summary.lang
    out: list[Block] = [
        Heading(1, f"{summary.commission} · {summary.title}"),
        Paragraph(
            f"{t('sm_period', lang)}{_colon(lang)}{summary.period.label}"
            f"{t('sm_dates', lang, start=summary.period.start, end=summary.period.end)} · "
            f"{t('as_of', lang)}{_colon(lang)}{summary.as_of}"
        ),
    ]
    if not summary.period_complete:
        out.append(Paragraph(t("sm_period_open", lang)))
    out += _duty_blocks(summary)
    out += _activity_blocks(summary)
    out += _hazard_blocks(summary)
    out += _accident_blocks(summary)
    out.append(Heading(2, t("sm_h_unruled", lang)))
    out.append(Paragraph(t("sm_unruled_intro", lang, n=len(summary.unruled_duties))))
    # One checklist per holder, with a box to tick for each duty reviewed.
    for holder, duties in by_holder(summary.unruled_duties):
        out.append(
            Grid(
                title=holder,
                columns=(
                    ("tick", t("sm_tick", lang)),
                    ("id", t("id", lang)),
                    ("source", t("source", lang)),
                    ("text", t("text", lang)),
                ),
                rows=tuple(
                    {"tick": "☐", "id": d.id, "source": d.source, "text": d.text} for d in duties
                ),
                max_widths=(("tick", 4), ("id", 16), ("source", 12)),
            )
        )
    out.append(Heading(2, t("sm_h_notes", lang)))
    out.append(Paragraph(f"* {summary.compliance_definition}"))
    out.append(Paragraph(signoff_line(lang), raw=True))
    return out


def signoff_line(lang: str) -> str:
    blank = "________________"
    return "    ".join(
        f"{t(key, lang)}{_colon(lang)}{blank}"
        for key in ("sm_prepared_by", "sm_reviewed_by", "sm_sign_date")
    )


def _duty_blocks(summary: Summary) -> list[Block]:
    lang = summary.lang
    rate = summary.compliance
    out: list[Block] = [
        Heading(2, t("sm_h_duties", lang)),
        Paragraph(
            t(
                "sm_rate_line",
                lang,
                rate=rate.rate_text,
                met=rate.met,
                judged=rate.judged,
                late=rate.late,
                overdue=rate.overdue,
            ),
            strong=True,
        ),
        Paragraph(f"{t('sm_obligations', lang)}{_colon(lang)}{counts_text(summary.counts, lang)}"),
    ]
    if not summary.holders:
        out.append(Paragraph(t("no_obligations", lang)))
        return out
    state_columns = tuple((state, t(state, lang)) for state in STATES)
    out.append(
        Grid(
            columns=(("holder", t("holder", lang)), *state_columns, ("rate", t("sm_rate", lang))),
            rows=tuple(
                {
                    "holder": holder_heading(block, lang),
                    **{state: str(n) for state, n in block.counts.items()},
                    "rate": block.compliance.rate_text,
                }
                for block in summary.holders
            ),
            title=t("sm_by_holder", lang),
        )
    )
    for block in summary.holders:
        out.append(
            Grid(
                columns=(
                    ("state", t("state", lang)),
                    ("duty", t("duty", lang)),
                    ("period", t("period", lang)),
                    ("due", t("due_date", lang)),
                    ("remark", t("sm_remark", lang)),
                    ("records", t("records", lang)),
                ),
                rows=tuple(
                    {
                        "state": f"{line.mark} {line.state_label}",
                        "state_key": line.state,
                        "duty": line.duty_name,
                        "period": line.period_label,
                        "due": _date(line.due),
                        "remark": line.remark,
                        "records": records_text(line.records),
                    }
                    for line in block.obligations
                ),
                title=f"{holder_heading(block, lang)} — {counts_text(block.counts, lang)}",
                state_key="state_key",
            )
        )
    return out


def _activity_blocks(summary: Summary) -> list[Block]:
    lang = summary.lang
    acts = summary.activities
    yes, no = t("hz_yes", lang), t("hz_no", lang)
    out: list[Block] = [Heading(2, t("sm_h_activities", lang))]
    tables: list[tuple[str, tuple[tuple[str, str], ...], tuple[dict[str, str], ...]]] = [
        (
            "sm_meetings",
            (
                ("date", "date"),
                ("title", "title"),
                ("type", "sm_type"),
                ("chair", "sm_chair"),
                ("minutes", "sm_minutes"),
            ),
            tuple(
                {
                    "date": _date(m.date),
                    "title": m.title,
                    "type": m.type_label,
                    "chair": m.chair_name,
                    "minutes": yes if m.minutes else no,
                }
                for m in acts.meetings
            ),
        ),
        (
            "sm_inspections",
            (
                ("date", "date"),
                ("title", "title"),
                ("led_by", "sm_led_by"),
                ("sections", "sm_sections"),
                ("sites", "sm_sites"),
                ("hazards", "sm_hazards_found"),
            ),
            tuple(
                {
                    "date": _date(i.date),
                    "title": i.title,
                    "led_by": _join(i.led_by_names, lang),
                    "sections": t("sm_all_sections", lang, n=len(i.sections))
                    if i.all_sections
                    else _join(i.section_names, lang),
                    "sites": _join(i.sites, lang),
                    "hazards": str(i.hazards_found),
                }
                for i in acts.inspections
            ),
        ),
        (
            "sm_drills",
            (
                ("date", "date"),
                ("title", "title"),
                ("organized_by", "sm_organized_by"),
                ("count", "sm_participants"),
            ),
            tuple(
                {
                    "date": _date(d.date),
                    "title": d.title,
                    "organized_by": _join(d.organizer_names, lang),
                    "count": "" if d.participants_count is None else str(d.participants_count),
                }
                for d in acts.drills
            ),
        ),
        (
            "sm_trainings",
            (
                ("date", "date"),
                ("title", "title"),
                ("topic", "sm_topic"),
                ("audience", "sm_audience"),
                ("count", "sm_participants"),
            ),
            tuple(
                {
                    "date": _date(x.date),
                    "title": x.title,
                    "topic": x.topic,
                    "audience": x.audience or "",
                    "count": "" if x.attendees_count is None else str(x.attendees_count),
                }
                for x in acts.trainings
            ),
        ),
        (
            "sm_letters",
            (("date", "date"), ("title", "title"), ("signed_with", "sm_signed_with")),
            tuple(
                {
                    "date": _date(x.date),
                    "title": x.title,
                    "signed_with": _join(x.signed_with, lang),
                }
                for x in acts.letters
            ),
        ),
        (
            "sm_interviews",
            (("date", "date"), ("unit", "sm_unit"), ("reason", "sm_reason")),
            tuple(
                {"date": _date(x.date), "unit": x.unit, "reason": x.reason} for x in acts.interviews
            ),
        ),
        (
            "sm_reports",
            (("date", "date"), ("title", "title"), ("to", "sm_report_to"), ("covers", "period")),
            tuple(
                {"date": _date(x.date), "title": x.title, "to": x.to, "covers": x.covers or ""}
                for x in acts.reports
            ),
        ),
    ]
    for title_key, columns, rows in tables:
        out.append(
            Grid(
                columns=tuple((key, t(label, lang)) for key, label in columns),
                rows=rows,
                title=f"{t(title_key, lang)} ({len(rows)})",
            )
        )
    return out


def hazard_rows(rows: Sequence[HazardRow], lang: str) -> tuple[dict[str, str], ...]:
    return tuple(
        {
            "date": _date(r.date),
            "site": r.site,
            "description": r.description,
            "grade": r.grade_label,
            "section": r.section_name,
            "rectify_by": _date(r.rectify_by),
            "notice": t("hz_yes", lang) if r.notice else t("hz_no", lang),
            "rectified_on": _date(r.rectified_on),
            "state": state_text(r.state, lang),
            "state_key": r.state,
        }
        for r in rows
    )


HAZARD_COLUMNS = (
    ("date", "hz_found_on"),
    ("site", "site"),
    ("description", "description"),
    ("grade", "grade"),
    ("section", "section"),
    ("rectify_by", "rectify_by"),
    ("notice", "notice"),
    ("rectified_on", "rectified_on"),
    ("state", "state"),
)


def _hazard_blocks(summary: Summary) -> list[Block]:
    lang = summary.lang
    hz = summary.hazards
    state_columns = tuple((state, t(state, lang)) for state in HAZARD_STATES)
    out: list[Block] = [
        Heading(2, t("sm_h_hazards", lang)),
        Paragraph(
            t(
                "sm_hazard_line",
                lang,
                found=hz.found,
                rectified=hz.counts["rectified"] + hz.counts["rectified-late"],
                late=hz.counts["rectified-late"],
                open=hz.counts["open"],
                overdue=hz.counts["overdue"],
            ),
            strong=True,
        ),
    ]
    for title_key, items in (("sm_by_grade", hz.by_grade), ("sm_by_section", hz.by_section)):
        out.append(
            Grid(
                columns=(("name", t(title_key + "_col", lang)), ("found", t("sm_found", lang)))
                + state_columns,
                rows=tuple(
                    {"name": c.name, "found": str(c.found)}
                    | {state: str(n) for state, n in c.counts.items()}
                    for c in items
                ),
                title=t(title_key, lang),
            )
        )
    columns = tuple((key, t(label, lang)) for key, label in HAZARD_COLUMNS)
    out.append(
        Grid(
            columns=columns,
            rows=hazard_rows(hz.major, lang),
            title=f"{t('sm_major', lang)} ({len(hz.major)})",
            state_key="state_key",
        )
    )
    out.append(
        Grid(
            columns=columns,
            rows=hazard_rows(hz.carried_over, lang),
            title=f"{t('sm_carried_over', lang)} ({len(hz.carried_over)})",
            state_key="state_key",
        )
    )
    return out


def accident_fields(accident: AccidentLine, lang: str) -> list[tuple[str, str]]:
    """An accident as (label, value) pairs, in the order a report gives them."""
    a = accident
    reported = t("sm_not_reported", lang)
    if a.reported_at:
        reported = f"{_moment(a.reported_at)} ({duration(a.report_minutes, lang)})"
        if a.reported_to:
            reported += f" → {a.reported_to}"
    attended = _join(a.attended_by_names, lang)
    if a.attended_at:
        attended += f" · {_moment(a.attended_at)}"
    return [
        (t("sm_occurred_at", lang), _moment(a.occurred_at)),
        (t("site", lang), a.site),
        (t("industry", lang), a.industry_name),
        (t("grade", lang), a.grade_label),
        (
            t("sm_casualties_col", lang),
            t("sm_casualties", lang, deaths=a.deaths, injuries=a.serious_injuries),
        ),
        (t("sm_loss", lang), f"{a.direct_loss_wan:g}"),
        (t("sm_known_at", lang), _moment(a.known_at)),
        (t("sm_reported_at", lang), reported),
        (t("sm_report_state", lang), state_text(a.report_state, lang)),
        (t("sm_attended_by", lang), attended),
        (
            t("sm_attendance_state", lang),
            state_text(a.attendance_state, lang)
            if a.attendance_state
            else a.attendance_state_label,
        ),
    ]


def _accident_blocks(summary: Summary) -> list[Block]:
    lang = summary.lang
    out: list[Block] = [Heading(2, t("sm_h_accidents", lang))]
    if not summary.accidents:
        out.append(Paragraph(t("sm_no_accidents", lang)))
    for accident in summary.accidents:
        out.append(
            Grid(
                columns=(("field", t("sm_accident", lang)), ("value", accident.title)),
                rows=tuple(
                    {"field": label, "value": value}
                    for label, value in accident_fields(accident, lang)
                ),
            )
        )
    return out


def to_markdown(summary: Summary) -> str:
    """GitHub-flavoured Markdown: headings, and a pipe table for every table."""
    return markdown_of(blocks(summary), summary.lang)


def markdown_of(items: Iterable[Block], lang: str) -> str:
    """Blocks as GitHub-flavoured Markdown (shared with the other printable reports)."""
    from safetyduty.reports.render.formats import Column
    from safetyduty.reports.render.formats import to_markdown as markdown_table

    parts: list[str] = []
    for block in items:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {_md_escape(block.text)}\n")
        elif isinstance(block, Paragraph):
            text = terminal_safe(block.text) if block.raw else _md_escape(block.text)
            parts.append(f"**{text}**\n" if block.strong else f"{text}\n")
        else:
            text = f"**{_md_escape(block.title)}**\n\n" if block.title else ""
            if block.rows:
                columns = [
                    Column(key, _md_escape(header, cell=True)) for key, header in block.columns
                ]
                rows = [{k: _md_escape(v, cell=True) for k, v in row.items()} for row in block.rows]
                text += markdown_table(columns, rows)
            else:
                text += f"{t('sm_none', lang)}\n"
            parts.append(text)
    return "\n".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]#|])")
# In a table cell render.to_markdown escapes the pipe itself.
_MD_SPECIAL_CELL = re.compile(r"([\\`*_<>\[\]#])")


def _md_escape(text: str, *, cell: bool = False) -> str:
    """Text that Markdown shows as written: no emphasis, links or HTML from a record's title,
    and no control sequence for the terminal it is often read in."""
    return (_MD_SPECIAL_CELL if cell else _MD_SPECIAL).sub(r"\\\1", terminal_safe(text))


def rich_blocks(summary: Summary) -> list[Any]:
    """Rich renderables for a terminal (or a text file), one per block."""
    return rich_of(blocks(summary), summary.lang)


def rich_of(items: Iterable[Block], lang: str) -> list[Any]:
    """Blocks as Rich renderables (shared with the other printable reports)."""
    from rich.rule import Rule
    from rich.text import Text

    from safetyduty.reports.render.formats import Column, rich_table

    out: list[Any] = []
    for block in items:
        if isinstance(block, Heading):
            if block.level == 1:
                out.append(Text(terminal_safe(block.text), style="bold"))
            else:
                out.append(Rule(Text(terminal_safe(block.text), style="bold"), align="left"))
        elif isinstance(block, Paragraph):
            out.append(Text(terminal_safe(block.text), style="bold" if block.strong else ""))
        elif block.rows:
            widths = dict(block.max_widths)
            columns = [
                Column(
                    key,
                    header,
                    state_key=block.state_key if key == "state" else None,
                    max_width=widths.get(key),
                )
                for key, header in block.columns
            ]
            out.append(rich_table(columns, list(block.rows), title=block.title))
        else:
            out.append(Text(terminal_safe(f"{block.title}: {t('sm_none', lang)}")))
    return out


def to_text(summary: Summary, width: int = 120) -> str:
    """The terminal table as plain text (for `--format table --output FILE`)."""
    return plain_text(rich_blocks(summary), width)


# --- rendering: HTML -------------------------------------------------------------------------


def html_page(template: str, lang: str, **values: Any) -> str:
    """A self-contained HTML page from `templates/<template>` (the summary's or the
    assessment's), with the words every page uses: `t`, `join`, `date`, the state marks, the
    sign-off line and the colon in `lang`; `values` adds the report's own."""
    return (
        _environment()
        .get_template(template)
        .render(
            lang=lang,
            t=lambda key, **words: t(key, lang, **words),
            marks=STATE_MARKS,
            join=lambda items: _join(items, lang),
            date=_date,
            signoff=[t(key, lang) for key in ("sm_prepared_by", "sm_reviewed_by", "sm_sign_date")],
            colon=_colon(lang),
            **values,
        )
    )


@functools.cache
def _environment() -> jinja2.Environment:
    """Built once per process; Jinja2 is imported only when a page is asked for."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("safetyduty.reports.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def to_html(summary: Summary) -> str:
    """One self-contained HTML file (CSS inline, no fonts, scripts or links) for A4 printing."""
    lang = summary.lang
    return html_page(
        "summary.html.j2",
        lang,
        s=summary,
        states=STATES,
        hazard_states=HAZARD_STATES,
        moment=_moment,
        duration=lambda minutes: duration(minutes, lang),
        state_text=lambda state: state_text(state, lang),
        holder_heading=lambda block: holder_heading(block, lang),
        counts_text=lambda counts: counts_text(counts, lang),
        unruled_groups=by_holder(summary.unruled_duties),
    )
