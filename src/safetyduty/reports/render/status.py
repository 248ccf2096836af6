"""The status report as a leader reads it: a Rich table grouped by holder (its CSV and xlsx
are `office.status_sheet`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from safetyduty.i18n import t
from safetyduty.load.repo import Repo
from safetyduty.reports.render.formats import STATE_STYLES
from safetyduty.reports.render.safe import terminal_safe
from safetyduty.reports.select import counts, duty_label, grouped, period_label, remark
from safetyduty.rules.obligations import STATES, Obligation

#: Terminals narrower than this get the compact table.
COMPACT_BELOW = 100
_MAX_WIDTHS = {"period": 14, "records": 24}
#: In a compact table, the column shown under another's header, in the same cell.
_BELOW = {"period": "due_date", "state": "days"}


def _min_width(key: str, lang: str) -> int | None:
    """What a column needs at the least: a whole date, a whole state word, a readable duty."""
    if key == "due_date":
        return 10
    if key in ("state", "previous_state"):
        return max(cell_len(t(state, lang)) for state in STATES)
    return 8 if key == "duty" else None


def status_table(
    repo: Repo,
    obligations: list[Obligation],
    as_of: dt.date,
    lang: str,
    previous: Mapping[tuple[str, str, str], str | None] | None = None,
    *,
    compact: bool = False,
) -> Table:
    """Grouped by holder (worst first), states coloured, with days overdue or left; with
    `previous` (`status --since`), each obligation's earlier state beside its state.
    `compact` (a terminal under 100 columns): the period over its due date and the state over
    its days in one cell each, as the hazard ledger does, so that the duty keeps its room."""
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
    if compact:
        keys = [key for key in keys if key not in ("due_date", "days")]
    for key in keys:
        # Narrow terminals fold long ids rather than hide them behind an ellipsis; a date and a
        # state are never cut; a period's name and the record ids are kept narrow, so that
        # what is left goes to the duty.
        header = t(key, lang)
        if compact and key in _BELOW:
            header += "\n" + t(_BELOW[key], lang)
        fixed = key in ("due_date", "state", "previous_state") and not compact
        table.add_column(
            header,
            no_wrap=fixed,
            overflow="fold",
            min_width=_min_width("due_date" if compact and key == "period" else key, lang),
            max_width=_MAX_WIDTHS.get(key),
        )
    for holder, items in grouped(repo, obligations):
        table.add_section()
        table.add_row(
            Text(terminal_safe(repo.holder_name(holder, lang)), style="bold underline"),
            end_section=False,
        )
        for obligation in items:
            style = STATE_STYLES.get(obligation.state, "")
            period = terminal_safe(period_label(obligation.period, lang))
            state = t(obligation.state, lang)
            days = remark(obligation, as_of, lang)
            cells: list[str | Text] = [
                terminal_safe(duty_label(repo, obligation.duty, lang)),
                *(
                    [f"{period}\n{obligation.due.isoformat()}"]
                    if compact
                    else [period, obligation.due.isoformat()]
                ),
                *(
                    [Text(f"{state}\n{days}", style=style)]
                    if compact
                    else [Text(state, style=style), Text(days, style=style)]
                ),
                terminal_safe(", ".join(obligation.records)),
            ]
            if previous is not None:
                before = previous.get((obligation.duty, obligation.holder, obligation.period))
                cells.insert(2 if compact else 3, t(before, lang) if before else "—")
            table.add_row(*cells)
    return table
