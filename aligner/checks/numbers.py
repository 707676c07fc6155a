"""Numbers and codes: the same numbers, percentages, dates, document codes and list markers on both sides.

Numbers are compared as multisets of normalized values, after NFKC (full-width digits),
with thousands separators removed (2,000 = 2000) and magnitudes applied (5000万 = 5千万,
1.5亿 = 1億5000万 = 150000000), because translators legitimately rewrite the form of a
number but never its value. Chinese numerals are left alone: 十九大/第十九次 and 一批
are prose, not figures.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

from .base import Check, register

_MAG = {"万": Decimal(10) ** 4, "萬": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "億": Decimal(10) ** 8,
        "兆": Decimal(10) ** 12}
# A figure: digits with optional thousands separators and decimals, then an optional magnitude.
_NUM = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([万萬亿億兆])?(\s*(?:%|パーセント|％))?")
_LIST_MARKER = re.compile(r"^[\s*#]*(?:[(（]\s*([一二三四五六七八九十百]+|\d+)\s*[)）]|([一二三四五六七八九十百]+)\s*、"
                          r"|(\d+)\s*[.．、])")


def _value(intpart: str, frac: str | None) -> Decimal:
    try:
        return Decimal(intpart.replace(",", "") + ("." + frac if frac else ""))
    except InvalidOperation:  # pragma: no cover - the regex only admits digits
        return Decimal(0)


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
# 百分之五十 / 百分之十二点五: the one place where Chinese prose writes a figure in Chinese numerals that the
# Japanese gives as digits (50%).
_CN_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百千]+)(?:点([零〇一二三四五六七八九]+))?")


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral below 10000 (五十 → 50, 十二 → 12, 一百零五 → 105)."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return total + (digit or 0)


def extract_numbers(text: str) -> list[tuple[str, str]]:
    """(normalized value, original text) for each figure; 1億5000万 becomes one value."""
    t = unicodedata.normalize("NFKC", text)
    out: list[tuple[str, str]] = []
    for m in _CN_PERCENT.finditer(t):
        frac = "".join(str(_CN_DIGIT[c]) for c in (m.group(2) or ""))
        out.append((str(chinese_numeral(m.group(1))) + (f".{frac}".rstrip("0").rstrip(".") if frac else "") + "%",
                    m.group(0)))
    matches = list(_NUM.finditer(t))
    i = 0
    while i < len(matches):
        m = matches[i]
        val = _value(m.group(1), m.group(2))
        mag = m.group(3)
        pct = bool(m.group(4))
        end = m.end()
        raw_start = m.start()
        if mag:
            val *= _MAG[mag]
            # A compound like 1億5000万 continues immediately with a smaller magnitude.
            while i + 1 < len(matches) and matches[i + 1].start() == end and matches[i + 1].group(3) \
                    and _MAG[matches[i + 1].group(3)] < _MAG[mag] and not pct:
                i += 1
                n = matches[i]
                val += _value(n.group(1), n.group(2)) * _MAG[n.group(3)]
                end = n.end()
                mag = n.group(3)
        norm = format(val.normalize(), "f")
        if "." in norm:
            norm = norm.rstrip("0").rstrip(".")
        out.append((norm + ("%" if pct else ""), t[raw_start:end].strip()))
        i += 1
    return out


def list_marker(text: str) -> str | None:
    """The paragraph's list marker normalized: 一、 → '一、', （一）/(一) → '(一)', 1. / 1、 → '1.'."""
    m = _LIST_MARKER.match(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    if m.group(1):
        return f"({m.group(1)})"
    if m.group(2):
        return f"{m.group(2)}、"
    return f"{m.group(3)}."


@register
class NumberMismatch(Check):
    name = "numbers"
    category = "numbers"
    severity = "major"
    title = "Figures, percentages, dates or codes differ between source and target"
    matched_only = True

    def run(self, unit, ctx):
        zh = extract_numbers(unit.zh)
        ja = extract_numbers(unit.ja)
        cz = Counter(v for v, _ in zh)
        cj = Counter(v for v, _ in ja)
        raw_z = {v: r for v, r in zh}
        raw_j = {v: r for v, r in ja}
        for v, n in sorted((cz - cj).items()):
            yield self.finding(unit, zh_span=raw_z[v],
                               message=f"'{raw_z[v]}' in the source is missing from the target"
                                       + (f" ({n}×)" if n > 1 else ""))
        for v, n in sorted((cj - cz).items()):
            yield self.finding(unit, ja_span=raw_j[v],
                               message=f"'{raw_j[v]}' in the target is not in the source"
                                       + (f" ({n}×)" if n > 1 else ""))


@register
class ListMarkerMismatch(Check):
    name = "list-marker"
    category = "numbers"
    severity = "minor"
    title = "Paragraph list markers (一、 1. （一）) differ"
    matched_only = True

    def run(self, unit, ctx):
        mz, mj = list_marker(unit.zh), list_marker(unit.ja)
        # Spans quote the markers as written (0、), messages compare them normalized (0.).
        if mz and mj and mz != mj:
            yield self.finding(unit, zh_span=_marker_text(unit.zh), ja_span=_marker_text(unit.ja), suggestion=mz,
                               message=f"list marker '{mz}' in the source but '{mj}' in the target")
        elif mz and not mj:
            yield self.finding(unit, zh_span=_marker_text(unit.zh), suggestion=mz,
                               message=f"list marker '{mz}' in the source is missing from the target")


def _marker_text(text: str) -> str:
    m = _LIST_MARKER.match(unicodedata.normalize("NFKC", text))
    return m.group(0).strip(" *#\t") if m else ""


_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-+&][A-Za-z0-9]+)*")


@register
class LatinMismatch(Check):
    name = "alphanumerics"
    category = "numbers"
    severity = "minor"
    title = "A Latin code or acronym of the source (QFLP, ISO9001) is missing from the target"
    matched_only = True

    def run(self, unit, ctx):
        ja = unicodedata.normalize("NFKC", unit.ja).lower()
        seen = set()
        # Only the source's codes must survive; the target may add its own (a gloss like IoV or VPN).
        for m in _LATIN.finditer(unicodedata.normalize("NFKC", unit.zh)):
            tok = m.group(0)
            if len(tok) < 2 or tok.lower() in seen:
                continue
            seen.add(tok.lower())
            if tok.lower() not in ja:
                yield self.finding(unit, zh_span=tok, suggestion=tok,
                                   message=f"'{tok}' in the source does not appear in the target")
