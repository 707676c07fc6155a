"""Office files told apart by their container, whatever their name: a ZIP of parts (.xlsx, .docx)
or an OLE compound file (.xls, .doc, and any encrypted Office file).

A download often loses or changes the extension, and the user's fix differs by kind (save as
.xlsx, save as .docx, remove the password), so the kind is read from the content; only an
encrypted file, whose parts are hidden, is named by its extension.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InputError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".doc")


def _has_part(data: bytes, part: str, *fallback: bytes) -> bool:
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return part in zf.namelist()
    except zipfile.BadZipFile:
        # Truncated: no central directory, but the local headers still name the parts.
        return any(name in data for name in (part.encode(), *fallback))


def is_workbook(data: bytes) -> bool:
    """An Office Open XML workbook (or what is left of one): a ZIP whose parts include xl/."""
    return _has_part(data, "xl/workbook.xml", b"xl/worksheets/")


def is_docx(data: bytes) -> bool:
    """A Word document (or what is left of one): a ZIP whose parts include word/document.xml."""
    return _has_part(data, "word/document.xml")


def _ole_stream(data: bytes, name: str) -> bool:
    """Does an OLE compound file hold a stream or storage called `name`?

    Directory entries are 128 bytes, aligned on 128 in the file: the UTF-16LE name, NUL-terminated,
    then at byte 64 its length in bytes with the NUL. Matching only there keeps a Word file whose
    text mentions a "Book" from passing for an .xls.
    """
    raw = name.encode("utf-16-le") + b"\0\0"
    at = data.find(raw)
    while at != -1:
        if at % 128 == 0 and int.from_bytes(data[at + 64:at + 66], "little") == len(raw):
            return True
        at = data.find(raw, at + 1)
    return False


def refuse_ole(data: bytes, path: str) -> None:
    """Raise the error a user can act on for an encrypted Office file, an old .xls or .doc; other OLE files pass."""
    if not data.startswith(OLE_MAGIC):
        return
    # The directory sectors may sit anywhere in the file (writers often put them last): the whole file is searched.
    if _ole_stream(data, "EncryptedPackage") or _ole_stream(data, "EncryptionInfo"):
        if Path(path).suffix.lower() in WORD_SUFFIXES:
            raise InputError("is an encrypted (password-protected) Word document", path=path,
                             hint="open it in Word and save a copy without a password: File > Info > "
                                  "Protect Document > Encrypt with Password, clear the password")
        raise InputError("is an encrypted (password-protected) workbook", path=path,
                         hint="open it in Excel (or Word, for a Word document) and save a copy without a password: "
                              "File > Info > Protect Workbook > Encrypt with Password, clear the password")
    if _ole_stream(data, "Workbook") or _ole_stream(data, "Book"):
        raise InputError("is an old binary Excel workbook (.xls), which is not read", path=path,
                         hint="open it in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8")
    if _ole_stream(data, "WordDocument"):
        raise InputError("is an old binary Word document (.doc), which is not read", path=path,
                         hint="open it in Word and save it as Word Document (.docx)")
