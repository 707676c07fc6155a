"""Lines into paragraphs: the rules every text layout shares.

Extractions of PDFs and web pages mark structure with a handful of conventions (blank
lines, two trailing spaces for a hard break, `**bold**`/`<b>` for headings, `<p>` cells).
The rules for telling a finished paragraph from one cut short live here, in one place,
so that every layout reader agrees on them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Markup the extractions add around text; removed from paragraph text, never from anything else.
MARKUP = re.compile(r"</?p>|</?b>|\*\*")
_BOLD_WHOLE = re.compile(r"^\s*(?:\*\*(?P<a>.*)\*\*|<b>(?P<b>.*)</b>)\s*$", re.S)
# `---\t---`, `--\t---`, `| --- | --- |`: table separator rows carry no text.
SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:[\t|]\s*:?-{2,}:?\s*)+\|?\s*$")

# A paragraph ending in one of these finished its sentence.
TERMINAL = frozenset("。！？；：.!?;:…．｡")
# Closing brackets and quotes are looked through: "…区）。" ends a sentence, "…区）" alone may not.
CLOSERS = frozenset("」』）)】〕》〉”’\"'］]｣")

_NUM = r"[一二三四五六七八九十百千〇零两]+"
LIST_MARKER = re.compile(
    r"^(?:"
    rf"{_NUM}[、．.]"                                  # 一、  二.
    rf"|[（(]\s*(?:{_NUM}|\d+|[a-zA-Z])\s*[）)]"       # （一） (1) (a)
    r"|\d+(?:\.\d+)*\s*[.、)）](?!\d)"                 # 1.  1.2.  3、 4)
    rf"|第\s*(?:{_NUM}|\d+)\s*[条章节節款项項部编編篇回]"  # 第三条 第一章
    r"|[①-⑳㈠-㈩⑴-⒇⒈-⒛Ⅰ-Ⅻⅰ-ⅻ]"                     # ① ⑴ Ⅱ
    r"|[a-zA-Z][.)]\s"                                  # a) b.
    r"|[・•●○■□◆◇▪▶►※★☆\-–—]\s?"                      # bullets
    r")"
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def strip_markup(text: str) -> str:
    return MARKUP.sub("", text)


def is_bold(text: str) -> bool:
    """A paragraph wholly wrapped in bold markup is a heading: it never runs on into the next one."""
    return bool(_BOLD_WHOLE.match(text.strip())) and bool(strip_markup(text).strip())


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1].rstrip()
    if not t:
        return True
    return t[-1] in TERMINAL


# A line that is wholly a date or a document number, perhaps after a short issuer name
# (`国务院`, `2020年8月28日`, `国函〔2020〕123号`): a dateline or reference, finished without a full stop.
_STANDALONE = re.compile(
    r"^[^\d。，、；：:,自于於至从從在到起的以由为為は]{0,12}(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}-\d{1,2}-\d{1,2}|[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*[号號]|第\s*\d+\s*[号號])$")


def is_standalone(text: str) -> bool:
    return bool(_STANDALONE.match(nfkc(strip_markup(text)).strip()))


def starts_list_item(text: str) -> bool:
    return bool(LIST_MARKER.match(nfkc(strip_markup(text)).lstrip()))


def _latin_end(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%)")


def join_pieces(pieces: list[str]) -> str:
    """Join pieces of one paragraph: no space between CJK, one space between two Latin/digit ends.

    A space is never inserted next to CJK, because Chinese and Japanese do not separate
    words with spaces and a PDF line break is not a word boundary there.
    """
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if out and _latin_end(out[-1]) and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def is_blank(line: str) -> bool:
    return not line.strip()


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines: the unit a blank line delimits."""

    lines: tuple[str, ...]
    first_line: int  # 1-based

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)

    @property
    def text(self) -> str:
        return join_pieces([strip_markup(line) for line in self.lines])

    @property
    def hard_broken(self) -> bool:
        """Lines ended by two spaces: a deliberately broken title or signature, not running text."""
        return len(self.lines) > 1 and all(line.endswith("  ") for line in self.lines[:-1])

    @property
    def heading(self) -> bool:
        return is_bold(self.raw) or self.hard_broken


def split_blocks(lines: list[str], start: int = 1, *, cut=None) -> list[Block]:
    """Blank-line separated blocks of `lines`; `start` is the number of the first line.

    `cut(line, next_line)` may end a block without a blank line (a change of language).
    """
    out: list[Block] = []
    buf: list[str] = []
    first = start
    for no, line in enumerate(lines, start=start):
        if is_blank(line):
            if buf:
                out.append(Block(tuple(buf), first))
                buf = []
        else:
            if buf and cut is not None and cut(buf[-1], line):
                out.append(Block(tuple(buf), first))
                buf = []
            if not buf:
                first = no
            buf.append(line)
    if buf:
        out.append(Block(tuple(buf), first))
    return out


def explode(blocks: list[Block]) -> list[Block]:
    """Each line its own block, except deliberately hard-broken titles."""
    out = []
    for b in blocks:
        if b.hard_broken or len(b.lines) == 1:
            out.append(b)
        else:
            out.extend(Block((line,), b.first_line + k) for k, line in enumerate(b.lines))
    return out


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def one_per_line(blocks: list[Block]) -> bool:
    """Is each line its own paragraph, rather than each blank-line block?

    Inside multi-line blocks, hard-wrapped text breaks mid-sentence at the column width,
    while in a file with a paragraph per line most line ends finish a sentence, or the next
    line opens a list item, or one of the two is a bold heading, or the line is clearly
    shorter than the next (a title). With no multi-line block the two readings agree.
    """
    breaks = total = 0
    for b in blocks:
        if len(b.lines) < 2 or b.hard_broken:
            continue
        for line, nxt in zip(b.lines, b.lines[1:]):
            total += 1
            # A wrapped line fills the column, so it is not clearly shorter than the line after it.
            if (ends_sentence(strip_markup(line)) or starts_list_item(nxt) or is_bold(line) or is_bold(nxt)
                    or len(line.strip()) + 2 < len(nxt.strip())):
                breaks += 1
    return total > 0 and breaks >= 0.5 * total


@dataclass(frozen=True)
class Para:
    """A paragraph before its language is settled: text plus provenance and structure flags."""

    text: str
    first_line: int
    last_line: int
    heading: bool = False


def _line_paras(blocks: list[Block]) -> list[Para]:
    out = []
    for b in blocks:
        if b.hard_broken:
            out.append(Para(b.text, b.first_line, b.last_line, True))
            continue
        for k, line in enumerate(b.lines):
            t = join_pieces([strip_markup(line)])
            if t:
                out.append(Para(t, b.first_line + k, b.first_line + k, is_bold(line)))
    return out


def paragraphs(text: str, start: int = 1, *, unwrap: bool = False, cut=None) -> list[Para]:
    """Paragraphs of plain text: blank-line blocks, or single lines when the text is one paragraph per line.

    With `unwrap`, every line starts as its own piece and lines cut at the column width
    are joined back (`dewrap`), whether or not blank lines sit between them: PDF
    extractions put a blank line after every physical line.
    """
    blocks = split_blocks(lines_of(text), start, cut=cut)
    if unwrap:
        return dewrap(_line_paras(blocks))
    if len(blocks) == 1 and len(blocks[0].lines) > 1 and not blocks[0].hard_broken:
        # No blank line anywhere: lines are the only structure there is.
        return _line_paras(blocks)
    if one_per_line(blocks):
        return _line_paras(blocks)
    return [Para(b.text, b.first_line, b.last_line, b.heading) for b in blocks if b.text]


def column_width(lengths: list[int]) -> int | None:
    """The width a PDF column cut its lines at, if there is one: many lines of (nearly) the same length.

    Text written a paragraph per line has no such width; wrapped text has it on most lines.
    """
    if len(lengths) < 3:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    best, best_count = None, 0
    for w in counts:
        if w < 12:  # narrower than any CJK print column
            continue
        c = counts.get(w, 0) + counts.get(w - 1, 0)
        if c > best_count or (c == best_count and best is not None and w > best):
            best, best_count = w, c
    if best is None or best_count < max(3, 0.25 * len(lengths)):
        return None
    return best


# `完成时限：2020年12月底`, `附件：…`: a labelled field, one line of its own, never part of a title.
_FIELD = re.compile(r"[：:]\s*\S")
TITLE_PIECE = 8  # a title wrapped over short lines: each piece but the last holds at least this many characters


def _title_run(prev: Para, p: Para, tail: int, width: int) -> bool:
    """Is `p` the next line of a title centred over several short lines (`国务院关于深化…` / `扩大开放…` / `…的批复`)?

    Both pieces fall short of the column, neither is a full sentence, a list item, a
    dateline or a labelled field, and the break does not fall in Latin text (a URL); the
    first is no mere label (`附件`). A title never opens with a list marker, which keeps
    numbered headings in the body apart from what follows them.
    """
    return (tail < 0.85 * width and len(p.text) < 0.85 * width and tail >= TITLE_PIECE
            and not ends_sentence(prev.text) and not starts_list_item(prev.text) and not is_standalone(prev.text)
            and not starts_list_item(p.text) and not is_standalone(p.text)
            and not _FIELD.search(prev.text) and not prev.text[-1].isascii() and not p.text[0].isascii())


def dewrap(paras: list[Para]) -> list[Para]:
    """Rejoin paragraphs that a PDF column cut at its line width, and titles centred over several lines.

    Only a piece that reaches the column width (less a paragraph indent) and does not
    finish its sentence runs on; a short line without a full stop is a title, not a wrapped
    line, and runs on only into the next short line of the same title.
    """
    width = column_width([len(p.text) for p in paras])
    if width is None:
        return list(paras)
    out: list[Para] = []
    tail = 0  # length of the last physical piece of out[-1]
    for p in paras:
        if out:
            prev = out[-1]
            if not prev.heading and not p.heading and (
                    (not ends_sentence(prev.text) and tail >= 0.85 * width and not starts_list_item(p.text))
                    or _title_run(prev, p, tail, width)):
                out[-1] = Para(join_pieces([prev.text, p.text]), prev.first_line, p.last_line, False)
                tail = len(p.text)
                continue
        out.append(p)
        tail = len(p.text)
    return out
