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
    # summary / hazards
    "sm_title": ("{period}安全生产工作情况汇总", "Work-safety summary, {period}"),
    "sm_period": ("统计期间", "Period"),
    "sm_dates": ("（{start} 至 {end}）", " ({start} – {end})"),
    "sm_period_open": (
        "截至日期早于本期结束日，本期尚未结束：尚未到期的义务不计入合规率。",
        "The period is not over on the as-of date: obligations not yet due are not judged.",
    ),
    "sm_h_duties": ("一、职责履行情况", "1. Duties"),
    "sm_h_activities": ("二、安全生产工作开展情况", "2. Safety work done"),
    "sm_h_hazards": ("三、隐患排查治理情况", "3. Hazards"),
    "sm_h_accidents": ("四、生产安全事故情况", "4. Accidents"),
    "sm_h_unruled": (
        "五、未设检查规则的职责（人工核查）",
        "5. Duties without a rule (manual review)",
    ),
    "sm_h_notes": ("说明", "Notes"),
    "sm_rate": ("合规率", "Compliance rate"),
    "sm_rate_line": (
        "合规率 {rate}（按时完成 {met} / 应评价 {judged}；逾期完成 {late}，已逾期 {overdue}）*",
        "Compliance rate {rate} ({met} met of {judged} judged; {late} late, {overdue} overdue)*",
    ),
    "sm_rate_detail": (
        "按时完成 {met} / 应评价 {judged}；逾期完成 {late}，已逾期 {overdue}",
        "{met} met of {judged} judged; {late} late, {overdue} overdue",
    ),
    "sm_rate_definition": (
        "合规率 = 按时完成数 ÷（按时完成数 + 逾期完成数 + 已逾期数），统计截止日期在本期内且不晚于"
        "截至日期的义务；已豁免的义务和尚未到期的义务不计入，逾期完成视为未按时履职。"
        "无可评价的义务时记为“—”。",
        "Compliance rate = met ÷ (met + late + overdue), over the obligations due within the "
        "period on or before the as-of date; waived obligations and those not yet due are left "
        "out, and a late one counts as missed. “—” when there is nothing to judge.",
    ),
    "sm_obligations": ("义务状态", "obligations"),
    "sm_by_holder": ("各责任主体履职情况", "By holder"),
    "sm_remark": ("说明", "remark"),
    "sm_none": ("无", "none"),
    "sm_post_from": ("（{date}起）", " (from {date})"),
    "sm_post_to": ("（至{date}）", " (until {date})"),
    "sm_meetings": ("会议", "Meetings"),
    "sm_inspections": ("检查", "Inspections"),
    "sm_drills": ("应急演练", "Drills"),
    "sm_trainings": ("培训", "Trainings"),
    "sm_letters": ("责任书", "Responsibility letters"),
    "sm_interviews": ("约谈", "Interviews"),
    "sm_reports": ("报告", "Reports"),
    "sm_meeting_prevention": ("防范安全事故工作会议", "accident prevention"),
    "sm_meeting_special": ("安全生产专题会议", "special safety meeting"),
    "sm_meeting_party-group": ("党组会议", "Party Group"),
    "sm_meeting_other": ("其他会议", "other"),
    "sm_type": ("类型", "type"),
    "sm_chair": ("主持人", "chair"),
    "sm_minutes": ("会议记录", "minutes"),
    "sm_led_by": ("带队", "led by"),
    "sm_sections": ("参加科室", "sections"),
    "sm_all_sections": ("全部科室（{n}个）", "all {n} sections"),
    "sm_sites": ("检查单位", "sites"),
    "sm_hazards_found": ("发现隐患", "hazards"),
    "sm_organized_by": ("组织者", "organised by"),
    "sm_plan": ("预案", "plan"),
    "sm_participants": ("人数", "people"),
    "sm_topic": ("主题", "topic"),
    "sm_audience": ("对象", "audience"),
    "sm_signed_with": ("签订对象", "signed with"),
    "sm_unit": ("约谈对象", "unit"),
    "sm_reason": ("事由", "reason"),
    "sm_report_to": ("报送", "to"),
    "sm_hazard_line": (
        "本期发现隐患 {found} 项：已整改 {rectified} 项（其中逾期整改 {late} 项），"
        "未整改 {open} 项，逾期未整改 {overdue} 项。",
        "{found} hazards found in the period: {rectified} rectified ({late} of them late), "
        "{open} open, {overdue} overdue.",
    ),
    "sm_by_grade": ("按等级", "By grade"),
    "sm_by_grade_col": ("等级", "grade"),
    "sm_by_section": ("按科室", "By section"),
    "sm_by_section_col": ("科室", "section"),
    "sm_found": ("发现", "found"),
    "sm_major": ("重大隐患", "Major hazards"),
    "sm_carried_over": (
        "以前发现、期初尚未整改的隐患",
        "Found earlier, still open when the period began",
    ),
    "sm_accidents": ("事故", "Accidents"),
    "sm_accident": ("事故", "accident"),
    "sm_no_accidents": ("本期未发生生产安全事故。", "No accidents in the period."),
    "sm_occurred_at": ("发生时间", "occurred"),
    "sm_known_at": ("获知时间", "known"),
    "sm_casualties_col": ("伤亡", "casualties"),
    "sm_casualties": (
        "死亡{deaths}人，重伤{injuries}人",
        "{deaths} dead, {injuries} seriously injured",
    ),
    "sm_loss": ("直接经济损失（万元）", "direct loss (10k yuan)"),
    "sm_reported_at": ("上报时间", "reported"),
    "sm_report_state": ("按时上报", "reported in time"),
    "sm_attended_by": ("到场人员", "at the scene"),
    "sm_attendance_state": ("赶赴现场", "attendance in time"),
    "sm_not_reported": ("未上报", "not reported"),
    "sm_not_required": ("未达赶赴现场标准", "not required at this grade"),
    "sm_unruled_intro": (
        "以下 {n} 项职责无法由记录自动判断，请逐项人工核查履职情况。",
        "These {n} duties cannot be checked from the records; review each by hand.",
    ),
    "sm_prepared_by": ("填报人", "Prepared by"),
    "sm_reviewed_by": ("审核人", "Reviewed by"),
    "sm_sign_date": ("日期", "Date"),
    "hz_title": ("隐患台账", "Hazard ledger"),
    "hz_found_on": ("发现日期", "found"),
    "hz_remark": ("说明", "remark"),
    "hz_days_late": ("逾期{n}天整改", "{n} days late"),
    "hz_none": ("没有符合条件的隐患。", "No hazards match."),
    "hz_yes": ("有", "yes"),
    "hz_no": ("无", "no"),
    # log
    "lg_preview": ("将写入 {path}：", "To be written to {path}:"),
    "lg_confirm": ("写入此记录？", "Write this record?"),
    "lg_cancelled": ("已取消，未写入任何文件。", "Cancelled; nothing was written."),
    "lg_pick": ("输入编号或 id", "a number or an id"),
    "lg_pick_many": (
        "输入编号或 id，多个用空格或逗号分隔",
        "numbers or ids, several separated by spaces or commas",
    ),
    "lg_several": ("多个用逗号或顿号分隔", "several separated by commas"),
    "lg_f_date": ("日期", "date"),
    "lg_f_title": ("标题", "title"),
    "lg_f_section": ("组织科室", "section"),
    "lg_f_evidence": ("佐证材料", "evidence"),
    "lg_f_notes": ("备注", "notes"),
    "lg_f_type": ("会议类型", "type"),
    "lg_f_chair": ("主持人", "chair"),
    "lg_f_attendees": ("参会人员", "attendees"),
    "lg_f_minutes": ("会议记录", "minutes"),
    "lg_f_topics": ("议题", "topics"),
    "lg_f_led_by": ("带队领导", "led by"),
    "lg_f_participants": ("参加人员", "participants"),
    "lg_f_sections": ("参加科室", "sections"),
    "lg_f_sites": ("被检查单位", "sites"),
    "lg_f_industries": ("涉及行业", "industries"),
    "lg_f_holiday": ("节日", "holiday"),
    "lg_f_feedback_on": ("书面反馈日期", "feedback on"),
    "lg_f_description": ("隐患描述", "description"),
    "lg_f_grade": ("等级", "grade"),
    "lg_f_rectify_by": ("整改期限", "rectify by"),
    "lg_f_inspection": ("发现该隐患的检查", "inspection"),
    "lg_f_source": ("隐患来源", "source"),
    "lg_f_site": ("单位", "site"),
    "lg_f_industry": ("行业", "industry"),
    "lg_f_responsible": ("单位责任人", "responsible"),
    "lg_f_notice": ("整改通知书", "notice"),
    "lg_f_hazard": ("整改的隐患", "hazard"),
    "lg_f_verified_by": ("验收人", "verified by"),
    "lg_f_organized_by": ("组织人", "organised by"),
    "lg_f_plan": ("应急预案", "plan"),
    "lg_f_scenario": ("演练场景", "scenario"),
    "lg_f_participants_count": ("参演人数", "participants"),
    "lg_f_topic": ("培训主题", "topic"),
    "lg_f_audience": ("培训对象", "audience"),
    "lg_f_attendees_count": ("参训人数", "attendees"),
    "lg_f_occurred_at": ("事故发生时间", "occurred at"),
    "lg_f_known_at": ("获知时间", "known at"),
    "lg_f_deaths": ("死亡人数", "deaths"),
    "lg_f_serious_injuries": ("重伤人数", "serious injuries"),
    "lg_f_direct_loss_wan": ("直接经济损失（万元）", "direct loss (10k yuan)"),
    "lg_f_reported_at": ("上报时间", "reported at"),
    "lg_f_reported_to": ("上报对象", "reported to"),
    "lg_f_attended_by": ("赶赴现场", "attended by"),
    "lg_f_attended_at": ("到达现场时间", "attended at"),
    "lg_f_to": ("报送对象", "to"),
    "lg_f_covers": ("报告期", "covers"),
    "lg_f_subject": ("报告事项", "subject"),
    "lg_f_year": ("年度", "year"),
    "lg_f_signed_with": ("签订对象", "signed with"),
    "lg_f_project": ("项目", "project"),
    "lg_f_pre_evaluation_required": ("是否须安全预评价", "pre-evaluation required"),
    "lg_f_pre_evaluation_report": ("安全预评价报告", "pre-evaluation report"),
    "lg_f_with": ("约谈对象", "with"),
    "lg_f_reason": ("事由", "reason"),
    "lg_f_duty": ("豁免的职责", "duty"),
    "lg_f_holder": ("责任主体", "holder"),
    "lg_f_period": ("周期", "period"),
    "lg_f_approved_by": ("批准人", "approved by"),
    # --- issue 13: notify, status --since, calendar reminders
    "previous_state": ("此前状态", "was"),
    "cal_and_others": ("{names}等{n}个", "{names} and others ({n} in all)"),
    "cal_and_sections": ("{names}等{n}个科室", "{names} and others ({n} sections)"),
    "cal_all_sections": ("全部{n}个科室", "all {n} sections"),
    "cal_remind_on": ("提醒日", "reminder"),
    "nt_title": ("安全生产职责提醒 · {date}", "Work-safety duties · {date}"),
    "nt_counts": ("{commission}：{tally}", "{commission}: {tally}"),
    "nt_since": (
        "较上周（{date}起）：新增逾期 {overdue} 项，新完成 {done} 项",
        "Since last week ({date}): {overdue} newly overdue, {done} met",
    ),
    "nt_overdue": ("已逾期（{n}项）", "Overdue ({n})"),
    "nt_due_within": ("{days}天内到期（{n}项）", "Due within {days} days ({n})"),
    "nt_all_clear": (
        "无逾期事项，{days}天内无到期事项。",
        "Nothing overdue, nothing due within {days} days.",
    ),
    "nt_escalated": ("；督办：", "; raised to "),
    "nt_continued": ("{title}（续{n}）", "{title} (continued, {n})"),
    "nt_mentions": ("以上提醒请{names}关注。", "Please see the digest above: {names}."),
    "nt_wecom": ("企业微信", "WeCom"),
    "nt_dingtalk": ("钉钉", "DingTalk"),
    "nt_feishu": ("飞书", "Feishu"),
    "nt_accepted": ("{platform}：第 {i}/{n} 条已送达", "{platform}: message {i}/{n} accepted"),
    "nt_refused": (
        "{platform}：第 {i}/{n} 条被拒收：{code} {message}",
        "{platform}: message {i}/{n} refused: {code} {message}",
    ),
    "nt_failed": (
        "{platform}：第 {i}/{n} 条发送失败：{reason}",
        "{platform}: message {i}/{n} failed: {reason}",
    ),
    "nt_not_sent": (
        "{platform}：其余 {n} 条未发送",
        "{platform}: the remaining {n} message(s) were not sent",
    ),
    "nt_timeout": ("{seconds} 秒内无应答", "no answer within {seconds} s"),
    "nt_http": ("HTTP {status}（已重试 {retries} 次）", "HTTP {status} (after {retries} retries)"),
    "nt_unreadable": ("应答不是 JSON：{text}", "the answer is not JSON: {text}"),
    "nt_unreachable": ("无法连接：{reason}", "cannot connect: {reason}"),
    "nt_hint_sign": (
        "签名不符或时间戳过期，请检查 --secret",
        "signature mismatch or stale timestamp; check --secret",
    ),
    "nt_hint_rate": ("发送过于频繁", "sending too fast"),
    "nt_hint_url": ("webhook 地址无效", "the webhook URL is not valid"),
    "nt_hint_keyword": ("消息不含机器人设置的关键词", "the message lacks the robot's keyword"),
    "nt_hint_size": ("消息过长", "the message is too long"),
    "nt_hint_request": ("请求的格式或大小不合要求", "the request's form or size was refused"),
    "nt_no_platform": (
        "请给出 --wecom、--dingtalk 或 --feishu 之一（或设置 SAFETYDUTY_WECOM_URL、"
        "SAFETYDUTY_DINGTALK_URL、SAFETYDUTY_FEISHU_URL 之一）",
        "give one of --wecom, --dingtalk or --feishu (or set one of SAFETYDUTY_WECOM_URL, "
        "SAFETYDUTY_DINGTALK_URL, SAFETYDUTY_FEISHU_URL)",
    ),
    "nt_two_platforms": (
        "一次只能发往一个平台，收到了 {names}",
        "one platform at a time; got {names}",
    ),
    "nt_bad_url": (
        "{option}：webhook 地址应以 https:// 或 http:// 开头",
        "{option}: a webhook URL starts with https:// or http://",
    ),
    "nt_secret_wecom": (
        "--secret：企业微信机器人不加签，--secret 只用于 --dingtalk 和 --feishu",
        "--secret: WeCom robots are not signed; --secret is for --dingtalk and --feishu",
    ),
    "nt_bad_days": (
        "{option}：{value} 不是 0 到 366 之间的天数",
        "{option}: {value} is not a number of days from 0 to 366",
    ),
    "nt_bad_timeout": (
        "--timeout：{value} 不是 0.1 到 120 之间的秒数",
        "--timeout: {value} is not a number of seconds from 0.1 to 120",
    ),
    # --- issue 12: office files (xlsx, docx, import)
    "tip-off": ("举报", "tip-off"),
    "self-report": ("企业自报", "self-report"),
    "xl_status_sheet": ("履职状态", "Status"),
    "xl_obligations": ("各责任主体义务明细", "Obligations by holder"),
    "xl_rectification": ("整改记录", "rectification"),
    "xl_unruled_sheet": ("未设规则的职责", "Duties without a rule"),
    "sm_hazards_sheet": ("隐患", "Hazards "),
    "xl_needs_output": (
        "--format {fmt} 是二进制文件，不输出到终端；请用 --output FILE 指定文件",
        "--format {fmt} is a binary file and is never printed; name a file with --output FILE",
    ),
    "im_ignored": ("忽略的列：{columns}", "ignored columns: {columns}"),
    "im_ignored_derived": ("（导出时计算的列）", " (computed by the export)"),
    "im_ignored_duplicate": ("（与 {other} 重复）", " (same field as {other})"),
    "im_matched": ("{file}：{sheet}，{kind}，{n} 行", "{file}: {sheet}, {kind}, {n} rows"),
    "im_note_row": ("第 {row} 行是说明行，已跳过", "row {row} is a note, skipped"),
    "im_no_header": (
        "找不到表头行：前 {n} 行中没有一行能对应到 {kind} 记录的字段；用 --map 列名=字段 指定",
        "no header row: none of the first {n} rows names fields of a {kind} record; "
        "name them with --map COLUMN=field",
    ),
    "im_no_kind": (
        "无法判断记录种类；请用 --kind 指定（{kinds}）",
        "cannot tell which kind of record this is; pass --kind ({kinds})",
    ),
    "im_unknown_kind": ("未知的记录种类“{kind}”{hint}", "unknown record kind '{kind}'{hint}"),
    "im_bad_map": (
        "--map {given}：应写作 列名=字段",
        "--map {given}: write it COLUMN=field",
    ),
    "im_map_field": (
        "--map {given}：{kind} 记录没有字段“{field}”{hint}",
        "--map {given}: a {kind} record has no field '{field}'{hint}",
    ),
    "im_map_column": (
        "--map {given}：表头中没有列“{column}”{hint}",
        "--map {given}: the header has no column '{column}'{hint}",
    ),
    "im_no_sheet": ("没有工作表“{sheet}”（有：{sheets}）", "no sheet '{sheet}' (sheets: {sheets})"),
    "im_empty": ("表中没有数据行", "the table has no rows of data"),
    "im_unreadable": ("无法读取 {file}：{reason}", "cannot read {file}: {reason}"),
    "im_encoding": (
        "无法识别编码：既不是 UTF-8 也不是 GBK",
        "unknown encoding: neither UTF-8 nor GBK",
    ),
    "im_format": (
        "只能导入 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）",
        "only .xlsx and .csv files can be imported (save an .xls as .xlsx first)",
    ),
    "im_missing": ("缺少必填字段 {field}（{header}）", "missing required field {field} ({header})"),
    "im_bad_date": (
        "“{value}”不是日期；可写 2026-03-05、2026/3/5 或 2026年3月5日",
        "'{value}' is not a date; write 2026-03-05, 2026/3/5 or 2026年3月5日",
    ),
    "im_bad_moment": (
        "“{value}”不是日期时间；可写 2026-03-05 10:20 或 2026年3月5日10时20分",
        "'{value}' is not a date-time; write 2026-03-05 10:20 or 2026年3月5日10时20分",
    ),
    "im_bad_number": ("“{value}”不是数字", "'{value}' is not a number"),
    "im_bad_whole": ("“{value}”不是整数", "'{value}' is not a whole number"),
    "im_bad_bool": ("“{value}”应为 是 或 否", "'{value}' must be yes or no"),
    "im_bad_choice": (
        "“{value}”不是可选值之一（{choices}）{hint}",
        "'{value}' is not one of {choices}{hint}",
    ),
    "im_unknown_ref": ("未知的{what}“{value}”{hint}", "unknown {what} '{value}'{hint}"),
    "im_ambiguous": (
        "“{value}”有多人同名：{ids}；请写编号",
        "'{value}' is the name of several people: {ids}; write the id",
    ),
    "im_nothing_written": (
        "{n} 处错误，未写入任何记录",
        "{n} errors; no record was written",
    ),
    "im_confirm": ("写入 {n} 条记录？", "Write {n} records?"),
    "im_written": ("已写入 {n} 条记录", "{n} records written"),
    "im_write_failed": (
        "无法写入 {path}：{reason}；已撤回本次写入的全部记录",
        "cannot write {path}: {reason}; every record of this import was taken back",
    ),
    "im_person": ("人员", "person"),
    "im_section": ("科室", "section"),
    "im_industry": ("行业", "industry"),
    "im_holiday": ("节日", "holiday"),
    # --- issue 10: explain, the matrix's interpretations, the document kind and new fields
    "document": ("文件", "document"),
    "lg_f_by": ("制定人/报告人", "by"),
    "lg_f_path": ("文件路径", "path"),
    "lg_f_park": ("所在工业园区", "industrial park"),
    "lg_f_notice_on": ("整改通知书下达日期", "notice issued on"),
    "ex_duty": ("职责", "Duty"),
    "ex_rule": ("规则", "Rule"),
    "ex_basis": ("依据", "Basis"),
    "ex_basis_seed": ("实施方案原文", "the seed document"),
    "ex_basis_regulation": ("法规", "a regulation"),
    "ex_basis_local-default": (
        "本地默认（原文未定的数值）",
        "local default (a number the seed leaves open)",
    ),
    "ex_interpretation": ("解读", "Interpretation"),
    "ex_state": ("状态", "state"),
    "ex_none": ("没有符合条件的义务。", "No obligation matches."),
    "ex_no_records": (
        "窗口内没有该规则所查类型的记录。",
        "No record of the rule's kind in or near the window.",
    ),
    "ex_unknown_duty": ("未知职责 '{duty}'{hint}", "unknown duty '{duty}'{hint}"),
    "ex_no_rule": (
        "职责 '{duty}' 未设检查规则，无义务可解释（人工核查）",
        "duty '{duty}' has no rule, so no obligation to explain (manual review)",
    ),
    "ex_unruled": ("未设检查规则（人工核查）", "no rule (manual review)"),
    "ex_any": ("任一科室", "any section"),
    "ex_or_unset": ("或未写科室", " or none"),
    "ex_p_quarter": ("季度", "quarter"),
    "ex_p_half-year": ("半年", "half-year"),
    "ex_p_year": ("年", "year"),
    "ex_c_types": ("，类型为 {types}", " of type {types}"),
    "ex_c_minutes": ("，须有会议记录（minutes）", " with minutes"),
    "ex_c_holder": ("，{fields} 须列明本人", " naming the holder in {fields}"),
    "ex_c_section": ("，其 section 为本科室", " whose section is the section"),
    "ex_c_longer": (
        "（以该季度结束的半年、全年报告亦可）",
        " (or covering the half-year or year that ends with it)",
    ),
    "ex_r_periodic": (
        "每{period}至少 {n} 次{activity}{conditions}；记录日期须在该{period}内，"
        "截止日为{period}末。",
        "At least {n} {activity}(s){conditions} dated within each {period}; due at the end of "
        "the {period}.",
    ),
    "ex_r_holiday": (
        "每个法定节假日首日前 {days} 日内或首日当天，至少一次列明本科室的检查；注明 holiday 的检查"
        "只计入该节日；截止日为节日首日。",
        "Before each statutory holiday, at least one inspection listing the section, dated in the "
        "{days} days before its first day or on it; one whose holiday names a holiday counts for "
        "that one only; due on the first day.",
    ),
    "ex_r_rectification": (
        "隐患须有整改验收记录（rectification），日期不晚于整改期限 rectify_by（截止日）。",
        "The hazard is closed by a rectification dated on or before its rectify_by (the due date).",
    ),
    "ex_r_notice": (
        "重大隐患须下达整改通知书（notice），下达日期（notice_on，未写按隐患日期）不晚于隐患日期后 "
        "{days} 日。",
        "A major hazard carries a rectification notice, issued (notice_on, else the hazard's date) "
        "no later than {days} days after the hazard's date.",
    ),
    "ex_r_feedback": (
        "检查了具体单位（sites）的检查，须在检查后 {days} 日内形成书面反馈（feedback_on）。",
        "An inspection of named units (sites) gives written feedback (feedback_on) within {days} "
        "days.",
    ),
    "ex_r_report": (
        "事故须在获知（known_at）后 {hours} 小时内上报（reported_at）。",
        "The accident is reported (reported_at) within {hours} hours of known_at.",
    ),
    "ex_r_attendance": (
        "事故达到行业所属科室的到场等级时，该科室须在获知后 {hours} 小时内到场（attended_by、"
        "attended_at）；工业园区内（park）较大及以上事故，综合科亦须到场。",
        "When an accident reaches the threshold of its industry's section, that section attends "
        "(attended_by, attended_at) within {hours} hours of known_at; for an accident in an "
        "industrial park (park) of grade larger and above, the General Section too.",
    ),
    "ex_r_leaders": (
        "有人员死亡或{grade}及以上的事故，分管安全领导和分管该科室的产业领导须在获知后 {hours} "
        "小时内到场（attended_by 列出本人）。",
        "For an accident with a death or of grade {grade} and above, the safety lead and the "
        "industry lead supervising its section attend (named in attended_by) within {hours} hours "
        "of known_at.",
    ),
    "ex_r_pre_evaluation": (
        "须编制《安全预评价报告书》的审批（section：{sections}）须载明该报告"
        "（pre_evaluation_report）；截止日为审批日期。",
        "An approval that requires a Safety Pre-evaluation Report (section: {sections}) names it "
        "(pre_evaluation_report); due on the approval's date.",
    ),
    "ex_r_periodic_report": (
        "每{period}至少一份 covers 为该{period}的报告{conditions}；"
        "截止日为{period}结束后 {days} 日。",
        "At least one report whose covers is the {period}{conditions}; due {days} days after the "
        "{period} ends.",
    ),
    "ex_r_yearly": (
        "每年至少一份该年度的{activity}{conditions}（按 year，未写按日期年份）；"
        "截止日为当年 {due}。",
        "At least one {activity} for each year{conditions} (by its year, else its date's); due "
        "on {due} of the year.",
    ),
    "why_counts": ("计入", "counts"),
    "why_counts_late": (
        "计入，但日期 {date} 晚于截止日",
        "counts, but dated {date}, after the due date",
    ),
    "why_counts_at": ("计入：{at}（截止 {due_at}）", "counts: at {at} (due by {due_at})"),
    "why_counts_late_at": (
        "计入，但 {at} 晚于截止时间 {due_at}",
        "counts, but at {at}, after the due time {due_at}",
    ),
    "why_meeting_type": (
        "会议类型为 {type}，须为 {wanted}",
        "meeting type is {type}, not {wanted}",
    ),
    "why_no_minutes": ("无会议记录（minutes）", "no minutes"),
    "why_chair_not_holder": ("主持人为 {person}，不是本人", "chair is {person}, not the holder"),
    "why_holder_not_named": ("{fields} 未列本人", "the holder is not in {fields}"),
    "why_section_not_named": ("未列明本科室", "does not name the section"),
    "why_section_not_listed": ("sections 未列本科室", "the section is not in sections"),
    "why_other_holiday": ("注明为 {period}", "listed for {period}"),
    "why_no_rectification": ("尚无整改验收记录", "no rectification yet"),
    "why_no_notice": ("无整改通知书（notice）", "no rectification notice"),
    "why_notice_undated": (
        "有整改通知书，未写 notice_on，按隐患日期计",
        "notice given without notice_on: taken as issued on the hazard's date",
    ),
    "why_no_feedback": ("无书面反馈（feedback_on）", "no written feedback (feedback_on)"),
    "why_not_reported": ("未上报（截止 {due_at}）", "not reported (due by {due_at})"),
    "why_not_attended": (
        "attended_by 未列（截止 {due_at}）",
        "not in attended_by (due by {due_at})",
    ),
    "why_attended_undated": (
        "已到场，但未写 attended_at，无法判断是否及时",
        "attended, but without attended_at: whether in time cannot be judged",
    ),
    "why_no_pre_evaluation": ("未载明安全预评价报告", "no pre-evaluation report"),
    "why_no_covers": ("未写报告期（covers）", "no covers (the period reported on)"),
    "why_covers_other": ("报告期为 {period}", "covers {period}"),
    "why_for_other_year": ("为 {year} 年度", "for {year}"),
    "why_document_type": (
        "文件类型为 {type}，须为 {wanted}",
        "document type is {type}, not {wanted}",
    ),
    "why_waiver": ("豁免：{reason}", "waiver: {reason}"),
    "dt_interpretation": ("解读", "interpretation"),
    "sm_tick": ("核查", "checked"),
    # --- issue 14: the yearly assessment (assess), the veto and the promotion bar
    "ex_r_veto": (
        "年度考核时判定：当年发生{grade}及以上生产安全责任事故的，安全生产工作目标绩效考核“一票否决”"
        "（见 safetyduty assess）；本职责不产生逐期义务",
        "judged in the yearly assessment: a liability accident of grade {grade} or above in the "
        "year vetoes the work-safety target assessment (see safetyduty assess); it schedules no "
        "obligation",
    ),
    "ex_r_bar": (
        "年度考核时判定：对{grade}及以上生产安全事故负有主要责任的人员不得提升或交流任职"
        "（见 safetyduty assess）；本职责不产生逐期义务",
        "judged in the yearly assessment: a person primarily responsible for an accident of grade "
        "{grade} or above may not be promoted or transferred (see safetyduty assess); it "
        "schedules no obligation",
    ),
    "as_title": ("{year}年度安全生产工作履职考核", "Work-safety performance assessment {year}"),
    "as_year": ("考核年度", "Year"),
    "as_year_open": (
        "考核年度尚未结束：截至日以后到期的义务尚未计分，结果为截至日的情况。",
        "The year is not over: obligations due after the as-of date are not scored yet.",
    ),
    "as_h_results": ("一、考核结果", "Results"),
    "as_people": ("委领导", "Leaders"),
    "as_sections": ("科室", "Sections"),
    "as_score": ("得分", "score"),
    "as_grade": ("等次", "grade"),
    "as_sanctions": ("否决与限制", "veto and bar"),
    "as_veto": ("一票否决", "veto"),
    "as_bar": ("不得提升或交流任职", "no promotion or transfer"),
    "as_by_score": ("（按得分为{grade}）", " (by score: {grade})"),
    "as_h_deductions": ("二、扣分明细", "Deductions"),
    "as_card_title": ("{holder}：得分 {score}，{grade}", "{holder}: score {score}, {grade}"),
    "as_points": ("扣分", "points"),
    "as_nominal": ("原应扣分", "points before the caps"),
    "as_no_obligations": ("本年度无到期义务", "no obligation due in the year"),
    "as_capped": ("（封顶，原应扣 {nominal}）", " (capped; {nominal} before the cap)"),
    "as_no_deductions": ("无扣分：{names}。", "No deductions: {names}."),
    "as_h_accidents": ("三、事故与一票否决", "Accidents, veto and promotion bar"),
    "as_no_accidents": ("本年度无事故记录。", "No accident is recorded in the year."),
    "as_liability": ("责任事故", "liability accident"),
    "as_liability_unknown": ("未认定", "not determined"),
    "as_liability_yes": ("是", "yes"),
    "as_liability_no": ("否", "no"),
    "as_responsible": ("主要责任人", "primarily responsible"),
    "as_h_scale": ("四、评分办法", "Scale"),
    "as_scale_points": (
        "每位委领导、每个科室满分 100 分。义务逾期未完成每项扣 {overdue} 分，"
        "逾期完成每项扣 {late} 分（部分职责和规则类型另定分值，见 data/assessment.yaml）；"
        "同一职责全年最多扣 {per_duty} 分，全年最多扣 {total} 分；已豁免和未到期的义务不扣分。",
        "Each leader and each section starts from 100 points. A missed (overdue) obligation costs "
        "{overdue} points and one done late {late} (some duties and rule types cost otherwise: see "
        "data/assessment.yaml); one duty costs at most {per_duty} points in a year, and a holder "
        "loses at most {total}; waived obligations and those not yet due cost nothing.",
    ),
    "as_scale_bands": ("等次：{bands}。", "Grades: {bands}."),
    "as_scale_veto": (
        "发生重大及以上生产安全责任事故的，当年考核“一票否决”（四（一）6）：对事故负有领导责任的"
        "委党组书记、主任，分管安全生产的委领导，分管该行业的委领导，该行业的主管科室，以及事故"
        "主要责任人，等次定为{grade}，得分照算。对事故负有主要责任的人员不得提升或交流任职"
        "（附表·人事教育科）。",
        "A work-safety liability accident of the serious grade or above vetoes the year's "
        "assessment (四（一）6) of the director, the safety lead, the leader supervising the "
        "industry, the section supervising it and the people primarily responsible: their grade "
        "is {grade}, the score stands as computed. People primarily responsible for an accident "
        "may not be promoted or transferred (附表·人事教育科).",
    ),
    "as_scale_who": (
        "委领导按其任职期间到期的义务考核（年中离任或到任者只计其任内）；委机关和委党组本身的义务"
        "不计入个人或科室得分，见季度、年度汇总。",
        "Leaders answer for the obligations due while they held their posts (one who left or "
        "arrived mid-year, for that part of the year only); the commission's and the Party "
        "Group's own obligations are in no one's score (see the summary).",
    ),
    "as_scale_local_default": (
        "实施方案未规定分值和等次，以上为本地默认（local-default）。",
        "The seed gives no points or grades: these are local defaults.",
    ),
    # --- issue 11: hostile input and faults
    "io_stdout_failed": ("无法写入标准输出：{reason}", "cannot write to standard output: {reason}"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{placeholders}` filled; the key itself if unknown."""
    pair = LABELS.get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text
