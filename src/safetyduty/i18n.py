"""Labels in Chinese and English. `--lang zh` (the default) or `--lang en` picks one."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # obligation states
    "met": ("已完成", "met"),
    "late": ("逾期完成", "late"),
    "overdue": ("已逾期", "overdue"),
    "due": ("待完成", "due"),
    "upcoming": ("未开始", "upcoming"),
    "waived": ("已豁免", "waived"),
    # hazard states
    "open": ("未整改", "open"),
    "rectified": ("已整改", "rectified"),
    "rectified-late": ("逾期整改", "rectified late"),
    # columns and words
    "id": ("编号", "id"),
    "duty": ("职责", "duty"),
    "holder": ("责任主体", "holder"),
    "period": ("周期", "period"),
    "window_start": ("起始", "from"),
    "due_date": ("截止", "due"),
    "state": ("状态", "state"),
    "records": ("记录", "records"),
    "days": ("天数", "days"),
    "source": ("出处", "source"),
    "basis": ("依据", "basis"),
    "rule": ("检查规则", "rule"),
    "text": ("内容", "text"),
    "section": ("科室", "section"),
    "industry": ("行业", "industry"),
    "leader": ("责任领导", "leader"),
    "role": ("职务", "role"),
    "responsibility": ("责任", "responsibility"),
    "attends_from": ("赶赴现场标准", "attends the scene from"),
    "date": ("日期", "date"),
    "site": ("地点/单位", "site"),
    "description": ("隐患描述", "description"),
    "grade": ("等级", "grade"),
    "rectify_by": ("整改期限", "rectify by"),
    "notice": ("整改通知书", "notice"),
    "rectified_on": ("整改日期", "rectified on"),
    "verified_by": ("验收人", "verified by"),
    "title": ("标题", "title"),
    "kind": ("类型", "kind"),
    "total": ("合计", "total"),
    "as_of": ("截至", "as of"),
    "days_overdue": ("逾期{n}天", "{n} days overdue"),
    "days_left": ("剩{n}天", "{n} days left"),
    "due_today": ("今日截止", "due today"),
    "starts_in": ("{n}天后开始", "starts in {n} days"),
    "done_on": ("{date}完成", "done {date}"),
    "no_obligations": ("没有符合条件的义务。", "No obligations match."),
    # grades
    "general": ("一般", "general"),
    "major": ("重大", "major"),
    "ordinary": ("一般", "ordinary"),
    "larger": ("较大", "larger"),
    "serious": ("重大", "serious"),
    "especially-serious": ("特别重大", "especially serious"),
    "any-death": ("发生人员死亡", "any death"),
    # holidays
    "new-year": ("元旦", "New Year's Day"),
    "spring-festival": ("春节", "Spring Festival"),
    "qingming": ("清明节", "Qingming Festival"),
    "labour-day": ("劳动节", "Labour Day"),
    "dragon-boat": ("端午节", "Dragon Boat Festival"),
    "mid-autumn": ("中秋节", "Mid-Autumn Festival"),
    "national-day": ("国庆节", "National Day"),
    # record kinds
    "meeting": ("会议", "meeting"),
    "inspection": ("检查", "inspection"),
    "hazard": ("隐患", "hazard"),
    "rectification": ("整改", "rectification"),
    "drill": ("演练", "drill"),
    "training": ("培训", "training"),
    "accident": ("事故", "accident"),
    "report": ("报告", "report"),
    "letter": ("责任书", "letter"),
    "approval": ("审批", "approval"),
    "interview": ("约谈", "interview"),
    "waiver": ("豁免", "waiver"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{placeholders}` filled; the key itself if unknown."""
    pair = LABELS.get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text
