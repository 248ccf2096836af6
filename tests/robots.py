"""A work-chat group robot on 127.0.0.1 for `notify`'s tests: one real HTTP server (threading
http.server) that checks each platform's body, signature, size and rate as the platform does,
and answers what the test scripts: success, the platform's error codes, a slow answer, a 5xx.

What it finds wrong with a request is both answered as the platform would answer it and kept
in `problems`, so a test can assert that nothing was wrong.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: what the robot does with the next request: "ok", "slow", ("status", 500[, body]),
#: ("error", code, message) — a 200 whose body carries the platform's error code
Behaviour = str | tuple[Any, ...]

ERROR_KEYS = {"wecom": ("errcode", "errmsg"), "dingtalk": ("errcode", "errmsg")}


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: bytes
    data: Any
    at: float


@dataclass
class FakeClock:
    """Seconds since the epoch that move only when someone sleeps."""

    now: float = 1_780_000_000.0
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@dataclass
class Robot:
    platform: str
    secret: str | None = None
    clock: Callable[[], float] = field(default_factory=FakeClock)
    script: list[Behaviour] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    # -- the platform's checks -------------------------------------------------------------

    def check(self, query: dict[str, str], body: bytes, data: Any, at: float) -> str | None:
        """What the platform would refuse in this request, or None."""
        arrivals = [r.at for r in self.received if at - r.at < 60]
        if len(arrivals) > 20:
            return "rate: more than 20 messages within a minute"
        if self.platform == "wecom":
            return self._wecom(data)
        if self.platform == "dingtalk":
            return self._dingtalk(query, body, data, at)
        return self._feishu(body, data, at)

    def _wecom(self, data: Any) -> str | None:
        kind = data.get("msgtype")
        if kind == "markdown":
            content = data["markdown"]["content"]
            if len(content.encode("utf-8")) > 4096:
                return "size: markdown.content exceed max length 4096"
            return None
        if kind == "text":
            if len(data["text"]["content"].encode("utf-8")) > 2048:
                return "size: text.content exceed max length 2048"
            mobiles = data["text"].get("mentioned_mobile_list", [])
            if not all(isinstance(m, str) and m.isdigit() for m in mobiles):
                return "shape: mentioned_mobile_list"
            return None
        return f"shape: msgtype {kind}"

    def _dingtalk(self, query: dict[str, str], body: bytes, data: Any, at: float) -> str | None:
        if len(body) > 20000:
            return "size: body over 20000 bytes"
        if data.get("msgtype") != "markdown" or not isinstance(data["markdown"]["text"], str):
            return "shape: msgtype"
        if not isinstance(data["markdown"]["title"], str):
            return "shape: markdown.title"
        mobiles = data.get("at", {}).get("atMobiles", [])
        for mobile in mobiles:
            if f"@{mobile}" not in data["markdown"]["text"]:
                return f"shape: @{mobile} is not in the text"
        if self.secret is not None:
            timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
            if not timestamp.isdigit() or abs(int(timestamp) / 1000 - at) > 3600:
                return "sign: timestamp missing or more than an hour off"
            key = self.secret.encode()
            expected = hmac.new(key, f"{timestamp}\n{self.secret}".encode(), hashlib.sha256)
            if sign != base64.b64encode(expected.digest()).decode():
                return "sign: sign not match"
        return None

    def _feishu(self, body: bytes, data: Any, at: float) -> str | None:
        if len(body) > 20 * 1024:
            return "size: body over 20 KB"
        if data.get("msg_type") != "interactive" or "elements" not in data.get("card", {}):
            return "shape: msg_type"
        if self.secret is not None:
            timestamp, sign = str(data.get("timestamp", "")), data.get("sign", "")
            if not timestamp.isdigit() or abs(int(timestamp) - at) > 3600:
                return "sign: timestamp missing or more than an hour off"
            key = f"{timestamp}\n{self.secret}".encode()
            expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if sign != expected:
                return "sign: sign match fail"
        return None

    # -- answers ---------------------------------------------------------------------------

    def refusal(self, problem: str) -> dict[str, Any]:
        kind = problem.split(":")[0]
        codes = {
            "wecom": {"rate": 45009, "size": 40058, "shape": 40008, "sign": 93000},
            "dingtalk": {"rate": 130101, "size": 460101, "shape": 400101, "sign": 310000},
            "feishu": {"rate": 11232, "size": 9499, "shape": 9499, "sign": 19021},
        }
        return self.error(codes[self.platform][kind], problem)

    def error(self, code: int, message: str) -> dict[str, Any]:
        if self.platform == "feishu":
            return {"code": code, "msg": message, "data": {}}
        return {"errcode": code, "errmsg": message}

    def success(self) -> dict[str, Any]:
        if self.platform == "feishu":
            return {
                "StatusCode": 0,
                "StatusMessage": "success",
                "code": 0,
                "data": {},
                "msg": "success",
            }
        return {"errcode": 0, "errmsg": "ok"}


def _handler(robot: Robot) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
            pass

        def do_POST(self) -> None:  # noqa: N802 - the base's name
            at = robot.clock()
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                data = None
            behaviour: Behaviour = robot.script.pop(0) if robot.script else "ok"
            robot.received.append(Received(parts.path, query, body, data, at))
            if behaviour == "slow":
                robot.release.wait(10)
            if isinstance(behaviour, tuple) and behaviour[0] == "status":
                answer = behaviour[2] if len(behaviour) > 2 else {"error": "server error"}
                self._send(behaviour[1], answer)
                return
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                problem: str | None = "shape: Content-Type is not JSON"
            elif not isinstance(data, dict):
                problem = "shape: body is not a JSON object"
            else:
                problem = robot.check(query, body, data, at)
            if problem is not None:
                robot.problems.append(problem)
                self._send(200, robot.refusal(problem))
            elif isinstance(behaviour, tuple) and behaviour[0] == "error":
                self._send(200, robot.error(behaviour[1], behaviour[2]))
            else:
                self._send(200, robot.success())

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except OSError:
                pass  # the client gave up waiting (the slow answer)

    return Handler


@contextmanager
def robot_server(robot: Robot) -> Iterator[Robot]:
    """Serve `robot` on 127.0.0.1 (a free port) for the `with` block; `robot.url` is its
    webhook URL, with the platform's usual path and query."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(robot))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    paths = {
        "wecom": "/cgi-bin/webhook/send?key=test-key",
        "dingtalk": "/robot/send?access_token=test-token",
        "feishu": "/open-apis/bot/v2/hook/test-hook",
    }
    robot.url = f"http://{host!s}:{port}{paths[robot.platform]}"
    try:
        yield robot
    finally:
        robot.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- a small records repo for notify's tests ----------------------------------------------------

PEOPLE = """\
people:
  - id: zhang-wei
    name: 张伟
    name_en: Zhang Wei
    mobile: 13800000001
    posts:
      - role: director
        from: 2024-01-01
  - id: li-na
    name: 李娜
    name_en: Li Na
    mobile: "13800000002"
    posts:
      - role: safety-lead
        from: 2024-01-01
  - id: wang-qiang
    name: 王强
    mobile: 13800000003
    posts:
      - role: industry-lead
        sections: [power, chemical-pharma]
        from: 2024-01-01
  - id: zhao-min
    name: 赵敏
    posts:
      - role: industry-lead
        sections: [economic-operation]
        from: 2024-01-01
"""

#: the duties the digest tests use, copied from the shipped matrix (so the pinned bodies do not
#: move when the matrix gains duties)
DUTIES = (
    "quarterly-prevention-meeting",
    "director-quarterly-special-meeting",
    "industry-lead-quarterly-inspection",
    "hazard-rectification",
)

RECORDS = {
    # 15 days overdue on 06-25: raised to 王强, who supervises 电力科
    "records/2026/h1.yaml": "kind: hazard\ndate: 2026-05-20\ntitle: 配电房消防通道堵塞\n"
    "section: power\ndescription: 配电房消防通道堵塞\ngrade: general\nrectify_by: 2026-06-10\n",
    # 3 days overdue: not raised; it became overdue this week
    "records/2026/h2.yaml": "kind: hazard\ndate: 2026-06-15\ntitle: 油库防雷检测过期\n"
    "section: economic-operation\ndescription: 油库防雷检测过期\ngrade: general\n"
    "rectify_by: 2026-06-22\n",
    # due in 3 days
    "records/2026/h3.yaml": "kind: hazard\ndate: 2026-06-20\ntitle: 仓库堆放违规\n"
    "section: chemical-pharma\ndescription: 仓库堆放违规\ngrade: general\n"
    "rectify_by: 2026-06-28\n",
    # 王强's quarterly inspection is met; 赵敏's is due
    "records/2026/i1.yaml": "kind: inspection\ndate: 2026-05-10\nled_by: [wang-qiang]\n"
    "sections: [power]\n",
    # the commission's quarterly meeting, met this week
    "records/2026/m1.yaml": "kind: meeting\ndate: 2026-06-20\ntype: prevention\nchair: zhang-wei\n"
    "minutes: evidence/m1.md\n",
    "evidence/m1.md": "二季度防范安全事故工作会议纪要\n",
}


def notify_repo(
    root: Any, records: dict[str, str] | None = None, duties: tuple[str, ...] = DUTIES
) -> Any:
    """A records repo tracked from 2026-04-01 with four people (three with a mobile), the
    `duties` of the shipped matrix and `records` (default RECORDS); as of 2026-06-25 it has an
    obligation overdue 15 days, one overdue 3 days, and three due within 7 days."""
    import yaml

    from safetyduty.load.repo import shipped_path

    sections = shipped_path("sections.yaml").read_text(encoding="utf-8")
    marker = "  tracking_start: "
    line = next(line for line in sections.splitlines() if line.startswith(marker))
    sections = sections.replace(line, f"{marker}2026-04-01", 1)
    shipped = yaml.safe_load(shipped_path("duties.yaml").read_text(encoding="utf-8"))
    chosen = [d for d in shipped["duties"] if d["id"] in duties]
    files = {
        "data/people.yaml": PEOPLE,
        "data/sections.yaml": sections,
        "data/duties.yaml": yaml.safe_dump({"duties": chosen}, allow_unicode=True, sort_keys=False),
        **(RECORDS if records is None else records),
    }
    (root / "records").mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root
