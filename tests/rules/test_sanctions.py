"""The veto (四（一）6) and the promotion bar (附表·人事教育科) at their edges: one table row per
edge, an accident in, findings out.

Each test writes a one-accident repo (the shipped matrix, conftest's people: zhang-wei
director; li-na safety lead and industry lead for 经济运行科; wang-qiang industry lead for
化工医药科 and 电力科 until 2026-06-30, zhao-min after him) and runs the assessment rules for 2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MakeRepo
from safetyduty.load.loader import load_repo
from safetyduty.load.problems import has_errors
from safetyduty.rules.engine import findings

# Written when every message was English: they read the English ones (SPEC §8: zh default).
pytestmark = pytest.mark.usefixtures("english")

AS_OF = dt.date(2026, 12, 31)
#: 10 deaths is 重大 (serious), 9 is 较大 (larger), 1 is 一般 (ordinary); 30 is 特别重大.
SERIOUS, LARGER, ORDINARY, ESPECIALLY_SERIOUS = 10, 9, 1, 30


def accident(
    deaths: int,
    *,
    liability: bool | None,
    responsible: str = "",
    day: str = "2026-05-20",
    industry: str = "chemical",
) -> str:
    text = (
        f"kind: accident\noccurred_at: {day}T10:00:00\nknown_at: {day}T10:30:00\n"
        f"site: 某化工厂\nindustry: {industry}\ndeaths: {deaths}\nserious_injuries: 0\n"
    )
    if liability is not None:
        text += f"liability: {str(liability).lower()}\n"
    if responsible:
        text += f"responsible: [{responsible}]\n"
    return text


def found(root: Path, year: int = 2026) -> set[tuple[str, str, str]]:
    repo, problems = load_repo(root, AS_OF)
    assert not has_errors(problems), problems
    result, rule_problems = findings(repo, year, AS_OF)
    assert rule_problems == []
    return {(f.kind, f.holder, f.accident) for f in result}


#: Who a 化工 accident on 2026-05-20 vetoes: the director, the safety lead, 化工医药科's leader
#: on that day (wang-qiang) and 化工医药科 itself.
VETOED = {"zhang-wei", "li-na", "wang-qiang", "chemical-pharma"}


@pytest.mark.parametrize(
    ("deaths", "liability", "vetoed"),
    [
        (SERIOUS, True, VETOED),  # 重大 责任事故: "重大及以上" includes the bound
        (ESPECIALLY_SERIOUS, True, VETOED),  # 特别重大 is above it
        (LARGER, True, set()),  # 较大 责任事故: below the bound, no veto
        (ORDINARY, True, set()),
        (SERIOUS, False, set()),  # 重大 but found not to be a 责任事故
        (SERIOUS, None, set()),  # liability not settled yet: no veto (yet)
    ],
    ids=["serious", "especially-serious", "larger", "ordinary", "not-liability", "unsettled"],
)
def test_veto_edges(
    make_repo: MakeRepo, deaths: int, liability: bool | None, vetoed: set[str]
) -> None:
    root = make_repo({"records/2026/a.yaml": accident(deaths, liability=liability)})
    assert {h for kind, h, _ in found(root) if kind == "veto"} == vetoed


def test_veto_reaches_the_leader_in_post_on_the_accidents_day(make_repo: MakeRepo) -> None:
    root = make_repo({"records/2026/a.yaml": accident(SERIOUS, liability=True, day="2026-08-01")})
    vetoed = {h for kind, h, _ in found(root) if kind == "veto"}
    assert vetoed == {"zhang-wei", "li-na", "zhao-min", "chemical-pharma"}


def test_veto_of_an_accident_in_another_industry_spares_other_leaders(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(
        {"records/2026/a.yaml": accident(SERIOUS, liability=True, industry="refined-oil")}
    )
    vetoed = {h for kind, h, _ in found(root) if kind == "veto"}
    # li-na is both safety lead and 经济运行科's leader; wang-qiang is not concerned
    assert vetoed == {"zhang-wei", "li-na", "economic-operation"}


def test_veto_is_for_the_accidents_year_only(make_repo: MakeRepo) -> None:
    root = make_repo({"records/2026/a.yaml": accident(SERIOUS, liability=True)})
    assert found(root, 2027) == set()
    assert found(root, 2025) == set()


def test_veto_of_an_accident_after_the_as_of_date_is_not_found_yet(make_repo: MakeRepo) -> None:
    root = make_repo({"records/2026/a.yaml": accident(SERIOUS, liability=True)})
    repo, _ = load_repo(root, AS_OF)
    assert findings(repo, 2026, dt.date(2026, 5, 19))[0] == []


@pytest.mark.parametrize(
    ("deaths", "liability", "responsible", "barred"),
    [
        (ORDINARY, True, "zhao-min", {"zhao-min"}),  # every graded accident, 一般 included
        (ORDINARY, None, "zhao-min", {"zhao-min"}),  # the finding of responsibility suffices
        (SERIOUS, True, "zhao-min, li-na", {"zhao-min", "li-na"}),
        (SERIOUS, True, "", set()),  # the leaders it vetoes are not barred
        (LARGER, False, "", set()),
    ],
    ids=["ordinary", "unsettled-liability", "two-people", "vetoed-not-barred", "nobody"],
)
def test_bar_names_only_the_people_responsible(
    make_repo: MakeRepo, deaths: int, liability: bool | None, responsible: str, barred: set[str]
) -> None:
    root = make_repo(
        {"records/2026/a.yaml": accident(deaths, liability=liability, responsible=responsible)}
    )
    assert {h for kind, h, _ in found(root) if kind == "promotion-bar"} == barred


def test_responsible_must_name_people(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"records/2026/a.yaml": accident(SERIOUS, liability=True, responsible="zhao-mim")}
    )
    _, problems = load_repo(root, AS_OF)
    assert [p.gcc() for p in problems] == [
        "records/2026/a.yaml:9:15: error: unknown person 'zhao-mim'; did you mean 'zhao-min'?"
    ]


def test_liability_must_be_true_or_false(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"records/2026/a.yaml": accident(SERIOUS, liability=None) + "liability: maybe\n"}
    )
    _, problems = load_repo(root, AS_OF)
    assert len(problems) == 1
    assert problems[0].gcc().startswith("records/2026/a.yaml:8:12: error: liability:")


def test_assessment_rules_schedule_no_obligation(make_repo: MakeRepo) -> None:
    from safetyduty.rules.engine import evaluate

    root = make_repo({"records/2026/a.yaml": accident(SERIOUS, liability=True)})
    repo, _ = load_repo(root, AS_OF)
    duties = {o.duty for o in evaluate(repo, AS_OF).obligations}
    assert "party-group-yearly-veto" not in duties and "personnel-education-1" not in duties
    assert repo.duties["party-group-yearly-veto"].rule is not None
