"""Sentence splitting for Chinese and Japanese, lossless and bracket-aware.

Sentence alignment happens inside aligned paragraphs, so the splitter only needs to be
consistent on both sides, never perfect. What it must never do is lose or alter text
(joining the sentences gives the paragraph back, character for character) or cut inside
a quotation or a bracketed title, where a 。 belongs to the quoted text, not to the
sentence around it.
"""
from __future__ import annotations

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


def _protected_spans(text: str) -> list[bool]:
    """True where a character sits inside a *matched* bracket or quote pair.

    Only matched pairs protect: an opening bracket that is never closed (common in messy
    extractions) must not swallow the rest of the paragraph into one sentence.
    """
    inside = [False] * len(text)
    stack: list[tuple[str, int]] = []
    for pos, ch in enumerate(text):
        if ch in _PAIRS and not (ch in _CLOSERS and stack and stack[-1][0] == _CLOSERS[ch]):
            stack.append((ch, pos))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            # Close the nearest matching opener; anything opened after it was unmatched.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    start = stack[depth][1]
                    for k in range(start + 1, pos):
                        inside[k] = True
                    del stack[depth:]
                    break
    return inside


def split_text(text: str, *, terminators: str = DEFAULT_TERMINATORS) -> list[str]:
    """Split after terminators outside brackets/quotes; `"".join(result) == text` always."""
    if not text:
        return []
    inside = _protected_spans(text)
    term = set(terminators)
    out: list[str] = []
    start = 0
    pos = 0
    n = len(text)
    while pos < n:
        if text[pos] in term and not inside[pos]:
            end = pos + 1
            # Keep runs like ！？ and trailing spaces with this sentence; a closing mark right
            # after an unprotected terminator is unmatched (a matched one would have protected
            # the terminator), so it belongs to the sentence it ends.
            while end < n and (text[end] in term or text[end] in _TRAILING):
                end += 1
            if text[start:end].strip():
                out.append(text[start:end])
                start = end
            pos = end
            continue
        pos += 1
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
    parts = split_text(seg.text, terminators=terminators)
    if len(parts) <= 1:
        return (seg,)
    return tuple(Segment(p, seg.lang, seg.file, seg.first_line, seg.last_line) for p in parts)
