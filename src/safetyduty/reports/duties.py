"""Questions about the duty matrix and the posts: whose duties are these, who answers for what.

Pure functions over a loaded `Repo`; commands render their answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetyduty.i18n import _
from safetyduty.load.models import Duty, Person, Post
from safetyduty.load.problems import did_you_mean
from safetyduty.load.repo import Repo
from safetyduty.load.validate import AmbiguousName, person_hint, person_or_value


def holders_of(
    repo: Repo, *, holder: str | None, industry: str | None, day: dt.date
) -> set[str] | None:
    """The duty holders a `--holder` / `--industry` filter selects (None: no filter).

    A section selects itself and `all-sections`; a person selects the roles they hold on `day`
    and the sections they supervise. Raises LookupError for an unknown id.
    """
    wanted: set[str] | None = None
    if holder is not None:
        wanted = _holder_set(repo, holder, day)
    if industry is not None:
        section = repo.section_of_industry(_industry_id(repo, industry))
        assert section is not None
        by_industry = {section.id, "all-sections"}
        wanted = by_industry if wanted is None else wanted & by_industry
    return wanted


def _holder_set(repo: Repo, holder: str, day: dt.date) -> set[str]:
    try:
        holder = person_or_value(repo, holder)
    except AmbiguousName as exc:
        raise LookupError(f"--holder: {exc}") from None
    if holder in repo.sections:
        return {holder, "all-sections"}
    if holder in repo.roles or holder in repo.bodies or holder == "all-sections":
        return {holder}
    if person := repo.people.get(holder):
        posts = [p for p in person.posts if p.holds_on(day)]
        if not posts:
            raise LookupError(
                _(
                    "--holder: {name} ({id}) holds no post on {day}; pass --as-of a date when "
                    "they held one",
                    name=person.name,
                    id=holder,
                    day=day,
                )
            )
        return {p.role for p in posts} | {s for p in posts for s in p.sections}
    known = {*repo.sections, *repo.roles, *repo.bodies, *repo.people, "all-sections"}
    hint = did_you_mean(holder, known - set(repo.people)) or person_hint(repo, holder)
    raise LookupError(_("--holder: unknown holder '{value}'{hint}", value=holder, hint=hint))


def _industry_id(repo: Repo, name: str) -> str:
    """An industry's id from its id, Chinese name or English name (any case)."""
    if name in repo.industries:
        return name
    wanted = name.strip().casefold()
    for industry_id, (industry, _section) in repo.industries.items():
        if wanted in (industry_id, industry.name, industry.name_en.casefold()):
            return industry_id
    names = {*repo.industries, *(i.name for i, _ in repo.industries.values())}
    raise LookupError(
        _("unknown industry '{value}'{hint}", value=name, hint=did_you_mean(name, names))
    )


def duties_for(repo: Repo, holders: set[str] | None) -> list[Duty]:
    """Duties in matrix order, those of `holders` only when given."""
    return [d for d in repo.duties.values() if holders is None or d.holder in holders]


def posts_on(repo: Repo, day: dt.date) -> list[tuple[Person, Post]]:
    """Every (person, post) held on a day, in people.yaml order."""
    return [
        (person, post)
        for person in repo.people.values()
        for post in person.posts
        if post.holds_on(day)
    ]


def responsible_for(repo: Repo, industry: str, day: dt.date) -> dict[str, Any]:
    """The section supervising an industry and the leaders who answer for it on `day`:
    its supervising leaders (直接领导责任), the safety lead (牵头) and the director (全面)."""
    industry_id = _industry_id(repo, industry)
    found, section = repo.industries[industry_id]
    leaders: list[dict[str, Any]] = []
    for responsibility_role, matches in (
        ("industry-lead", lambda post: section.id in post.sections),
        ("safety-lead", lambda post: post.role == "safety-lead"),
        ("director", lambda post: post.role == "director"),
    ):
        role = repo.roles.get(responsibility_role)
        for person, post in posts_on(repo, day):
            if matches(post):
                post_role = repo.roles.get(post.role)
                leaders.append(
                    {
                        "id": person.id,
                        "name": person.name,
                        "name_en": person.name_en,
                        "role": post.role,
                        "role_name": post_role.name if post_role else post.role,
                        "role_name_en": post_role.name_en if post_role else post.role,
                        "responsibility": role.responsibility if role else responsibility_role,
                        "responsibility_en": role.responsibility_en
                        if role
                        else responsibility_role,
                    }
                )
    return {
        "as_of": day.isoformat(),
        "industry": industry_id,
        "industry_name": found.name,
        "industry_name_en": found.name_en,
        "section": section.id,
        "section_name": section.name,
        "section_name_en": section.name_en,
        "attends_scene_from": section.attends_scene_from,
        "leaders": leaders,
    }
