"""`safetyduty notify`: the digest of what is overdue and due, sent to a work-chat group robot."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from safetyduty.cli.common import die, load, parse_date, print_problems, settings
from safetyduty.exitcodes import ExitCode


def _choose(
    lang: str, wecom: str | None, dingtalk: str | None, feishu: str | None, secret: str | None
) -> tuple[str, str, str | None]:
    """(platform key, URL, secret) from the options, else from the environment; usage errors
    for none, several, a URL that is not one, or a secret for WeCom."""
    from safetyduty.i18n import t
    from safetyduty.reports.notify.platforms import PLATFORMS

    given = {k: v for k, v in (("wecom", wecom), ("dingtalk", dingtalk), ("feishu", feishu)) if v}
    if not given:
        # An unset CI secret arrives as an empty variable: that is no URL.
        given = {
            k: os.environ[p.url_env] for k, p in PLATFORMS.items() if os.environ.get(p.url_env)
        }
    if not given:
        die(t("nt_no_platform", lang))
    if len(given) > 1:
        die(t("nt_two_platforms", lang, names=", ".join(PLATFORMS[k].option for k in given)))
    ((key, url),) = given.items()
    platform = PLATFORMS[key]
    if not url.strip().lower().startswith(("https://", "http://")):
        die(t("nt_bad_url", lang, option=platform.option))
    if secret is None and platform.secret_env:
        secret = os.environ.get(platform.secret_env) or None
    if secret and platform.secret_env is None:
        die(t("nt_secret_wecom", lang))
    return key, url.strip(), secret


def notify(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluate as of this date (default today).")
    ] = None,
    within: Annotated[
        int, typer.Option("--within", help="List obligations due within this many days.")
    ] = 7,
    holder: Annotated[
        str | None,
        typer.Option("--holder", help="Only this holder: a person, section or role id."),
    ] = None,
    escalate_after: Annotated[
        int,
        typer.Option(
            "--escalate-after",
            help="Raise an obligation overdue by more than this many days to the leader above.",
        ),
    ] = 7,
    wecom: Annotated[
        str | None,
        typer.Option("--wecom", help="企业微信 robot webhook URL (or $SAFETYDUTY_WECOM_URL)."),
    ] = None,
    dingtalk: Annotated[
        str | None,
        typer.Option("--dingtalk", help="钉钉 robot webhook URL (or $SAFETYDUTY_DINGTALK_URL)."),
    ] = None,
    feishu: Annotated[
        str | None,
        typer.Option("--feishu", help="飞书 robot webhook URL (or $SAFETYDUTY_FEISHU_URL)."),
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option(
            "--secret",
            help="The robot's signing secret, DingTalk or Feishu (or "
            "$SAFETYDUTY_DINGTALK_SECRET / $SAFETYDUTY_FEISHU_SECRET).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each answer.")
    ] = 10.0,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the exact bodies, one per line; send nothing.")
    ] = False,
) -> None:
    """Send the digest of overdue and soon-due obligations to a work-chat group robot.

    Exit 0 when every message was accepted, 1 when one was refused or not delivered.

    Example: safetyduty notify --dingtalk "$URL" --secret "$SECRET" --escalate-after 7
    """
    from safetyduty.i18n import t

    lang = settings(ctx).lang
    day = parse_date(as_of)
    for option, value in (("--within", within), ("--escalate-after", escalate_after)):
        if not 0 <= value <= 366:
            die(t("nt_bad_days", lang, option=option, value=value))
    if not 0.1 <= timeout <= 120:
        die(t("nt_bad_timeout", lang, value=timeout))
    key, url, secret = _choose(lang, wecom, dingtalk, feishu, secret)

    from safetyduty.reports.digest import digest_as_of, digest_lines
    from safetyduty.reports.notify import send
    from safetyduty.reports.notify.platforms import PLATFORMS
    from safetyduty.reports.render.safe import json_safe

    repo, _ = load(ctx, day, evaluating=True)
    try:
        digest, problems = digest_as_of(
            repo, day, within=within, escalate_after=escalate_after, holder=holder, lang=lang
        )
    except LookupError as exc:
        die(str(exc))
    print_problems(problems)
    platform = PLATFORMS[key](lang, signed=bool(secret))
    payloads = platform.payloads(digest_lines(digest, lang), digest.mentions)
    if dry_run:
        for payload in payloads:
            _, body = platform.sign(url, payload, secret, send.CLOCK())
            typer.echo(json_safe(body.decode("utf-8")))  # the same JSON, inert on a terminal
        return
    outcomes = send.deliver(platform, url, secret, payloads, timeout=timeout)
    total = len(payloads)
    for outcome in outcomes:
        place = {"platform": platform.name(), "i": outcome.index + 1, "n": total}
        if outcome.result == "accepted":
            typer.echo(t("nt_accepted", lang, **place))
        elif outcome.result == "refused":
            shown = t("nt_refused", lang, code=outcome.code, message=outcome.message, **place)
            typer.echo(shown, err=True)
        else:
            typer.echo(t("nt_failed", lang, reason=outcome.message, **place), err=True)
    if len(outcomes) < total:
        left = total - len(outcomes)
        typer.echo(t("nt_not_sent", lang, platform=platform.name(), n=left), err=True)
    if any(o.result != "accepted" for o in outcomes):
        raise typer.Exit(int(ExitCode.PROBLEMS))
