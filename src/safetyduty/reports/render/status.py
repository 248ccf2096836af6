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

#: Terminals narrower than this get the compact table (12 more with a previous-state column):
#: below it, six columns leave the duty's name fewer cells than the compact table does.
COMPACT_BELOW = 120
_MAX_WIDTHS = {"period": 14, "records": 24}
#: A width at which the compact table always fits with its minimum widths held.
_ALWAYS_FITS = 100
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
    width: int | None = None,
) -> Table:
    """Grouped by holder (worst first), states coloured, with days overdue or left; with
    `previous` (`status --since`), each obligation's earlier state beside its state.

    For a terminal `width` columns wide: under COMPACT_BELOW the period sits over its due date
    and the state over its days in one cell each, as the hazard ledger does, so that the duty
    keeps its room; and where even that cannot give a date and a state word their whole width,
    no column is held to a minimum (Rich narrows them all rather than cut the table's edge)."""
    compact = width is not None and width < COMPACT_BELOW + (12 if previous is not None else 0)
    table = _table(repo, obligations, as_of, lang, previous, compact, held=True)
    # Only a narrow terminal can be narrower than the minimums (measuring costs a pass).
    if width is not None and width < _ALWAYS_FITS and _narrowest(table) > width:
        table = _table(repo, obligations, as_of, lang, previous, compact, held=False)
    return table


def _narrowest(table: Table) -> int:
    """The fewest columns `table` can be drawn in, its minimum widths held."""
    from rich.console import Console
    from rich.measure import Measurement

    probe = Console(width=10_000)
    return Measurement.get(probe, probe.options, table).minimum


def _table(
    repo: Repo,
    obligations: list[Obligation],
    as_of: dt.date,
    lang: str,
    previous: Mapping[tuple[str, str, str], str | None] | None,
    compact: bool,
    *,
    held: bool,
) -> Table:
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
    least = {k: _min_width("due_date" if compact and k == "period" else k, lang) for k in keys}
    if not held:
        least = {}
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
            min_width=least.get(key),
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
