"""A shared write→read round-trip test base for every format in `aligner/formats`.

A format test subclasses `RoundTripBase` (the name keeps pytest from collecting the base
itself) and sets `fmt` to an instance of its `BilingualFormat`; it then inherits a
hypothesis property over arbitrary text (CJK, astral emoji, markup characters, quotes,
whitespace) and the explicit handling of characters the format cannot carry.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.model import Alignment, Bilingual, Segment, Unit


def make_alignment(pairs, *, level: str = "paragraph", file: str = "doc.txt") -> Alignment:
    """Units from (zh, ja) text pairs; an empty side makes a 1-0 or 0-1 unit."""
    units, zh_all, ja_all = [], [], []
    for i, (zh, ja) in enumerate(pairs):
        zs = (Segment(zh, "zh", file, 2 * i + 1, 2 * i + 1),) if zh is not None else ()
        js = (Segment(ja, "ja", file, 2 * i + 2, 2 * i + 2),) if ja is not None else ()
        zh_all += zs
        ja_all += js
        units.append(Unit(index=i, zh_segments=zs, ja_segments=js, confidence=0.5 + (i % 5) / 10))
    source = Bilingual(zh=tuple(zh_all), ja=tuple(ja_all), layout="mixed", encoding="utf-8", files=(file,))
    return Alignment(units=tuple(units), level=level, source=source)


def xml_chars(ch: str) -> bool:
    c = ord(ch)
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or c >= 0x10000


# Text a translator could plausibly have: CJK, kana, full-width forms, emoji, markup
# characters, quotes and whitespace, plus anything else XML can carry.
_SPECIAL = st.sampled_from(list("<&>\"'\t\n\r 　。、「」“”") + ["\U0001F600", "\U00020BB7", "&amp;", "]]>", "<seg>"])
_CJK = st.characters(min_codepoint=0x3040, max_codepoint=0x9FFF)
_ANY_XML = st.characters(exclude_categories=("Cs",)).filter(xml_chars)
TEXT = st.lists(st.one_of(_SPECIAL, _CJK, _ANY_XML), max_size=40).map("".join)
# Characters XML 1.0 cannot carry at all.
ILLEGAL = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"])


class RoundTripBase:
    fmt = None  # a BilingualFormat instance, set by the subclass

    def roundtrip(self, pairs, **kwargs):
        out = self.fmt.serialize(make_alignment(pairs), **kwargs)
        return out, self.fmt.parse(out.data, path="mem" + self.fmt.extensions[0])

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=6))
    def test_arbitrary_text_survives(self, pairs):
        out, doc = self.roundtrip(pairs)
        assert out.illegal == ()
        assert [(z.text, j.text) for z, j in zip(doc.zh, doc.ja)] == pairs
        assert len(doc.zh) == len(doc.ja) == len(pairs)

    @settings(max_examples=60, deadline=None)
    @given(TEXT, ILLEGAL, TEXT)
    def test_illegal_characters_are_reported_and_replaced(self, before, bad, after):
        out, doc = self.roundtrip([(before + bad + after, "訳文")])
        assert [(r.lang, r.offset, r.char) for r in out.illegal] == [("zh", len(before), bad)]
        assert doc.zh[0].text == before + "\ufffd" + after

    def test_unmatched_units_left_out_unless_asked(self):
        pairs = [("一", "いち"), ("二", None), (None, "さん")]
        _, doc = self.roundtrip(pairs)
        assert [s.text for s in doc.zh] == ["一"]
        out = self.fmt.serialize(make_alignment(pairs), include_unmatched=True)
        assert out.data.count("二".encode()) == 1 and out.data.count("さん".encode()) == 1
