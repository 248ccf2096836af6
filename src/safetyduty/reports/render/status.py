"""The status report as a leader reads it: a Rich table grouped by holder, and its CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rich.table import Table
from rich.text import Text

from safetyduty.i18n import t
from safetyduty.load.repo import Repo
from safetyduty.reports.render.formats import STATE_STYLES, Column, to_csv
from safetyduty.reports.render.safe import terminal_safe
from safetyduty.reports.select import counts, duty_label, grouped, period_label, remark
from safetyduty.rules.obligations import Obligation


def status_table(
    repo: Repo,
    obligations: list[Obligation],
    as_of: dt.date,
    lang: str,
    previous: Mapping[tuple[str, str, str], str | None] | None = None,
) -> Table:
    """Grouped by holder (worst first), states coloured, with days overdue or left; with
    `previous` (`status --since`), each obligation's earlier state beside its state."""
    tally = counts(obligations)
    total = " · ".join(f"{t(state, lang)} {n}" for state, n in tally.items() if n)
    caption = f"{t('total', lang)} {len(obligations)}" + (f" — {total}" if total else "")
    if not obligations:
        caption = t("no_obligations", lang)
    commission = repo.commission.name_en if lang == "en" else repo.commission.name
    table = Table(
        title=terminal_safe(f"{commission} · {t('as_of', lang)} {as_of.isoformat()}"),
        caption=caption,
        header_style="bold",
    )
    keys = ["duty", "period", "due_date", "state", "days", "records"]
    if previous is not None:
        keys.insert(3, "previous_state")
    for key in keys:
        # Narrow terminals fold long ids rather than hide them behind an ellipsis.
        fixed = key in ("due_date", "state", "previous_state")
        table.add_column(
            t(key, lang), no_wrap=fixed, overflow="fold", min_width=10 if fixed else None
        )
    for holder, items in grouped(repo, obligations):
        table.add_section()
        table.add_row(
            Text(terminal_safe(repo.holder_name(holder, lang)), style="bold underline"),
            end_section=False,
        )
        for obligation in items:
            style = STATE_STYLES.get(obligation.state, "")
            cells: list[str | Text] = [
                terminal_safe(duty_label(repo, obligation.duty, lang)),
                terminal_safe(period_label(obligation.period, lang)),
                obligation.due.isoformat(),
                Text(t(obligation.state, lang), style=style),
                Text(remark(obligation, as_of, lang), style=style),
                terminal_safe(", ".join(obligation.records)),
            ]
            if previous is not None:
                before = previous.get((obligation.duty, obligation.holder, obligation.period))
                cells.insert(3, t(before, lang) if before else "—")
            table.add_row(*cells)
    return table


CSV_COLUMNS = [
    Column("duty", "duty"),
    Column("duty_name", "duty_name"),
    Column("holder", "holder"),
    Column("holder_name", "holder_name"),
    Column("period", "period"),
    Column("window_start", "window_start"),
    Column("due", "due"),
    Column("state", "state"),
    Column("remark", "remark"),
    Column("records", "records"),
]


def csv_text(
    repo: Repo,
    obligations: list[Obligation],
    as_of: dt.date,
    lang: str,
    previous: Mapping[tuple[str, str, str], str | None] | None = None,
) -> str:
    """One row per obligation, records separated by ';', UTF-8 with BOM for Excel; with
    `previous` (`status --since`), a `previous_state` column after `state`."""
    columns = list(CSV_COLUMNS)
    if previous is not None:
        columns.insert(8, Column("previous_state", "previous_state"))
    rows = [
        {
            **o.as_dict(),
            "previous_state": (previous or {}).get((o.duty, o.holder, o.period)),
            "duty_name": duty_label(repo, o.duty, lang),
            "holder_name": repo.holder_name(o.holder, lang),
            "remark": remark(o, as_of, lang),
            "records": ";".join(o.records),
        }
        for o in obligations
    ]
    return to_csv(columns, rows)
