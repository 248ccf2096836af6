"""What a record field is called in a ledger's header row, in each language.

The xlsx exports write these headers and `import` reads them back, so both sides take them from
here: `field_header(kind, key, lang)` is the header an export writes for a field (the label
`log` asks with, `lg_f_<key>`, unless a kind words it otherwise, like a hazard's `date`, 发现日期),
and `id_header` the header of the column that holds the ids beside the names (科室编号).
`header_aliases` is every header `import` accepts for a field.
"""

from __future__ import annotations

import re

from safetyduty.i18n import known, t

#: Fields a kind's ledger heads with its own word rather than log's.
_KIND_LABELS: dict[tuple[str, str], str] = {
    ("hazard", "date"): "hz_found_on",
    ("hazard", "section"): "section",
    ("hazard", "site"): "site",
}


def field_header(kind: str, key: str, lang: str) -> str:
    """The header of the column holding field `key` of `kind` records."""
    label = _KIND_LABELS.get((kind, key)) or f"lg_f_{key}"
    if known(label):
        return t(label, lang)
    return t(key, lang) if known(key) else key


def id_header(header: str, lang: str) -> str:
    """The header of the ids column beside a names column: `科室编号`, `section id`."""
    return f"{header} id" if lang == "en" else f"{header}编号"


def normal_header(text: str) -> str:
    """A header as compared: no spaces, case, required marks (`*`), colons or brackets' kind."""
    text = text.replace("（", "(").replace("）", ")").replace("：", ":")
    text = re.sub(r"[\s*＊:]+", "", text)
    return text.lower().replace("-", "_")


def header_aliases(kind: str, key: str, name: str) -> tuple[set[str], set[str]]:
    """The normalised headers that name field `key` (attribute `name`) of `kind`: those of its
    names column, and those of its ids column (which win when a ledger has both)."""
    names: set[str] = {key, name, key.replace("_", "-"), key.replace("_", " ")}
    for lang in ("zh", "en"):
        names.add(field_header(kind, key, lang))
        for label in (f"lg_f_{key}", key):
            if known(label):
                names.add(t(label, lang))
    ids = {id_header(header, lang) for header in names for lang in ("zh", "en")}
    return {normal_header(n) for n in names}, {normal_header(i) for i in ids} - {
        normal_header(n) for n in names
    }
