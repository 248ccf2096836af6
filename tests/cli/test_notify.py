"""`safetyduty notify` against a real HTTP server on 127.0.0.1 that checks each platform's body,
signature, size and rate (tests/robots.py), and answers success, the platforms' error codes,
a slow answer and a 5xx. `--dry-run` bodies are pinned in tests/fixtures/notify/."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from robots import FakeClock, Robot, notify_repo, robot_server
from safetyduty.cli.app import app
from safetyduty.reports.notify import send

PINNED = Path(__file__).parents[1] / "fixtures" / "notify"
AS_OF = "2026-06-25"
PLATFORMS = ("wecom", "dingtalk", "feishu")
SECRET = "SEC-test-secret"
#: the environment a test starts from: none of the variables notify reads
CLEAN = {
    "SAFETYDUTY_WECOM_URL": None,
    "SAFETYDUTY_DINGTALK_URL": None,
    "SAFETYDUTY_DINGTALK_SECRET": None,
    "SAFETYDUTY_FEISHU_URL": None,
    "SAFETYDUTY_FEISHU_SECRET": None,
}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """notify's clock and sleep, replaced: rate limits and retries take no real time."""
    fake = FakeClock()
    monkeypatch.setattr(send, "CLOCK", fake)
    monkeypatch.setattr(send, "SLEEP", fake.sleep)
    return fake


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return notify_repo(tmp_path / "repo")


def notify(
    repo: Path, *args: str, lang: str = "zh", env: dict[str, str | None] | None = None
) -> Result:
    return CliRunner().invoke(
        app,
        ["--repo", str(repo), "--lang", lang, "notify", "--as-of", AS_OF, *args],
        env={**CLEAN, **(env or {})},
    )


def secret_args(platform: str) -> list[str]:
    return [] if platform == "wecom" else ["--secret", SECRET]


# --- dry run -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_dry_run_prints_the_exact_bodies(
    repo: Path, clock: FakeClock, platform: str, lang: str
) -> None:
    url = "https://robot.example.invalid/hook?key=k"
    result = notify(repo, f"--{platform}", url, *secret_args(platform), "--dry-run", lang=lang)
    assert result.exit_code == 0, result.output
    expected = (PINNED / f"{platform}.{lang}.jsonl").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "example.invalid" not in result.output  # the URL carries the robot's key


def test_pinned_bodies_say_what_the_digest_must_say() -> None:
    """What the pinned files hold, read independently of the code that wrote them."""
    wecom = [
        json.loads(line) for line in (PINNED / "wecom.zh.jsonl").read_text("utf-8").splitlines()
    ]
    content = wecom[0]["markdown"]["content"]
    assert "电力科 · 隐患整改 · 配电房消防通道堵塞 · 逾期15天；督办：@王强" in content
    assert "经济运行科 · 隐患整改 · 油库防雷检测过期 · 逾期3天\n" in content  # not raised
    assert "较上周（2026-06-18起）：新增逾期 1 项，新完成 1 项" in content
    assert "- @张伟 · 主任季度安全生产专题会议 · 2026Q2 · 剩5天" in content
    assert "- 赵敏 · " in content  # no mobile: named, not mentioned
    assert wecom[1]["text"]["mentioned_mobile_list"] == ["13800000003", "13800000001"]
    ding = json.loads((PINNED / "dingtalk.en.jsonl").read_text("utf-8"))
    assert ding["at"]["atMobiles"] == ["13800000001", "13800000003"]
    assert "raised to 王强 @13800000003" in ding["markdown"]["text"]
    assert "Zhang Wei @13800000001 · " in ding["markdown"]["text"]
    feishu = json.loads((PINNED / "feishu.zh.jsonl").read_text("utf-8"))
    timestamp = str(int(FakeClock().now))
    key = f"{timestamp}\n{SECRET}".encode()
    assert feishu["timestamp"] == timestamp
    assert feishu["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert feishu["card"]["header"]["title"]["content"] == "安全生产职责提醒 · 2026-06-25"


# --- sending -----------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_message_accepted_exits_0(repo: Path, clock: FakeClock, platform: str) -> None:
    robot = Robot(platform, secret=None if platform == "wecom" else SECRET, clock=clock)
    with robot_server(robot):
        result = notify(repo, f"--{platform}", robot.url, *secret_args(platform))
    assert result.exit_code == 0, result.output
    assert robot.problems == []
    total = 2 if platform == "wecom" else 1  # WeCom mentions in a text message of its own
    assert len(robot.received) == total
    name = {"wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书"}[platform]
    assert result.stdout.splitlines() == [
        f"{name}：第 {i}/{total} 条已送达" for i in range(1, total + 1)
    ]


@pytest.mark.parametrize(
    ("platform", "code", "message"),
    [
        ("wecom", 93000, "invalid webhook url"),
        ("wecom", 45009, "api freq out of limit"),
        ("dingtalk", 310000, "sign not match"),
        ("dingtalk", 130101, "send too fast"),
        ("dingtalk", 300001, "token is not exist"),
        ("feishu", 19021, "sign match fail or timestamp is not within one hour from current time"),
        ("feishu", 19024, "Key Words Not Found"),
        ("feishu", 11232, "frequency limited"),
    ],
)
def test_an_error_code_in_an_http_200_is_a_refusal(
    repo: Path, clock: FakeClock, platform: str, code: int, message: str
) -> None:
    robot = Robot(platform, secret=None if platform == "wecom" else SECRET, clock=clock)
    robot.script = [("error", code, message)]
    with robot_server(robot):
        result = notify(repo, f"--{platform}", robot.url, *secret_args(platform))
    assert result.exit_code == 1, result.output
    assert f"条被拒收：{code} {message}" in result.stderr
    assert len(robot.received) == 1  # stops at the first refusal
    assert result.stdout == ""
    if platform == "wecom":
        assert "企业微信：其余 1 条未发送" in result.stderr
    assert "test-key" not in result.output and "test-token" not in result.output


@pytest.mark.parametrize("platform", ["dingtalk", "feishu"])
def test_a_wrong_secret_is_refused_by_the_robot(
    repo: Path, clock: FakeClock, platform: str
) -> None:
    robot = Robot(platform, secret="the-right-secret", clock=clock)
    with robot_server(robot):
        result = notify(repo, f"--{platform}", robot.url, "--secret", "a-wrong-secret", lang="en")
    assert result.exit_code == 1
    code = {"dingtalk": 310000, "feishu": 19021}[platform]
    assert f"message 1/1 refused: {code} sign" in result.stderr
    assert "(signature mismatch or stale timestamp; check --secret)" in result.stderr
    assert robot.problems and robot.problems[0].startswith("sign:")


@pytest.mark.parametrize("platform", ["dingtalk", "feishu"])
def test_a_signed_robot_refuses_an_unsigned_message(
    repo: Path, clock: FakeClock, platform: str
) -> None:
    robot = Robot(platform, secret=SECRET, clock=clock)
    with robot_server(robot):
        result = notify(repo, f"--{platform}", robot.url)
    assert result.exit_code == 1
    assert robot.problems == ["sign: timestamp missing or more than an hour off"]


def test_a_slow_robot_fails_within_the_timeout_and_is_not_retried(
    repo: Path, clock: FakeClock
) -> None:
    robot = Robot("dingtalk", clock=clock, script=["slow"])
    with robot_server(robot):
        started = time.monotonic()
        result = notify(repo, "--dingtalk", robot.url, "--timeout", "0.3")
        elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "钉钉：第 1/1 条发送失败：0.3 秒内无应答" in result.stderr
    assert elapsed < 5
    assert len(robot.received) == 1  # a timed-out message may have arrived: no second copy


def test_a_5xx_is_retried_with_backoff(repo: Path, clock: FakeClock) -> None:
    robot = Robot("feishu", clock=clock, script=[("status", 502), ("status", 500)])
    with robot_server(robot):
        result = notify(repo, "--feishu", robot.url)
    assert result.exit_code == 0, result.output
    assert len(robot.received) == 3
    assert clock.slept == [1.0, 2.0]
    assert robot.received[0].body == robot.received[2].body


def test_a_5xx_that_persists_fails_after_the_retries(repo: Path, clock: FakeClock) -> None:
    robot = Robot("wecom", clock=clock, script=[("status", 503)] * 3)
    with robot_server(robot):
        result = notify(repo, "--wecom", robot.url, lang="en")
    assert result.exit_code == 1
    assert "WeCom: message 1/2 failed: HTTP 503 (after 2 retries)" in result.stderr
    assert "WeCom: the remaining 1 message(s) were not sent" in result.stderr
    assert len(robot.received) == 3


def test_a_4xx_with_the_platforms_code_is_a_refusal(repo: Path, clock: FakeClock) -> None:
    robot = Robot(
        "feishu", clock=clock, script=[("status", 400, {"code": 9499, "msg": "Bad Request"})]
    )
    with robot_server(robot):
        result = notify(repo, "--feishu", robot.url)
    assert result.exit_code == 1
    assert "飞书：第 1/1 条被拒收：9499 Bad Request（请求的格式或大小不合要求）" in result.stderr
    assert len(robot.received) == 1  # a 4xx is not retried


def test_a_4xx_without_a_code_is_a_failure(repo: Path, clock: FakeClock) -> None:
    robot = Robot("dingtalk", clock=clock, script=[("status", 404, {"error": "no such robot"})])
    with robot_server(robot):
        result = notify(repo, "--dingtalk", robot.url, lang="en")
    assert result.exit_code == 1
    assert "DingTalk: message 1/1 failed: HTTP 404 Not Found" in result.stderr


def test_no_robot_listening_fails_without_a_traceback(repo: Path, clock: FakeClock) -> None:
    robot = Robot("wecom", clock=clock)
    with robot_server(robot):
        url = robot.url  # the server is gone after the block: nothing listens on the port
    result = notify(repo, "--wecom", url, "--timeout", "0.5")
    assert result.exit_code == 1
    assert "企业微信：第 1/2 条发送失败：无法连接" in result.stderr
    assert "Traceback" not in result.output


def test_a_large_digest_is_split_within_each_platforms_limit(
    tmp_path: Path, clock: FakeClock
) -> None:
    # 150 hazards overdue, with long titles: about 40 KB, past every platform's limit
    records = {
        f"records/2026/h{i:02}.yaml": f"kind: hazard\ndate: 2026-05-01\ntitle: 第{i}号隐患"
        + "（消防通道、疏散指示、应急照明）" * 5
        + "\nsection: power\ndescription: 隐患\ngrade: general\nrectify_by: 2026-06-01\n"
        for i in range(150)
    }
    repo = notify_repo(tmp_path / "big", records=records)
    for platform in PLATFORMS:
        robot = Robot(platform, secret=None if platform == "wecom" else SECRET, clock=clock)
        with robot_server(robot):
            result = notify(repo, f"--{platform}", robot.url, *secret_args(platform))
        assert result.exit_code == 0, (platform, result.output)
        assert robot.problems == [], platform
        texts = [_text(platform, r.data) for r in robot.received]
        assert len([t for t in texts if t is not None]) >= 2, platform
        joined = "\n".join(t for t in texts if t is not None)
        for i in range(150):
            assert joined.count(f"第{i}号隐患（") == 1, (platform, i)  # each line whole, once


def _text(platform: str, data: dict[str, object]) -> str | None:
    if platform == "wecom":
        markdown = data.get("markdown")
        return markdown["content"] if isinstance(markdown, dict) else None
    if platform == "dingtalk":
        return data["markdown"]["text"]  # type: ignore[index, no-any-return]
    return data["card"]["elements"][0]["content"]  # type: ignore[index, no-any-return]


# --- options and environment -------------------------------------------------------------------


def test_url_and_secret_from_the_environment(repo: Path, clock: FakeClock) -> None:
    robot = Robot("dingtalk", secret=SECRET, clock=clock)
    with robot_server(robot):
        env = {"SAFETYDUTY_DINGTALK_URL": robot.url, "SAFETYDUTY_DINGTALK_SECRET": SECRET}
        # an unset CI secret arrives as an empty variable: it names no platform
        result = notify(repo, env={**env, "SAFETYDUTY_WECOM_URL": ""})
    assert result.exit_code == 0, result.output
    assert robot.problems == [] and len(robot.received) == 1


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ([], {}, "请给出 --wecom、--dingtalk 或 --feishu 之一"),
        (
            ["--wecom", "https://a.invalid/x", "--feishu", "https://b.invalid/y"],
            {},
            "一次只能发往一个平台，收到了 --wecom, --feishu",
        ),
        (
            [],
            {"SAFETYDUTY_WECOM_URL": "https://a.invalid", "SAFETYDUTY_FEISHU_URL": "https://b"},
            "一次只能发往一个平台",
        ),
        (
            ["--dingtalk", "robot/send?x=1"],
            {},
            "--dingtalk：webhook 地址应以 https:// 或 http:// 开头",
        ),
        (["--wecom", "https://a.invalid/x", "--secret", "s"], {}, "--secret：企业微信机器人不加签"),
        (
            ["--wecom", "https://a.invalid/x", "--within", "-1"],
            {},
            "--within：-1 不是 0 到 366 之间的天数",
        ),
        (
            ["--wecom", "https://a.invalid/x", "--timeout", "0"],
            {},
            "--timeout：0.0 不是 0.1 到 120 之间的秒数",
        ),
        (
            ["--wecom", "https://a.invalid/x", "--holder", "nobody"],
            {},
            "--holder：未知的责任主体 'nobody'",
        ),
    ],
)
def test_usage_errors_exit_2(
    repo: Path, args: list[str], env: dict[str, str | None], message: str
) -> None:
    result = notify(repo, *args, env=env)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_holder_narrows_the_digest(repo: Path, clock: FakeClock) -> None:
    result = notify(repo, "--wecom", "https://a.invalid/x", "--holder", "zhao-min", "--dry-run")
    assert result.exit_code == 0, result.output
    content = json.loads(result.stdout.splitlines()[0])["markdown"]["content"]
    assert "赵敏 · 分管产业领导季度检查" in content and "电力科" not in content


def test_escalate_after_and_within(repo: Path, clock: FakeClock) -> None:
    args = [
        "--feishu",
        "https://a.invalid/x",
        "--dry-run",
        "--escalate-after",
        "2",
        "--within",
        "4",
    ]
    result = notify(repo, *args)
    content = json.loads(result.stdout)["card"]["elements"][0]["content"]
    # 3 days overdue is now past the threshold: 经济运行科 is raised to 赵敏 (no mobile)
    assert "油库防雷检测过期 · 逾期3天；督办：赵敏" in content
    assert "**4天内到期（1项）**" in content and "剩5天" not in content


def test_notify_takes_the_options_spec_names() -> None:
    import typer

    group = typer.main.get_command(app)
    command = group.commands["notify"]  # type: ignore[attr-defined]
    options = {name for param in command.params for name in param.opts}
    assert {
        "--as-of",
        "--within",
        "--holder",
        "--escalate-after",
        "--wecom",
        "--dingtalk",
        "--feishu",
        "--secret",
        "--dry-run",
    } <= options
