"""Generated bilingual documents for reader tests: paragraph lists rendered into every layout.

The paragraphs are built from realistic alphabets (simplified hanzi, Japanese kanji forms,
hiragana, katakana, digits, Latin acronyms, each language's punctuation) so that a reader
has to do real work; the truth is the paragraph lists, never the reader's own output.
"""
from __future__ import annotations

import csv
import io
import random
import re

from hypothesis import strategies as st

from aligner.readers import langid
from aligner.readers.paragraphs import ends_sentence, starts_list_item

ZH_HAN = "务业发开实为这个们设区国经济贸易投资数据体系统筹协调推进组织领导关于计划资金项目监管农术产权专门"
ZH_SHARED = "国家服务扩大放综合试点建设示范工作方案施展改革创新年月日市部门规定政策支持"
JA_KANJI = "務業発総実設区国経済貿易投資体系統推進組織指導関係計画資金項目監督農術権専門"
HIRA = "あいうえおかきくけこさしすせそたちつてとなにのはひふへほまみむめもやよらりるれろわをんがぎぐげござじずぜぞだでどばびぶべぼ"
KATA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダデドバビブベボパピプペポー"
ACRONYMS = ["AI", "SaaS", "QFLP", "IDC", "5G"]
ZH_MARKERS = ["一、", "二、", "（一）", "(二) ", "1. ", "12. ", "第三条 "]
JA_MARKERS = ["一、", "二、", "（一）", "(二) ", "1. ", "12. ", "第三条 "]

_SPACES = re.compile(r"\s")


def squash(text: str) -> str:
    return _SPACES.sub("", text)


@st.composite
def zh_sentence(draw) -> str:
    body = draw(st.lists(st.sampled_from(ZH_HAN + ZH_SHARED), min_size=4, max_size=20))
    extras = draw(st.lists(st.sampled_from(["，", "、", "“", "”", "《", "》", "2025", "80%", " 2020 年"] + ACRONYMS),
                           max_size=3))
    for k, extra in enumerate(extras):
        body.insert(1 + (k * 5) % (len(body) - 1), extra)
    # A clause with a fullwidth comma and simplified forms: how Chinese prose looks (in real
    # prose a fifth or more of the Han characters are simplified-only; never fewer than three here).
    return ("".join(body[:2]) + "务，" + "".join(body[2:]) + draw(st.sampled_from(ZH_HAN[:8])) + "发"
            + draw(st.sampled_from("。。。；！？")))


@st.composite
def ja_sentence(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(2, 5))):
        parts.append("".join(draw(st.lists(st.sampled_from(JA_KANJI + ZH_SHARED), min_size=1, max_size=4))))
        parts.append("".join(draw(st.lists(st.sampled_from(HIRA), min_size=1, max_size=3))))
        if draw(st.booleans()):
            parts.append("".join(draw(st.lists(st.sampled_from(KATA), min_size=2, max_size=6))))
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(st.sampled_from(["、", "・", "「", "」", "（", "）", "2025", "50%"] + ACRONYMS)))
    return "".join(parts) + "する。"


@st.composite
def paragraph(draw, lang: str) -> str:
    sent = zh_sentence() if lang == "zh" else ja_sentence()
    text = "".join(draw(st.lists(sent, min_size=1, max_size=4)))
    if draw(st.integers(0, 3)) == 0:
        text = draw(st.sampled_from(ZH_MARKERS if lang == "zh" else JA_MARKERS)) + text
    return text


@st.composite
def heading(draw, lang: str) -> str:
    if lang == "zh":
        # At least one simplified-only form, as the Japanese headings carry one Japanese form: a
        # heading with no script evidence at all is settled by where it stands (tested by hand).
        core = draw(st.sampled_from(ZH_HAN[:8])) + "".join(draw(st.lists(st.sampled_from(ZH_HAN), min_size=2, max_size=7)))
    elif draw(st.booleans()):
        core = "".join(draw(st.lists(st.sampled_from(JA_KANJI), min_size=1, max_size=4))) + "の" + \
            "".join(draw(st.lists(st.sampled_from(KATA), min_size=2, max_size=5))) + "推進"
    else:
        # No kana at all, as Japanese headings often are: only the Japanese character forms tell.
        core = draw(st.sampled_from("務業発総実設経")) + "".join(draw(st.lists(st.sampled_from(JA_KANJI[:9]), max_size=5)))
    return draw(st.sampled_from(["一、", "二、", "三、", ""])) + core


@st.composite
def document(draw, *, min_paras: int = 1, max_paras: int = 8, headings: bool = True):
    """Parallel paragraph lists [(text, is_heading)] for zh and ja (a paragraph-for-paragraph translation)."""
    n = draw(st.integers(min_paras, max_paras))
    zh, ja = [], []
    for _ in range(n):
        if headings and draw(st.integers(0, 4)) == 0:
            zh.append((draw(heading("zh")), True))
            ja.append((draw(heading("ja")), True))
        else:
            zh.append((draw(paragraph("zh")), False))
            ja.append((draw(paragraph("ja")), False))
    if all(h for _, h in zh):  # every document has running text, not only headings
        zh.append((draw(paragraph("zh")), False))
        ja.append((draw(paragraph("ja")), False))
    return zh, ja


def texts(paras) -> list[str]:
    return [t for t, _ in paras]


# ---------------------------------------------------------------- renderers


_NO_LINE_START = set("、。，．・：；？！」』）〕》〉ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ")


def wrap(text: str, width: int) -> str:
    """Hard-wrap at `width`, never right after a full stop.

    A wrapped line that happens to end a sentence is indistinguishable from a paragraph
    per line when a block has only that one line break; real columns rarely do it on every
    line, which is what the reader's statistics rely on.
    """
    lines, i = [], 0
    while i < len(text):
        j = min(len(text), i + width)
        # Nor before a character Japanese line breaking keeps off a line start (kinsoku).
        while j < len(text) and j - i > 1 and (ends_sentence(text[i:j]) or text[j] in _NO_LINE_START):
            j -= 1
        lines.append(text[i:j])
        i = j
    return "\n".join(lines)


def render_pair(zh, ja, *, per_line: bool, wrap_width: int = 0) -> tuple[str, str]:
    def one(paras):
        if per_line:
            return "\n".join(t for t, _ in paras) + "\n"
        return "\n\n".join(wrap(t, wrap_width) if wrap_width and not h else t for t, h in paras) + "\n"
    return one(zh), one(ja)


def render_blocks(zh, ja, *, per_line: bool) -> str:
    sep = "\n" if per_line else "\n\n"
    return sep.join(texts(zh)) + "\n\n" + sep.join(texts(ja)) + "\n"


def render_interleaved(zh, ja, *, wrap_width: int = 0, tight: bool = False) -> str:
    """zh paragraph, then its ja; `tight` puts the translation right under its source, no blank line."""
    out = []
    for (zt, _), (jt, jh) in zip(zh, ja):
        jt = wrap(jt, wrap_width) if wrap_width and not jh else jt
        if tight:
            out.append(zt + "\n" + jt)
        else:
            out += [zt, jt]
    return "\n\n".join(out) + "\n"


def render_table(zh, ja, *, delimiter: str, header: bool, ja_first: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if header:
        w.writerow(["ja", "zh"] if ja_first else ["zh", "ja"])
    for (zt, _), (jt, _) in zip(zh, ja):
        w.writerow([jt, zt] if ja_first else [zt, jt])
    return buf.getvalue()


def _cut_point(text: str, lang: str, rng: random.Random) -> int | None:
    """Where a page break may cut `text` so that a reader can tell: mid-sentence, not before a list marker."""
    sign = 1 if lang == "ja" else -1
    candidates = list(range(3, len(text) - 3))
    rng.shuffle(candidates)
    for k in candidates[:12]:
        if (not ends_sentence(text[:k]) and not starts_list_item(text[k:]) and not text[k].isspace()
                and not text[k - 1].isspace()
                and sign * langid.evidence(text[k:]) >= 3 and sign * langid.evidence(text[:k]) >= 3):
            return k
    return None


def render_mixed(zh, ja, *, seed: int, table_pages: bool = True, blank_lines: bool = True) -> str:
    """Page chunks: each page holds some Chinese paragraphs then their Japanese; page breaks cut paragraphs.

    Headings are bold (the layout's convention); some pages are `<p>` table rows with a
    `---\\t---` separator row after them.
    """
    rng = random.Random(seed)
    n = len(zh)
    bounds, i = [], 0
    while i < n:
        j = min(n, i + rng.randint(1, 4))
        while j < n and all(h for _, h in zh[i:j]):
            j += 1
        bounds.append((i, j))
        i = j
    if len(bounds) > 1 and all(h for _, h in zh[bounds[-1][0]:bounds[-1][1]]):
        # A page holds running text; a last page of headings alone joins the page before it.
        bounds[-2:] = [(bounds[-2][0], n)]
    pages = []  # per page: {"zh": [pieces], "ja": [pieces]}, pieces are (text, heading)
    carry = {"zh": None, "ja": None}
    for pno, (a, b) in enumerate(bounds):
        page = {}
        for lang, paras in (("zh", zh), ("ja", ja)):
            pieces = []
            if carry[lang] is not None:
                pieces.append((carry[lang], False))
                carry[lang] = None
            for k in range(a, b):
                t, h = paras[k]
                last = k == b - 1 and pno < len(bounds) - 1
                if last and not h and rng.random() < 0.6:
                    cut = _cut_point(t, lang, rng)
                    if cut is not None:
                        pieces.append((t[:cut], False))
                        carry[lang] = t[cut:]
                        continue
                pieces.append((t, h))
            page[lang] = pieces
        pages.append(page)
    lines: list[str] = []
    for page in pages:
        if table_pages and rng.random() < 0.4:
            cols = []
            for lang in ("zh", "ja"):
                cols.append(" ".join(f"<p><b>{t}</b></p>" if h else f"<p>{t}</p>" for t, h in page[lang]))
            lines += ["\t".join(cols), rng.choice(["---\t---", "--\t---"]), ""]
        else:
            for lang in ("zh", "ja"):
                for t, h in page[lang]:
                    lines += [f"**{t}**" if h else t] + ([""] if blank_lines else [])
    return "\n".join(lines) + "\n"


def render_workbook(zh, ja, path, *, header: bool, ja_first: bool = False, wrap_width: int = 0,
                    gaps: tuple[int, ...] = (), one_sided: tuple[int, ...] = ()) -> None:
    """A one-sheet .xlsx: a row per paragraph pair, cells hard-wrapped with line breaks at `wrap_width`.

    Rows whose index is in `gaps` are followed by an empty row; in rows of `one_sided` the
    Japanese goes to a row of its own below the Chinese (an unmatched paragraph on each side).
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    cols = ("ja", "zh") if ja_first else ("zh", "ja")
    if header:
        ws.append(list(cols))
    for k, ((zt, _), (jt, jh)) in enumerate(zip(zh, ja)):
        jt = wrap(jt, wrap_width) if wrap_width and not jh else jt
        cells = {"zh": zt, "ja": jt}
        if k in one_sided:
            ws.append([cells["zh"] if c == "zh" else None for c in cols])
            ws.append([cells["ja"] if c == "ja" else None for c in cols])
        else:
            ws.append([cells[c] for c in cols])
        if k in gaps:
            ws.append([])
    wb.save(path)


def ole_file(*streams: str, text: str = "") -> bytes:
    """An OLE compound file as far as a reader looks: the signature, then directory entries (128 bytes:
    the UTF-16LE name with its NUL, its length in bytes at offset 64) for each stream, then `text` as
    UTF-16LE data. An encrypted workbook holds EncryptionInfo and EncryptedPackage, an .xls a Workbook.
    """
    out = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    for name in ("Root Entry", *streams):
        raw = name.encode("utf-16-le") + b"\0\0"
        out += raw.ljust(64, b"\0") + len(raw).to_bytes(2, "little") + bytes(62)
    return out + text.encode("utf-16-le") + bytes(1024)


def render_markdown(zh, ja, *, header: bool, ja_first: bool = False, id_column: bool = False) -> str:
    """A Markdown pipe table, one row per pair; a Markdown table always has a header row, so
    without `header` it is one that names no language (`| A | B |`)."""
    names = ["ja", "zh"] if ja_first else ["zh", "ja"]
    head = names if header else ["A", "B"]
    lines = ["| " + " | ".join((["No."] if id_column else []) + head) + " |",
             "|" + "---|" * (len(head) + id_column)]
    for k, ((zt, _), (jt, _)) in enumerate(zip(zh, ja), start=1):
        cells = [jt, zt] if ja_first else [zt, jt]
        lines.append("| " + " | ".join(([str(k)] if id_column else []) + [c.replace("|", "\\|") for c in cells]) + " |")
    return "\n".join(lines) + "\n"
