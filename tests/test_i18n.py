"""The message catalogue is complete: every id the code looks up is translated in both
languages, placeholders agree, and Click's own messages have their Chinese."""

from __future__ import annotations

import ast
import importlib.util
import re
import socket
import ssl
import sys
from pathlib import Path

import polib
import pytest

from safetyduty import i18n
from safetyduty.i18n import catalogue_path, t, tn

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "safetyduty"
sys.path.insert(0, str(ROOT / "tools"))
spec = importlib.util.spec_from_file_location(
    "update_catalogue", ROOT / "tools/update_catalogue.py"
)
assert spec and spec.loader
update_catalogue = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_catalogue)

PLACEHOLDER = re.compile(r"\{([a-z_]\w*)?(?:![rsa])?(?::[^{}]*)?\}")
CJK = re.compile(r"[\u3400-\u9fff\uff08-\uff1f\u3001-\u3011]")


def entries(lang: str, domain: str = "safetyduty") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(catalogue_path(lang, domain)))}


def texts(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_every_message_id_the_code_uses_is_translated_in_both_languages() -> None:
    used = {msgid: path for msgid, _plural, path, _line in update_catalogue.message_ids()}
    assert len(used) > 200
    for lang in ("zh", "en"):
        found = entries(lang)
        missing = sorted(m for m in used if m not in found or not all(texts(found[m])))
        assert not missing, f"{lang}: untranslated {missing[:10]} (run tools/update_catalogue.py)"


def test_both_catalogues_hold_the_same_ids_all_translated_with_the_same_placeholders() -> None:
    zh, en = entries("zh"), entries("en")
    assert set(zh) == set(en)
    for msgid, entry in zh.items():
        for lang, found in (("zh", entry), ("en", en[msgid])):
            for text in texts(found):
                assert text, f"{lang}: {msgid!r} is untranslated"
                wanted = set(PLACEHOLDER.findall(msgid))
                if not update_catalogue.KEY_LIKE.match(msgid):
                    assert set(PLACEHOLDER.findall(text)) == wanted, (lang, msgid, text)


def test_every_chinese_message_is_chinese() -> None:
    for msgid, entry in entries("zh").items():
        for text in texts(entry):
            words = re.sub(r"\{[^}]*\}|'[^']*'|`[^`]*`|--[a-z-]+|[A-Za-z0-9_./:-]+", "", text)
            if re.search(r"[A-Za-z]{2,}", msgid) and len(text) > 3:
                assert CJK.search(text), f"{msgid!r} → {text!r} has no Chinese"
            assert not re.search(r"\b[a-z]{3,} [a-z]{3,} [a-z]{3,}\b", words), (msgid, text)


def test_labels_are_in_the_catalogue_not_in_labels() -> None:
    """A branch written before the catalogue may add (zh, en) pairs to LABELS; they belong in
    the two .po files."""
    assert i18n.LABELS == {}


def test_t_fills_placeholders_and_falls_back_to_the_id() -> None:
    assert t("days_overdue", "zh", n=3) == "逾期3天"
    assert t("days_overdue", "en", n=3) == "3 days overdue"
    assert t("no such id in the catalogue", "zh") == "no such id in the catalogue"
    assert tn("{n} error", "{n} errors", 2, "en") == "2 errors"
    assert tn("{n} error", "{n} errors", 1, "en") == "1 error"
    assert tn("{n} error", "{n} errors", 2, "zh") == "错误 2 个"


def _click_message_ids() -> set[str]:
    """The ids Typer (and its Click) look up with gettext."""
    import typer

    found: set[str] = set()
    for path in Path(typer.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "gettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_click_messages_looked_up_with_gettext_have_chinese() -> None:
    ids = _click_message_ids()
    assert {"Aborted!", "Missing command.", "No such command {name!r}."} <= ids
    zh = entries("zh", "click")
    missing = sorted(m for m in ids if m not in zh or not zh[m].msgstr)
    assert not missing, missing
    for msgid in ids:
        assert CJK.search(zh[msgid].msgstr), msgid


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_catalogue_is_read_once_per_language(lang: str) -> None:
    """Speed is a benchmark's business, not a test's: what is tested is that every lookup
    after the first is served from the one parsed catalogue."""
    i18n.catalogue.cache_clear()
    first = i18n.catalogue(lang)
    assert i18n.catalogue(lang) is first
    assert i18n.catalogue.cache_info().misses == 1


#: Calls whose text no user reads as a sentence of ours: the catalogue's own look-ups, string
#: and regex methods, errors a programmer meets (a broken rule module), help texts (help.po),
#: field descriptions and Rich styles.
_NOT_USER_TEXT = {
    *update_catalogue._FUNCTIONS,
    *("help_gettext", "click_gettext", "join", "get", "format", "compile", "match", "search"),
    *("sub", "split", "replace", "startswith", "endswith", "removeprefix", "strip", "debug"),
    *("TypeError", "AssertionError", "RuntimeError", "KeyError", "Option", "Argument"),
    *("Typer", "Field", "Text", "command", "callback"),
}
_SENTENCE = re.compile(r"[A-Za-z]+ [A-Za-z]+")


def test_no_sentence_reaches_a_person_without_the_catalogue() -> None:
    """An English sentence written straight into a problem, an error or an output (an f-string,
    or a literal not passed to `_()`) would print in English inside Chinese output."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _NOT_USER_TEXT:
                continue
            for arg in (*node.args, *(k.value for k in node.keywords if k.arg != "help")):
                if isinstance(arg, ast.JoinedStr):
                    text = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
                elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    text = arg.value if len(arg.value) > 12 else ""
                else:
                    continue
                if _SENTENCE.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}({text[:50]!r})")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("error", "zh", "en"),
    [
        (PermissionError(13, "Permission denied"), "没有权限", "permission denied"),
        (OSError(28, "No space left on device"), "磁盘空间已满", "no space left on the disk"),
        (OSError(999, "Strange thing"), "Strange thing", "Strange thing"),
        (
            ssl.SSLCertVerificationError(1, "certificate verify failed"),
            "无法验证服务器的证书",
            "the server's certificate could not be verified",
        ),
        (socket.gaierror(-2, "Name or service not known"), "找不到该服务器的域名", "the server's"),
        ("timed out", "timed out", "timed out"),
    ],
)
def test_a_refusal_of_the_system_is_worded_by_its_kind(error: object, zh: str, en: str) -> None:
    """A TLS failure carries 1 in errno, as EPERM does: it must not read 'operation not
    permitted'."""
    from safetyduty.i18n import os_reason

    assert os_reason(error, "zh").startswith(zh)
    assert os_reason(error, "en").startswith(en)
    assert "不允许" not in os_reason(error, "zh")
