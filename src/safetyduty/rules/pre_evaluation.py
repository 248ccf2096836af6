"""Each approval of a project that needs a 《安全预评价报告书》 names that report.

Enforces 附表·技术改造科·二（二）"……规定应编制《安全预评价报告书》的项目范围而未出具
《安全预评价报告书》的，不得办理行政许可" and the same sentence of 附表·综合科·二 for
technical-innovation projects. A duty covers the approvals whose `section` is one of its
`sections` (with `include_unset`, also those that name none).

Example::

    as_of: 2026-11-29
    records:
      p1: {kind: approval, date: 2026-05-20, title: 智能加工线技改核准, section: tech-upgrade,
           project: 智能加工线, pre_evaluation_required: true,
           pre_evaluation_report: evidence/p1-pre-evaluation.pdf}
      p2: {kind: approval, date: 2026-09-08, title: 新材料扩能技改核准, section: tech-upgrade,
           project: 新材料扩能, pre_evaluation_required: true}
      p3: {kind: approval, date: 2026-09-09, title: 包装线技改备案, section: tech-upgrade,
           project: 包装线, pre_evaluation_required: false}
      p4: {kind: approval, date: 2026-10-10, title: 园区创新项目备案, section: general,
           project: 新型建材研发, pre_evaluation_required: true}
      p5: {kind: approval, date: 2026-10-12, title: 技改备案, project: 旧线改造,
           pre_evaluation_required: true, pre_evaluation_report: evidence/p5.pdf}
    states:
      # 综合科's innovation approval is its own duty, not 技术改造科's
      general-innovation-pre-evaluation general p4: overdue
      tech-upgrade-pre-evaluation tech-upgrade p4: null
      # an approval without a section is 技术改造科's
      tech-upgrade-pre-evaluation tech-upgrade p5: met
      tech-upgrade-pre-evaluation tech-upgrade p1: met
      tech-upgrade-pre-evaluation tech-upgrade p2: overdue   # approved without the report
      tech-upgrade-pre-evaluation tech-upgrade p3: null      # no report required
"""

from __future__ import annotations

from collections.abc import Iterator

from safetyduty.load.models import Approval, Duty, PreEvaluationRule
from safetyduty.rules.common import event_obligation
from safetyduty.rules.obligations import Considered, Context, Obligation

NAME = "pre-evaluation"


def covers(params: PreEvaluationRule, approval: Approval) -> bool:
    """Whether a duty with these parameters covers an approval, by its section."""
    if not params.sections:
        return True
    if approval.section is None:
        return params.include_unset
    return approval.section in params.sections


def obligations(duty: Duty, context: Context) -> Iterator[Obligation]:
    """The obligations of every duty whose rule is of type `pre-evaluation`."""
    params = duty.rule
    assert isinstance(params, PreEvaluationRule)
    for approval in context.index.of_kind("approval"):
        assert isinstance(approval, Approval)
        if not approval.pre_evaluation_required or not covers(params, approval):
            continue
        reported = approval.pre_evaluation_report is not None
        yield event_obligation(
            duty,
            approval,
            context,
            due=approval.date,
            done_on=approval.date if reported else None,
            records=(approval.id,) if reported else (),
            considered=(
                Considered(approval.id, reported, "counts" if reported else "no_pre_evaluation"),
            ),
        )
