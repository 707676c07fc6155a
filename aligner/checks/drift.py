"""Source drift: units whose source text differs from another version of the source.

The older version is usually a separate extraction with hard line breaks and its own
paragraphing, so it is not aligned paragraph by paragraph. Instead the whole old text is
flattened (whitespace removed, folded per character) and each unit's source is located
in it by shared character 5-grams, moving monotonically through the old text. The located
stretch is then compared with chrF; a score below 100 means the source changed after
(or before) the translation was made.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict

from ..glossary import fold_map, fold_text
from ..errors import InputError
from .base import Check, register

N = 5
_PUNCT = "。，、；：,.;:！？!?"


# Below this many paragraphs to compare, a mostly changed source is no sign of a wrong --against file.
MIN_JUDGED = 5


def _flatten(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    return "".join(c for c in t if not c.isspace() and c not in "*#")


class OldSource:
    """The old text flattened, with an index of its character n-grams."""

    def __init__(self, segments):
        self.raw = _flatten("".join(s.text for s in segments))
        self.folded, self.offsets = fold_map(self.raw, "zh")
        self.index: dict[str, list[int]] = defaultdict(list)
        for i in range(len(self.folded) - N + 1):
            self.index[self.folded[i:i + N]].append(i)

    def locate(self, text: str, start_from: int) -> tuple[int, int] | None:
        """Span of the old text best matching text, searching from start_from (then anywhere)."""
        f = fold_text(_flatten(text), "zh")
        if len(f) < N:
            return None
        for lo in (start_from, 0):
            offsets: dict[int, int] = defaultdict(int)
            for i in range(len(f) - N + 1):
                for p in self.index.get(f[i:i + N], ()):
                    if p >= lo:
                        offsets[(p - i) // 4] += 1  # bucket nearby diagonals together
            if not offsets:
                continue
            diag, votes = max(offsets.items(), key=lambda kv: (kv[1], -kv[0]))
            if votes < max(2, (len(f) - N + 1) // 10):
                continue
            # Hits on the winning diagonal (±12 characters of slack for insertions/deletions).
            hits = []
            for i in range(len(f) - N + 1):
                for p in self.index.get(f[i:i + N], ()):
                    if p >= lo and abs((p - i) - diag * 4) <= 12:
                        hits.append((i, p))
            if not hits:
                continue
            first_i, first_p = min(hits, key=lambda h: h[0])
            last_i, last_p = max(hits, key=lambda h: h[0])
            s = max(0, first_p - first_i)
            e = min(len(self.folded), last_p + N + (len(f) - last_i - N))
            return self.offsets[s], self.offsets[e]
        return None


def _words(text: str) -> str:
    return "".join(c for c in text if not unicodedata.category(c).startswith("P"))


def chrf(hyp: str, ref: str) -> float:
    from sacrebleu.metrics import CHRF
    return CHRF().sentence_score(hyp, [ref]).score


@register
class SourceDrift(Check):
    name = "source-drift"
    category = "drift"
    severity = "minor"
    title = "The source differs from the other version given with --against"
    defaults = {"drift_min_change": 1.0, "drift_major_change": 15.0, "drift_min_shared": 0.2}

    def prepare(self, alignment, ctx):
        self.spans: dict[int, tuple[str, float] | None] = {}
        if not ctx.against:
            return
        old = OldSource(ctx.against)
        pos = 0
        for u in alignment.units:
            if not u.zh.strip() or len(_flatten(u.zh)) < N:
                continue
            span = old.locate(u.zh, pos)
            if span is None:
                self.spans[u.index] = None
                continue
            s, e = span
            pos = max(pos, s)
            old_text = old.raw[s:e]
            flat_new = _flatten(u.zh)
            # The located stretch can start or end one punctuation mark off; trim what the unit does not have.
            while old_text and old_text[0] in _PUNCT and not flat_new.startswith(old_text[0]):
                old_text = old_text[1:]
            while old_text and old_text[-1] in _PUNCT and not flat_new.endswith(old_text[-1]):
                old_text = old_text[:-1]
            self.spans[u.index] = (old_text, 100.0 - chrf(_flatten(u.zh), old_text))
        self._refuse_another_document(ctx)

    def _refuse_another_document(self, ctx) -> None:
        """Another document given with --against (a neighbouring file, the wrong version) makes every
        unit a major 'drift' finding; a run's worth of noise. When hardly any paragraph is found in it
        close to unchanged, the run stops with one line instead."""
        major = ctx.setting("drift_major_change", 15.0)
        judged = list(self.spans.values())
        close = sum(1 for got in judged if got is not None and got[1] < major)
        if len(judged) >= MIN_JUDGED and close < ctx.setting("drift_min_shared", 0.2) * len(judged):
            where = getattr(ctx.against[0], "file", None) if ctx.against else None
            raise InputError(f"shares almost no text with the document checked: {close} of {len(judged)} "
                             "paragraphs found in it unchanged or nearly so", path=where,
                             hint="--against takes an earlier version of this same Chinese source; "
                                  "leave it out to check without it")

    def run(self, unit, ctx):
        if not ctx.against or unit.index not in self.spans:
            return
        got = self.spans[unit.index]
        if got is None:
            yield self.finding(unit, zh_span=unit.zh[:40], severity="major",
                               message="this source text is not in the other version: new since the translation?")
            return
        old_text, change = got
        new_text = _flatten(unit.zh)
        if new_text == old_text or _words(new_text) == _words(old_text):
            return  # a colon or comma more or less (附件 / 附件：) changes nothing a translation could miss
        # Any textual change matters (a translation made from the old text may now be wrong); chrF sets the
        # severity: a one-character edit in a long paragraph is info, a rewrite is major.
        if change >= ctx.setting("drift_major_change", 15.0):
            sev = "major"
        elif change >= ctx.setting("drift_min_change", 1.0):
            sev = "minor"
        else:
            sev = "info"
        edits = changes(old_text, new_text)
        shown = old_text if len(old_text) <= 300 else old_text[:300] + "…"
        yield self.finding(unit, zh_span=edits[0][1] or unit.zh[:40], suggestion=shown, severity=sev,
                           message=f"source differs from the other version (chrF change {change:.1f}): "
                                   + "; ".join(f"'{o}' → '{n}'" for o, n in edits[:4])
                                   + (f" (+{len(edits) - 4} more)" if len(edits) > 4 else ""))


def changes(old: str, new: str, context: int = 2) -> list[tuple[str, str]]:
    """The differing stretches, old → new, each with a little shared context so a reviewer can find it."""
    import difflib

    out = []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        a0, b0 = max(0, i1 - context), max(0, j1 - context)
        out.append((old[a0:i2 + context], new[b0:j2 + context]))
    return out or [("", "")]
