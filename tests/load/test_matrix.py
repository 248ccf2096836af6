"""The shipped duty matrix against SPEC.md §2–§3 and the seed document.

`src/safetyduty/data/sections.yaml` must carry exactly the ids of SPEC §2, and
`src/safetyduty/data/duties.yaml` must quote the seed (巴市经信发〔2018〕23号, kept byte for byte in
`tests/fixtures/seed.txt`) word for word and leave none of its duty clauses out.
Only pyyaml and the standard library are used, so these tests run before the package is built.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).parents[2] / "src/safetyduty/data"
SEED_PATH = Path(__file__).parents[1] / "fixtures/seed.txt"
SEED_SHA256 = "d3f6f6b9eabe917b2172c6ad41f38ed602f1d12641c8599612f7012f141f1076"

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BASES = {"seed", "regulation", "local-default"}
DUTY_FIELDS = {
    "id",
    "name",
    "name_en",
    "holder",
    "source",
    "basis",
    "instrument",
    "text",
    "text_en",
    "interpretation",
    "rule",
}

ROLE_IDS = ["director", "safety-lead", "industry-lead", "special-lead"]
BODY_IDS = ["commission", "party-group"]

# SPEC §2: (id, the section's name as the 附表 prints it, industry ids, attends the scene from)
SPEC_SECTIONS: list[tuple[str, str, list[str], str | None]] = [
    (
        "economic-operation",
        "经济运行科",
        ["refined-oil", "metallurgy-building-materials"],
        "any-death",
    ),
    ("power", "电力科", ["power"], "any-death"),
    (
        "chemical-pharma",
        "化工医药科",
        ["civil-explosives", "pharmaceutical", "chemical", "light-textile", "salt-wholesale"],
        "larger",
    ),
    ("industry-policy", "产业政策科", ["automobile", "motorcycle"], "larger"),
    ("environment-resources", "环境和资源综合利用科", ["energy-saving-environmental"], "larger"),
    ("tech-upgrade", "技术改造科", ["machinery-equipment", "emerging-industries"], "larger"),
    ("enterprise", "企业科", ["food-beverage", "agri-processing"], "larger"),
    ("general", "综合科", ["industrial-parks"], "larger"),
    (
        "informatization",
        "信息化科",
        ["electronic-information", "software", "information-industry", "telecom"],
        "larger",
    ),
    ("foreign-cooperation", "对外经济合作科", [], None),
    ("radio", "无线电管理办公室", [], None),
    ("office", "办公室", [], None),
    ("personnel-education", "人事教育科", [], None),
]

# SPEC §3: the checkable duties — id: (holder, rule parameters that must be present)
FIXED_DUTIES: dict[str, tuple[str, dict[str, Any]]] = {
    "quarterly-prevention-meeting": (
        "commission",
        {
            "type": "periodic",
            "period": "quarter",
            "activity": "meeting",
            "min_count": 1,
            "meeting_types": ["prevention", "special"],
            "requires_minutes": True,
        },
    ),
    "director-quarterly-special-meeting": (
        "director",
        {
            "type": "periodic",
            "period": "quarter",
            "activity": "meeting",
            "meeting_types": ["special"],
            "holder_fields": ["chair"],
        },
    ),
    "director-half-year-inspection": (
        "director",
        {
            "type": "periodic",
            "period": "half-year",
            "activity": "inspection",
            "holder_fields": ["led_by", "participants"],
        },
    ),
    "safety-lead-quarterly-inspection": (
        "safety-lead",
        {
            "type": "periodic",
            "period": "quarter",
            "activity": "inspection",
            "holder_fields": ["led_by", "participants"],
        },
    ),
    "safety-lead-yearly-drill": (
        "safety-lead",
        {
            "type": "periodic",
            "period": "year",
            "activity": "drill",
            "holder_fields": ["organized_by"],
        },
    ),
    "industry-lead-quarterly-inspection": (
        "industry-lead",
        {
            "type": "periodic",
            "period": "quarter",
            "activity": "inspection",
            "holder_fields": ["led_by", "participants"],
        },
    ),
    "section-holiday-inspection": (
        "all-sections",
        {"type": "holiday-inspection", "window_days": 15, "local_defaults": ["window_days"]},
    ),
    "hazard-rectification": ("all-sections", {"type": "hazard-rectification"}),
    "major-hazard-notice": ("all-sections", {"type": "major-hazard-notice"}),
    "inspection-feedback": (
        "all-sections",
        {
            "type": "inspection-feedback",
            "feedback_within_days": 7,
            "local_defaults": ["feedback_within_days"],
        },
    ),
    "accident-report": ("commission", {"type": "accident-report", "within_hours": 2}),
    "accident-attendance": (
        "all-sections",
        {"type": "accident-attendance", "within_hours": 24, "local_defaults": ["within_hours"]},
    ),
    "tech-upgrade-pre-evaluation": (
        "tech-upgrade",
        {"type": "pre-evaluation", "sections": ["tech-upgrade"], "include_unset": True},
    ),
    # SPEC §3, release 0.2
    "party-group-half-year-study": (
        "party-group",
        {
            "type": "periodic",
            "period": "half-year",
            "activity": "meeting",
            "meeting_types": ["party-group"],
        },
    ),
    "safety-lead-quarterly-report": (
        "safety-lead",
        {"type": "periodic-report", "period": "quarter", "due_after_days": 15},
    ),
    "industry-lead-quarterly-report": (
        "industry-lead",
        {
            "type": "periodic-report",
            "period": "quarter",
            "due_after_days": 15,
            "holder_fields": ["by"],
        },
    ),
    "industry-lead-half-year-special-meeting": (
        "industry-lead",
        {
            "type": "periodic",
            "period": "half-year",
            "activity": "meeting",
            "meeting_types": ["special"],
            "holder_fields": ["chair"],
        },
    ),
    "industry-lead-yearly-goals": (
        "industry-lead",
        {
            "type": "yearly-record",
            "activity": "document",
            "document_type": "yearly-goals",
            "due": "03-31",
            "holder_fields": ["by"],
        },
    ),
    "safety-lead-yearly-training": (
        "safety-lead",
        {
            "type": "periodic",
            "period": "year",
            "activity": "training",
            "holder_fields": ["organized_by"],
        },
    ),
    "section-yearly-letters": (
        "all-sections",
        {
            "type": "yearly-record",
            "activity": "letter",
            "due": "03-31",
            "supervising_sections_only": True,
        },
    ),
    "leader-accident-attendance": (
        "safety-lead",
        {"type": "leader-attendance", "within_hours": 24, "from_grade": "larger"},
    ),
    "general-innovation-pre-evaluation": (
        "general",
        {"type": "pre-evaluation", "sections": ["general"]},
    ),
}
#: The rule types of the yearly assessment (四（一）6's veto, 附表·人事教育科's bar): no obligation.
ASSESSMENT_RULE_TYPES = {"assessment-veto", "promotion-bar"}
RULE_TYPES = {rule["type"] for _, rule in FIXED_DUTIES.values()} | ASSESSMENT_RULE_TYPES
# Duties whose rule uses a number the seed leaves open (SPEC §3 "every number here is
# local-default unless the seed gives it"): their basis says so.
LOCAL_DEFAULT_DUTIES = {
    "section-holiday-inspection",
    "inspection-feedback",
    "accident-attendance",
    "major-hazard-notice",
    "party-group-half-year-study",
    "safety-lead-quarterly-report",
    "industry-lead-quarterly-report",
    "industry-lead-half-year-special-meeting",
    "industry-lead-yearly-goals",
    "safety-lead-yearly-training",
    "section-yearly-letters",
    "leader-accident-attendance",
}
# Readings of the seed a reasonable person could make otherwise (SPEC §3): each is written in
# the duty's interpretation, and the interpretation names what the seed says.
INTERPRETATIONS = {
    "enterprise-1-4": "较多",
    "chemical-pharma-1": "民用",
    "section-holiday-inspection": "重要节假日",
    "accident-report": "县人民范围内政府",
    "director-urge-leaders": "局",
    "general-innovation-pre-evaluation": "安全评价报告书",
}

# Lines of the seed's duty region (三 … 附表) that state no duty: headings, table titles and
# table cells that only label a row or a column. Compared with all whitespace removed.
# The 附表's section-name cells (经济运行科 …) are skipped too, from SPEC_SECTIONS.
NON_DUTY_LINES = {
    "三、总体要求",
    "四、工作职责",
    "（一）委党组工作职责",
    "（二）委主要负责人职责",
    "（三）分管安全生产负责人职责",
    "（三）分管或协助分管产业（业务）负责人职责",
    "（四）机关科室职责",
    "委机关各科室职责祥见附表：巴中市经济和信息化委安全生产党政同责工作职责表",
    "五、工作措施",
    "附件",
    # 附表 titles
    "巴中市经济和信息化委安全生产党政同责工作职责表",
    "委领导安全生产工作职责",
    "各责任科室安全生产共同工作职责",
    "各职能科室安全生产职责",
    # 附表 column headers
    "领导责任",
    "责任人",
    "工作职责",
    "责任领导",
    "责任科室",
    # 附表 row labels: the four leadership responsibilities and who bears them
    "全面领导责任",
    "委党组书记、主任",
    "牵头领导责任",
    "分管安全生产的委领导",
    "直接领导责任",
    "分管或协助分管产业（业务）的委领导",
    "专项领导责任",
    "经委领导明确，牵头安全生产具体专项工作的委领导",
    # 附表 row labels of the sections' tables
    "各分管委领导",
    "各科室",
    "分管科室的委领导",
}
CONVERSION_ARTIFACT = "[bookmark: _GoBack]"
LABEL_RE = re.compile(r"^(?:\d+[、.．]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）+)")
CLAUSE_END_RE = re.compile(r"[；;。]")
HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def squeeze(text: str) -> str:
    """The text with every whitespace character removed."""
    return re.sub(r"\s+", "", text)


def load(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sections() -> dict[str, Any]:
    data = load("sections.yaml")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def duties() -> list[dict[str, Any]]:
    data = load("duties.yaml")
    assert isinstance(data, dict)
    entries = data.get("duties")
    assert isinstance(entries, list)
    return entries


def duty_region_lines(seed: str) -> list[str]:
    """The stripped, non-empty lines from `三、总体要求` up to `信息公开选项`, artifact removed."""
    start = re.search(r"^三、总体要求", seed, re.MULTILINE)
    assert start is not None, "the seed has no 三、总体要求 line"
    end = seed.index("信息公开选项", start.start())
    region = seed[start.start() : end].replace(CONVERSION_ARTIFACT, "")
    return [line.strip() for line in region.splitlines() if line.strip()]


def duty_clauses(seed: str) -> list[str]:
    """Every clause of the duty region that must appear in some duty's text."""
    skipped = NON_DUTY_LINES | {squeeze(name) for _, name, _, _ in SPEC_SECTIONS}
    clauses = []
    for line in duty_region_lines(seed):
        if squeeze(line) in skipped:
            continue
        for clause in CLAUSE_END_RE.split(line):
            clause = LABEL_RE.sub("", squeeze(clause))
            if len(HAN_RE.findall(clause)) >= 4:
                clauses.append(clause)
    return clauses


# ------------------------------------------------------------------ the seed fixture


def test_seed_fixture_is_the_seed_document(seed: str) -> None:
    assert hashlib.sha256(SEED_PATH.read_bytes()).hexdigest() == SEED_SHA256
    assert "巴市经信发〔2018〕23号" in seed


# ------------------------------------------------------------------ sections.yaml


def test_sections_are_those_of_spec_in_order(sections: dict[str, Any]) -> None:
    got = [s["id"] for s in sections["sections"]]
    assert got == [sid for sid, _, _, _ in SPEC_SECTIONS]


@pytest.mark.parametrize(("sid", "name", "industries", "threshold"), SPEC_SECTIONS)
def test_section_industries_and_threshold(
    sections: dict[str, Any], sid: str, name: str, industries: list[str], threshold: str | None
) -> None:
    section = next(s for s in sections["sections"] if s["id"] == sid)
    assert squeeze(section["name"]) == squeeze(name)
    assert [i["id"] for i in section["industries"]] == industries
    assert section.get("attends_scene_from") == threshold


def test_industry_ids_are_unique(sections: dict[str, Any]) -> None:
    ids = [i["id"] for s in sections["sections"] for i in s["industries"]]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_roles_and_bodies(sections: dict[str, Any]) -> None:
    assert [r["id"] for r in sections["roles"]] == ROLE_IDS
    assert [r["responsibility"] for r in sections["roles"]] == [
        "全面领导责任",
        "牵头领导责任",
        "直接领导责任",
        "专项领导责任",
    ]
    assert [b["id"] for b in sections["bodies"]] == BODY_IDS


def test_every_named_item_has_chinese_and_english_names(sections: dict[str, Any]) -> None:
    items = [sections["commission"], *sections["bodies"], *sections["roles"]]
    for section in sections["sections"]:
        items += [section, *section["industries"]]
    unnamed = [
        item.get("id", "commission")
        for item in items
        if not (item.get("name") and item.get("name_en"))
    ]
    assert not unnamed


def test_tracking_start_is_a_date(sections: dict[str, Any]) -> None:
    assert isinstance(sections["commission"]["tracking_start"], datetime.date)


# ------------------------------------------------------------------ duties.yaml: shape


def test_duty_ids_are_unique_and_well_formed(duties: list[dict[str, Any]]) -> None:
    ids = [d.get("id") for d in duties]
    malformed = [i for i in ids if not (isinstance(i, str) and ID_RE.match(i))]
    assert not malformed
    assert len(ids) == len(set(ids)), sorted({str(i) for i in ids if ids.count(i) > 1})


def test_duty_fields(duties: list[dict[str, Any]]) -> None:
    bad = []
    for duty in duties:
        for field in ("text", "text_en", "source", "basis"):
            if not isinstance(duty.get(field), str) or not duty[field].strip():
                bad.append(f"{duty.get('id')}: {field} missing or empty")
        if duty.get("basis") not in BASES:
            bad.append(f"{duty.get('id')}: basis {duty.get('basis')!r}")
        instrument = duty.get("instrument")
        if duty.get("basis") == "regulation":
            if not (isinstance(instrument, str) and instrument.strip()):
                bad.append(f"{duty.get('id')}: basis regulation needs an instrument")
        elif "instrument" in duty:
            bad.append(f"{duty.get('id')}: instrument given but basis is not regulation")
        extra = set(duty) - DUTY_FIELDS
        if extra:
            bad.append(f"{duty.get('id')}: unknown fields {sorted(extra)}")
    assert not bad, "\n".join(bad)


def test_every_holder_exists(sections: dict[str, Any], duties: list[dict[str, Any]]) -> None:
    known = (
        {r["id"] for r in sections["roles"]}
        | {b["id"] for b in sections["bodies"]}
        | {s["id"] for s in sections["sections"]}
        | {"all-sections"}
    )
    unknown = [(d["id"], d.get("holder")) for d in duties if d.get("holder") not in known]
    assert not unknown


@pytest.mark.parametrize("duty_id", sorted(FIXED_DUTIES))
def test_checkable_duty(duties: list[dict[str, Any]], duty_id: str) -> None:
    holder, expected_rule = FIXED_DUTIES[duty_id]
    duty = next((d for d in duties if d["id"] == duty_id), None)
    assert duty is not None, f"{duty_id} is missing"
    assert duty["holder"] == holder
    rule = duty.get("rule")
    assert isinstance(rule, dict)
    for key, value in expected_rule.items():
        assert rule.get(key) == value, f"{duty_id}: rule.{key} is {rule.get(key)!r}, want {value!r}"


def test_rules_are_known_and_local_defaults_name_parameters(duties: list[dict[str, Any]]) -> None:
    bad = []
    for duty in duties:
        rule = duty.get("rule")
        if rule is None:
            continue
        if rule.get("type") not in RULE_TYPES:
            bad.append(f"{duty['id']}: unknown rule type {rule.get('type')!r}")
        for name in rule.get("local_defaults", []):
            if name not in rule or name in ("type", "local_defaults"):
                bad.append(f"{duty['id']}: local default {name!r} is not a parameter")
    assert not bad, "\n".join(bad)


def test_accident_report_rests_on_the_regulation(duties: list[dict[str, Any]]) -> None:
    duty = next(d for d in duties if d["id"] == "accident-report")
    assert duty["basis"] == "regulation"
    assert "生产安全事故报告和调查处理条例" in duty["instrument"]


# ------------------------------------------------------------------ duties.yaml vs the seed


def test_every_text_is_verbatim_from_the_seed(seed: str, duties: list[dict[str, Any]]) -> None:
    whole = squeeze(seed)
    not_found = [d["id"] for d in duties if squeeze(d["text"]) not in whole]
    assert not not_found, f"texts not found verbatim in the seed: {not_found}"


def test_non_duty_lines_all_occur_in_the_seed(seed: str) -> None:
    """The skip list may only name real lines, so it cannot hide a duty by accident."""
    lines = {squeeze(line) for line in duty_region_lines(seed)}
    stale = sorted(NON_DUTY_LINES - lines)
    assert not stale, f"non-duty lines not in the seed's duty region: {stale}"


def duty_spans(seed: str, duties: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Where each duty's text stands in the squeezed seed, read in matrix (= seed) order: the
    first occurrence after the previous duty's, so a sentence the seed says twice (每季度检查
    安全工作不少于1次) is found at its own place and no two duties can claim the same words."""
    whole = squeeze(seed)
    cursor = whole.index("三、总体要求")
    spans = []
    for duty in duties:
        text = squeeze(duty["text"])
        start = whole.find(text, cursor)
        assert start >= 0, f"{duty['id']}: text not found after the previous duty's"
        spans.append((start, start + len(text)))
        cursor = start + len(text)
    return spans


def clause_spans(seed: str) -> list[tuple[str, int, int]]:
    """Every duty clause of the region with its place in the squeezed seed."""
    whole = squeeze(seed)
    skipped = NON_DUTY_LINES | {squeeze(name) for _, name, _, _ in SPEC_SECTIONS}
    found = []
    cursor = whole.index("三、总体要求")
    for line in duty_region_lines(seed):
        squeezed = squeeze(line)
        at = whole.find(squeezed, cursor)
        assert at >= 0, line
        cursor = at + len(squeezed)
        if squeezed in skipped:
            continue
        offset = at
        for part in re.split(r"(?<=[；;。])", squeezed):
            clause = LABEL_RE.sub("", part)
            start = offset + len(part) - len(clause)
            offset += len(part)
            clause = clause.rstrip("；;。")
            if len(HAN_RE.findall(clause)) >= 4:
                found.append((clause, start, start + len(clause)))
    return found


def test_every_seed_clause_is_in_exactly_the_entries_that_hold_it(
    seed: str, duties: list[dict[str, Any]]
) -> None:
    """Each clause of 三–附表 is covered, character for character, by the entries that hold it
    (one entry, or consecutive entries that split it), and no character by two entries."""
    clauses = clause_spans(seed)
    assert len(clauses) > 150, "the duty region was not found or not split"
    spans = duty_spans(seed, duties)
    owners: dict[int, list[str]] = {}
    for duty, (start, end) in zip(duties, spans, strict=True):
        for position in range(start, end):
            owners.setdefault(position, []).append(duty["id"])
    whole = squeeze(seed)
    bad = []
    for clause, start, end in clauses:
        for position in range(start, end):
            held = owners.get(position, [])
            if len(held) != 1 and HAN_RE.match(whole[position]):
                bad.append(f"{clause!r}: {whole[position]!r} held by {held or 'no entry'}")
                break
    assert not bad, f"{len(bad)} clauses not held exactly once:\n" + "\n".join(bad)


def test_lumped_entries_are_split(duties: list[dict[str, Any]]) -> None:
    """Sentences that held several duties (issue 10) are now one entry each."""
    texts = {d["id"]: d["text"] for d in duties}
    assert texts["safety-lead-city-inspection"] == "参与全市安全生产大检查，"
    assert texts["safety-lead-yearly-drill"] == "每年至少组织一次应急救援演练；"
    assert texts["industry-lead-yearly-goals"] == "组织制定年度安全生产工作目标，"
    assert texts["section-yearly-letters"] == "层层签订安全生产责任书，"
    assert texts["inspection-feedback"] != texts["major-hazard-notice"]
    assert "整改通知书" in texts["major-hazard-notice"]
    assert "书面检查反馈意见" in texts["inspection-feedback"]


def test_every_source_is_unique(duties: list[dict[str, Any]]) -> None:
    sources = [d["source"] for d in duties]
    assert len(sources) == len(set(sources)), sorted({s for s in sources if sources.count(s) > 1})
    # the two paragraphs headed 四（三） are told apart
    assert {s.split(".")[0] for s in sources if s.startswith("四（三）")} == {
        "四（三）·安全",
        "四（三）·产业",
    }


@pytest.mark.parametrize("duty_id", sorted(LOCAL_DEFAULT_DUTIES))
def test_basis_is_local_default_where_the_number_is_ours(
    duties: list[dict[str, Any]], duty_id: str
) -> None:
    duty = next(d for d in duties if d["id"] == duty_id)
    assert duty["basis"] == "local-default"
    assert duty["rule"].get("local_defaults"), "the rule names its local defaults"


def test_a_rule_with_local_defaults_has_a_local_default_basis(
    duties: list[dict[str, Any]],
) -> None:
    wrong = [
        d["id"]
        for d in duties
        if d.get("rule", {}).get("local_defaults") and d["basis"] != "local-default"
    ]
    assert not wrong


@pytest.mark.parametrize(("duty_id", "words"), sorted(INTERPRETATIONS.items()))
def test_interpretation_is_recorded(duties: list[dict[str, Any]], duty_id: str, words: str) -> None:
    duty = next(d for d in duties if d["id"] == duty_id)
    interpretation = duty.get("interpretation")
    assert isinstance(interpretation, dict) and set(interpretation) == {"zh", "en"}
    assert words in interpretation["zh"]
    assert interpretation["en"].strip()


def test_at_least_22_ruled_duties_and_each_local_default_is_explained(
    duties: list[dict[str, Any]],
) -> None:
    ruled = [d for d in duties if d.get("rule")]
    assert len(ruled) >= 22
    unexplained = [d["id"] for d in duties if d["basis"] == "local-default"]
    unexplained = [
        i for i in unexplained if "interpretation" not in next(d for d in duties if d["id"] == i)
    ]
    assert not unexplained


def test_english_says_what_the_seed_says(duties: list[dict[str, Any]]) -> None:
    english = {d["id"]: d["text_en"] for d in duties}
    assert "较多" in english["enterprise-1-4"]
    assert "民用" in english["chemical-pharma-1"]
    assert "controlled chemicals (监控化学品)" in english["chemical-pharma-2-3"]
    assert "局" in english["director-urge-leaders"]
    assert "county people's government" not in english["accident-report"]


def test_every_section_of_the_table_holds_duties(duties: list[dict[str, Any]]) -> None:
    bad = []
    for sid, name, _, _ in SPEC_SECTIONS:
        own = [d for d in duties if d["holder"] == sid]
        if not own:
            bad.append(f"{name} ({sid}) holds no duty")
        prefix = f"附表·{name}"
        bad += [
            f"{d['id']}: source {d['source']!r}" for d in own if not d["source"].startswith(prefix)
        ]
    assert not bad, "\n".join(bad)


def test_duties_follow_seed_order(duties: list[dict[str, Any]]) -> None:
    """三 before 四 before 五 before the 附表, as the seed has them."""
    rank = {"三": 0, "四": 1, "五": 2, "附": 3}
    ranks = [rank[d["source"][0]] for d in duties]
    assert ranks == sorted(ranks)
