"""Add every message id the code uses to both gettext catalogues (the way `pybabel update` does).

    python tools/update_catalogue.py

Finds the string literals passed to `_()`, `t()`, `tn()` and `N_()` under src/safetyduty, and
adds each id missing from `locale/*/LC_MESSAGES/safetyduty.po`: to the English catalogue with
the id as its text (ids are English sentences; a key-like id such as `lg_f_title` still needs
its English written in), to the Chinese one untranslated, for a person to translate. Entries are
never removed here: ids built at run time (`_(kind)`, a record kind or a state) are not visible
to it.
tests/test_i18n.py fails while any id is untranslated.

The `--help` texts are read from the command tree itself (`safetyduty.cli.helppage.texts`) into
`locale/zh_CN/LC_MESSAGES/help.po`: a new text is added untranslated, a text no command shows
any more is dropped (its translation is kept as an obsolete entry, `#~`, to copy from).
tests/cli/test_help.py fails while any is untranslated.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "safetyduty"
CATALOGUES = {
    "zh": PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "safetyduty.po",
    "en": PACKAGE / "locale" / "en" / "LC_MESSAGES" / "safetyduty.po",
}
_FUNCTIONS = {"_", "t", "tn", "N_"}
KEY_LIKE = re.compile(r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*$")


def message_ids(package: Path = PACKAGE) -> Iterator[tuple[str, str | None, Path, int]]:
    """(id, plural id or None, file, line) for each literal message id the code looks up."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else None
            if name not in _FUNCTIONS:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            plural = None
            if name == "tn" and len(node.args) > 1:
                second = node.args[1]
                if isinstance(second, ast.Constant) and isinstance(second.value, str):
                    plural = second.value
            yield first.value, plural, path, node.lineno


def _flags(text: str) -> list[str]:
    return ["python-brace-format"] if re.search(r"\{[a-z_]*\}", text) else []


HELP_CATALOGUE = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "help.po"


def update_help(path: Path = HELP_CATALOGUE) -> tuple[int, int]:
    """Bring help.po in line with the help texts the commands show; (added, dropped)."""
    import typer.main

    from safetyduty.cli.app import app
    from safetyduty.cli.helppage import texts

    shown = list(texts(typer.main.get_command(app)))
    po = polib.pofile(str(path), wrapwidth=0) if path.exists() else polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "safetyduty",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    wanted = set(shown)
    dropped = 0
    for entry in po:
        if not entry.obsolete and entry.msgid not in wanted:
            entry.obsolete = True
            dropped += 1
    known = {entry.msgid for entry in po if not entry.obsolete}
    added = 0
    for text in shown:
        if text not in known:
            po.append(polib.POEntry(msgid=text, msgstr=""))
            added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return added, dropped


def main() -> int:
    found: dict[str, str | None] = {}
    for msgid, plural, _path, _line in message_ids():
        found.setdefault(msgid, plural)
    for lang, path in CATALOGUES.items():
        po = polib.pofile(str(path), wrapwidth=0)
        known = {entry.msgid for entry in po}
        added = 0
        for msgid, plural in found.items():
            if msgid in known:
                continue
            english = lang == "en" and not KEY_LIKE.match(msgid)
            if plural:
                forms = {0: msgid, 1: plural} if english else {0: ""}
                entry = polib.POEntry(msgid=msgid, msgid_plural=plural, msgstr_plural=forms)
            else:
                entry = polib.POEntry(msgid=msgid, msgstr=msgid if english else "")
            entry.flags = _flags(msgid)
            po.append(entry)
            added += 1
        po.save(str(path))
        print(f"{path.relative_to(ROOT)}: {added} new", file=sys.stderr)
    added, dropped = update_help()
    print(f"{HELP_CATALOGUE.relative_to(ROOT)}: {added} new, {dropped} dropped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
