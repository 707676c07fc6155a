"""Turning bytes into text: encoding detection and the input errors a user can act on.

Chinese and Japanese files arrive as UTF-8 (with or without BOM), UTF-16 (usually with a BOM),
GBK/GB18030 or Shift_JIS/CP932. The two legacy encodings overlap: many byte strings decode under both.
Rather than trusting the first decoder that does not fail, both are tried and the more
plausible text wins: GBK read as CP932 turns into halfwidth katakana and private-use
characters, Shift_JIS read as GB18030 into rare Han characters outside GB2312.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from ..lang.script import is_han, is_kana

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LEGACY = ("gb18030", "cp932")
_NAMES = {"gb18030": "GB18030/GBK", "cp932": "Shift_JIS/CP932"}
# Python's cp932 maps the unassigned bytes 0x80, 0xA0, 0xFD–0xFF to U+0080 and private-use
# placeholders instead of failing; in a text file they are corruption, not characters.
_STRAY = {"cp932": re.compile("[\u0080\uf8f0-\uf8f3]")}
_SIGNATURES = ((b"%PDF", "a PDF", "extract its text first (e.g. pdftotext -layout)"),
               (b"PK\x03\x04", "a ZIP/Office file", "save the document as UTF-8 text first"),
               (b"\xd0\xcf\x11\xe0", "an old Office file", "save the document as UTF-8 text first"),
               (b"{\\rtf", "an RTF file", "save the document as UTF-8 text first"))
# Punctuation both languages write; counts as plausible under either legacy encoding.
_CJK_PUNCT = set("。、，．・：；？！「」『』（）〔〕《》〈〉【】“”‘’…―ー〇　％＋－／＝～")


def read_bytes(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=path, hint="check the path")
    if p.is_dir():
        raise InputError("is a directory, not a document", path=path,
                         hint="give a file, or use 'aligner batch' for a folder")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path, hint="check the file's permissions") from None
    if not data.strip():
        raise InputError("is empty", path=path, hint="give a document with text in it")
    return data


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that ordinary Chinese or Japanese text is made of."""
    good = total = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            continue
        total += 1
        if 0xFF61 <= o <= 0xFF9F or unicodedata.category(ch) in ("Co", "Cn", "Cc") or ch == "\ufffd":
            continue
        if is_kana(ch) or ch in _CJK_PUNCT or 0xFF01 <= o <= 0xFF5E:
            good += 1
        elif is_han(ch) and _common_han(ch):
            good += 1
    return good / total if total else 1.0


def _common_han(ch: str) -> bool:
    # GB2312 and JIS X 0208 level 1 hold the characters running text is written with;
    # mis-decoded bytes land mostly in the rarer extension rows.
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and b[0] <= 0xD7:  # GB2312 level 1 (rows 16–55)
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("euc_jp")
        return len(b) == 2 and 0xB0 <= b[0] <= 0xCF  # JIS X 0208 level 1 (rows 16–47)
    except UnicodeEncodeError:
        return False


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v")
    return controls > max(2, 0.01 * len(text))


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: NUL bytes, yet one byte order reads as clean CJK text.

    Binary data read as UTF-16 breaks on unpaired surrogates or yields rare characters, so
    a strict decode that is almost wholly plausible (`_plausibility` >= 0.9) is text.
    """
    if len(data) % 2:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if not _looks_binary(text) and score >= 0.9 and (best is None or score > best[0]):
            best = (score, text, enc)
    return (best[1], best[2]) if best else None


def decode_bytes(data: bytes, *, path: str, encoding: str | None = None) -> tuple[str, str]:
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding '{encoding}'", path=path,
                             hint="use a Python codec name such as utf-8, gb18030, cp932, utf-16") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot be decoded as {encoding} (bad bytes at line {_line_of(data, exc.start)})",
                             path=path, hint="give the right --encoding, or omit it to detect") from None
        bad = _STRAY[codec].search(text) if codec in _STRAY else None
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            raise InputError(f"cannot be decoded as {encoding} (bad bytes at line {line})",
                             path=path, hint="give the right --encoding, or omit it to detect")
        return _normalise(text), encoding
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(enc)), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"has a {enc.upper()} byte-order mark but bad bytes at line "
                                 f"{_line_of(data, exc.start)}", path=path,
                                 hint="re-save the file, or give the right --encoding") from None
    for sig, what, hint in _SIGNATURES:
        if data.startswith(sig):
            raise InputError(f"is {what}, not a text document", path=path, hint=hint)
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found:
            return _normalise(found[0]), found[1]
        raise InputError("looks binary (NUL bytes), not a text document", path=path,
                         hint="give a text file, or the right --encoding (e.g. utf-16-le)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if _looks_binary(text):
            raise InputError("looks binary (control characters), not a text document", path=path,
                             hint="export the document as UTF-8 text first")
        return _normalise(text), "utf-8"
    decoded, broken = [], []
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            broken.append((data.decode(enc, errors="replace"), enc, _line_of(data, exc.start)))
            continue
        stray = _STRAY.get(enc)
        bad = stray.search(text) if stray else None
        if bad:  # bytes the codec maps to placeholders rather than refusing: as good as undecodable
            broken.append((text, enc, text.count("\n", 0, bad.start()) + 1))
        else:
            decoded.append((text, enc))
    best = max(decoded, key=lambda te: _plausibility(te[0]), default=None)
    best_broken = max(broken, key=lambda tel: _plausibility(tel[0]), default=None)
    as_utf8 = data.decode("utf-8", errors="replace")
    if as_utf8.count("\ufffd") <= max(3, 0.01 * len(as_utf8)) and _plausibility(as_utf8) > max(
            [_plausibility(t) for t, _ in decoded] + [_plausibility(t) for t, *_ in broken]):
        # UTF-8 with a few broken bytes reads as mojibake in every legacy encoding: say where the bytes are.
        raise InputError(f"undecodable bytes at line {_line_of(data, utf8_error.start)} (the rest is UTF-8)",
                         path=path, hint="fix or remove those bytes, or give the right --encoding")
    if best_broken is not None and _plausibility(best_broken[0]) >= 0.5 and (
            best is None or _plausibility(best_broken[0]) > _plausibility(best[0])):
        _, enc, line = best_broken
        raise InputError(f"undecodable bytes at line {line} (the rest reads as {_NAMES[enc]})", path=path,
                         hint="fix or remove those bytes, or give the right --encoding")
    if best is None:
        raise InputError("looks binary or is in an unknown encoding (not UTF-8, UTF-16, GB18030 or Shift_JIS)",
                         path=path, hint="give the right --encoding, or export the document as UTF-8 text") from None
    text, enc = best
    if _looks_binary(text) or _plausibility(text) < 0.5:
        raise InputError("looks binary or is in an unknown encoding (decodes only to unlikely characters)",
                         path=path, hint="give the right --encoding, or export the document as UTF-8 text")
    return _normalise(text), enc


def decode_file(path: str, *, encoding: str | None = None) -> tuple[str, str]:
    return decode_document(read_bytes(path), path=path, encoding=encoding)


def decode_document(data: bytes, *, path: str, encoding: str | None = None) -> tuple[str, str]:
    """`decode_bytes`, refusing a file that holds no text once decoded."""
    text, enc = decode_bytes(data, path=path, encoding=encoding)
    if not text.strip():
        raise InputError("is empty (only whitespace or a byte-order mark)", path=path,
                         hint="give a document with text in it")
    return text, enc


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return text
