"""What changed between two days: obligations whose state differs (`status --since`), and the
tally of those changes that `notify`'s digest opens with ("since last week: 3 newly overdue").

An obligation is the same obligation on both days when its duty, holder and period agree. One
that did not exist on the earlier day (a hazard recorded since) has no previous state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from safetyduty.rules.obligations import Obligation, State

Key = tuple[str, str, str]

#: states in which an obligation counts as done
DONE: tuple[State, ...] = ("met", "late", "waived")


@dataclass(frozen=True)
class Change:
    """One obligation as of the later day, and its state as of the earlier day (None when it
    did not exist yet)."""

    obligation: Obligation
    previous_state: State | None

    @property
    def key(self) -> Key:
        return key_of(self.obligation)

    def as_dict(self) -> dict[str, object]:
        """The status JSON shape of SPEC §7, plus `previous_state`."""
        return {**self.obligation.as_dict(), "previous_state": self.previous_state}


def key_of(obligation: Obligation) -> Key:
    """What makes an obligation the same one on two days: its duty, holder and period."""
    return (obligation.duty, obligation.holder, obligation.period)


def changes(before: Iterable[Obligation], after: Iterable[Obligation]) -> list[Change]:
    """The obligations of `after` whose state differs from their state in `before`, in the
    order of `after`."""
    previous = {key_of(o): o.state for o in before}
    found = []
    for obligation in after:
        state = previous.get(key_of(obligation))
        if state != obligation.state:
            found.append(Change(obligation, state))
    return found


@dataclass(frozen=True)
class ChangeTally:
    """How many obligations became overdue, and how many were done, between the two days."""

    newly_overdue: int
    newly_done: int


def tally(found: Iterable[Change]) -> ChangeTally:
    overdue = done = 0
    for change in found:
        if change.obligation.state == "overdue":
            overdue += 1
        elif change.obligation.state in DONE and change.previous_state not in DONE:
            done += 1
    return ChangeTally(newly_overdue=overdue, newly_done=done)
