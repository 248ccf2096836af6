"""Every word a person reads, in Chinese (the default) or English: the gettext message catalogue.

The catalogue is the pair of gettext sources `locale/zh_CN/LC_MESSAGES/safetyduty.po` and
`locale/en/LC_MESSAGES/safetyduty.po` beside this module, read with polib the first time a
message is looked up (a few milliseconds; nothing is compiled, so an edited `.po` is in force at
once). A message id is either the English sentence itself (`"unknown person {value}"`, the
gettext convention) or a short key for a label (`"met"`, `"lg_f_title"`); both catalogues carry
every id (tests/test_i18n.py fails on a missing one). `click.po` beside the Chinese one holds the
command-line library's own messages ("Missing option", "No such command", "Aborted!"), and
`help.po` the Chinese of the `--help` texts (written in English in the code).

The language is chosen once per run (`--lang`, `SAFETYDUTY_LANG`, else Chinese) with
`set_language`; the core stages word their problems through `_()` in that language, since they
return problems as values and never see the command line.

`t(key, lang, **values)` is the front door: the message in `lang` (None: the run's language),
with its `{placeholders}` filled. An id the catalogue lacks is shown as it is.
"""

from __future__ import annotations

import errno
import functools
import os
from pathlib import Path

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
ENV_VAR = "SAFETYDUTY_LANG"

#: Where each language's catalogue lives, by gettext locale name.
_LOCALE = {"zh": "zh_CN", "en": "en"}
_LOCALE_DIR = Path(__file__).parent / "locale"

#: Labels added as (zh, en) pairs by a branch written before the catalogue existed: they are
#: looked up after the catalogue; move them into the two .po files (tests/test_i18n.py says so).
LABELS: dict[str, tuple[str, str]] = {}

_current = [DEFAULT_LANG]


def language_from_env() -> str:
    """`SAFETYDUTY_LANG` when it names a language (zh, en, or a locale such as zh_CN.UTF-8)."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    for lang in LANGS:
        if value.startswith(lang):
            return lang
    return DEFAULT_LANG


def set_language(lang: str) -> None:
    """Make `lang` the language of this run's messages."""
    _current[0] = lang if lang in LANGS else DEFAULT_LANG


def language() -> str:
    """The language of this run's messages."""
    return _current[0]


def catalogue_path(lang: str, domain: str = "safetyduty") -> Path:
    return _LOCALE_DIR / _LOCALE[lang] / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def catalogue(lang: str, domain: str = "safetyduty") -> dict[str, str | tuple[str, ...]]:
    """Message id → translation (a tuple of plural forms for a plural entry); untranslated and
    obsolete entries are left out, so that they fall back to the id as gettext does."""
    import polib

    path = catalogue_path(lang, domain)
    if not path.exists():
        return {}
    found: dict[str, str | tuple[str, ...]] = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if all(forms):
                found[entry.msgid] = forms
        elif entry.msgstr:
            found[entry.msgid] = entry.msgstr
    return found


def _lookup(key: str, lang: str) -> str | tuple[str, ...] | None:
    found = catalogue(lang).get(key)
    if found is None:
        pair = LABELS.get(key)
        if pair is not None:
            return pair[1 if lang == "en" else 0]
    return found


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The message `key` in `lang` (default: the run's language), with `{placeholders}` filled;
    the key itself if the catalogue lacks it."""
    found = _lookup(key, lang or language())
    text = found[0] if isinstance(found, tuple) else (found or key)
    return text.format(**values) if values else text


def known(key: str) -> bool:
    """Whether the catalogue holds `key` (a label id such as `lg_f_title`)."""
    return key in catalogue("zh") or key in LABELS


def both(key: str) -> tuple[str, ...]:
    """`key`'s text in every language (Chinese first); empty when the catalogue lacks it."""
    if not known(key):
        return ()
    return tuple(t(key, lang) for lang in LANGS)


def _(message: str, /, **values: object) -> str:
    """`message` (an English id) in the run's language, with `{placeholders}` filled."""
    return t(message, None, **values)


def N_(message: str, /) -> str:
    """`message` as it is: marks an id looked up later (gettext's `gettext_noop`), so that
    tools/update_catalogue.py finds it."""
    return message


#: What the system says when it refuses a file or a connection, by `errno`, in words.
_OS_REASONS = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("not a folder"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EEXIST: N_("it already exists"),
    errno.EIO: N_("input/output error (a failing disk or a lost network drive)"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
    errno.ELOOP: N_("too many levels of links"),
    errno.EMFILE: N_("too many files are open"),
    errno.ECONNREFUSED: N_("the connection was refused"),
    errno.ECONNRESET: N_("the connection was reset"),
    errno.ETIMEDOUT: N_("the connection timed out"),
    errno.EHOSTUNREACH: N_("the host cannot be reached"),
    errno.ENETUNREACH: N_("the network cannot be reached"),
    errno.EPIPE: N_("the reader stopped reading (broken pipe)"),
}


def os_reason(exc: object, lang: str | None = None, /) -> str:
    """Why the system refused, in words in `lang`: `permission denied`, `没有权限`. An errno
    without words here is shown as the system put it. TLS and name-lookup failures carry codes
    of their own in `errno` (a failed certificate check is 1, as EPERM is): they are told
    apart by their class, not their number."""
    import socket
    import ssl

    if isinstance(exc, ssl.SSLCertVerificationError):
        return t(
            "the server's certificate could not be verified ({reason})",
            lang,
            reason=getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or exc,
        )
    if isinstance(exc, ssl.SSLError):
        reason = getattr(exc, "reason", None) or exc
        return t("the secure connection failed ({reason})", lang, reason=reason)
    if isinstance(exc, socket.gaierror):
        return t("the server's name could not be found", lang)
    number = getattr(exc, "errno", None)
    if isinstance(exc, OSError) and number in _OS_REASONS:
        return t(_OS_REASONS[number], lang)
    return str(getattr(exc, "strerror", None) or exc)


def tn(singular: str, plural: str, count: int, lang: str | None = None, /, **values: object) -> str:
    """The singular or plural form for `count` (Chinese has one form); `{n}` is the count."""
    chosen = lang or language()
    found = _lookup(singular, chosen)
    if isinstance(found, tuple):
        text = found[0] if len(found) == 1 or count == 1 else found[1]
    else:
        text = singular if count == 1 else plural
    return text.format(n=count, **values)


def click_gettext(message: str) -> str:
    """Click's own message in the run's language (click.po), for Click's `gettext` look-ups."""
    if language() == "en":
        return message
    found = catalogue("zh", "click").get(message)
    return found if isinstance(found, str) else message


def help_gettext(text: str) -> str:
    """A `--help` text (written in English beside its option) in the run's language (help.po)."""
    if language() == "en":
        return text
    found = catalogue("zh", "help").get(text)
    return found if isinstance(found, str) else text


def click_ngettext(singular: str, plural: str, count: int) -> str:
    if language() != "en":
        found = catalogue("zh", "click").get(singular)
        if isinstance(found, tuple):
            return found[0]
    return singular if count == 1 else plural
