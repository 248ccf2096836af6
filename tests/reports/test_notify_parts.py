"""The parts of `notify`: who an obligation is raised to, how a digest is split, the platforms'
signatures, and the rate limit held against a real server on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import urllib.parse
from pathlib import Path

import pytest

from robots import FakeClock, Robot, notify_repo, robot_server
from safetyduty.load.loader import load_repo
from safetyduty.load.repo import Repo
from safetyduty.reports.digest import Line, Mention
from safetyduty.reports.escalation import leaders_above
from safetyduty.reports.notify.platforms import (
    PLATFORMS,
    DingTalk,
    Feishu,
    WeCom,
    encode,
    split_lines,
)
from safetyduty.reports.notify.send import RateLimit, deliver

SECRET = "SEC-unit"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    loaded, problems = load_repo(notify_repo(tmp_path_factory.mktemp("r") / "repo"))
    assert problems == []
    return loaded


# --- escalation (督办) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("holder", "duty", "above"),
    [
        ("power", "hazard-rectification", ("wang-qiang",)),  # the industry lead of the section
        ("economic-operation", "hazard-rectification", ("zhao-min",)),
        ("office", "hazard-rectification", ("li-na",)),  # nobody supervises it: the safety lead
        ("wang-qiang", "industry-lead-quarterly-inspection", ("li-na",)),
        ("li-na", "safety-lead-quarterly-inspection", ("zhang-wei",)),
        ("zhang-wei", "director-quarterly-special-meeting", ()),  # the top
        ("commission", "quarterly-prevention-meeting", ("zhang-wei",)),
    ],
)
def test_leader_above(repo: Repo, holder: str, duty: str, above: tuple[str, ...]) -> None:
    assert leaders_above(repo, holder, duty, dt.date(2026, 6, 25)) == above


def test_the_holder_is_skipped_for_the_next_leader_up(tmp_path: Path) -> None:
    # 李娜 is safety lead and also supervises 经济运行科: its overdue item goes past her
    root = notify_repo(tmp_path / "repo")
    text = (root / "data/people.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - role: safety-lead\n        from: 2024-01-01\n",
        "      - role: safety-lead\n        from: 2024-01-01\n"
        "      - role: industry-lead\n        sections: [office]\n        from: 2024-01-01\n",
    )
    (root / "data/people.yaml").write_text(text, encoding="utf-8")
    loaded, _ = load_repo(root)
    day = dt.date(2026, 6, 25)
    assert leaders_above(loaded, "office", "hazard-rectification", day) == ("li-na",)
    assert leaders_above(loaded, "li-na", "industry-lead-quarterly-inspection", day) == (
        "zhang-wei",
    )


# --- splitting ---------------------------------------------------------------------------------


def lines(n: int, width: int = 40) -> list[Line]:
    title = Line("title", ("安全生产职责提醒 · 2026-06-25",))
    return [title, *(Line("item", (f"{i:03}·" + "隐" * width,)) for i in range(n))]


@pytest.mark.parametrize("platform", [WeCom, DingTalk, Feishu])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_fit_and_keep_every_line_whole(platform: type, lang: str) -> None:
    chosen = platform(lang, signed=True)
    digest = lines(400)
    payloads = chosen.payloads(digest, [])
    assert len(payloads) > 1
    for payload in payloads:
        _, body = chosen.sign("https://x.invalid/?a=1", payload, SECRET, 1_780_000_000.0)
        if platform is WeCom:
            assert len(payload["markdown"]["content"].encode("utf-8")) <= WeCom.CONTENT_BYTES
        else:
            assert len(body) <= platform.BODY_BYTES
    text = "\n".join(encode(p).decode("utf-8") for p in payloads)
    for line in digest[1:]:
        assert text.count(line.plain()) == 1
    # a continuation repeats the title, marked as such
    assert "（续2）" in text if lang == "zh" else "(continued, 2)" in text


def test_a_line_too_long_for_one_message_is_cut_at_characters() -> None:
    chosen = WeCom("zh", signed=False)
    long_line = Line("item", ("长" * 3000,))  # 9000 bytes
    payloads = chosen.payloads([Line("title", ("T",)), long_line], [])
    contents = [p["markdown"]["content"] for p in payloads]
    assert len(contents) == 3
    assert all(len(c.encode("utf-8")) <= 4096 for c in contents)
    assert sum(c.count("长") for c in contents) == 3000


def test_split_never_returns_no_chunk() -> None:
    assert split_lines([], lambda index, chunk: True) == [[]]


def test_wecom_mentions_go_in_a_text_message() -> None:
    people = [Mention("a", "张伟", "13800000001"), Mention("b", "李娜", "13800000002")]
    payloads = WeCom("zh", signed=False).payloads([Line("title", ("T",))], people)
    assert payloads[-1] == {
        "msgtype": "text",
        "text": {
            "content": "以上提醒请张伟、李娜关注。",
            "mentioned_mobile_list": ["13800000001", "13800000002"],
        },
    }


# --- signing -----------------------------------------------------------------------------------


def test_dingtalk_signs_in_the_url_as_its_documentation_says() -> None:
    url, body = DingTalk("zh", signed=True).sign(
        "https://oapi.dingtalk.invalid/robot/send?access_token=abc", {"msgtype": "markdown"},
        SECRET, 1_780_000_000.123,
    )  # fmt: skip
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["access_token"] == ["abc"]
    assert query["timestamp"] == ["1780000000123"]
    mac = hmac.new(SECRET.encode(), f"1780000000123\n{SECRET}".encode(), hashlib.sha256)
    assert query["sign"] == [base64.b64encode(mac.digest()).decode()]
    # URL-encoded: base64's '+', '/' and '=' never appear raw in the query
    raw_sign = urllib.parse.urlsplit(url).query.split("sign=")[1]
    assert not set(raw_sign) & {"+", "/", "="}
    assert body == b'{"msgtype":"markdown"}'


def test_feishu_signs_in_the_body_over_an_empty_message() -> None:
    url, body = Feishu("zh", signed=True).sign(
        "https://open.feishu.invalid/hook/x", {"msg_type": "interactive"}, SECRET, 1_780_000_000.9
    )
    key = f"1780000000\n{SECRET}".encode()
    sign = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert url == "https://open.feishu.invalid/hook/x"
    assert body == f'{{"timestamp":"1780000000","sign":"{sign}","msg_type":"interactive"}}'.encode()


def test_without_a_secret_nothing_is_signed() -> None:
    for platform in PLATFORMS.values():
        url, body = platform("zh", signed=False).sign(
            "https://x.invalid/h?k=1", {"a": 1}, None, 1.0
        )
        assert url == "https://x.invalid/h?k=1" and body == b'{"a":1}'


# --- the rate limit ----------------------------------------------------------------------------


def test_rate_limit_allows_20_in_any_minute() -> None:
    clock = FakeClock()
    limit = RateLimit(20, clock, clock.sleep)
    times = []
    for _ in range(45):
        limit.wait()
        times.append(clock.now)
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t - start < 60) <= 20
    assert times[-1] - times[0] >= 120  # 45 messages take at least two full windows


@pytest.mark.parametrize("platform", ["wecom", "dingtalk", "feishu"])
def test_many_messages_reach_the_robot_within_its_rate(platform: str) -> None:
    clock = FakeClock()
    robot = Robot(platform, secret=None if platform == "wecom" else SECRET, clock=clock)
    chosen = PLATFORMS[platform]("zh", signed=platform != "wecom")
    payloads = chosen.payloads(lines(500 if platform == "wecom" else 3000, width=60), [])
    assert len(payloads) > 20
    with robot_server(robot):
        outcomes = deliver(
            chosen, robot.url, robot.secret, payloads, timeout=5, clock=clock, sleep=clock.sleep
        )
    assert [o.result for o in outcomes] == ["accepted"] * len(payloads)
    assert robot.problems == []
    assert len(robot.received) == len(payloads)
    assert clock.slept  # it waited for the window rather than be refused
