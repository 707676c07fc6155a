"""Property: whatever the layout, reading a generated document gives back its paragraphs, losing nothing.

The truth is the generator's paragraph lists (see readers_docs.py); the reader's output is
compared paragraph by paragraph (whitespace aside, since layouts wrap and pad text), and
the characters of the file minus markup must be exactly the characters of both languages.
"""
import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from aligner.errors import InputError
from aligner.lang.script import japanese_form
from aligner.readers import read_bilingual
from aligner.readers.paragraphs import SEPARATOR_ROW, column_width
from readers_docs import (JA_KANJI, ZH_HAN, document, render_blocks, render_interleaved, render_markdown, render_mixed,
                          render_pair, render_table, render_workbook, squash, texts)

# Derandomized so CI runs the same examples every time; explore with a larger max_examples locally.
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
_MARKUP = re.compile(r"</?p>|</?b>|\*\*|\s")


def _write(name: str, text: str, d: str) -> str:
    p = Path(d) / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def _check(doc, zh, ja, sources: list[str]):
    assert [squash(s.text) for s in doc.zh] == [squash(t) for t in texts(zh)]
    assert [squash(s.text) for s in doc.ja] == [squash(t) for t in texts(ja)]
    stripped = "".join(_MARKUP.sub("", line) for src in sources for line in src.split("\n")
                       if not SEPARATOR_ROW.match(line))
    got = Counter("".join(squash(s.text) for s in doc.zh)) + Counter("".join(squash(s.text) for s in doc.ja))
    assert got == Counter(stripped)


@SETTINGS
@given(document(min_paras=2), st.booleans(), st.sampled_from([0, 7, 13]))
def test_pair(docs, per_line, width):
    zh, ja = docs
    zt, jt = render_pair(zh, ja, per_line=per_line, wrap_width=width)
    with tempfile.TemporaryDirectory() as d:
        doc = read_bilingual([_write("zh.txt", zt, d), _write("ja.txt", jt, d)])
    assert doc.layout == "pair"
    _check(doc, zh, ja, [zt, jt])


@SETTINGS
@given(document(min_paras=2), st.booleans())
def test_blocks(docs, per_line):
    zh, ja = docs
    text = render_blocks(zh, ja, per_line=per_line)
    with tempfile.TemporaryDirectory() as d:
        path = _write("doc.txt", text, d)
        doc = read_bilingual([path])
        forced = read_bilingual([path], layout="blocks")
    assert doc.layout == "blocks"
    _check(doc, zh, ja, [text])
    _check(forced, zh, ja, [text])


@SETTINGS
@given(document(min_paras=3), st.sampled_from([0, 9, 15]), st.booleans())
def test_interleaved(docs, width, tight):
    zh, ja = docs
    text = render_interleaved(zh, ja, wrap_width=width, tight=tight)
    with tempfile.TemporaryDirectory() as d:
        path = _write("doc.txt", text, d)
        doc = read_bilingual([path])
        forced = read_bilingual([path], layout="interleaved")
    assert doc.layout == "interleaved"
    _check(doc, zh, ja, [text])
    _check(forced, zh, ja, [text])


@SETTINGS
@given(document(min_paras=1), st.sampled_from(["\t", ","]), st.booleans(), st.booleans())
def test_table(docs, delimiter, header, ja_first):
    zh, ja = docs
    text = render_table(zh, ja, delimiter=delimiter, header=header, ja_first=ja_first)
    layout = "tsv" if delimiter == "\t" else "csv"
    with tempfile.TemporaryDirectory() as d:
        path = _write(f"doc.{layout}", text, d)
        doc = read_bilingual([path])
        forced = read_bilingual([path], layout=layout)
    assert doc.layout == layout
    assert [squash(s.text) for s in doc.zh] == [squash(t) for t in texts(zh)]
    assert [squash(s.text) for s in doc.ja] == [squash(t) for t in texts(ja)]
    assert forced.zh == doc.zh and forced.ja == doc.ja


@SETTINGS
@given(document(min_paras=1), st.booleans(), st.booleans(), st.booleans())
def test_markdown_table(docs, header, ja_first, id_column):
    zh, ja = docs
    text = render_markdown(zh, ja, header=header, ja_first=ja_first, id_column=id_column)
    with tempfile.TemporaryDirectory() as d:
        path = _write("doc.md", text, d)
        doc = read_bilingual([path])
        forced = read_bilingual([path], layout="markdown")
    assert doc.layout == "markdown"
    assert [squash(s.text) for s in doc.zh] == [squash(t) for t in texts(zh)]
    assert [squash(s.text) for s in doc.ja] == [squash(t) for t in texts(ja)]
    assert forced.zh == doc.zh and forced.ja == doc.ja
    # Each paragraph is located on the line of its row (header and separator rows come first).
    assert [s.first_line for s in doc.zh] == list(range(3, 3 + len(zh)))


@SETTINGS
@given(document(min_paras=1), st.booleans(), st.booleans(), st.sampled_from([0, 9]), st.data())
def test_workbook(docs, header, ja_first, width, data):
    # Read by content (the file is named .bin): a workbook is a ZIP holding xl/workbook.xml.
    zh, ja = docs
    rows = range(len(zh))
    gaps = tuple(data.draw(st.sets(st.sampled_from(rows))))
    one_sided = tuple(data.draw(st.sets(st.sampled_from(rows)))) if len(zh) > 1 else ()
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / "doc.bin")
        render_workbook(zh, ja, path, header=header, ja_first=ja_first, wrap_width=width, gaps=gaps,
                        one_sided=one_sided)
        doc = read_bilingual([path])
        forced = read_bilingual([path], layout="xlsx")
    assert doc.layout == "xlsx"
    _check(doc, zh, ja, ["".join(texts(zh)), "".join(texts(ja))])
    assert forced.zh == doc.zh and forced.ja == doc.ja
    # Every paragraph names its own row, in order, and a pair split over two rows is two rows apart.
    assert all(s.first_line == s.last_line for s in (*doc.zh, *doc.ja))
    for segs in (doc.zh, doc.ja):
        assert [s.first_line for s in segs] == sorted({s.first_line for s in segs})
    shared = {s.first_line for s in doc.zh} & {s.first_line for s in doc.ja}
    assert len(shared) == len(zh) - len(one_sided)


@SETTINGS
@given(document(min_paras=4, max_paras=14), st.integers(0, 10**6), st.booleans(), st.booleans())
def test_mixed(docs, seed, tables, blank_lines):
    zh, ja = docs
    text = render_mixed(zh, ja, seed=seed, table_pages=tables, blank_lines=blank_lines)
    with tempfile.TemporaryDirectory() as d:
        path = _write("doc.txt", text, d)
        doc = read_bilingual([path], layout="mixed")
    _check(doc, zh, ja, [text])


def _cp932_safe(paras):
    # Shift_JIS has no simplified Chinese forms: a Japanese file in CP932 cannot quote 务 as it is.
    return [("".join(c if c.encode("cp932", errors="ignore") else "務" for c in t), h) for t, h in paras]


@SETTINGS
@given(document(min_paras=2), st.sampled_from(["utf-8-sig", "utf-16", "gb18030"]), st.booleans())
def test_encodings(docs, enc, per_line):
    zh, ja = docs
    ja = _cp932_safe(ja)
    zt, jt = render_pair(zh, ja, per_line=per_line)
    with tempfile.TemporaryDirectory() as d:
        zp, jp = Path(d) / "zh.txt", Path(d) / "ja.txt"
        zp.write_bytes(zt.encode(enc))
        jp.write_bytes(jt.encode("cp932" if enc == "gb18030" else enc))
        doc = read_bilingual([str(zp), str(jp)])
    assert doc.encoding == (f"{enc}+cp932" if enc == "gb18030" else enc)
    _check(doc, zh, ja, [zt, jt])


@SETTINGS
@given(document(min_paras=4, headings=False), st.sampled_from([20, 26]))
def test_pair_extracted_with_a_blank_line_after_every_line(docs, width):
    # PDF extractions (corpora/000) put a blank line after each physical line: only the
    # column width tells a wrapped line from a paragraph's end, so the text must show one
    # (several paragraphs running over at least two full lines).
    zh, ja = docs
    for paras in (zh, ja):
        assume(sum(len(t) >= 2 * width for t in texts(paras)) >= 2)
    zt, jt = render_pair(zh, ja, per_line=False, wrap_width=width)
    zt, jt = zt.replace("\n", "\n\n"), jt.replace("\n", "\n\n")
    with tempfile.TemporaryDirectory() as d:
        doc = read_bilingual([_write("zh.txt", zt, d), _write("ja.txt", jt, d)])
    _check(doc, zh, ja, [zt, jt])


@st.composite
def _short_zh_paragraph(draw) -> str:
    # Very short Chinese sentences in Japanese forms, as a Shift_JIS file holds them: no kana,
    # no comma, no simplified form; often no script evidence at all.
    sents = draw(st.lists(st.text(alphabet="務業発実設区国経済貿易投資体系統推進組織関計画資金項目", min_size=2, max_size=5)
                          .map(lambda t: t + "。"), min_size=1, max_size=3))
    return "".join(sents)


@st.composite
def _short_sentence_document(draw):
    zh, ja = draw(document(min_paras=4, max_paras=12, headings=False))
    zh = [(draw(_short_zh_paragraph()) if draw(st.booleans()) else _jform(t), h) for t, h in zh]
    return zh, [(_jform(t), h) for t, h in ja]


def _jform(text: str) -> str:
    return "".join(japanese_form(c) for c in text)


@SETTINGS
@given(_short_sentence_document(), st.integers(0, 10**6), st.booleans(), st.booleans())
def test_mixed_shift_jis_with_very_short_chinese_loses_nothing(docs, seed, tables, blank_lines):
    # Page balance may move a block to the other language; it never drops or duplicates text.
    zh, ja = docs
    text = render_mixed(zh, ja, seed=seed, table_pages=tables, blank_lines=blank_lines)
    try:
        data = text.encode("cp932")
    except UnicodeEncodeError:
        assume(False)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "doc.txt"
        p.write_bytes(data)
        try:
            doc = read_bilingual([str(p)], layout="mixed")
        except InputError:
            return  # every paragraph of one language read as the other: refused, nothing written
    stripped = "".join(_MARKUP.sub("", line) for line in text.split("\n") if not SEPARATOR_ROW.match(line))
    got = Counter("".join(squash(s.text) for s in doc.zh)) + Counter("".join(squash(s.text) for s in doc.ja))
    assert got == Counter(stripped)


@st.composite
def _opening(draw, lang: str) -> tuple[list[str], str]:
    # A title over one or two short lines and the addressee under it (`…：`), as an official
    # reply opens: short, unfinished lines that a line-broken extraction would join.
    han = ZH_HAN if lang == "zh" else JA_KANJI
    piece = st.lists(st.sampled_from(han), min_size=8, max_size=12).map("".join)
    return draw(st.lists(piece, min_size=1, max_size=2)), draw(piece) + "、" + draw(piece) + "："


@SETTINGS
@given(_opening("zh"), _opening("ja"), document(min_paras=3, headings=False), st.booleans())
def test_pair_written_a_paragraph_per_block_or_line_reads_back_as_written(zh_open, ja_open, docs, blank):
    # Two files of a paragraph per blank-line block (or per line): the author marked every
    # paragraph, so the reader returns exactly those, title and addressee included. Without
    # blank lines a title over two lines is read as one (corpora/004), so it has one line here;
    # lines of one length throughout would be a PDF column (tested above), not authored text.
    paras = []
    for (title, addressee), body in zip((zh_open, ja_open), docs):
        paras.append([(t, True) for t in (title if blank else title[:1])] + [(addressee, True)] + body)
        assume(column_width([len(t) for t in texts(paras[-1])]) is None)
    zh, ja = paras
    sep = "\n\n" if blank else "\n"
    zt, jt = sep.join(texts(zh)) + "\n", sep.join(texts(ja)) + "\n"
    with tempfile.TemporaryDirectory() as d:
        doc = read_bilingual([_write("zh.txt", zt, d), _write("ja.txt", jt, d)])
    assert doc.layout == "pair"
    _check(doc, zh, ja, [zt, jt])
