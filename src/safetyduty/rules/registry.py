"""The registry of rule types: the `type:` name duties.yaml gives a rule, and its module.

Adding a rule type is one module in this package (its docstring the rule's documentation, with a
worked example that `tests/rules/test_docstrings.py` runs) and one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from safetyduty.load.models import Duty
from safetyduty.rules import (
    accident_attendance,
    accident_report,
    assessment_veto,
    hazard_rectification,
    holiday_inspection,
    inspection_feedback,
    leader_attendance,
    major_hazard_notice,
    periodic,
    periodic_report,
    pre_evaluation,
    promotion_bar,
    yearly_record,
)
from safetyduty.rules.obligations import Context, Obligation
from safetyduty.rules.sanctions import AssessmentContext, Finding

RuleFunction = Callable[[Duty, Context], Iterator[Obligation]]

MODULES = (
    periodic,
    holiday_inspection,
    hazard_rectification,
    major_hazard_notice,
    inspection_feedback,
    accident_report,
    accident_attendance,
    pre_evaluation,
    periodic_report,
    yearly_record,
    leader_attendance,
)
RULES: dict[str, RuleFunction] = {module.NAME: module.obligations for module in MODULES}

#: Rule types of the yearly assessment (`safetyduty assess`): they owe nothing, so the engine
#: schedules no obligation for them; `sanctions.findings` runs them for a year.
AssessmentFunction = Callable[[Duty, AssessmentContext], Iterator[Finding]]

ASSESSMENT_MODULES = (assessment_veto, promotion_bar)
ASSESSMENT_RULES: dict[str, AssessmentFunction] = {
    module.NAME: module.findings for module in ASSESSMENT_MODULES
}
