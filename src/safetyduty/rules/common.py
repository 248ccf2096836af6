"""What several rule types share: who holds a duty, and the shape of a window's and of an
event's obligation.

A person-held duty applies to every person holding the role on the period's due date; a body's
duty to the commission; an event obligation's holder is the duty's section, else the section
the record belongs to (SPEC §3). Obligations due at a moment (accidents) are judged to the
minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from safetyduty.load.models import AnyRecord, Duty
from safetyduty.load.periods import LOCAL_TZ
from safetyduty.rules.obligations import Considered, Context, Obligation, State, state_of


def holders(duty: Duty, context: Context, day: dt.date) -> list[str]:
    if duty.holder in context.repo.roles:
        return context.person_holders(duty.holder, day)
    if duty.holder in context.repo.bodies:
        return ["commission"]
    return context.section_holders(duty)


def event_holder(duty: Duty, record: AnyRecord, context: Context) -> str:
    if duty.holder in context.repo.sections or duty.holder == "commission":
        return duty.holder
    if duty.holder in context.repo.bodies:
        return "commission"
    return context.event_section(record)


def event_obligation(
    duty: Duty,
    record: AnyRecord,
    context: Context,
    *,
    due: dt.date,
    done_on: dt.date | None,
    records: tuple[str, ...],
    considered: tuple[Considered, ...] = (),
) -> Obligation:
    """The obligation an event record gives rise to: its window opens on the record's date,
    its period is the record's id, and it is done on `done_on` (None: not yet)."""
    return Obligation(
        duty=duty.id,
        holder=event_holder(duty, record, context),
        period=record.id,
        window_start=record.date,
        due=due,
        state=state_of(done_on, record.date, due, context.as_of),
        records=records,
        done_on=done_on,
        considered=considered,
    )


def window_obligation(
    duty: Duty,
    holder: str,
    period: str,
    start: dt.date,
    due: dt.date,
    considered: Sequence[Considered],
    context: Context,
    *,
    needed: int = 1,
) -> Obligation:
    """The obligation of `holder` for one window [start, due] of a duty: done on the day the
    `needed`-th record that counts was made (None: not yet), every record weighed kept."""
    matching = tuple(c.record for c in considered if c.counts)
    dates = sorted(context.repo.records[m].date for m in matching)
    done_on = dates[needed - 1] if len(dates) >= needed else None
    return Obligation(
        duty=duty.id,
        holder=holder,
        period=period,
        window_start=start,
        due=due,
        state=state_of(done_on, start, due, context.as_of),
        records=matching,
        done_on=done_on,
        considered=tuple(considered),
    )


def named_in(record: AnyRecord, field_names: Iterable[str], person: str) -> bool:
    """Whether any of a record's person fields names `person`."""
    named: set[str] = set()
    for name in field_names:
        value = getattr(record, name, None)
        if isinstance(value, str):
            named.add(value)
        elif value:
            named.update(value)
    return person in named


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def moment_state(
    done_at: dt.datetime | None, start: dt.date, due_at: dt.datetime, as_of: dt.date
) -> tuple[State, dt.date | None]:
    """State of an obligation due at a moment: on time is judged to the minute."""
    if done_at is not None and local_date(done_at) <= as_of:
        return ("met" if done_at <= due_at else "late"), local_date(done_at)
    return state_of(None, start, local_date(due_at), as_of), None


def moment_verdict(
    record: str,
    missing: str,
    done_at: dt.datetime | None,
    due_at: dt.datetime,
    done_on: dt.date | None,
) -> Considered:
    """The verdict on a record whose obligation is due at a moment: `missing` when not done."""
    if done_at is None or done_on is None:
        return Considered(record, False, missing, (("due_at", _shown(due_at)),))
    return Considered(
        record,
        True,
        "counts_at" if done_at <= due_at else "counts_late_at",
        (("at", _shown(done_at)), ("due_at", _shown(due_at))),
    )


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
