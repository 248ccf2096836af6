"""Who is above whom (督办): the leader an overdue obligation is raised to (SPEC §11).

The chain is a section → the `industry-lead` whose `sections` include it → the `safety-lead`
→ the `director`. A leader's own duty goes one step up from the role the duty is held in
(a `special-lead` answers to the `safety-lead`, like an `industry-lead`); the commission's and
the party group's duties go to the `director`, who is the top. Posts are read as of a day, and
a step that would name the holder again (a safety lead who also supervises the section) is
skipped for the next one.
"""

from __future__ import annotations

import datetime as dt

from safetyduty.load.repo import Repo

#: the role above each role
ABOVE: dict[str, str] = {
    "industry-lead": "safety-lead",
    "special-lead": "safety-lead",
    "safety-lead": "director",
}
#: the order a person's roles are ranked in, highest first
RANK = ("director", "safety-lead", "special-lead", "industry-lead")


def _holding(repo: Repo, role: str, day: dt.date, section: str | None = None) -> list[str]:
    return [
        person.id
        for person in repo.people.values()
        if any(
            post.role == role
            and post.holds_on(day)
            and (section is None or section in post.sections)
            for post in person.posts
        )
    ]


def _role_of(repo: Repo, holder: str, duty_holder: str | None, day: dt.date) -> str | None:
    """The role a person holds a duty in: the duty's own role, else their highest post."""
    if duty_holder in RANK:
        return duty_holder
    person = repo.people[holder]
    held = {post.role for post in person.posts if post.holds_on(day)}
    return next((role for role in RANK if role in held), None)


def leaders_above(repo: Repo, holder: str, duty_id: str, day: dt.date) -> tuple[str, ...]:
    """The person ids of the leaders one step above `holder` for its duty `duty_id`, as of
    `day`: usually one person, none at the top of the chain or when a post is vacant all
    the way up."""
    duty = repo.duties.get(duty_id)
    if holder in repo.sections:
        steps: list[tuple[str, str | None]] = [
            ("industry-lead", holder),
            ("safety-lead", None),
            ("director", None),
        ]
    elif holder in repo.people:
        role = _role_of(repo, holder, duty.holder if duty else None, day)
        steps = []
        while role in ABOVE:
            role = ABOVE[role]
            steps.append((role, None))
    else:  # the commission, the party group
        steps = [("director", None)]
    for role, section in steps:
        found = [p for p in _holding(repo, role, day, section) if p != holder]
        if found:
            return tuple(found)
    return ()
