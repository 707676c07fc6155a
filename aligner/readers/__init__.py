"""Readers: every layout becomes the same Bilingual record (paragraphs per language, with provenance).

One module per layout; `detect` picks one when the user does not. Whatever the layout,
a reader may drop only markup and layout whitespace: every character of text ends up in
exactly one paragraph of one language.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import AlignerError, InputError
from ..lang.script import kana_count
from ..layouts import LAYOUTS  # re-exported: the names live apart for the CLI's help
from ..model import Bilingual, Segment
from . import blocks, docx, interleaved, langid, mixed, office, pair, pipetable, table, workbook, xliff
from .detect import detect, looks_like_tmx, looks_like_xliff
from ..sniff import looks_like_pipe_table
from .ownoutput import refuse_aligned_jsonl
from .paragraphs import paragraphs
from .textfile import decode_document, decode_file, read_bytes

_TEXT_PARSERS = {"mixed": mixed.parse, "interleaved": interleaved.parse, "blocks": blocks.parse}


def _read_tmx(path: str) -> Bilingual:
    # Imported here: TMX reading belongs to the formats package and may not exist in every build.
    try:
        from ..formats import tmx as tmx_format
    except ImportError:  # pragma: no cover - the formats package ships with the readers
        tmx_format = None
    reader = getattr(tmx_format, "read_bilingual", None)
    if reader is None:
        raise InputError("TMX input is not supported by this version", path=path,
                         hint="export the memory as TSV (Chinese TAB Japanese) and use --layout tsv")
    read_bytes(path)  # the same missing/empty/directory messages as every other layout
    try:
        return reader(path)
    except AlignerError:
        raise
    except Exception as exc:  # malformed XML and the like: the user can only fix the file
        raise InputError(f"cannot be read as TMX: {exc}", path=path,
                         hint="check that the file is well-formed TMX, or choose another --layout") from None


MAX_HIRAGANA_IN_CHINESE = 0.02


def _hiragana_share(segs: tuple[Segment, ...]) -> float:
    chars = sum(len(s.text) for s in segs)
    return sum(1 for s in segs for c in s.text if "\u3041" <= c <= "\u309f") / chars if chars else 0.0


def _kana_density(segs: tuple[Segment, ...]) -> float:
    chars = sum(len(s.text) for s in segs)
    return sum(kana_count(s.text) for s in segs) / chars if chars else 0.0


def _require_both(doc: Bilingual, layout: str, explicit: bool) -> Bilingual:
    missing = "Chinese" if not doc.zh else "Japanese" if not doc.ja else None
    if missing is None and layout in _TEXT_PARSERS:
        # A layout that splits by position (alternation, chunks) finds "two languages" in any
        # file; the script says whether both are really there.
        ja_kana = _kana_density(doc.ja)
        if ja_kana == 0.0:
            missing = "Japanese"
        elif _kana_density(doc.zh) >= 0.5 * ja_kana:
            missing = "Chinese"
    if missing is None:
        return doc
    if explicit:
        raise InputError(f"no {missing} text found (read as layout '{layout}')", path=doc.files[0],
                         hint=f"the file does not look like --layout {layout}; try --layout auto")
    segs = doc.zh + doc.ja
    if any(kana_count(s.text) for s in segs):
        found = "Japanese" if missing == "Chinese" else "Chinese"
    else:
        found = _kana_less_language(segs)
    hint = "give a bilingual file, or the Chinese file and its Japanese translation as two files"
    if found is None:
        raise InputError("holds one language only, and too little of it to tell which: no kana, no simplified forms",
                         path=doc.files[0], hint=hint)
    other = "Japanese" if found == "Chinese" else "Chinese"
    raise InputError(f"holds only {found} text, no {other}", path=doc.files[0], hint=hint)


def _kana_less_language(segs: tuple[Segment, ...]) -> str | None:
    """The one language of a text without a single kana, said only where its script says so.

    The split into languages gives a one-paragraph text (`你好`) to either side on no
    evidence; calling it Japanese would send the user looking for a Japanese file they did
    not give. Japanese prose always has kana, so a kana-less text is Chinese if any
    evidence points that way (simplified forms, Chinese punctuation, length) and undecided
    otherwise (a short line, or Japanese forms alone, as a kana-less Japanese heading has).
    """
    score = sum(langid.evidence(s.text) for s in segs)
    return "Chinese" if score < 0 else None


def read_bilingual(paths: list[str] | tuple[str, ...], *, layout: str = "auto", encoding: str | None = None) -> Bilingual:
    """Read one bilingual file or a pair of files (Chinese first) into paragraphs per language."""
    paths = [str(p) for p in paths]
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout '{layout}'", path=paths[0] if paths else None,
                         hint=f"choose --layout from: {', '.join(LAYOUTS)}")
    if not paths or len(paths) > 2:
        raise _file_count_error(paths)
    if len(paths) == 2:
        if layout not in ("auto", "pair"):
            raise InputError(f"--layout {layout} reads one bilingual file, but two files were given",
                             path=paths[0], hint="use --layout pair (or auto) for a Chinese and a Japanese file")
        zh_text, zh_enc, zh_lines = _decode_one_language(paths[0], encoding)
        ja_text, ja_enc, ja_lines = _decode_one_language(paths[1], encoding)
        doc = pair.parse(zh_text, ja_text, files=(paths[0], paths[1]), encodings=(zh_enc, ja_enc))
        for file, lines in ((paths[0], zh_lines), (paths[1], ja_lines)):
            if lines is not None:  # a Word document: its lines back to paragraph numbers
                doc = replace(doc, zh=lines.relabel(doc.zh, file), ja=lines.relabel(doc.ja, file))
        return _require_both(doc, "pair", layout == "pair")
    path = paths[0]
    if layout == "pair":
        raise InputError("--layout pair needs two files (Chinese, then Japanese)", path=path,
                         hint="add the Japanese file, or use --layout auto for a bilingual file")
    if layout == "tmx" or (layout == "auto" and Path(path).suffix.lower() == ".tmx"):
        return _require_both(_read_tmx(path), "tmx", layout == "tmx")
    data = read_bytes(path)
    if layout == "xlsx" or (layout == "auto" and office.is_workbook(data)):
        return _require_both(workbook.parse(data, file=path), "xlsx", layout == "xlsx")
    if layout == "xliff" or (layout == "auto" and looks_like_xliff(data, path)):
        return _require_both(xliff.parse(data, file=path), "xliff", layout == "xliff")
    if layout == "docx" or (layout == "auto" and office.is_docx(data)):
        return _read_docx(data, path, explicit=layout == "docx")
    office.refuse_ole(data, path)  # an encrypted file, an .xls or a .doc: say so, not "an old Office file"
    _refuse_other_container(data, path, layout)
    text, enc = decode_document(data, path=path, encoding=encoding)
    refuse_aligned_jsonl(text, path)
    return _parse_text(text, path, enc, layout)


def _read_docx(data: bytes, path: str, *, explicit: bool) -> Bilingual:
    body = docx.read_body(data, file=path)
    doc = docx.read_table(body, file=path)
    if doc is not None:
        return _require_both(doc, "docx", explicit)
    # Body paragraphs: the text layouts, with lines put back to paragraph numbers.
    text = docx.body_text(body)
    doc = _parse_text(text.text, path, "", "auto")
    return replace(doc, zh=text.relabel(doc.zh, path), ja=text.relabel(doc.ja, path), layout="docx",
                   encoding=f"body paragraphs, read as {doc.layout}")


def _parse_text(text: str, path: str, enc: str, layout: str) -> Bilingual:
    """A decoded text in the layout given, or the one detected (`auto`)."""
    chosen = detect(text, path) if layout == "auto" else layout
    if chosen == "tmx":
        return _require_both(_read_tmx(path), "tmx", layout == "tmx")
    if chosen == "markdown":
        if layout != "auto" and not looks_like_pipe_table(text):
            raise InputError("no Markdown pipe table found (rows like `| 中文 | 日本語 |` under a `|---|---|` row)",
                             path=path, hint="the file does not look like --layout markdown; try --layout auto")
        return _require_both(pipetable.parse(text, file=path, encoding=enc), chosen, layout != "auto")
    if chosen in ("tsv", "csv"):
        delim = "\t" if chosen == "tsv" else None
        if chosen == "csv":
            delim = table.sniff_delimiter(text)
            if delim == "\t":
                delim = None
            delim = delim or ","
        if layout != "auto" and not _fits_table(text, delim):
            raise InputError(f"no two-column rows separated by {'TAB' if delim == chr(9) else repr(delim)} found",
                             path=path, hint="the file does not look like --layout " + chosen + "; try --layout auto")
        doc = table.parse(text, file=path, encoding=enc, delimiter=delim, layout=chosen)
    else:
        if layout != "auto" and looks_like_tmx(text, path):
            raise InputError(f"is a TMX file, not layout '{layout}'", path=path, hint="use --layout tmx or auto")
        if layout != "auto" and not mixed.has_table_rows(text):
            delim = table.sniff_delimiter(text)
            if delim:
                kind = "tsv" if delim == "\t" else "csv"
                raise InputError(f"is a two-column {kind.upper()} table, not layout '{layout}'", path=path,
                                 hint=f"use --layout {kind} or auto")
        doc = _TEXT_PARSERS[chosen](text, file=path, encoding=enc)
    return _require_both(doc, chosen, layout != "auto")


def _refuse_other_container(data: bytes, path: str, layout: str) -> None:
    """A workbook, an XLIFF or a Word file forced into another layout would be read as its markup: name its layout."""
    kinds = (("xlsx", "an Excel workbook", office.is_workbook(data)), ("xliff", "an XLIFF file", looks_like_xliff(data)),
             ("docx", "a Word document", office.is_docx(data)))
    for kind, what, found in kinds:
        if found:
            raise InputError(f"is {what}, not layout '{layout}'", path=path, hint=f"use --layout {kind} or auto")


def _file_count_error(paths: list[str]) -> InputError:
    """Three files or more: name them, since a shell pattern that matched more than meant is the usual cause."""
    if not paths:
        return InputError("no file given: give one bilingual file, or the Chinese file and then its Japanese translation",
                          hint="see --help")
    shown = ", ".join(paths[:4]) + (f" and {len(paths) - 4} more" if len(paths) > 4 else "")
    return InputError(f"{len(paths)} files given ({shown}), but a document is one bilingual file, or two files: "
                      "the Chinese, then its Japanese translation",
                      hint="give one document at a time; a glossary goes with --glossary, an earlier version with "
                           "--against, a folder of documents to 'aligner batch'; see --help")


def _decode_one_language(path: str, encoding: str | None) -> tuple[str, str, docx.BodyText | None]:
    """The text of one side of a pair; for a Word document also where its lines came from."""
    data = read_bytes(path)
    office.refuse_ole(data, path)
    if office.is_docx(data):
        body = docx.body_text(docx.read_body(data, file=path))
        return body.text, "Word document", body
    if office.is_workbook(data):
        raise InputError("is an Excel workbook, which holds both languages itself, not one side of a pair",
                         path=path, hint="give the workbook alone: its Chinese and its Japanese column are read")
    if looks_like_xliff(data, path):
        raise InputError("is an XLIFF file, which holds both languages itself, not one side of a pair",
                         path=path, hint="give the XLIFF file alone: its sources and targets are read")
    text, enc = decode_document(data, path=path, encoding=encoding)
    refuse_aligned_jsonl(text, path)
    return text, enc, None


def _fits_table(text: str, delim: str) -> bool:
    recs = table.table_rows(text, delim)
    two = sum(1 for *_, f in recs if len(f) >= 2 and any(x.strip() for x in f[1:]))
    return bool(recs) and two >= 0.5 * len(recs)


def read_monolingual(path: str, *, lang: str = "zh", encoding: str | None = None,
                     strict: bool = False) -> tuple[Segment, ...]:
    """Paragraphs of a one-language file; lines a PDF column cut at its width are joined back. A Word
    document's are its body paragraphs (located by paragraph number), an XLIFF's its sources (`lang`
    "zh") or targets, translated or not.

    `strict` refuses a file that is not Chinese alone, for callers that compare it with a
    source character by character (--against); analysis skips Japanese paragraphs itself."""
    data = read_bytes(path)
    if looks_like_xliff(data, path):  # a file to translate: its sources, as the CAT tool will look them up
        src = xliff.parse(data, file=path, translated_only=False)
        return src.zh if lang == "zh" else src.ja
    if office.is_docx(data):
        body = docx.body_text(docx.read_body(data, file=path))
        text, lines = body.text, body
    else:
        office.refuse_ole(data, path)
        if office.is_workbook(data):
            raise InputError("is an Excel workbook, not a document of one language", path=path,
                             hint="give the Chinese document as text, Word (.docx) or XLIFF")
        text, _ = decode_document(data, path=path, encoding=encoding)
        lines = None
    refuse_aligned_jsonl(text, path)
    paras = paragraphs(text, unwrap=True)
    segs = tuple(Segment(p.text, lang, path, p.first_line, p.last_line) for p in paras)
    if lines is not None:  # a Word document: its lines back to paragraph numbers
        segs = lines.relabel(segs, path)
    hiragana = _hiragana_share(segs)
    if strict and lang == "zh" and hiragana > MAX_HIRAGANA_IN_CHINESE:
        # Chinese prose has no hiragana (a katakana name may occur; particles never do); a
        # Japanese or bilingual file given where the Chinese alone is expected would otherwise
        # be compared character by character and report every unit as changed or unmatched.
        raise InputError(f"is not a Chinese-only text ({hiragana:.0%} of its characters are hiragana kana)",
                         path=path, hint="give the Chinese source alone (one language, one file)")
    return segs
