"""The three work-chat group robots: how each writes the digest, splits it, signs it and answers.

- 企业微信 (WeCom): `markdown` messages, `markdown.content` at most 4096 bytes; its markdown
  cannot @-mention by phone, so a last `text` message (content at most 2048 bytes) carries
  `mentioned_mobile_list`. No signing. Success is `{"errcode": 0}`.
- 钉钉 (DingTalk): `markdown` messages with `at.atMobiles`; `@mobile` in the text is where the
  mention shows. The whole body at most 20000 bytes. Signed (加签) with `timestamp` (ms) and
  `sign` in the URL: HMAC-SHA256 keyed by the secret over "timestamp\\nsecret", base64,
  URL-encoded. Success is `{"errcode": 0}`.
- 飞书 (Feishu): an `interactive` card with a header and one `markdown` element; the body at
  most 20 KB. Signed with `timestamp` (s) and `sign` in the body: HMAC-SHA256 keyed by
  "timestamp\\nsecret" over an empty message, base64. Success is `{"code": 0}`. Its custom
  robots mention only by open_id, user_id or e-mail, which people.yaml does not hold, so
  people are named (`@张伟`) but not notified.

Every platform allows at most 20 messages a minute per robot (Feishu more; 20 holds for all).
Sizes are UTF-8 bytes of exactly what is sent; a digest is split at line boundaries, a
continuation repeating the title.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from safetyduty.i18n import t
from safetyduty.reports.digest import Line, Mention

Payload = dict[str, Any]
#: the signature's timestamp and sign, as the sizes are worked out before signing
_SIGN_SIZE = {"timestamp": "0" * 13, "sign": "A" * 44}


def encode(payload: Payload) -> bytes:
    """The exact bytes sent: compact JSON, UTF-8, not escapes (the sizes are of these)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def hmac_base64(key: str, message: str) -> str:
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class Answer:
    """What the platform said about one message."""

    accepted: bool
    code: int | str | None
    message: str


class Platform:
    """One robot platform; subclasses fill in the format and the limits."""

    key: ClassVar[str]
    #: the option that names its webhook URL, and the environment variables read without it
    option: ClassVar[str]
    url_env: ClassVar[str]
    secret_env: ClassVar[str | None] = None
    #: error codes with a hint in words
    hints: ClassVar[dict[int, str]] = {}
    per_minute: ClassVar[int] = 20
    separator: ClassVar[str] = "\n"

    def __init__(self, lang: str, signed: bool) -> None:
        self.lang = lang
        self.signed = signed

    def name(self) -> str:
        return t(f"nt_{self.key}", self.lang)

    # -- writing ---------------------------------------------------------------------------

    def mention(self, person: Mention) -> str:
        return f"@{person.name}" if person.mobile else person.name

    def write(self, line: Line) -> str:
        text = "".join(p if isinstance(p, str) else self.mention(p) for p in line.parts)
        if line.kind == "title":
            return f"### {text}"
        if line.kind == "heading":
            return f"**{text}**"
        if line.kind == "item":
            return f"- {text}"
        return text

    def payload(self, title: str, lines: Sequence[Line]) -> Payload:
        raise NotImplementedError

    def fits(self, payload: Payload) -> bool:
        raise NotImplementedError

    def extra(self, lines: Sequence[Line], mentions: Sequence[Mention]) -> list[Payload]:
        """Messages after the digest (WeCom's mentions)."""
        return []

    def payloads(self, lines: Sequence[Line], mentions: Sequence[Mention]) -> list[Payload]:
        """The digest as messages, each within the platform's size limit, split at lines."""
        title, body = lines[0], list(lines[1:])
        title_text = title.plain()

        def build(index: int, chunk: Sequence[Line]) -> Payload:
            heading = (
                title_text
                if index == 0
                else t("nt_continued", self.lang, title=title_text, n=index + 1)
            )
            return self.payload(heading, chunk)

        chunks = split_lines(body, lambda i, chunk: self.fits(self._sized(build(i, chunk))))
        messages = [build(i, chunk) for i, chunk in enumerate(chunks)]
        return messages + self.extra(lines, mentions)

    def _sized(self, payload: Payload) -> Payload:
        return payload

    # -- sending ---------------------------------------------------------------------------

    def sign(self, url: str, payload: Payload, secret: str | None, now: float) -> tuple[str, bytes]:
        """The URL and the body to send as of `now` (seconds since the epoch)."""
        return url, encode(payload)

    def answer(self, data: Any) -> Answer:
        code = data.get("errcode") if isinstance(data, dict) else None
        message = str(data.get("errmsg", "")) if isinstance(data, dict) else ""
        return self._answer(code, message)

    def _answer(self, code: Any, message: str) -> Answer:
        if code == 0:
            return Answer(True, 0, message)
        if code is None:
            return Answer(False, None, message or str(code))
        hint = self.hints.get(code) if isinstance(code, int) else None
        shown = message
        if hint:
            said = t(hint, self.lang)
            shown = f"{message} ({said})" if self.lang == "en" else f"{message}（{said}）"
        return Answer(False, code, shown)


class WeCom(Platform):
    key = "wecom"
    option = "--wecom"
    url_env = "SAFETYDUTY_WECOM_URL"
    hints = {
        93000: "nt_hint_url",
        45009: "nt_hint_rate",
        40058: "nt_hint_size",
    }
    CONTENT_BYTES = 4096
    TEXT_BYTES = 2048

    def write(self, line: Line) -> str:
        if line.kind == "heading" and line.alert:
            return f'<font color="warning">**{line.plain()}**</font>'
        return super().write(line)

    def payload(self, title: str, lines: Sequence[Line]) -> Payload:
        text = self.separator.join([f"## {title}", *(self.write(line) for line in lines)])
        return {"msgtype": "markdown", "markdown": {"content": text}}

    def fits(self, payload: Payload) -> bool:
        return len(payload["markdown"]["content"].encode("utf-8")) <= self.CONTENT_BYTES

    def extra(self, lines: Sequence[Line], mentions: Sequence[Mention]) -> list[Payload]:
        if not mentions:
            return []
        separator = ", " if self.lang == "en" else "、"
        names = separator.join(m.name for m in mentions)
        content = t("nt_mentions", self.lang, names=names)
        while len(content.encode("utf-8")) > self.TEXT_BYTES:
            content = content[: len(content) * 9 // 10]
        return [
            {
                "msgtype": "text",
                "text": {
                    "content": content,
                    "mentioned_mobile_list": [m.mobile for m in mentions if m.mobile],
                },
            }
        ]


class DingTalk(Platform):
    key = "dingtalk"
    option = "--dingtalk"
    url_env = "SAFETYDUTY_DINGTALK_URL"
    secret_env = "SAFETYDUTY_DINGTALK_SECRET"
    hints = {
        310000: "nt_hint_sign",
        130101: "nt_hint_rate",
        300001: "nt_hint_url",
        460101: "nt_hint_size",
    }
    BODY_BYTES = 20000
    # DingTalk's markdown joins lines that a blank line does not separate
    separator = "\n\n"

    def mention(self, person: Mention) -> str:
        # "@mobile" is where DingTalk shows the mention; the name stays readable outside
        # the group, where the number is shown as it is.
        return f"{person.name} @{person.mobile}" if person.mobile else person.name

    def payload(self, title: str, lines: Sequence[Line]) -> Payload:
        text = self.separator.join([f"### {title}", *(self.write(line) for line in lines)])
        mobiles = sorted(
            {p.mobile for line in lines for p in line.parts if isinstance(p, Mention) and p.mobile}
        )
        return {
            "msgtype": "markdown",
            "markdown": {"title": title, "text": text},
            "at": {"atMobiles": mobiles, "isAtAll": False},
        }

    def fits(self, payload: Payload) -> bool:
        return len(encode(payload)) <= self.BODY_BYTES

    def sign(self, url: str, payload: Payload, secret: str | None, now: float) -> tuple[str, bytes]:
        if not secret:
            return url, encode(payload)
        timestamp = str(round(now * 1000))
        sign = hmac_base64(secret, f"{timestamp}\n{secret}")
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        query = [(k, v) for k, v in query if k not in ("timestamp", "sign")]
        query += [("timestamp", timestamp), ("sign", sign)]
        signed = parts._replace(query=urllib.parse.urlencode(query))
        return urllib.parse.urlunsplit(signed), encode(payload)


class Feishu(Platform):
    key = "feishu"
    option = "--feishu"
    url_env = "SAFETYDUTY_FEISHU_URL"
    secret_env = "SAFETYDUTY_FEISHU_SECRET"
    hints = {
        19021: "nt_hint_sign",
        19022: "nt_hint_url",
        19024: "nt_hint_keyword",
        11232: "nt_hint_rate",
        9499: "nt_hint_request",
    }
    BODY_BYTES = 20 * 1024

    def write(self, line: Line) -> str:
        if line.kind == "heading" and line.alert:
            return f"<font color='red'>**{line.plain()}**</font>"
        return super().write(line)

    def payload(self, title: str, lines: Sequence[Line]) -> Payload:
        alert = any(line.alert for line in lines)
        return {
            "msg_type": "interactive",
            "card": {
                "header": {
                    "title": {"tag": "plain_text", "content": title},
                    "template": "red" if alert else "blue",
                },
                "elements": [
                    {
                        "tag": "markdown",
                        "content": self.separator.join(self.write(line) for line in lines),
                    }
                ],
            },
        }

    def _sized(self, payload: Payload) -> Payload:
        return {**_SIGN_SIZE, **payload} if self.signed else payload

    def fits(self, payload: Payload) -> bool:
        return len(encode(payload)) <= self.BODY_BYTES

    def sign(self, url: str, payload: Payload, secret: str | None, now: float) -> tuple[str, bytes]:
        if not secret:
            return url, encode(payload)
        timestamp = str(int(now))
        # Feishu keys the HMAC with "timestamp\nsecret" and signs an empty message.
        sign = hmac_base64(f"{timestamp}\n{secret}", "")
        return url, encode({"timestamp": timestamp, "sign": sign, **payload})

    def answer(self, data: Any) -> Answer:
        if not isinstance(data, dict):
            return Answer(False, None, "")
        # Older answers carry StatusCode as well; `code` is the one Feishu documents.
        code = data.get("code", data.get("StatusCode"))
        return self._answer(code, str(data.get("msg", data.get("StatusMessage", ""))))


PLATFORMS: dict[str, type[Platform]] = {p.key: p for p in (WeCom, DingTalk, Feishu)}


def split_lines(
    lines: Sequence[Line], fits: Callable[[int, Sequence[Line]], bool]
) -> list[list[Line]]:
    """Lines in chunks that each fit (`fits(index, chunk)`), cut only between lines; a line too
    long to fit alone is cut, at characters, into pieces that do. Always at least one chunk."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if fits(len(chunks), [*current, line]):
            current.append(line)
            continue
        if current:
            chunks.append(current)
            current = []
        rest = line.plain() if not fits(len(chunks), [line]) else None
        if rest is None:
            current = [line]
            continue
        while rest:
            size = _longest(rest, _fits_alone(fits, len(chunks), line))
            current = [_piece(line, rest[:size])]
            rest = rest[size:]
            if rest:
                chunks.append(current)
                current = []
    if current or not chunks:
        chunks.append(current)
    return chunks


def _fits_alone(
    fits: Callable[[int, Sequence[Line]], bool], index: int, line: Line
) -> Callable[[str], bool]:
    return lambda text: fits(index, [_piece(line, text)])


def _piece(line: Line, text: str) -> Line:
    return Line(line.kind, (text,), line.alert)


def _longest(text: str, fits: Callable[[str], bool]) -> int:
    """How many leading characters of `text` fit (at least one, so that cutting ends)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    return low
