"""Word documents (.docx): a bilingual table, or body paragraphs in any of the text layouts.

Clients send Word, and CAT tools export bilingual review documents as Word tables, so a .docx
is read as it arrives rather than after a text export that would lose its structure.

Choices, and why:
- A Word document is recognised by its content (a ZIP holding `word/document.xml`), as a
  workbook is; an old `.doc` and an encrypted document are OLE files and refused (see office).
- The text of a paragraph is its runs in order: a tab is a TAB, a line break (`w:br`, `w:cr`)
  a line break inside the paragraph. Tracked changes are read as accepted: inserted text is
  text, deleted text (`w:del`, `w:delText`, moved-away text) is not; field instructions
  (`w:instrText`) are markup, their results text. Only the main body is read: headers,
  footers, footnotes, endnotes and comments are not.
- A table with a Chinese and a Japanese column (a Trados or memoQ bilingual review export:
  ID, source, target, status…; or a plain two-column table) is read as a workbook's sheet is
  (see grid): the first such table, a row per pair, the header row skipped. A row's location is
  its row number in that table, the file named `name.docx (table 2)`. The paragraphs outside it
  holding Chinese or Japanese text (a title, an introduction, a note below, other tables' cells)
  are text of the document too: each goes to the language its script shows and is located by its
  paragraph number in `name.docx`, so a row and a paragraph never read alike. The file pairs
  them with nothing, so the aligner pairs them among themselves (a Chinese title above the table
  with its Japanese title; one without a translation is an unmatched unit), as a reviewer would. Paragraphs with neither language
  (an export's file information in English) are counted, not read. A table holding less of that
  text than the paragraphs outside it (a term list in a document) is read as body text.
- Otherwise the body paragraphs (those in tables too, in reading order) become text, a blank
  line between paragraphs, and go through the same detection and parsers as a text file
  (mixed, interleaved, blocks, or a TAB table). A location is then the paragraph number:
  every paragraph of the body counted from 1, empty ones and those in table cells included.
- A document is parsed without network access and without expanding entities.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace

from lxml import etree

from ..errors import InputError
from ..lang.script import han_count, kana_count
from ..model import Bilingual, Segment, pairs_by_lines
from . import langid
from .grid import Cell, Sheet, choose_columns, column_number, columns_note, has_cjk, segments
from .paragraphs import join_pieces
from .office import ZIP_MAGIC, refuse_ole

DOCUMENT = "word/document.xml"
REPAIR_HINT = "open it in Word (which offers to repair it) and save it as Word Document (.docx), or copy it again"
# Elements whose content is not text of the document as it now reads.
_NOT_TEXT = {"del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "tblPr", "trPr", "tcPr",
             "sectPr", "Fallback", "footnoteReference", "endnoteReference", "commentReference"}


@dataclass(frozen=True)
class Para:
    """A body paragraph: its number (1-based, every paragraph of the body counted) and its text."""

    number: int
    text: str  # a line break inside the paragraph is "\n"


@dataclass(frozen=True)
class Table:
    """A Word table as a grid of cells (row numbers from 1, as one counts them in Word)."""

    sheet: Sheet
    paragraphs: tuple[Para, ...]  # its cells' paragraphs, in reading order


@dataclass(frozen=True)
class Body:
    """The body in order: paragraphs and tables."""

    items: tuple[Para | Table, ...]

    @property
    def paragraphs(self) -> list[Para]:
        out: list[Para] = []
        for item in self.items:
            out.extend(item.paragraphs if isinstance(item, Table) else (item,))
        return out

    @property
    def tables(self) -> list[Table]:
        return [item for item in self.items if isinstance(item, Table)]


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _run_text(el, parts: list[str]) -> None:
    for child in el:
        name = _local(child)
        if not name or name in _NOT_TEXT:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("\u2011")
        elif name == "p":  # a paragraph of a text box, inside a run: a line of this paragraph
            parts.append("\n")
            _run_text(child, parts)
        else:
            _run_text(child, parts)


def paragraph_text(p) -> str:
    parts: list[str] = []
    _run_text(p, parts)
    return "".join(parts)


class _Reader:
    """Walks the body once, numbering paragraphs as it meets them."""

    def __init__(self):
        self.count = 0

    def para(self, p) -> Para:
        self.count += 1
        return Para(self.count, paragraph_text(p))

    def blocks(self, el) -> list[Para | Table]:
        out: list[Para | Table] = []
        for child in el:
            name = _local(child)
            if name == "p":
                out.append(self.para(child))
            elif name == "tbl":
                out.append(self.table(child))
            elif name and name not in _NOT_TEXT:
                out.extend(self.blocks(child))  # content controls, custom XML, inserted blocks
        return out

    def _cells(self, tr) -> list:
        cells = []
        for child in tr:
            name = _local(child)
            if name == "tc":
                cells.append(child)
            elif name in ("sdt", "sdtContent", "customXml", "ins"):
                cells.extend(self._cells(child))
        return cells

    def table(self, tbl) -> Table:
        rows: dict[int, dict[int, list]] = {}  # row → first column → [text, last row, last column]
        merging: dict[int, list] = {}  # column → the cell a vertical merge (w:vMerge) continues
        paras: list[Para] = []
        for r, tr in enumerate((c for c in tbl if _local(c) == "tr"), start=1):
            col = _number(_child(tr, "trPr", "gridBefore"), 0)
            for tc in self._cells(tr):
                span = max(_number(_child(tc, "tcPr", "gridSpan"), 1), 1)
                vmerge = _child(tc, "tcPr", "vMerge")
                cell_paras = [p for item in self.blocks(tc)
                              for p in (item.paragraphs if isinstance(item, Table) else (item,))]
                paras.extend(cell_paras)
                text = "\n".join(p.text for p in cell_paras)
                if vmerge is not None and _val(vmerge) in (None, "continue") and col in merging:
                    entry = merging[col]
                    entry[1] = r
                    if text.strip():  # Word keeps a merged cell's text in its first cell; any other is kept too
                        entry[0] = f"{entry[0]}\n{text}" if entry[0] else text
                else:
                    entry = [text, r, col + span - 1]
                    rows.setdefault(r, {})[col] = entry
                    if vmerge is not None:
                        merging[col] = entry
                    else:
                        merging.pop(col, None)
                col += span
        cells = {r: {c: Cell(t, last, (c, last_col)) for c, (t, last, last_col) in row.items() if t.strip()}
                 for r, row in rows.items()}
        return Table(Sheet("table", {r: row for r, row in cells.items() if row}), tuple(paras))


def _child(el, *names: str):
    """The element reached by local names, child by child (any namespace: transitional or strict OOXML)."""
    for name in names:
        el = next((c for c in el if _local(c) == name), None) if el is not None else None
    return el


def _val(el) -> str | None:
    return next((v for k, v in el.attrib.items() if etree.QName(k).localname == "val"), None)


def _number(el, default: int) -> int:
    try:
        return max(int(_val(el) or default), 0) if el is not None else default
    except ValueError:
        return default


def read_body(data: bytes, *, file: str) -> Body:
    """The body of a .docx; InputError for what is not a readable Word document."""
    refuse_ole(data, file)
    if not data.startswith(ZIP_MAGIC):
        raise InputError("is not a Word document (.docx)", path=file,
                         hint="the file does not look like --layout docx; try --layout auto")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if DOCUMENT not in names:
                what = "an Excel workbook" if "xl/workbook.xml" in names else "a ZIP archive"
                raise InputError(f"is {what}, not a Word document (.docx)", path=file,
                                 hint="use --layout auto" if "xl/workbook.xml" in names else
                                 "give a .docx document, or export the text as UTF-8")
            xml = zf.read(DOCUMENT)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError) as exc:
        raise InputError(f"is a damaged or truncated Word document ({exc.__class__.__name__})", path=file,
                         hint=REPAIR_HINT) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"is a damaged Word document ({DOCUMENT}: {exc.msg})", path=file, hint=REPAIR_HINT) from None
    body = next((c for c in root if _local(c) == "body"), None)
    items = tuple(_Reader().blocks(body)) if body is not None else ()
    if not any(p.text.strip() for p in Body(items).paragraphs):
        raise InputError("is an empty Word document (its body holds no text)", path=file,
                         hint="give the document with its text; headers, footers and footnotes are not read")
    return Body(items)


def read_table(body: Body, *, file: str) -> Bilingual | None:
    """The first table with a Chinese and a Japanese column, read as a sheet, with the paragraphs outside it;
    None when there is none, or when most of the document's Chinese and Japanese text is outside it (a
    glossary table in a document)."""
    all_text = "".join(p.text for p in body.paragraphs)
    ev = langid.scorer(langid.forms_tell(all_text))
    for k, table in enumerate(body.tables, start=1):
        choice = choose_columns(table.sheet, ev) if table.sheet.rows else None
        if choice is None:
            continue
        inside = {p.number for p in table.paragraphs}
        outside = [p for p in body.paragraphs if p.number not in inside and has_cjk(p.text)]
        if _cjk_count(outside) > _cjk_count(table.paragraphs):
            return None
        zh, ja, unread = segments(table.sheet, choice, ev, f"{file} (table {k})")
        where = f"table {k}, {columns_note(choice, unread, column_number)}"
        other = sum(1 for p in body.paragraphs if p.number not in inside and p.text.strip() and not has_cjk(p.text))
        if outside:
            where += f"; {len(outside)} paragraph{'s' * (len(outside) > 1)} outside it read, paired by the aligner"
        if other:
            where += f"; {other} paragraph{'s' * (other > 1)} outside it without Chinese or Japanese text not read"
        zh, ja, pairs = _with_outside(zh, ja, outside, min(inside), ev, file)
        return Bilingual(zh, ja, "docx", where, (file,), pairs)
    return None


def _with_outside(zh: tuple[Segment, ...], ja: tuple[Segment, ...], outside: list[Para], table_at: int, ev,
                  file: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...], tuple]:
    """The table's rows and the paragraphs outside it, in document order, and the file's pairs: the rows.
    A paragraph outside the table goes to the language its script shows, is located by its paragraph
    number and is in no pair (the aligner pairs such paragraphs among themselves)."""
    segs = [Segment(join_pieces(p.text.split("\n")), "ja" if ev(p.text) > 0 else "zh", file, p.number, p.number)
            for p in outside]
    before = [s for s in segs if s.first_line < table_at]
    after = [s for s in segs if s.first_line > table_at]
    bz, bj = [s for s in before if s.lang == "zh"], [s for s in before if s.lang == "ja"]
    rows = tuple((tuple(len(bz) + i for i in gz), tuple(len(bj) + j for j in gj)) for gz, gj in pairs_by_lines(zh, ja))
    return ((*bz, *zh, *(s for s in after if s.lang == "zh")), (*bj, *ja, *(s for s in after if s.lang == "ja")),
            rows)


def _cjk_count(paras) -> int:
    return sum(han_count(p.text) + kana_count(p.text) for p in paras)


@dataclass(frozen=True)
class BodyText:
    """The body paragraphs as plain text, and the paragraph each line of it came from."""

    text: str
    paragraph_of_line: tuple[int, ...]  # index: line number - 1

    def relabel(self, segs: tuple[Segment, ...], file: str) -> tuple[Segment, ...]:
        """Segments located by line of this text, located by paragraph number instead."""
        def para(line: int) -> int:
            return self.paragraph_of_line[min(max(line, 1), len(self.paragraph_of_line)) - 1]
        return tuple(replace(s, first_line=para(s.first_line), last_line=para(s.last_line)) if s.file == file else s
                     for s in segs)


def body_text(body: Body) -> BodyText:
    """A blank line between paragraphs (each is one), a line break inside one kept as a line break."""
    lines: list[str] = []
    where: list[int] = []
    for p in body.paragraphs:
        if not p.text.strip():
            continue
        for line in p.text.split("\n"):
            lines.append(line)
            where.append(p.number)
        lines.append("")
        where.append(p.number)
    return BodyText("\n".join(lines), tuple(where))
