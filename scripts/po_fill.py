"""Fill empty English translations in locale/en/LC_MESSAGES/django.po from JSON files.

    .venv/bin/python scripts/po_fill.py madang/*/locale_en.json

Each JSON file maps a Korean msgid to its English text. Only entries whose msgstr is empty (or fuzzy)
are filled; existing translations are kept. Prints the msgids still untranslated.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def po_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def parse_string(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line.strip()) for line in lines if line.strip().startswith('"'))


def entries(text: str):
    """Split the file into blocks separated by blank lines."""
    return text.split("\n\n")


def fill_plural(lines: list[str], table: dict[str, str]) -> tuple[str, str | None]:
    """Plural entries: both English forms get the one translation given (Korean has one form)."""
    i = next(k for k, line in enumerate(lines) if line.startswith("msgid "))
    j = next(k for k, line in enumerate(lines) if line.startswith("msgid_plural "))
    msgid = parse_string([lines[i][len("msgid ") :], *lines[i + 1 : j]])
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
    if not fuzzy and not any(line.strip() == 'msgstr[0] ""' for line in lines):
        return "\n".join(lines), None
    english = table.get(msgid)
    if english is None:
        return "\n".join(lines), msgid
    out = []
    for line in lines:
        if line.startswith("#| "):
            continue
        if line.startswith("#,") and "fuzzy" in line:
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            line = "#, " + ", ".join(flags) if flags else ""
            if not line:
                continue
        out.append(line)
    out = [f"msgstr[{line[7]}] " + po_quote(english) if line.startswith("msgstr[") else line for line in out]
    return "\n".join(out), None


def fill_block(block: str, table: dict[str, str]) -> tuple[str, str | None]:
    """(new block, msgid if still untranslated)."""
    lines = block.split("\n")
    if any(line.startswith("msgid_plural") for line in lines):
        return fill_plural(lines, table)
    try:
        i = next(k for k, line in enumerate(lines) if line.startswith("msgid "))
        j = next(k for k, line in enumerate(lines) if line.startswith("msgstr "))
    except StopIteration:
        return block, None
    msgid = parse_string([lines[i][len("msgid ") :], *lines[i + 1 : j]])
    msgstr = parse_string([lines[j][len("msgstr ") :], *lines[j + 1 :]])
    if not msgid:
        return block, None
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
    if msgstr and not fuzzy:
        return block, None
    english = table.get(msgid)
    if english is None:
        return block, msgid
    head = []
    for line in lines[:i]:
        if line.startswith("#,") and "fuzzy" in line:
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if flags:
                head.append("#, " + ", ".join(flags))
            continue
        if line.startswith("#| "):
            continue
        head.append(line)
    return "\n".join([*head, *lines[i:j], "msgstr " + po_quote(english)]), None


def main(paths: list[str]) -> int:
    table: dict[str, str] = {}
    for path in paths:
        table.update(json.loads(Path(path).read_text()))
    text = PO.read_text()
    out, missing = [], []
    for block in entries(text):
        new, untranslated = fill_block(block, table)
        out.append(new)
        if untranslated:
            missing.append(untranslated)
    PO.write_text("\n\n".join(out))
    for msgid in missing:
        print("untranslated:", re.sub(r"\s+", " ", msgid)[:100])
    print(f"{len(missing)} untranslated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
