"""The repo as loaded, and where to find one.

This module owns "what is a records repo?": `find_repo` (SPEC §1: `--repo`, `SAFETYDUTY_REPO`,
the nearest ancestor holding `data/people.yaml` or `records/`), the shipped matrix files, and
`Repo`, the loaded matrix, people and records that every later stage reads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from safetyduty.i18n import _
from safetyduty.load.assessment import AssessmentFile
from safetyduty.load.models import (
    AnyRecord,
    Body,
    Commission,
    Duty,
    Industry,
    Person,
    Role,
    Section,
)

SHIPPED = ("sections.yaml", "duties.yaml", "assessment.yaml")
#: How problems name a shipped file (never by the absolute path of the installed package).
SHIPPED_PREFIX = "safetyduty:"
ENV_VAR = "SAFETYDUTY_REPO"


class RepoNotFound(Exception):
    """No records repo at or above the starting folder."""


def shipped_path(name: str) -> Path:
    """The copy of `sections.yaml`, `duties.yaml` or `assessment.yaml` shipped in the package."""
    return Path(str(resources.files("safetyduty") / "data" / name))


def find_repo(explicit: str | os.PathLike[str] | None, start: Path | None = None) -> Path:
    """The records repo: `--repo`, else $SAFETYDUTY_REPO, else the nearest ancestor of `start`
    (default: the current folder) holding `data/people.yaml` or `records/`."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        try:
            path = Path(chosen).expanduser()
        except RuntimeError:  # `~someone/...` for a user this machine does not know
            path = Path(chosen)
        if not path.is_dir():
            raise RepoNotFound(_("{path} is not a folder", path=path))
        if not _is_records_repo(path):
            raise RepoNotFound(
                _("{path} is not a records repo (no data/people.yaml or records/)", path=path)
            )
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_records_repo(folder):
            return folder
    raise RepoNotFound(_("no records repo at or above {path}", path=here))


def _is_records_repo(folder: Path) -> bool:
    return (folder / "data" / "people.yaml").is_file() or (folder / "records").is_dir()


@dataclass
class Repo:
    """A loaded records repo: the duty matrix, the people and the records, indexed by id."""

    root: Path
    commission: Commission
    bodies: dict[str, Body] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    industries: dict[str, tuple[Industry, Section]] = field(default_factory=dict)
    duties: dict[str, Duty] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    records: dict[str, AnyRecord] = field(default_factory=dict)
    #: the yearly assessment's scale (data/assessment.yaml); None when that file is broken
    assessment: AssessmentFile | None = None
    #: where each record and data file came from, as shown in problems
    record_paths: dict[str, str] = field(default_factory=dict)
    #: ids of record files that exist but could not be loaded (their problems are reported)
    unreadable: set[str] = field(default_factory=set)
    #: ids of people and duties whose entries could not be loaded (their problems are reported)
    unreadable_items: set[str] = field(default_factory=set)
    #: for people.yaml and duties.yaml (keys "people", "duties"): the position in the file of
    #: each loaded item, which differs from its position in the loaded list once one is broken
    item_index: dict[str, list[int]] = field(default_factory=dict)
    #: every record file read, loaded or not, as shown in problems
    record_files: list[str] = field(default_factory=list)
    data_paths: dict[str, str] = field(default_factory=dict)
    #: record files that could not be loaded whole: their kind and the fields that are fine,
    #: whose references are still checked (an unknown field must not hide a misspelt person)
    partial: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    def display_to_path(self, display: str) -> Path:
        if display.startswith(SHIPPED_PREFIX):
            return shipped_path(display.removeprefix(SHIPPED_PREFIX).removeprefix("data/"))
        path = Path(display)
        return path if path.is_absolute() else self.root / path

    def section_of_industry(self, industry: str) -> Section | None:
        found = self.industries.get(industry)
        return found[1] if found else None

    def people_named(self, name: str) -> list[str]:
        """The ids of the people whose `name` (or `name_en`) is exactly `name`, sorted."""
        return sorted(pid for pid, p in self.people.items() if name in (p.name, p.name_en) and name)

    def person_id(self, value: str) -> str | None:
        """The person `value` stands for: an id, or the exact name of one person only (SPEC
        §5); None when it is neither (unknown, or a name two people share)."""
        if value in self.people:
            return value
        named = self.people_named(value)
        return named[0] if len(named) == 1 else None

    def holder_name(self, holder: str, lang: str = "zh") -> str:
        """A person's, section's, role's or body's name for display."""
        en = lang == "en"
        if person := self.people.get(holder):
            return (person.name_en or person.name) if en else person.name
        for table in (self.sections, self.roles, self.bodies):
            if item := table.get(holder):
                return str(item.name_en if en else item.name)
        if holder == "commission":
            return self.commission.name_en if en else self.commission.name
        if holder == "all-sections":
            return "all sections" if en else "各科室"
        return holder
