"""Anchors: what survives translation unchanged and so pins a segment to its rendering.

Numbers, Latin words, list markers (一、 1. （一） 第三条 ①), document codes
(国函〔2020〕123号) and 《》 titles, found in a text's NFKC form (codes in its folded form).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ..lang.script import nfkc
from .keys import KeyMemo

_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_CN_NUM = "〇零一二三四五六七八九十百千两"
# A list marker that opens a paragraph or sentence: 一、 （一） (一) 1. 1、 第三条 ① ...
_MARKER = re.compile(
    r"^\s*(?:"
    rf"(?P<ord>第[{_CN_NUM}\d]+[条章节款项部分篇])"
    rf"|(?P<cn>[{_CN_NUM}]+)[、.．]"
    rf"|[（(](?P<paren>[{_CN_NUM}\d]+)[)）]"
    r"|(?P<arabic>\d+)(?:[.．、](?!\d)|\s)"
    r"|(?P<circled>[\u2460-\u2473])"
    r")"
)
# Document codes like 国函〔2020〕123号 / 国发[2019]5号 (brackets vary after NFKC).
_CODE = re.compile(r"([\u4e00-\u9fff]{1,4})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d+)\s*号")
_TITLE = re.compile(r"《[^《》]{1,80}》")

MARKER_START = set("第〇零一二三四五六七八九十百千两（(") | set("0123456789０１２３４５６７８９") | {
    chr(c) for c in range(0x2460, 0x2474)}


def list_marker(text: str) -> str | None:
    """The normalised list marker a segment opens with (一、 and 1. differ; （一） and (一) agree)."""
    head = text.lstrip()[:1]
    if head not in MARKER_START:
        return None  # most text opens with no marker: skip the normalisation
    # Normalise only a prefix when that is certain to decide: cut before a Han or ASCII
    # character (NFKC never joins one to what precedes it), and only trust the prefix if
    # it holds a character no marker can contain (the match can look no further).
    for k in range(_PREFIX, min(len(text), 2 * _PREFIX)):
        c = text[k]
        if c.isascii() or "\u4e00" <= c <= "\u9fff":
            norm = nfkc(text[:k])
            if _NOT_MARKER.search(norm):
                return _marker(norm)
            break
    return _marker(nfkc(text))


_PREFIX = 24
_NOT_MARKER = re.compile(rf"[^\s\d{_CN_NUM}第条章节款项部分篇()（）、.．\u2460-\u2473]")


def _marker(norm: str) -> str | None:
    m = _MARKER.match(norm)
    if not m:
        return None
    for kind in ("ord", "cn", "paren", "arabic", "circled"):
        if m.group(kind):
            return f"{kind}:{m.group(kind)}"
    return None


_THOUSANDS = re.compile(r",(?=\d{3}(?:\D|$))")


def numbers(text: str) -> list[str]:
    """Digits after NFKC with thousands separators dropped, so 2,000 and ２０００ both give 2000."""
    return _numbers(nfkc(text))


def _numbers(norm: str) -> list[str]:
    return [_THOUSANDS.sub("", tok) for tok in _NUM.findall(norm)]


def anchor_names(norm: str, folded: str) -> list[str]:
    """Names of the anchors of one text, given its NFKC form and its folded form."""
    names = ["#n" + num for num in _numbers(norm)]
    names += ["#l" + word.lower() for word in _LATIN.findall(norm)]
    names += _code_and_title_names(norm, folded)
    marker = _marker(norm)
    if marker:
        names.append("#m" + marker)
    return names


def _code_and_title_names(norm: str, folded: str) -> list[str]:
    names = _code_names(folded) if "号" in folded else []
    if "《" in norm:
        names += ["#title"] * len(_TITLE.findall(norm))
    return names


def _code_names(folded: str) -> list[str]:
    return ["#c" + "|".join(code) for code in _CODE.findall(folded)]


def document_anchors(norm_doc: str, norms: list[str], folded: list[str], sizes: list[int], splits: list[list[str]],
                     terms: list) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]], list[str | None]]:
    """The anchors of every sentence and of every multi-sentence paragraph, as (owners, keys), and
    each sentence's list marker (of its normal form).

    A paragraph's anchors are its sentences' (no number, word, code or dictionary term
    crosses a sentence end), except that a 《》 title is counted over the whole paragraph
    (the splitter may not have seen it as a pair), the paragraph opens with its first
    sentence's marker, and the markers opening its inner sentences count too.
    """
    known = KeyMemo()
    shared_of = _document_anchor_keys(norm_doc, norms, known)
    title = known["#title"]
    s_owner: list[int] = []
    s_keys: list[int] = []
    p_owner: list[int] = []
    p_keys: list[int] = []
    markers: list[str | None] = []
    at = 0
    for p, (size, parts) in enumerate(zip(sizes, splits)):
        for s in range(at, at + size):
            shared = shared_of[s]
            if "号" in folded[s]:
                shared += [known[n] for n in _code_names(folded[s])]
            if terms[s]:
                shared += terms[s]
            if shared:
                s_keys += shared
                s_owner += [s] * len(shared)
                if size > 1:
                    p_keys += shared
                    p_owner += [p] * len(shared)
            sn = norms[s]
            if "《" in sn:
                titles = len(_TITLE.findall(sn))
                s_keys += [title] * titles
                s_owner += [s] * titles
            marker = _marker(sn) if _may_open_marker(sn) else None
            markers.append(marker)
            if marker:
                s_keys.append(known["#m" + marker])
                s_owner.append(s)
        if size > 1:
            joined = "".join(norms[at:at + size])
            own = [title] * len(_TITLE.findall(joined)) if "《" in joined else []
            if markers[at]:
                own.append(known["#m" + markers[at]])
            # The inner sentences' markers, as list_marker gives them (from the normal form).
            own += [known["#m" + markers[s]] for s, part in zip(range(at + 1, at + size), parts[1:])
                    if markers[s] and part.lstrip()[:1] in MARKER_START]
            p_keys += own
            p_owner += [p] * len(own)
        at += size
    return (s_owner, s_keys), (p_owner, p_keys), markers


def _document_anchor_keys(norm_doc: str, norms: list[str], known: KeyMemo) -> list[list[int]]:
    """Number and Latin word anchors of each text of the joined document (none crosses a separator)."""
    starts = list(accumulate((len(n) + 1 for n in norms[:-1]), initial=0))
    keys: list[list[int]] = [[] for _ in norms]
    for m in _NUM.finditer(norm_doc):
        keys[bisect_right(starts, m.start()) - 1].append(known["#n" + _THOUSANDS.sub("", m.group())])
    for m in _LATIN.finditer(norm_doc):
        keys[bisect_right(starts, m.start()) - 1].append(known["#l" + m.group().lower()])
    return keys


# The first character (after spaces) of every list marker _MARKER reads, or a digit.
_MARKER_HEAD = frozenset(_CN_NUM + "第（(") | {chr(c) for c in range(0x2460, 0x2474)}


def _may_open_marker(norm: str) -> bool:
    """False when `norm` certainly opens with no list marker (most text): _marker need not run."""
    head = norm.lstrip()[:1]
    return head in _MARKER_HEAD or head.isdecimal()

