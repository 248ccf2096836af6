"""The `status` report and the hazard ledger as tables for office files (`--format xlsx`).

Names sit beside their ids, each in its own column, so that a person reads the names and a
formula or a later `import` uses the ids. The hazard ledger's record columns are a hazard's own
fields, headed as `import` reads them (`load.fieldnames`), so that an exported ledger imports
back into the same hazards; its derived columns (rectification, state) are headed with words no
field has, and `import` lists them as ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from safetyduty.i18n import t
from safetyduty.load.fieldnames import field_header, id_header
from safetyduty.load.models import Hazard
from safetyduty.load.repo import Repo
from safetyduty.reports.hazards import HazardRow
from safetyduty.reports.render.document import Table, TableColumn, columns, ids_header
from safetyduty.reports.select import duty_label, period_label, remark
from safetyduty.rules.obligations import Obligation


def status_sheet(
    repo: Repo,
    obligations: Sequence[Obligation],
    as_of: dt.date,
    lang: str,
    previous: Mapping[tuple[str, str, str], str | None] | None = None,
) -> Table:
    """One row per obligation, in the order given (status's: by due date, duty, holder); with
    `previous` (`status --since`), the state before, beside the state now."""
    commission = repo.commission.name_en if lang == "en" else repo.commission.name
    cols = columns(
        ("holder_name", t("holder", lang)),
        ("holder_id", ids_header("holder", lang)),
        ("duty_name", t("duty", lang)),
        ("duty_id", ids_header("duty", lang)),
        ("period_label", t("period", lang)),
        ("period_id", ids_header("period", lang)),
        ("window_start", t("window_start", lang), "date"),
        ("due", t("due_date", lang), "date"),
        ("state_label", t("state", lang)),
        ("state_id", ids_header("state", lang)),
        ("remark", t("sm_remark", lang)),
        ("records_id", t("records", lang)),
    )
    if previous is not None:
        before = columns(
            ("previous_state", t("previous_state", lang)),
            ("previous_state_id", ids_header("previous_state", lang)),
        )
        cols = (*cols[:10], *before, *cols[10:])
    earlier = previous or {}

    def row(o: Obligation) -> dict[str, Any]:
        was = earlier.get((o.duty, o.holder, o.period))
        return {
            "holder_name": repo.holder_name(o.holder, lang),
            "holder_id": o.holder,
            "duty_name": duty_label(repo, o.duty, lang),
            "duty_id": o.duty,
            "period_label": period_label(o.period, lang),
            "period_id": o.period,
            "window_start": o.window_start,
            "due": o.due,
            "state_label": t(o.state, lang),
            "state_id": o.state,
            "remark": remark(o, as_of, lang),
            "records_id": list(o.records),
            "previous_state": t(was, lang) if was else None,
            "previous_state_id": was,
        }

    rows = tuple(row(o) for o in obligations)
    title = f"{commission} · {t('as_of', lang)} {as_of.isoformat()}"
    return Table(title=title, columns=cols, rows=rows, sheet=t("xl_status_sheet", lang))


_LEDGER_ORDER = ("date", "site", "description", "grade", "section", "rectify_by", "notice")
#: Hazard fields whose values are ids of things with names: the names column comes first.
_NAMED = {"section": "section", "industry": "industry"}
#: Hazard fields whose values are choices: written as their label, which `import` reads back.
_CHOICES = ("grade", "source")


def hazard_sheet(repo: Repo, rows: Sequence[HazardRow], lang: str) -> Table:
    """The hazard ledger: each hazard's own fields, then what became of it."""
    cols: list[TableColumn] = [TableColumn("id", t("id", lang), ids=True)]
    fields = [name for name in Hazard.model_fields if name not in ("id", "kind")]
    # The ledger's usual columns first, as an inspector reads them; then every other field.
    fields.sort(key=lambda name: _LEDGER_ORDER.index(name) if name in _LEDGER_ORDER else 99)
    for name in fields:
        info = Hazard.model_fields[name]
        if info.exclude:
            continue
        key = info.alias or name
        header = field_header("hazard", key, lang)
        kind = "date" if info.annotation is dt.date or name in ("date", "rectify_by") else "text"
        if name == "notice_on":
            kind = "date"
        cols.append(TableColumn(key, header, kind))  # type: ignore[arg-type]
        if name in _NAMED:
            cols.append(TableColumn(f"{key}_id", id_header(header, lang), ids=True))
    cols += [
        TableColumn("rectified_on", t("rectified_on", lang), "date"),
        TableColumn("rectification", t("xl_rectification", lang), ids=True),
        TableColumn("verified_by_names", t("verified_by", lang)),
        TableColumn("verified_by", ids_header("verified_by", lang), ids=True),
        TableColumn("state_label", t("state", lang)),
        TableColumn("state", ids_header("state", lang), ids=True),
        TableColumn("remark", t("hz_remark", lang)),
    ]
    data = []
    for row in rows:
        record = repo.records[row.id]
        values: dict[str, Any] = {"id": row.id}
        for name, info in type(record).model_fields.items():
            if name in ("id", "kind"):
                continue
            key = info.alias or name
            value = getattr(record, name)
            if name in _CHOICES and value is not None:
                value = t(value, lang)
            if name in _NAMED and value is not None:
                values[f"{key}_id"] = value
                value = _name(repo, _NAMED[name], value, lang)
            values[key] = value
        values.update(
            rectified_on=row.rectified_on,
            rectification=row.rectification,
            verified_by_names=list(row.verified_by_names),
            verified_by=list(row.verified_by),
            state_label=row.state_label,
            state=row.state,
            remark=row.remark,
        )
        data.append(values)
    commission = repo.commission.name_en if lang == "en" else repo.commission.name
    return Table(
        title=f"{commission} · {t('hz_title', lang)}",
        columns=tuple(cols),
        rows=tuple(data),
        sheet=t("hz_title", lang),
    )


def _name(repo: Repo, target: str, value: str, lang: str) -> str:
    if target == "industry" and value in repo.industries:
        industry = repo.industries[value][0]
        return industry.name_en if lang == "en" else industry.name
    return repo.holder_name(value, lang)
