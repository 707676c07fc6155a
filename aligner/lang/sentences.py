"""Sentence splitting for Chinese and Japanese, lossless and bracket-aware.

Sentence alignment happens inside aligned paragraphs, so the splitter only needs to be
consistent on both sides, never perfect. What it must never do is lose or alter text
(joining the sentences gives the paragraph back, character for character) or cut inside
a quotation or a bracketed title, where a 。 belongs to the quoted text, not to the
sentence around it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Segment

DEFAULT_TERMINATORS = "。！？!?；;"

# Opening → closing. Straight quotes open and close themselves.
_PAIRS = {
    "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "〈": "〉", "【": "】", "〔": "〕",
    "［": "］", "[": "]", "“": "”", "‘": "’", "\"": "\"", "〝": "〟",
}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
# Characters that stay with the sentence they follow: closing marks, repeated terminators, spaces.
_TRAILING = set("」』）)》〉】〕］]”’〟…") | set(" \t\u3000")


_BRACKET_RE = re.compile("[" + re.escape("".join(set(_PAIRS) | set(_CLOSERS))) + "]")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of text inside *matched* bracket or quote pairs, outermost only.

    Only matched pairs protect: an opening bracket that is never closed (common in messy
    extractions) must not swallow the rest of the paragraph into one sentence.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch in _PAIRS and not (ch in _CLOSERS and stack and stack[-1][0] == _CLOSERS[ch]):
            stack.append((ch, pos))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            # Close the nearest matching opener; anything opened after it was unmatched.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    spans.append((stack[depth][1] + 1, pos))
                    del stack[depth:]
                    break
    spans.sort()
    return spans


@lru_cache(maxsize=32)
def _patterns(terminators: str) -> tuple[re.Pattern, re.Pattern]:
    term = re.compile("[" + re.escape(terminators) + "]")
    run = re.compile("[" + re.escape(terminators + "".join(_TRAILING)) + "]*")
    return term, run


def split_text(text: str, *, terminators: str = DEFAULT_TERMINATORS) -> list[str]:
    """Split after terminators outside brackets/quotes; `"".join(result) == text` always."""
    if not text:
        return []
    term, run = _patterns(terminators)
    if not term.search(text):
        return [text]
    spans = _protected_spans(text)
    out: list[str] = []
    start = 0
    pos = 0
    k = 0
    n = len(text)
    while True:
        m = term.search(text, pos)
        if not m:
            break
        at = m.start()
        while k < len(spans) and spans[k][1] <= at:
            k += 1
        if k < len(spans) and spans[k][0] <= at:
            pos = spans[k][1]  # inside a protected span: jump past its closing mark
            continue
        # Keep runs like ！？ and trailing spaces with this sentence; a closing mark right
        # after an unprotected terminator is unmatched (a matched one would have protected
        # the terminator), so it belongs to the sentence it ends.
        end = run.match(text, at + 1).end()
        if text[start:end].strip():
            out.append(text[start:end])
            start = end
        pos = end
        if pos >= n:
            break
    if start < n:
        if out and not text[start:].strip():
            out[-1] += text[start:]
        else:
            out.append(text[start:])
    return out


def split_segment(seg: Segment, *, terminators: str = DEFAULT_TERMINATORS) -> tuple[Segment, ...]:
    """Sentences of a paragraph segment; each keeps the paragraph's file and lines.

    The readers join a paragraph's lines without separators, so a sentence cannot be
    traced to a narrower line range than its paragraph's.
    """
    return segments_of(seg, split_text(seg.text, terminators=terminators))


def segments_of(seg: Segment, parts) -> tuple[Segment, ...]:
    """The sentence segments of a paragraph already cut into `parts` (see split_segment)."""
    if len(parts) <= 1:
        return (seg,)
    return tuple(Segment(p, seg.lang, seg.file, seg.first_line, seg.last_line) for p in parts)
