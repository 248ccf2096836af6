"""Delivering messages to a robot over HTTP (the standard library's client), within bounds.

Each request has a timeout; a 5xx answer or a refused connection is retried (at most
`retries` times, after 1 s, then 2 s); a timeout is not, as the message may well have arrived
and a second copy would be noise. At most `per_minute` requests go to one robot in any minute
(retries included): the sender waits for the window rather than be refused. An HTTP 200 whose
body carries a non-zero `errcode`/`code` is the refusal it is. Delivery stops at the first
message not accepted: the rest of a split digest makes no sense without it.

The clock and the sleep are injectable (`CLOCK`, `SLEEP` are the defaults), so tests need not
wait a minute to see the rate limit hold.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from safetyduty.i18n import os_reason, t
from safetyduty.reports.notify.platforms import Answer, Payload, Platform

CLOCK: Callable[[], float] = time.time
SLEEP: Callable[[float], None] = time.sleep
#: waits before each retry of a 5xx or a refused connection, in seconds
BACKOFF = (1.0, 2.0)

Result = Literal["accepted", "refused", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one message: accepted, refused by the platform (its code and message),
    or failed on the way (timeout, HTTP error, no connection)."""

    index: int
    result: Result
    code: int | str | None = None
    message: str = ""


class RateLimit:
    """At most `per_minute` events in any 60 seconds; `wait()` sleeps until one more fits."""

    def __init__(
        self, per_minute: int, clock: Callable[[], float], sleep: Callable[[float], None]
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.sleep = sleep
        self.sent: deque[float] = deque()

    def wait(self) -> None:
        while True:
            now = self.clock()
            while self.sent and now - self.sent[0] >= 60:
                self.sent.popleft()
            if len(self.sent) < self.per_minute:
                self.sent.append(now)
                return
            self.sleep(60 - (now - self.sent[0]))


def deliver(
    platform: Platform,
    url: str,
    secret: str | None,
    payloads: Sequence[Payload],
    *,
    timeout: float,
    retries: int = len(BACKOFF),
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> list[Outcome]:
    """Send each payload in turn; the outcomes of those tried (it stops at the first one not
    accepted)."""
    clock = clock or CLOCK
    sleep = sleep or SLEEP
    limit = RateLimit(platform.per_minute, clock, sleep)
    outcomes = []
    for index, payload in enumerate(payloads):
        outcome = _deliver_one(
            platform, url, secret, payload, index, timeout, retries, limit, clock, sleep
        )
        outcomes.append(outcome)
        if outcome.result != "accepted":
            break
    return outcomes


def _deliver_one(
    platform: Platform,
    url: str,
    secret: str | None,
    payload: Payload,
    index: int,
    timeout: float,
    retries: int,
    limit: RateLimit,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> Outcome:
    lang = platform.lang
    attempt = 0
    while True:
        limit.wait()
        target, body = platform.sign(url, payload, secret, clock())
        request = urllib.request.Request(
            target,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        retry_reason: str
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                raw = response.read(1_000_000)
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                # Feishu answers a bad request with HTTP 400 and its code in the body.
                judged = _judge(platform, exc.read(1_000_000), index)
                if judged.result == "refused" and judged.code is not None:
                    return judged
                return Outcome(index, "failed", exc.code, f"HTTP {exc.code} {exc.reason}")
            retry_reason = t("nt_http", lang, status=exc.code, retries=attempt)
        except TimeoutError:
            return Outcome(index, "failed", None, t("nt_timeout", lang, seconds=timeout))
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                return Outcome(index, "failed", None, t("nt_timeout", lang, seconds=timeout))
            retry_reason = t("nt_unreachable", lang, reason=os_reason(exc.reason, lang))
        except OSError as exc:  # a connection reset half-way through the answer
            retry_reason = t("nt_unreachable", lang, reason=os_reason(exc, lang))
        else:
            return _judge(platform, raw, index)
        if attempt >= retries:
            return Outcome(index, "failed", None, retry_reason)
        sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
        attempt += 1


def _judge(platform: Platform, raw: bytes, index: int) -> Outcome:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        text = raw[:200].decode("utf-8", "replace")
        return Outcome(index, "failed", None, t("nt_unreadable", platform.lang, text=text))
    answer: Answer = platform.answer(data)
    if answer.accepted:
        return Outcome(index, "accepted", 0, answer.message)
    return Outcome(index, "refused", answer.code, answer.message)
