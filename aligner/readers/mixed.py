"""Chinese and Japanese interleaved in page-sized chunks, as a PDF extraction of a bilingual edition gives them.

Each page holds a run of Chinese paragraphs and then the Japanese of the same passage
(or, in table pages, one row: Chinese cells TAB Japanese cells). A paragraph cut by the
page break continues after the other language's chunk, so each language's paragraph
that ends its chunk mid-sentence is joined with the first paragraph of the next chunk.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Bilingual, Segment
from . import langid
from .paragraphs import (SEPARATOR_ROW, Block, ends_sentence, explode, is_bold, is_standalone, join_pieces, nfkc,
                         one_per_line, split_blocks, starts_list_item, strip_markup)

_CELL_SPLIT = re.compile(r"</?p>")


@dataclass
class Item:
    lang: str
    text: str
    first_line: int
    last_line: int
    heading: bool
    starts_chunk: bool


def is_table_row(line: str) -> bool:
    return "\t" in line and "<p>" in line


def row_cells(column: str) -> list[tuple[str, bool]]:
    """The cells of one table column: (text, is_heading). Text outside `<p>` is kept as a cell too."""
    out = []
    for piece in _CELL_SPLIT.split(column):
        text = join_pieces([strip_markup(piece)])
        if text:
            out.append((text, is_bold(piece)))
    return out


def units(lines: list[str], cut=langid.language_cut) -> list[tuple[str, object]]:
    """The document as a sequence of ("text", [Block…]) runs and ("row", (line_no, left, right)) rows."""
    out: list[tuple[str, object]] = []
    run: list[str] = []
    run_start = 1
    for no, line in enumerate(lines, start=1):
        if SEPARATOR_ROW.match(line) or is_table_row(line):
            if run:
                out.append(("text", split_blocks(run, run_start, cut=cut)))
            run, run_start = [], no + 1
            if is_table_row(line):
                left, right = line.split("\t", 1)
                out.append(("row", (no, row_cells(left), row_cells(right))))
            continue
        if not run:
            run_start = no
        run.append(line)
    if run:
        out.append(("text", split_blocks(run, run_start, cut=cut)))
    return out


CONTINUATION_BONUS = 2.0  # what a fitting page-break continuation is worth: about a weak script signal
HEADING_LEAN = 0.75  # a heading with no script evidence goes with the text it introduces


def _is_open(item: "Item | None") -> bool:
    return item is not None and not item.heading and not ends_sentence(item.text) and not is_standalone(item.text)


def _heading_like(b: Block) -> bool:
    return b.heading or (starts_list_item(b.text) and not ends_sentence(b.text) and len(b.text) <= 40)


def block_scores(blocks: list[Block], ev: list[float]) -> list[float]:
    """Script evidence per block; a heading with little of it leans towards the strongly marked block after it."""
    out = list(ev)
    for i, b in enumerate(blocks[:-1]):
        if _heading_like(b) and abs(ev[i]) < 1.5 and abs(ev[i + 1]) >= 3:
            out[i] += HEADING_LEAN if ev[i + 1] > 0 else -HEADING_LEAN
    return out


def assign_languages(blocks: list[Block], *, open0: dict[str, bool], switch_cost: float,
                     bonus: float = CONTINUATION_BONUS, ev: list[float] | None = None) -> list[str]:
    """Language per block: chunk Viterbi whose state also knows whether each language's last paragraph is unfinished.

    A block that opens a chunk of a language whose last paragraph was cut mid-sentence,
    and that could continue it (no list marker, not a heading), earns `bonus` for that
    language: short page-break fragments (`告。`) carry too little script to decide alone.
    The first block of a run always opens a chunk.
    """
    if not blocks:
        return []
    scores = block_scores(blocks, ev if ev is not None else [langid.evidence(b.text) for b in blocks])
    cont = [not b.heading and not starts_list_item(b.text) and not is_standalone(b.text) for b in blocks]
    leaves_open = [not b.heading and not ends_sentence(b.text) and not is_standalone(b.text) for b in blocks]
    langs = (langid.ZH, langid.JA)

    def after(state_open: tuple[bool, bool], lang: str, i: int, new_chunk: bool) -> tuple[float, tuple[bool, bool]]:
        k = langs.index(lang)
        gain = bonus if new_chunk and state_open[k] and cont[i] else 0.0
        opened = list(state_open)
        opened[k] = leaves_open[i]
        return gain, (opened[0], opened[1])

    def emit(lang: str, i: int) -> float:
        return scores[i] if lang == langid.JA else -scores[i]

    start = (open0[langid.ZH], open0[langid.JA])
    layer: dict[tuple, tuple[float, tuple | None]] = {}
    for lang in langs:
        gain, op = after(start, lang, 0, True)
        state = (lang, op)
        val = emit(lang, 0) + gain + (1e-9 if lang == langid.ZH else 0.0)
        if state not in layer or val > layer[state][0]:
            layer[state] = (val, None)
    history = [layer]
    for i in range(1, len(blocks)):
        nxt: dict[tuple, tuple[float, tuple | None]] = {}
        for (plang, pop), (pval, _) in layer.items():
            for lang in langs:
                switch = lang != plang
                gain, op = after(pop, lang, i, switch)
                val = pval + emit(lang, i) + gain - (switch_cost if switch else -1e-9)
                state = (lang, op)
                if state not in nxt or val > nxt[state][0]:
                    nxt[state] = (val, (plang, pop))
        layer = nxt
        history.append(layer)
    state = max(layer, key=lambda st: layer[st][0])
    path = []
    for i in range(len(blocks) - 1, -1, -1):
        path.append(state[0])
        state = history[i][state][1]
    return path[::-1]


BALANCE_GAIN = 2  # pages' paragraph counts brought closer by this much: see split_hidden
WEAK = 1.0  # |evidence| below this: the block's script does not say which language it is
MIRROR = 1.0  # worth of a weak block's numbers reappearing in the other language's chunk of its page
UNMATCHED = 0.5  # ...or in the other language somewhere, more often than in the block's own (a page-break lag)
_DIGITS = re.compile(r"\d+")


def _anchor(text: str) -> tuple[str, ...]:
    return tuple(_DIGITS.findall(nfkc(text)))


def _chunks(langs: list[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for i, lang in enumerate(langs):
        if out and out[-1][0] == lang:
            out[-1] = (lang, out[-1][1], i + 1)
        else:
            out.append((lang, i, i + 1))
    return out


def settle_weak(blocks: list[Block], langs: list[str], ev: list[float]) -> list[str]:
    """Blocks without script evidence at chunk boundaries, placed by the pages rather than by position alone.

    The chunk Viterbi is indifferent to where a boundary falls inside a run of weak blocks
    (`附件`, a date, a document number): every placement costs one switch. A chunk and the
    next one translate each other (a page), so the runs are split, all together, where
    each page's two chunks hold the same number of paragraphs and a weak block's numbers
    (a date, a document number) reappear in the other chunk of its page, or at least in
    the other language more often than in the block's own (a translation keeps its
    numbers; a page break can push the translation's copy to the next page). Ties keep
    the Viterbi's choice.
    """
    chunks = _chunks(langs)
    if len(chunks) < 2:
        return list(langs)
    weak = [abs(e) < WEAK for e in ev]
    positions: list[list[int]] = [[0]]  # candidate start of chunk 0, then each boundary, then the end
    for (_, a0, a1), (_, b0, b1) in zip(chunks, chunks[1:]):
        s, e = a1, b0
        while s - 1 > a0 and weak[s - 1]:
            s -= 1
        while e + 1 < b1 and weak[e]:
            e += 1
        positions.append(sorted(range(s, e + 1), key=lambda t: t != a1))  # the Viterbi's own split first
    positions.append([len(blocks)])
    if all(len(c) == 1 for c in positions):
        return list(langs)
    moved = {j for c in positions for j in range(min(c), max(c))}
    anchors = [_anchor(b.text) for b in blocks]
    fixed_count = {lang: Counter(anchors[j] for j in range(len(blocks)) if j not in moved and langs[j] == lang)
                   for lang in (langid.ZH, langid.JA)}
    other = {langid.ZH: langid.JA, langid.JA: langid.ZH}

    def unmatched(lo: int, hi: int, lang: str) -> float:
        return UNMATCHED * sum(1 for j in range(lo, hi) if j in moved and anchors[j]
                               and fixed_count[other[lang]][anchors[j]] > fixed_count[lang][anchors[j]])

    def page_fit(lo: int, mid: int, hi: int) -> float:
        fit = -abs((mid - lo) - (hi - mid))
        for mine, other in (((lo, mid), (mid, hi)), ((mid, hi), (lo, mid))):
            fixed = {anchors[j] for j in range(*other) if j not in moved and anchors[j]}
            fit += MIRROR * sum(1 for j in range(*mine) if j in moved and anchors[j] and anchors[j] in fixed)
        return fit

    # Page k is chunks 2k and 2k+1, bounded by positions 2k, 2k+1, 2k+2: a chain, solved by
    # dynamic programming over (previous position, this position).
    layer = {(None, 0): (0.0, [0])}
    for i in range(1, len(positions)):
        nxt: dict = {}
        for (prev, cur), (val, path) in layer.items():
            for t in positions[i]:
                if t <= cur:
                    continue
                gain = page_fit(prev, cur, t) if i % 2 == 0 else 0.0
                gain += unmatched(cur, t, chunks[i - 1][0])
                gain -= 1e-9 * (t != positions[i][0])
                key = (cur, t)
                if key not in nxt or val + gain > nxt[key][0]:
                    nxt[key] = (val + gain, path + [t])
        layer = nxt
    _, path = max(layer.values(), key=lambda vp: vp[0])
    out = []
    for k, (lang, _, _) in enumerate(chunks):
        out += [lang] * (path[k + 1] - path[k])
    return out


def split_hidden(blocks: list[Block], langs: list[str], ev: list[float]) -> list[str]:
    """Blocks inside a chunk that are a page of the other language, found by page balance.

    A one-line paragraph of very short sentences (`改監。`) can carry no script evidence at all
    (a Shift_JIS file spells its Chinese in Japanese forms), and when it opens a page of its
    own between two chunks of the other language, the chunk Viterbi keeps it in that
    language: two switches cost more than the little it leans the other way. But a page's
    two chunks translate each other paragraph for paragraph, so a chunk that outnumbers its
    partner is suspect. A block inside it (not its first or last, not a heading) whose
    evidence does not clearly speak for the chunk's language is made a chunk of the other
    language, which starts a new page, when that brings the pages' paragraph counts closer
    by at least `BALANCE_GAIN`. A paragraph that a page break cut counts once. A run's
    first block opens a page, so there the question is whether it is that page's Chinese.
    """
    langs = list(langs)
    cont = [not b.heading and not starts_list_item(b.text) and not is_standalone(b.text) for b in blocks]
    open_ = [not b.heading and not ends_sentence(b.text) and not is_standalone(b.text) for b in blocks]
    quiet = [not _heading_like(b) for b in blocks]

    def size(lo: int, hi: int, before: int) -> int:
        """Paragraphs of blocks lo..hi-1; `before` is the same language's block before them (-1: none)."""
        return (hi - lo) - (1 if before >= 0 and open_[before] and cont[lo] else 0)

    changed = True
    while changed:
        changed = False
        last_of = {langid.ZH: [-1] * len(langs), langid.JA: [-1] * len(langs)}  # same-language block before i
        seen = {langid.ZH: -1, langid.JA: -1}
        for i, lang in enumerate(langs):
            last_of[langid.ZH][i], last_of[langid.JA][i] = seen[langid.ZH], seen[langid.JA]
            seen[lang] = i
        chunks = _chunks(langs)
        for ci, (lang, a, b) in enumerate(chunks):
            first_of_page = ci % 2 == 0
            pi = ci + 1 if first_of_page else ci - 1
            if pi >= len(chunks) or b - a < 3:
                continue
            plang, pa, pb = chunks[pi]
            partner = size(pa, pb, last_of[plang][pa])
            whole = size(a, b, last_of[lang][a])
            best, best_gain = -1, BALANCE_GAIN - 1e-9
            for w in range(a + 1, b - 1):
                if not quiet[w] or (ev[w] if lang == langid.JA else -ev[w]) >= WEAK:
                    continue
                head = size(a, w, last_of[lang][a])
                hidden = size(w, w + 1, last_of[plang][w])
                tail = size(w + 1, b, w - 1)
                if first_of_page:  # (head, hidden) is a page, then (tail, partner)
                    after = abs(head - hidden) + abs(tail - partner)
                else:  # (partner, head), then (hidden, tail)
                    after = abs(partner - head) + abs(hidden - tail)
                gain = abs(whole - partner) - after
                if gain > best_gain:
                    best, best_gain = w, gain
            if best >= 0:
                langs[best] = plang
                changed = True
                break
    # A run opens a page, and a page opens with its Chinese: a Japanese first chunk whose
    # first block does not clearly speak for Japanese may be that page's Chinese.
    if len(langs) > 2 and langs[0] == langs[1] == langid.JA and quiet[0] and ev[0] < WEAK:
        flipped = [langid.ZH] + langs[1:]
        if _imbalance(langs, open_, cont) - _imbalance(flipped, open_, cont) >= BALANCE_GAIN:
            langs = flipped
    return langs


def _imbalance(langs: list[str], open_: list[bool], cont: list[bool]) -> int:
    """How far a run's pages (chunks paired in order) are from holding as many paragraphs in each language."""
    sizes = []
    chunks = _chunks(langs)
    for ci, (_, a, b) in enumerate(chunks):
        before = chunks[ci - 2][2] - 1 if ci >= 2 else -1
        sizes.append((b - a) - (1 if before >= 0 and open_[before] and cont[a] else 0))
    if len(sizes) % 2:
        sizes.append(0)
    return sum(abs(x - y) for x, y in zip(sizes[::2], sizes[1::2]))


def _items(lines: list[str], switch_cost: float, forms: bool = True) -> list[Item]:
    items: list[Item] = []
    ev_of = langid.scorer(forms)
    parts = units(lines, langid.cutter(forms))
    # Paragraphs one per line without blank lines between: every line is a block of its own.
    if one_per_line([b for kind, payload in parts if kind == "text" for b in payload]):  # type: ignore[union-attr]
        parts = [(kind, explode(payload) if kind == "text" else payload) for kind, payload in parts]  # type: ignore[arg-type]
    for kind, payload in parts:
        if kind == "row":
            no, left, right = payload  # type: ignore[misc]
            l_ev = sum(ev_of(t) for t, _ in left)
            r_ev = sum(ev_of(t) for t, _ in right)
            # The Chinese column comes first unless the script says the columns are the other way round.
            cols = ((langid.JA, left), (langid.ZH, right)) if l_ev > r_ev else ((langid.ZH, left), (langid.JA, right))
            for lang, cells in cols:
                for k, (text, heading) in enumerate(cells):
                    items.append(Item(lang, text, no, no, heading, k == 0))
            continue
        blocks: list[Block] = [b for b in payload if b.text]  # type: ignore[union-attr]
        open0 = {lang: _is_open(next((it for it in reversed(items) if it.lang == lang), None))
                 for lang in (langid.ZH, langid.JA)}
        ev = [ev_of(b.text) for b in blocks]
        langs = settle_weak(blocks, assign_languages(blocks, open0=open0, switch_cost=switch_cost, ev=ev), ev)
        langs = split_hidden(blocks, langs, ev)
        after_row = bool(items)
        for k, (b, lang) in enumerate(zip(blocks, langs)):
            new_chunk = (k == 0 and after_row) or not items or items[-1].lang != lang
            items.append(Item(lang, b.text, b.first_line, b.last_line, b.heading, new_chunk))
    return items


def continues(prev: Item, cur: Item) -> bool:
    """Is `cur` the rest of `prev`, cut by a page break? Only across a chunk boundary."""
    return (cur.starts_chunk and not prev.heading and not cur.heading
            and not ends_sentence(prev.text) and not starts_list_item(cur.text)
            and not is_standalone(prev.text) and not is_standalone(cur.text))


def merge_continuations(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        if out and continues(out[-1], it):
            prev = out[-1]
            out[-1] = Item(prev.lang, join_pieces([prev.text, it.text]), prev.first_line, it.last_line,
                           False, prev.starts_chunk)
        else:
            out.append(it)
    return out


def parse(text: str, *, file: str, encoding: str, switch_cost: float = 2.5) -> Bilingual:
    items = _items(text.split("\n"), switch_cost, langid.forms_tell(text))
    result = {}
    for lang in (langid.ZH, langid.JA):
        merged = merge_continuations([it for it in items if it.lang == lang])
        result[lang] = tuple(Segment(it.text, lang, file, it.first_line, it.last_line) for it in merged)
    return Bilingual(result["zh"], result["ja"], "mixed", encoding, (file,))


def has_table_rows(text: str) -> bool:
    return any(is_table_row(line) for line in text.split("\n"))
