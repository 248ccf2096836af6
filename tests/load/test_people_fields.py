"""people.yaml's optional `mobile` (for @-mentions) and `name_en` (for English reports)."""

from __future__ import annotations

from conftest import MakeRepo, run_cli

PEOPLE = """\
people:
  - id: zhang-wei
    name: 张伟
    name_en: Zhang Wei
    mobile: {mobile}
    posts:
      - role: director
        from: 2024-01-01
"""


def test_a_mobile_written_as_a_number_or_a_string_loads(make_repo: MakeRepo) -> None:
    from safetyduty.load.loader import load_repo

    for written in ("13800001111", '"13800001111"', '"+8613800001111"'):
        repo, problems = load_repo(make_repo(people=PEOPLE.format(mobile=written)))
        assert problems == [], problems
        assert repo.people["zhang-wei"].mobile == written.strip('"')
        assert repo.holder_name("zhang-wei", "en") == "Zhang Wei"


def test_a_mobile_that_is_not_a_phone_number_is_a_located_error(make_repo: MakeRepo) -> None:
    repo = make_repo(people=PEOPLE.format(mobile='"138-0000"'))
    result = run_cli("--repo", str(repo), "check", "--as-of", "2026-04-01")
    assert result.exit_code == 1
    assert (
        "data/people.yaml:5:13: error: zhang-wei 的手机号 '138-0000' 须为数字组成的号码，"
        "例如 13800001111" in result.stdout
    )
    result = run_cli("--lang", "en", "--repo", str(repo), "check", "--as-of", "2026-04-01")
    assert (
        "data/people.yaml:5:13: error: mobile '138-0000' of zhang-wei must be a phone number "
        "of digits, e.g. 13800001111" in result.stdout
    )
