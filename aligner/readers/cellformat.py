"""Spreadsheet cell values as the user sees them in Excel, not as they are stored.

A workbook stores 0.5 for a cell that shows `50%`, a serial day number for `2020年8月28日` and
1234.5 for `1,234.50`. The translation in the next column was written from what was shown, so
the number checks must compare against that text: a reader turning 50% into "0.5" would make
every percentage a false finding. The common number formats (General, fixed decimals,
thousands separators, percent, scientific, literal prefixes and suffixes) and date/time
formats (Chinese and Japanese ones with 年月日 included) are rendered; anything else falls
back to Excel's General display of the value, and a date to year/month/day, which is how a
Chinese or Japanese Excel shows its default short date.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

# Excel's built-in short date (format id 14, stored as "mm-dd-yy") follows the system locale;
# a Chinese or Japanese Windows shows it as 2020/8/28.
_LOCALE_SHORT_DATE = {"mm-dd-yy": "yyyy/m/d", "m/d/yy h:mm": "yyyy/m/d h:mm"}
_BRACKET = re.compile(r"\[[^\]]*\]")
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)
_DATE_TOKENS = re.compile(r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+|e|g+|aaaa|aaa",
                          re.IGNORECASE)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_JA_DAYS = "月火水木金土日"
_WIDE = Context(prec=700)  # room for every digit of a double before the decimal point


def display(value, number_format: str | None) -> str:
    """The text Excel shows for a cell value under its number format ("" for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = _LOCALE_SHORT_DATE.get(number_format or "", number_format or "General")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _date(value, fmt)
    if isinstance(value, dt.timedelta):
        return _elapsed(value)
    if isinstance(value, (int, float)):
        return _number(value, fmt)
    return str(value)


def general(value: float) -> str:
    """Excel's General display: integers without a decimal point, at most 11 significant digits otherwise."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if 1e-5 <= abs(value) < 1e11:
        text = f"{value:.{max(0, 10 - _magnitude(value))}f}".rstrip("0").rstrip(".")
        return text
    mantissa, exp = f"{value:.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exp[0]}{exp[1:].zfill(2)}"


def _magnitude(value: float) -> int:
    return len(str(int(abs(value)))) if abs(value) >= 1 else 0


def _sections(fmt: str) -> list[str]:
    """Split a format at the `;` that are not inside quotes or escaped."""
    out, cur, quoted, i = [], "", False, 0
    while i < len(fmt):
        c = fmt[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and not quoted and i + 1 < len(fmt):
            cur += fmt[i:i + 2]
            i += 2
            continue
        elif c == ";" and not quoted:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    out.append(cur)
    return out


def _tokens(section: str) -> list[tuple[bool, str]]:
    """(is_literal, text) pieces: quoted text, backslash escapes, `_x` spacers and `*x` fills taken apart."""
    out: list[tuple[bool, str]] = []
    i = 0
    while i < len(section):
        c = section[i]
        if c == '"':
            j = section.find('"', i + 1)
            j = len(section) if j == -1 else j
            out.append((True, section[i + 1:j]))
            i = j + 1
        elif c == "\\" and i + 1 < len(section):
            out.append((True, section[i + 1]))
            i += 2
        elif c in "_*" and i + 1 < len(section):
            i += 2  # a space as wide as the next character, or a fill: layout, not text
        else:
            out.append((False, c))
            i += 1
    return out


# ---------------------------------------------------------------- numbers

def _number(value: float, fmt: str) -> str:
    sections = _sections(fmt)
    section = sections[0]
    own_sign = False
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, value, own_sign = sections[1], -value, True  # the section writes the sign (or brackets) itself
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    section = _BRACKET.sub("", section)
    if section.strip().lower() in ("general", "", "@"):
        return general(value)
    tokens = _tokens(section)
    code = "".join(t for lit, t in tokens if not lit)
    if not re.search(r"[0#?]", code):
        # Only literals (the zero section of an accounting format shows "-"): the literal is shown.
        return "".join(t for _, t in tokens).strip() or general(value)
    if "/" in code or re.search(r"[ymdhs]", code, re.IGNORECASE):
        return general(value)  # fractions, or a date format on a plain number: rare in bilingual text
    places = [i for i, (lit, t) in enumerate(tokens) if not lit and t in "0#?"]
    first, last = places[0], places[-1]
    digits = "".join(t for lit, t in tokens[first:last + 1] if not lit)
    prefix = "".join(t for _, t in tokens[:first])
    suffix = "".join(t for _, t in tokens[last + 1:])
    value *= 100 ** code.count("%")
    sci = re.search(r"[eE][+-]", digits)
    if sci:
        mantissa = digits[:sci.start()]
        dec = sum(1 for c in mantissa.split(".", 1)[1] if c in "0#?") if "." in mantissa else 0
        m, e = f"{abs(value):.{dec}E}".split("E")
        body = f"{m}E{e[0]}{e[1:].zfill(2)}"
    else:
        int_part, _, frac = digits.partition(".")
        decimals = sum(1 for c in frac if c in "0#?")
        body = _fixed(abs(value), decimals, thousands="," in int_part)
        optional = sum(1 for c in frac if c in "#?")
        for _ in range(optional if "." in body else 0):
            if not body.endswith("0"):
                break
            body = body[:-1]
        body = body.rstrip(".") if body.endswith(".") and not frac.startswith("0") else body
        if "0" not in int_part and re.match(r"0(\.|$)", body):
            body = body[1:]  # "#.00" shows .50, not 0.50
    sign = "-" if value < 0 and not own_sign and body.strip("0.,") else ""
    return f"{sign}{prefix}{body}{suffix}".strip()


def _fixed(value: float, decimals: int, *, thousands: bool) -> str:
    """Rounded half away from zero as Excel does (2.5 shows 3), on the shortest decimal form of the float."""
    if not math.isfinite(value):
        return general(value)
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_WIDE)
    return f"{q:,.{decimals}f}" if thousands else f"{q:.{decimals}f}"


# ---------------------------------------------------------------- dates and times

def _date(value, fmt: str) -> str:
    section = _sections(fmt)[0]
    elapsed = _ELAPSED.search(section)
    section = _BRACKET.sub("", section)
    if not re.search(r"[ymdhs]", "".join(t for lit, t in _tokens(section) if not lit), re.IGNORECASE) or elapsed:
        return _default_date(value)
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1899, 12, 31), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    pieces: list[tuple[bool, str]] = []
    for lit, t in _tokens(section):
        if lit:
            pieces.append((True, t))
        elif pieces and not pieces[-1][0]:
            pieces[-1] = (False, pieces[-1][1] + t)
        else:
            pieces.append((False, t))
    has_ampm = bool(re.search(r"am/pm|a/p", section, re.IGNORECASE))
    out = []
    for lit, t in pieces:
        if lit:
            out.append(t)
            continue
        out.append(_date_code(t, value, has_ampm))
    # m is the minute after an hour or before a second, else the month: decided on the whole format.
    return "".join(out)


def _date_code(code: str, value: dt.datetime, has_ampm: bool) -> str:
    out, prev = [], ""
    matches = list(_DATE_TOKENS.finditer(code))
    pos = 0
    for k, m in enumerate(matches):
        out.append(code[pos:m.start()])
        pos = m.end()
        tok = m.group(0)
        low = tok.lower()
        nxt = next((x.group(0).lower() for x in matches[k + 1:] if x.group(0).lower()[0] in "ymdhs"), "")
        if low in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s")):
            out.append(f"{value.minute:0{len(low)}d}")
        elif low == "yyyy":
            out.append(f"{value.year:04d}")
        elif low == "yy":
            out.append(f"{value.year % 100:02d}")
        elif low in ("e", "g", "gg", "ggg"):
            out.append(str(value.year) if low == "e" else "")
        elif low == "mmmmm":
            out.append(_MONTHS[value.month - 1][0])
        elif low == "mmmm":
            out.append(_MONTHS[value.month - 1])
        elif low == "mmm":
            out.append(_MONTHS[value.month - 1][:3])
        elif low in ("mm", "m"):
            out.append(f"{value.month:0{len(low)}d}")
        elif low == "dddd":
            out.append(_DAYS[value.weekday()])
        elif low == "ddd":
            out.append(_DAYS[value.weekday()][:3])
        elif low in ("dd", "d"):
            out.append(f"{value.day:0{len(low)}d}")
        elif low == "aaaa":
            out.append(_JA_DAYS[value.weekday()] + "曜日")
        elif low == "aaa":
            out.append(_JA_DAYS[value.weekday()])
        elif low in ("hh", "h"):
            hour = value.hour % 12 or 12 if has_ampm else value.hour
            out.append(f"{hour:0{len(low)}d}")
        elif low in ("ss", "s"):
            out.append(f"{value.second:0{len(low)}d}")
        elif low == "am/pm":
            out.append("AM" if value.hour < 12 else "PM")
        elif low == "a/p":
            out.append("A" if value.hour < 12 else "P")
        elif low.startswith("."):
            out.append("." + f"{value.microsecond:06d}"[:len(low) - 1])
        if low[0] in "yhds" or low in ("m", "mm", "mmm", "mmmm", "mmmmm"):
            prev = low
    out.append(code[pos:])
    return "".join(out)


def _default_date(value) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return f"{value.year}/{value.month}/{value.day}"
        return f"{value.year}/{value.month}/{value.day} {value.hour}:{value.minute:02d}"
    if isinstance(value, dt.date):
        return f"{value.year}/{value.month}/{value.day}"
    return f"{value.hour}:{value.minute:02d}:{value.second:02d}"


def _elapsed(value: dt.timedelta) -> str:
    total = int(value.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    return f"{sign}{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
