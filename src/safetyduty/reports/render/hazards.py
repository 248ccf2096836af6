"""The hazard ledger as a Rich table and JSON (its CSV and xlsx are `office.hazard_sheet`).

This module owns "how does the 隐患台账 look?"; which hazards it holds and their states belong to
`safetyduty.reports.hazards`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from safetyduty.i18n import t
from safetyduty.reports.hazards import HAZARD_MARKS, HazardRow, tally
from safetyduty.reports.render.formats import Column, dumps_json, rich_table


def ledger_json(rows: Sequence[HazardRow], as_of: dt.date) -> str:
    """`{"as_of", "counts", "hazards": [...]}`, rows in ledger order."""
    payload = {
        "as_of": as_of.isoformat(),
        "counts": tally(rows),
        "hazards": [row.as_dict() for row in rows],
    }
    return dumps_json(payload)


def ledger_table(rows: Sequence[HazardRow], as_of: dt.date, title: str, lang: str) -> Any:
    """A Rich table, one row per hazard. Related fields share a cell (found / deadline, site /
    description, grade / section / notice, rectified / verified, state / remark) so that the
    ledger still reads on an 80-column terminal; the state is marked by a sign and a colour."""
    columns = [
        Column("when", f"{t('hz_found_on', lang)}\n{t('rectify_by', lang)}", no_wrap=True),
        Column("what", f"{t('site', lang)}\n{t('description', lang)}"),
        Column("who", f"{t('grade', lang)} · {t('section', lang)}\n{t('notice', lang)}"),
        Column("done", f"{t('rectified_on', lang)}\n{t('verified_by', lang)}", no_wrap=True),
        Column("state", f"{t('state', lang)}\n{t('hz_remark', lang)}", state_key="state_key"),
    ]
    data = []
    for row in rows:
        cells = display_row(row, lang)
        data.append(
            {
                "when": f"{cells['date']}\n→ {cells['rectify_by']}",
                "what": f"{cells['site']}\n{cells['description']}",
                "who": f"{cells['grade']} · {cells['section']}\n"
                f"{t('notice', lang)}: {cells['notice']}",
                "done": f"{cells['rectified_on']}\n{cells['verified_by']}",
                "state": f"{cells['state']}\n{cells['remark']}".rstrip(),
                "state_key": row.state,
            }
        )
    counts = tally(rows)
    caption = f"{t('total', lang)} {len(rows)}" + "".join(
        f" · {t(state, lang)} {n}" for state, n in counts.items() if n
    )
    if not rows:
        caption = t("hz_none", lang)
    table = rich_table(
        columns, data, title=f"{title} · {t('as_of', lang)} {as_of}", caption=caption
    )
    table.show_lines = True
    return table


def display_row(row: HazardRow, lang: str) -> dict[str, Any]:
    """Plain strings for a table cell each; the state keeps its key for styling."""
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "title": row.title,
        "site": row.site,
        "description": row.description,
        "grade": row.grade_label,
        "section": row.section_name,
        "rectify_by": row.rectify_by.isoformat(),
        "notice": t("hz_yes", lang) if row.notice else t("hz_no", lang),
        "rectified_on": row.rectified_on.isoformat() if row.rectified_on else "",
        "verified_by": "、".join(row.verified_by_names)
        if lang != "en"
        else ", ".join(row.verified_by_names),
        "state": f"{HAZARD_MARKS[row.state]} {row.state_label}",
        "state_key": row.state,
        "remark": row.remark,
    }
