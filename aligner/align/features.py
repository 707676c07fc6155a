"""Cheap, offline evidence that a Chinese and a Japanese segment translate each other.

Chinese and Japanese share most Han characters, and a translation keeps most of the
Han compounds of its source (服务业 → サービス業 keeps 业, 开放 → 開放 keeps both). After
folding both sides onto simplified Chinese, weighted Han unigram/bigram overlap is a
strong signal; anchors that survive translation unchanged (numbers, list markers,
document codes, 《》 titles) sharpen it. Everything is a sparse vector so that the score
of a merged bead (1-2, 2-1, ...) follows from pairwise dot products without re-reading
any text.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..lang.script import fold, is_han, nfkc
from ..lang.sentences import split_text

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

# Relative weights of the feature families (before inverse document frequency).
W_UNI = 0.4
W_BI = 1.0
W_NUM = 2.5
W_LATIN = 1.5
W_MARK = 3.0
W_CODE = 4.0
W_TITLE = 1.0


def list_marker(text: str) -> str | None:
    """The normalised list marker a segment opens with (一、 and 1. differ; （一） and (一) agree)."""
    m = _MARKER.match(nfkc(text))
    if not m:
        return None
    for kind in ("ord", "cn", "paren", "arabic", "circled"):
        if m.group(kind):
            return f"{kind}:{m.group(kind)}"
    return None


def numbers(text: str) -> list[str]:
    """Digits after NFKC with thousands separators dropped, so 2,000 and ２０００ both give 2000."""
    out = []
    for tok in _NUM.findall(nfkc(text)):
        tok = re.sub(r",(?=\d{3}(?:\D|$))", "", tok)
        out.append(tok)
    return out


def raw_features(text: str, lang: str) -> dict[str, float]:
    """Unweighted feature counts of one segment (keys are prefixed by family)."""
    norm = nfkc(text)
    folded = fold(norm, lang)
    feats: dict[str, float] = {}

    def add(key: str, w: float) -> None:
        feats[key] = feats.get(key, 0.0) + w

    prev = ""
    for ch in folded:
        if is_han(ch):
            add(ch, W_UNI)
            if prev:
                add(prev + ch, W_BI)
            prev = ch
        else:
            prev = ""
    for num in numbers(norm):
        add("#n" + num, W_NUM)
    for word in _LATIN.findall(norm):
        add("#l" + word.lower(), W_LATIN)
    for code in _CODE.findall(folded):
        add("#c" + "|".join(code), W_CODE)
    titles = len(_TITLE.findall(norm))
    if titles:
        add("#title", W_TITLE * titles)
    # Markers at every sentence start, not only the segment's: when paragraphs are merged
    # on one side, the inner "2." or "(二)" still finds its counterpart.
    for sentence in split_text(text):
        marker = list_marker(sentence)
        if marker:
            add("#m" + marker, W_MARK)
    return feats


_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def char_length(text: str) -> int:
    """Length for the length model: non-space characters, a Latin/digit word counting as one or two.

    A Japanese rendering may spell a Han term out in English ("Internet of Vehicles" for
    车联网); counting its letters one by one would make the translation look three times
    too long.
    """
    ascii_units = 0
    for word in _ASCII_RUN.findall(text):
        ascii_units += 1 + len(word) // 5
    stripped = _ASCII_RUN.sub("", text)
    return ascii_units + sum(1 for c in stripped if not c.isspace())


@dataclass(frozen=True)
class Idf:
    """Inverse document frequency over the document's own segments (both languages)."""

    weights: dict[str, float]
    default: float

    @staticmethod
    def fit(feature_sets: list[dict[str, float]]) -> "Idf":
        n = max(1, len(feature_sets))
        df: dict[str, int] = {}
        for fs in feature_sets:
            for k in fs:
                df[k] = df.get(k, 0) + 1
        weights = {k: math.log(1.0 + n / c) for k, c in df.items()}
        return Idf(weights, math.log(1.0 + n))

    def apply(self, feats: dict[str, float]) -> dict[str, float]:
        w, d = self.weights, self.default
        return {k: v * w.get(k, d) for k, v in feats.items()}


@dataclass(frozen=True)
class SegmentFeatures:
    """What the search needs of one segment: weighted vector, its squared norm, length, marker."""

    vec: dict[str, float]
    norm2: float
    length: int
    marker: str | None


def featurize(texts: list[str], lang: str, idf: Idf, raws: list[dict[str, float]] | None = None) -> list[SegmentFeatures]:
    raws = raws if raws is not None else [raw_features(t, lang) for t in texts]
    out = []
    for text, raw in zip(texts, raws):
        vec = idf.apply(raw)
        out.append(SegmentFeatures(vec, sum(v * v for v in vec.values()), char_length(text), list_marker(text)))
    return out


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)
