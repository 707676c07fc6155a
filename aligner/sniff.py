"""Content tests cheap enough for choosing files, outside the readers package.

`batch` decides which files of a folder are documents before any is read, in a parent
process that deliberately imports none of the readers (they load OpenCC and more); what it
needs to look at a file's content lives here.
"""
from __future__ import annotations

import re

# `|---|---|`, `| :--- | ---: |`, `|:-:|-|`: the row under a Markdown table's header.
PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")


def is_pipe_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 1 and s.startswith("|") and s.endswith("|") and not s.endswith("\\|")


def is_pipe_separator(line: str) -> bool:
    return bool(PIPE_SEPARATOR.match(line))


def looks_like_pipe_table(text: str) -> bool:
    """A Markdown pipe table: a `|---|---|` row, and most non-blank lines are table rows."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or not any(is_pipe_separator(ln) for ln in lines):
        return False
    return sum(1 for ln in lines if is_pipe_row(ln)) >= 0.5 * len(lines)
