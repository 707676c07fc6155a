"""Turning bytes into text: encoding detection and the input errors a user can act on."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CANDIDATES = ("utf-8", "gb18030", "cp932")


def read_bytes(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=path, hint="check the path")
    if p.is_dir():
        raise InputError("is a directory, not a document", path=path, hint="give a file, or use 'aligner batch' for a folder")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path) from None
    if not data.strip():
        raise InputError("is empty", path=path, hint="give a document with text in it")
    return data


def decode_file(path: str, *, encoding: str | None = None) -> tuple[str, str]:
    data = read_bytes(path)
    if encoding:
        try:
            return _normalise(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot be decoded as {encoding}: {exc}", path=path,
                             hint="give the right --encoding") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(enc)), enc
    if b"\x00" in data:
        raise InputError("looks binary (NUL bytes), not a text document", path=path,
                         hint="export the document as UTF-8 text first")
    for enc in _CANDIDATES:
        try:
            return _normalise(data.decode(enc)), enc
        except UnicodeDecodeError:
            continue
    raise InputError("undecodable bytes in any supported encoding (UTF-8/16, GB18030, Shift_JIS)", path=path,
                     hint="give the right --encoding")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
