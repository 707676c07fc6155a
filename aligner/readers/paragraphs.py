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
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}")
_URL = re.compile(r"(?:https?://|www\.)\S*$", re.I)
_PAIRS = {"（": "）", "(": ")", "《": "》", "“": "”", "【": "】", "〔": "〕", "「": "」", "『": "』", "［": "］"}
_CLOSING = {c: o for o, c in _PAIRS.items()}


def is_dateline(text: str) -> bool:
    """A line that is wholly a date (perhaps after a short issuer name): what closes a signature block."""
    return is_standalone(text) and bool(_DATE.search(nfkc(strip_markup(text))))


_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$")


def is_page_number(text: str) -> bool:
    """A line that is only a number (`41`, `- 41 -`): a page footer that a PDF extraction leaves in the text."""
    return bool(_PAGE_NUMBER.match(nfkc(strip_markup(text))))


def visual_length(text: str) -> float:
    """Columns a line takes in a CJK print column: Latin letters, digits and spaces are half as wide."""
    return sum(0.5 if c.isascii() else 1.0 for c in text)


def _unclosed(text: str) -> set[str]:
    """Closing brackets `text` still owes: `（责任单位：` owes `）`."""
    depth: dict[str, int] = {}
    for c in text:
        if c in _PAIRS:
            depth[_PAIRS[c]] = depth.get(_PAIRS[c], 0) + 1
        elif c in _CLOSING and depth.get(c, 0) > 0:
            depth[c] -= 1
    return {c for c, n in depth.items() if n > 0}


def _closes(text: str, owed: set[str]) -> bool:
    """Does `text` close one of the `owed` brackets before opening another of its kind?"""
    for c in text:
        if c in owed:
            return True
        if c in _PAIRS and _PAIRS[c] in owed:
            return False
    return False


def _parallel(a: str, b: str) -> bool:
    """Two lines shaped as items of one list (`…税务局` / `…税务局`, `中华人民共和国北京海关` / `中华人民共和国天津海关`).

    Consecutive pieces of one wrapped title end and start alike only by chance; items of a
    list of names, one per line, share their ending (the kind of body) or their opening.
    """
    return a[-1] == b[-1] or a[:2] == b[:2]


def _title_run(prev: Para, last: str, p: Para, width: int) -> bool:
    """Is `p` the next line of a title centred over several short lines (`国务院关于深化…` / `扩大开放…` / `…的批复`)?

    Both pieces fall short of the column, neither is a full sentence, a list item, a
    dateline or a labelled field, and the break does not fall in Latin text (a URL); the
    first is no mere label (`附件`). A title never opens with a list marker, which keeps
    numbered headings in the body apart from what follows them. Two lines shaped as items
    of one list are not a title (`_parallel`).
    """
    return len(last) < 0.85 * width and len(p.text) < 0.85 * width and _title_pair(prev, last, p)


def _title_pair(prev: Para, last: str, p: Para) -> bool:
    """`_title_run` less the column: what two pieces of one title must be, however short the lines."""
    return (len(last) >= TITLE_PIECE
            and not ends_sentence(prev.text) and not starts_list_item(prev.text) and not is_standalone(prev.text)
            and not starts_list_item(p.text) and not is_standalone(p.text)
            and not _FIELD.search(prev.text) and not prev.text[-1].isascii() and not p.text[0].isascii()
            and not _parallel(last, p.text))


def _short_line(p: Para, width: int) -> bool:
    """A one-line paragraph short of the column that finishes no sentence: a title piece or a list item."""
    return (p.first_line == p.last_line and len(p.text) < 0.85 * width and not ends_sentence(p.text)
            and not starts_list_item(p.text) and not is_standalone(p.text))


def _list_lines(paras: list[Para], width: int) -> list[bool]:
    """Lines of a list of names, one per line, that must not be read as a title over short lines.

    Two shapes: a signature block, the run of short unpunctuated lines directly above a
    dateline (a notice ends with its issuers, `北京市财政局` / `国家税务总局北京市税务局` / …, then
    the date; a title is followed by its document number or its text, not by a date); and a
    run of three or more short lines of which at least a third of the neighbours are shaped
    as items of one list (`_parallel`).
    """
    out = [False] * len(paras)
    i = 0
    while i < len(paras):
        if not _short_line(paras[i], width):
            i += 1
            continue
        j = i
        while j + 1 < len(paras) and _short_line(paras[j + 1], width):
            j += 1
        run = paras[i:j + 1]
        pairs = sum(1 for a, b in zip(run, run[1:]) if _parallel(a.text, b.text))
        dated = j + 1 < len(paras) and is_dateline(paras[j + 1].text)
        if dated or (len(run) >= 3 and 3 * pairs >= len(run) - 1):
            out[i:j + 1] = [True] * len(run)
        i = j + 1
    return out


INDENT_SAMPLES = 8  # paragraph openings and continuations needed before a first-line indent is believed
INDENT_SHARE = 0.8  # ...and the share of each that must show it


def first_line_indent(paras: list[Para]) -> tuple[float, float, float] | None:
    """(column width, widest opening deficit, typical indent) when the extraction keeps paragraphs' first-line indent.

    Many PDF extractions drop the indent's spaces but keep its effect: a paragraph's first
    line holds a character or two fewer than the column, every later line fills it. Then a
    full line after a full line ending in a full stop continues the paragraph (the sentence
    ended at the column's edge), and a line short of the column by no more than an opening's
    indent, followed by a full line, is a first line, not a heading. Learnt from the
    document itself: openings are lines after a clearly short sentence end, continuations
    lines after a full unfinished one.
    """
    vis = [visual_length(p.text) for p in paras]
    width = column_width([int(v) for v in vis])
    if width is None:
        return None
    openings, continuations = [], []
    for k in range(1, len(paras) - 1):
        prev, p = paras[k - 1].text, paras[k].text
        if starts_list_item(p) or ends_sentence(p):
            continue  # a one-line paragraph or a numbered item: its length says nothing about indents
        if ends_sentence(prev) and vis[k - 1] < width - 3:
            openings.append(width - vis[k])
        elif not ends_sentence(prev) and vis[k - 1] >= width - 1:
            continuations.append(width - vis[k])
    if len(openings) < INDENT_SAMPLES or len(continuations) < INDENT_SAMPLES:
        return None
    indented = sum(1 for d in openings if d >= 1.5) / len(openings)
    flush = sum(1 for d in continuations if d <= 1) / len(continuations)
    if indented < INDENT_SHARE or flush < INDENT_SHARE:
        return None
    ordered = sorted(openings)
    deficit = ordered[int(INDENT_SHARE * (len(ordered) - 1))]
    return float(width), min(deficit + 1, 0.25 * width), ordered[len(ordered) // 2]


def _indent_run_on(prev: Para, last: str, p: Para, indent: tuple[float, float, float]) -> bool:
    """Does `p` continue `prev` by the first-line indent (see `first_line_indent`)?"""
    width, slack, indented = indent
    if visual_length(p.text) < width - 1 or starts_list_item(p.text) or is_standalone(p.text):
        return False  # p is indented (or short): it opens a paragraph or is one
    short = width - visual_length(last)
    if ends_sentence(prev.text):
        # The sentence ended at the column's edge: a full line, or a full first line. Not a first line
        # ending in a colon: a salutation (`各区人民政府，…各市属机构：`) is a paragraph of its own.
        return short <= 1 or (last == prev.text and short <= indented + 0.5 and not starts_list_item(prev.text)
                              and prev.text.rstrip()[-1] not in "：:")
    return short <= slack and not prev.text[-1].isascii()


def _indented_opening(p: Para, nxt: Para | None, indent) -> bool:
    """Is `p` the indented first line of a paragraph: short of the column, yet wrapped onto a full line?"""
    if indent is None or nxt is None:
        return False
    width = indent[0]
    return (visual_length(p.text) <= width - 1.5 and width - 1 <= visual_length(nxt.text) <= width + 2
            and not ends_sentence(p.text) and not starts_list_item(nxt.text) and not _URL.match(nxt.text))


def _runs_on(prev: Para, last: str, p: Para, width: int, indent, listed: bool, opening: bool) -> bool:
    """Does line `p` continue paragraph `prev`, whose last physical line is `last`?

    The surest signs first: markup headings and links never run on, a bracket left open
    runs on to the line that closes it; then an indented first line never continues; then
    the column width, the first-line indent and, for short lines not of a list, titles.
    """
    if prev.heading or p.heading:
        return False
    if _URL.search(last) and not (p.text[0].isascii() and not _URL.match(p.text)):
        return False  # a link ends its line; only a link's own tail (Latin) runs on from it
    if _URL.match(p.text):
        return False
    owed = _unclosed(prev.text)
    if owed and prev.text.rstrip()[-1] not in "。！？.!?" and not starts_list_item(p.text) and _closes(p.text, owed):
        return True  # `（责任单位：` / `市人力资源社会保障局）`: a bracket left open is closed on the next line
    if opening:
        return False
    if not ends_sentence(prev.text) and len(last) >= 0.85 * width and not starts_list_item(p.text):
        return True
    if indent is not None and _indent_run_on(prev, last, p, indent):
        return True
    return not listed and _title_run(prev, last, p, width)


TITLE_SHARE = 0.5  # a title piece in a file without a column: at most this share of a typical finished paragraph
TITLE_PIECES = 3  # ...and a title spreads over at most this many lines


def _opening_title(paras: list[Para]) -> list[Para]:
    """A title centred over the first few lines of a file written a paragraph per line (`北京市深化服务业扩大开放` / `促进外商投资实施方案`).

    Without a column width a short line says little, so only the document's opening is
    read this way: lines before its first finished sentence, each far shorter than its
    typical finished paragraph, are pieces of one title under the same rules as in a
    column (`_title_run`), a piece wholly in brackets (`（征求意见稿）`) being a note of its own,
    and a line ending in a colon the addressee under the title (`北京市人民政府、商务部：`):
    a title never ends in a colon.
    """
    finished = sorted(len(p.text) for p in paras if ends_sentence(p.text))
    if len(paras) < 3 or len(finished) < 3:
        return list(paras)
    limit = TITLE_SHARE * finished[len(finished) // 2]
    head = paras[0]
    pieces = 1
    for p in paras[1:TITLE_PIECES]:
        last = paras[pieces - 1].text
        if (len(last) > limit or len(p.text) > limit or p.first_line != p.last_line
                or (p.text[0] in _PAIRS and p.text[-1] in _CLOSING) or p.text[-1] in "：:" or head.heading or p.heading
                or not _title_pair(head, last, p)):
            break
        head = Para(join_pieces([head.text, p.text]), head.first_line, p.last_line, False)
        pieces += 1
    return [head] + list(paras[pieces:])


def _blank_separated(paras: list[Para]) -> bool:
    """Is every paragraph one line with a blank line before the next, as a file written by hand or by a program?

    Then the blank lines are paragraph marks: a short opening line is a title of its own,
    and the line after it (an addressee, a document number) must not be joined to it. A
    paragraph-per-line extraction (corpora/004) leaves blank lines only here and there.
    """
    return len(paras) > 1 and all(p.first_line == p.last_line for p in paras) and \
        all(b.first_line > a.last_line + 1 for a, b in zip(paras, paras[1:]))


def dewrap(paras: list[Para]) -> list[Para]:
    """Rejoin paragraphs that a PDF column cut at its line width, and titles centred over several lines.

    Only a piece that reaches the column width (less a paragraph indent) and does not
    finish its sentence runs on; a short line without a full stop is a title, not a wrapped
    line, and runs on only into the next short line of the same title, unless the two are
    lines of a list or of a signature block. Where the extraction keeps first-line indents,
    they decide what a full line after a full stop is.
    """
    width = column_width([len(p.text) for p in paras])
    if width is None:
        # No column cut these lines: blank lines between all of them are the author's paragraph marks.
        return list(paras) if _blank_separated(paras) else _opening_title(paras)
    indent = first_line_indent(paras)
    listed = _list_lines(paras, width)
    out: list[Para] = []
    held: list[Para] = []  # page numbers met since the last line of text
    crossed: list[Para] = []  # page numbers a paragraph ran across
    last = ""  # the last physical piece of out[-1]
    for k, (p, in_list) in enumerate(zip(paras, listed)):
        if out and is_page_number(p.text) and p.first_line == p.last_line:
            held.append(p)
            continue
        opening = _indented_opening(p, paras[k + 1] if k + 1 < len(paras) else None, indent)
        if out and _runs_on(out[-1], last, p, width, indent, in_list, opening):
            prev = out[-1]
            out[-1] = Para(join_pieces([prev.text, p.text]), prev.first_line, p.last_line, False)
            crossed += held
        else:
            out += held
            out.append(p)
        held = []
        last = p.text
    # A page number the text ran across stays a paragraph of its own, after the paragraph it interrupted.
    return sorted(out + held + crossed, key=lambda q: q.first_line) if crossed else out + held
