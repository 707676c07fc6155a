"""Punctuation and brackets in the Japanese: pairs, Chinese quotes, mixed widths.

A bracket left open in the target while the source's brackets balance is a typing or
segmentation slip; “…” in Japanese prose is usually a Chinese quote the translator forgot
to turn into 「…」.
"""
from __future__ import annotations

import re

from .base import Check, register

PAIRS = {"（": "）", "「": "」", "『": "』", "《": "》", "【": "】", "〔": "〕", "〈": "〉", "(": ")", "“": "”",
         "[": "]"}
CLOSERS = {v: k for k, v in PAIRS.items()}
# Full- and half-width forms of the same bracket; a pair made of one of each is a mix-up.
SAME_KIND = {"(": "paren", "（": "paren", ")": "paren", "）": "paren"}


def bracket_problems(text: str) -> list[tuple[str, str]]:
    """(bracket, description) for unpaired and mismatched brackets; （ closed by ) is left to bracket-width."""
    problems = []
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in CLOSERS:
            want = CLOSERS[ch]
            if stack and (stack[-1] == want or SAME_KIND.get(stack[-1], "a") == SAME_KIND.get(ch, "b")):
                stack.pop()
            elif want in stack:
                problems.append((ch, f"'{ch}' closes '{want}' while '{stack[-1]}' is still open"))
                while stack and stack[-1] != want:
                    stack.pop()
                if stack:
                    stack.pop()
            else:
                problems.append((ch, f"'{ch}' has no opening '{want}'"))
    problems += [(o, f"'{o}' is never closed") for o in stack]
    return problems


@register
class UnpairedBrackets(Check):
    name = "brackets"
    category = "punctuation"
    severity = "minor"
    title = "Unpaired or mismatched brackets in the target"
    matched_only = True

    def run(self, unit, ctx):
        ja_problems = bracket_problems(unit.ja)
        if not ja_problems:
            return
        # A unit cut at a page break leaves both sides unbalanced in the same way: not a translation error.
        if bracket_problems(unit.zh):
            return
        yield self.finding(unit, ja_span=ja_problems[0][0], message="; ".join(d for _, d in ja_problems[:3]))


@register
class ChineseQuotes(Check):
    name = "chinese-quotes"
    category = "punctuation"
    severity = "minor"
    title = "Chinese quotation marks “” left in the Japanese"

    def run(self, unit, ctx):
        for m in re.finditer(r"“([^”]{0,40})”?", unit.ja):
            yield self.finding(unit, ja_span=m.group(0), suggestion=f"「{m.group(1)}」",
                               message="“” quotes in Japanese; Japanese quotes with 「」")
            return


@register
class MixedWidthBrackets(Check):
    name = "bracket-width"
    category = "punctuation"
    severity = "info"
    title = "Half-width and full-width brackets mixed in the target"

    def run(self, unit, ctx):
        ja = unit.ja
        for m in re.finditer(r"\(([^()（）]{0,40})）|（([^()（）]{0,40})\)", ja):
            yield self.finding(unit, ja_span=m.group(0),
                               suggestion=f"（{m.group(1) if m.group(1) is not None else m.group(2)}）",
                               message="a bracket pair mixes half- and full-width forms", severity="minor")
            return
        if "（" not in ja:
            return
        # Each half-width pair in a unit that otherwise writes （ ）; a leading list marker like (一) is house style.
        for n, m in enumerate(re.finditer(r"\(([^()（）]{1,40})\)", ja.strip())):
            if m.start() == 0 or n >= 3:
                continue
            yield self.finding(unit, ja_span=m.group(0), suggestion=f"（{m.group(1)}）",
                               message="half-width ( ) in a unit that otherwise uses full-width （ ）")
