"""Each layout on small hand-written documents, auto-detection, and explicit --layout overrides.

The documents are written by hand to hold the hard cases named in the issue: Japanese
without kana (dates, document numbers, `付属文書`, headings), Japanese quoting simplified
Chinese (`国务院`), hard-wrapped Japanese, quoted CSV cells, Japanese-first columns.
"""
import csv
import io
from pathlib import Path

import pytest

from aligner.readers import LAYOUTS, read_bilingual

ZH = ["国务院关于同意建设示范区的批复", "北京市人民政府、商务部：", "一、原则同意《工作方案》，请认真组织实施。",
      "二、国务院有关部门要按照职责分工，积极支持。", "附件", "2020年8月28日"]
JA = ["国务院：モデル区建設に対する批准回答", "北京市人民政府・商務部：", "一、原則、《業務方案》に同意するので、真剣に組織的に実施されたい。",
      "二、国务院関連部門は、職責分担に基づき、積極的に支援しなければならない。", "付属文書", "2020年8月28日"]


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return str(p)


def texts(segs):
    return [s.text for s in segs]


def test_layout_names():
    assert set(LAYOUTS) >= {"auto", "mixed", "interleaved", "blocks", "pair", "tsv", "csv", "xlsx", "tmx"}


def test_interleaved_with_wrapped_japanese(tmp_path):
    parts = []
    for z, j in zip(ZH, JA):
        wrapped = "\n".join(j[i:i + 12] for i in range(0, len(j), 12))
        parts += [z, wrapped]
    path = write(tmp_path, "inter.txt", "\n\n".join(parts) + "\n")
    doc = read_bilingual([path])
    assert doc.layout == "interleaved"
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    third = doc.ja[2]
    assert third.first_line < third.last_line  # the wrapped paragraph spans its lines
    assert read_bilingual([path], layout="interleaved").ja == doc.ja


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_blocks(tmp_path, sep):
    path = write(tmp_path, "blocks.txt", sep.join(ZH) + "\n\n" + sep.join(JA) + "\n")
    doc = read_bilingual([path])
    assert doc.layout == "blocks"
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_pair(tmp_path, sep):
    zh = write(tmp_path, "zh.txt", sep.join(ZH) + "\n")
    ja = write(tmp_path, "ja.txt", sep.join(JA) + "\n")
    doc = read_bilingual([zh, ja])
    assert doc.layout == "pair" and doc.files == (zh, ja)
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert {s.file for s in doc.zh} == {zh} and {s.file for s in doc.ja} == {ja}
    swapped = read_bilingual([ja, zh])
    assert texts(swapped.zh) == ZH and texts(swapped.ja) == JA
    assert swapped.files == (zh, ja)  # files listed Chinese first, whatever order they were given in


def test_pair_with_wrapped_paragraphs(tmp_path):
    body = "\n\n".join("\n".join(j[i:i + 10] for i in range(0, len(j), 10)) for j in JA)
    doc = read_bilingual([write(tmp_path, "zh.txt", "\n\n".join(ZH)), write(tmp_path, "ja.txt", body)])
    assert texts(doc.ja) == JA


def _table(rows, delimiter):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("delimiter,layout,ext", [("\t", "tsv", "tsv"), (",", "csv", "csv"), (";", "csv", "txt")])
def test_tables(tmp_path, delimiter, layout, ext):
    rows = [["中文", "日本語"]] + [[z, j] for z, j in zip(ZH, JA)]
    rows.append(["第三条 含有逗号,和\"引号\"的段落，\n以及换行。", "第三条 カンマ,と\"引用符\"を含み、\n改行もある段落。"])
    path = write(tmp_path, f"t.{ext}", _table(rows, delimiter))
    doc = read_bilingual([path])
    assert doc.layout == layout
    assert texts(doc.zh) == ZH + ["第三条 含有逗号,和\"引号\"的段落，以及换行。"]
    assert texts(doc.ja)[-1] == "第三条 カンマ,と\"引用符\"を含み、改行もある段落。"
    assert (doc.zh[-1].first_line, doc.zh[-1].last_line) == (8, 10)  # the record's quoted line breaks
    assert read_bilingual([path], layout=layout).zh == doc.zh


def test_table_without_header_japanese_first(tmp_path):
    path = write(tmp_path, "t.tsv", _table([[j, z] for z, j in zip(ZH, JA)], "\t"))
    doc = read_bilingual([path])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert doc.zh[0].first_line == 1


def test_mixed_small(tmp_path):
    text = "\n".join([
        "**一、总体要求**", "", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神，统筹推进", "",
        "**一、総体要求**", "", "習近平による新時代の中国の特色ある社会主義思想を指導として、全面的に貫徹し、", "",
        "各项工作。", "", "二、发展目标", "",
        "各業務を推進する。", "", "二、発展目標", "",
        "<p>1. 推进改革，扩大开放。</p> <p>2. 加强金融服务领域改革创</p>\t<p>1. 改革を推進し、開放を拡大する。</p> <p>2. 金融サービス分野の改革イノベ</p>",
        "---\t---", "",
        "<p>新。</p>\t<p>ーションを強化する。</p>",
        "--\t---",
    ])
    doc = read_bilingual([write(tmp_path, "m.txt", text)])
    assert doc.layout == "mixed"
    assert texts(doc.zh) == ["一、总体要求", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神，统筹推进各项工作。",
                             "二、发展目标", "1. 推进改革，扩大开放。", "2. 加强金融服务领域改革创新。"]
    assert texts(doc.ja) == ["一、総体要求", "習近平による新時代の中国の特色ある社会主義思想を指導として、全面的に貫徹し、各業務を推進する。",
                             "二、発展目標", "1. 改革を推進し、開放を拡大する。", "2. 金融サービス分野の改革イノベーションを強化する。"]
    assert (doc.zh[1].first_line, doc.zh[1].last_line) == (3, 9)
    assert (doc.ja[-1].first_line, doc.ja[-1].last_line) == (17, 20)


def test_heading_is_never_merged(tmp_path):
    # A heading ends its page chunk without a full stop; bold marks it as a heading, so it stays whole.
    chunks = ["推进服务业扩大开放，支持发展。", "{b}三、主要任务{b}", "サービス業の開放拡大を推進し、発展を支援する。", "{b}三、主要任務{b}",
              "支持数据跨境流动试点，建设国际信息产业。", "データのクロスボーダー流動を試行し、情報産業を構築する。"]
    bold = read_bilingual([write(tmp_path, "b.txt", "\n\n".join(chunks).replace("{b}", "**"))], layout="mixed")
    assert texts(bold.zh) == ["推进服务业扩大开放，支持发展。", "三、主要任务", "支持数据跨境流动试点，建设国际信息产业。"]
    assert texts(bold.ja)[1] == "三、主要任務"
    plain = read_bilingual([write(tmp_path, "p.txt", "\n\n".join(chunks).replace("{b}", ""))], layout="mixed")
    assert texts(plain.zh)[1] == "三、主要任务支持数据跨境流动试点，建设国际信息产业。"  # without bold it reads as cut


def test_explicit_layout_overrides_detection(tmp_path):
    # Interleaved text read as blocks: the reader obeys, and the single switch it may make still loses nothing.
    parts = [p for z, j in zip(ZH, JA) for p in (z, j)]
    path = write(tmp_path, "inter.txt", "\n\n".join(parts))
    forced = read_bilingual([path], layout="blocks")
    assert forced.layout == "blocks"
    assert len(forced.zh) + len(forced.ja) == len(parts)


def test_tmx_dispatch(tmp_path):
    tmx = pytest.importorskip("aligner.formats.tmx")
    if not hasattr(tmx, "read_bilingual"):
        pytest.skip("aligner.formats.tmx.read_bilingual is not available")
    body = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{z}</seg></tuv><tuv xml:lang="ja-JP"><seg>{j}</seg></tuv></tu>'
                   for z, j in zip(ZH, JA))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" segtype="paragraph" '
           'datatype="plaintext" o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1"/>'
           f"<body>{body}</body></tmx>\n")
    for name, layout in (("m.tmx", "auto"), ("m.xml", "tmx")):
        doc = read_bilingual([write(tmp_path, name, xml)], layout=layout)
        assert texts(doc.zh) == ZH and texts(doc.ja) == JA


def test_short_fragment_and_neutral_heading_follow_structure(tmp_path):
    # "告。" has no script evidence at all: it is Chinese because the Chinese paragraph before the
    # page break was cut mid-sentence. "第四章 附属" has none either: a heading goes with the text after it.
    lines = ["一、原则同意，请认真组织实施。", "二、重大事项要及时向国务院请示报",
             "一、原則として同意するので、真剣に実施されたい。", "二、重大事項は遅滞なく国务院に報告しなければならない。",
             "告。", "三、北京市人民政府要加强组织领导，大胆实践。",
             "**第四章 附属**", "三、北京市人民政府は、組織的な指導を強化しなければならない。"]
    doc = read_bilingual([write(tmp_path, "m.txt", "\n\n".join(lines))], layout="mixed")
    assert texts(doc.zh) == ["一、原则同意，请认真组织实施。", "二、重大事项要及时向国务院请示报告。",
                             "三、北京市人民政府要加强组织领导，大胆实践。"]
    assert texts(doc.ja)[-2:] == ["第四章 附属", "三、北京市人民政府は、組織的な指導を強化しなければならない。"]
    assert (doc.zh[1].first_line, doc.zh[1].last_line) == (3, 9)


def test_mixed_without_blank_lines(tmp_path):
    # Page chunks with a paragraph per line and no blank lines at all, a paragraph cut at the page break.
    lines = ["一、原则同意《工作方案》，请认真组织实施。", "二、国务院有关部门要按照职责分工，积极支",
             "一、原則として《業務方案》に同意するので、真剣に組織的に実施されたい。", "二、国务院関連部門は、職責分担に基づき、積極的に支援しなければならない。",
             "持北京市的各项工作。", "三、北京市人民政府要加强组织领导。",
             "三、北京市人民政府は、組織的な指導を強化しなければならない。"]
    doc = read_bilingual([write(tmp_path, "m.txt", "\n".join(lines) + "\n")])
    assert doc.layout == "mixed"
    assert texts(doc.zh) == [lines[0], lines[1] + lines[4], lines[5]]
    assert texts(doc.ja) == [lines[2], lines[3], lines[6]]


def test_interleaved_translation_directly_under_its_source(tmp_path):
    # No blank line between a paragraph and its wrapped translation; blank lines between pairs.
    parts = []
    for z, j in zip(ZH[2:4], JA[2:4]):
        parts.append(z + "\n" + "\n".join(j[i:i + 11] for i in range(0, len(j), 11)))
    doc = read_bilingual([write(tmp_path, "i.txt", "\n\n".join(parts) + "\n")], layout="interleaved")
    assert texts(doc.zh) == ZH[2:4] and texts(doc.ja) == JA[2:4]


def test_table_first_row_of_numbers_is_data(tmp_path):
    path = write(tmp_path, "n.tsv", "2020\t2020\n" + "".join(f"{z}\t{j}\n" for z, j in zip(ZH, JA)))
    doc = read_bilingual([path])
    assert texts(doc.zh) == ["2020"] + ZH and texts(doc.ja) == ["2020"] + JA


def test_tsv_with_literal_quotation_marks(tmp_path):
    # Hand-written TSV: a cell opens with a quotation mark that is text, not CSV quoting.
    rows = [f"{z}\t{j}" for z, j in zip(ZH, JA)]
    rows[1] = '"北京" 市人民政府、商务部：\t"北京" 市人民政府・商務部：'
    rows[3] = '"二、国务院有关部门要积极支持。\t"二、国务院関連部門は積極的に支援しなければならない。'
    doc = read_bilingual([write(tmp_path, "q.tsv", "\n".join(rows) + "\n")])
    assert doc.layout == "tsv"
    assert texts(doc.zh)[1] == '"北京" 市人民政府、商务部：'
    assert texts(doc.zh)[3] == '"二、国务院有关部门要积极支持。'
    assert len(doc.zh) == len(doc.ja) == len(ZH)


# Blocks with no script evidence (a date, a document number) where a page chunk ends: the
# Viterbi pays one switch wherever the boundary falls, so only the pages can place them.
P1_ZH = ["北京市人民政府要根据目标任务，精心组织实施，扎实推进本工作方案各项措施落实。",
         "商务部要会同有关部门加强指导和协调推进，组织开展督促和评估工作。"]
P1_JA = ["北京市人民政府は、目標・任務に基づき、入念に組織的に実施しなければならない。",
         "商務部は、関連部門と共同で指導・協調推進を強化し、監督・評価業務を実施しなければならない。"]
P2_ZH = ["在国家服务业扩大开放综合试点的基础上，进一步深化改革，扩大开放。", "请认真组织实施。"]
P2_JA = ["国家サービス業開放拡大総合試行を基礎として、改革をさらに深化させ、開放を拡大する。",
         "真剣に組織的に実施されたい。"]


def _pages(*pages):
    return "\n\n".join("\n\n".join(chunk) for page in pages for chunk in page) + "\n"


@pytest.mark.parametrize("weak", ["2020年8月28日", "国函〔2020〕123号"])
def test_weak_block_ending_a_chunk_stays_with_its_chunk(tmp_path, weak):
    # The Japanese paragraph before is cut by the page break, so the Japanese chunk's first
    # block could continue it: the weak block must not be taken for that continuation.
    # Its own copy in Japanese comes only on the next page, after the rest of that paragraph.
    ja_cut = P1_JA[1].index("、") + 1
    text = _pages(([*P1_ZH, weak], [P1_JA[0], P1_JA[1][:ja_cut]]),
                  ([*P2_ZH, weak], [P1_JA[1][ja_cut:], weak, *P2_JA, weak]))
    doc = read_bilingual([write(tmp_path, "mixed.txt", text)], layout="mixed")
    assert texts(doc.zh) == [*P1_ZH, weak, *P2_ZH, weak]
    assert texts(doc.ja) == [*P1_JA, weak, *P2_JA, weak]


def test_weak_block_opening_a_chunk_goes_with_the_chunk_it_mirrors(tmp_path):
    # Each page opens with its date: the Japanese date follows finished Chinese text, and
    # staying Chinese costs nothing in script, but the page would hold three Chinese
    # paragraphs against one Japanese, and the Chinese date already has its mirror.
    date = "2020年8月28日"
    text = _pages(([date, *P1_ZH], [date, *P1_JA]), ([date, *P2_ZH], [date, *P2_JA]))
    doc = read_bilingual([write(tmp_path, "mixed.txt", text)], layout="mixed")
    assert texts(doc.zh) == [date, *P1_ZH, date, *P2_ZH]
    assert texts(doc.ja) == [date, *P1_JA, date, *P2_JA]
    assert [s.first_line for s in doc.ja][::3] == [7, 19]  # chunk k starts on line 6k + 1


def test_tsv_rows_with_an_empty_cell_are_still_a_table(tmp_path):
    # An untranslated paragraph leaves its Japanese cell empty; one such row in three must not
    # turn the table into "interleaved" text that puts a whole row on the Japanese side.
    rows = [[z, j] for z, j in zip(ZH[:3], JA[:3])]
    rows[1][1] = ""
    path = write(tmp_path, "t.tsv", "".join(f"{z}\t{j}\n" for z, j in rows))
    doc = read_bilingual([path])
    assert doc.layout == "tsv"
    assert texts(doc.zh) == ZH[:3]
    assert texts(doc.ja) == [JA[0], JA[2]]


def test_prose_with_commas_is_not_a_csv(tmp_path):
    # Commas in Japanese prose are not a table: a row needs text in both cells unless the delimiter is a TAB.
    text = "\n\n".join(f"{z}\n\n{j}," for z, j in zip(ZH, JA))
    doc = read_bilingual([write(tmp_path, "t.txt", text)])
    assert doc.layout != "csv"


def test_page_of_one_short_sentence_without_evidence_keeps_its_language(tmp_path):
    # Shift_JIS spells the Chinese in Japanese forms; the second page's only Chinese paragraph
    # is one sentence of three Han characters: no kana, no comma, no simplified form. Only
    # the pages' balance (each Chinese chunk has as many paragraphs as its Japanese) says
    # that it opens a page rather than sitting inside the Japanese chunk.
    zh = ["推進服務業拡大開放，支持発展。", "加強監督。", "促改革。", "建設国際信息産業，推動数据跨境流動試点。"]
    ja = ["サービス業の開放拡大を推進し、発展を支援する。", "監督を強化する。", "改革を促進する。",
          "国際情報産業を構築し、データのクロスボーダー流動試行を推進する。"]
    pages = [zh[:2], ja[:2], zh[2:3], ja[2:3], zh[3:], ja[3:]]
    doc = read_bilingual([write(tmp_path, "m.txt", "\n\n".join("\n\n".join(p) for p in pages) + "\n", "cp932")],
                         layout="mixed")
    assert doc.encoding == "cp932"
    assert texts(doc.zh) == zh and texts(doc.ja) == ja


def test_page_balance_leaves_a_balanced_page_alone(tmp_path):
    # A kana-less Japanese line inside a Japanese chunk whose page is already balanced stays Japanese.
    zh = ["推進服務業拡大開放，支持発展。", "国務院弁公庁", "加強監督管理，完善制度。", "建設国際信息産業，推動数据跨境流動試点。"]
    ja = ["サービス業の開放拡大を推進し、発展を支援する。", "国務院弁公庁", "監督管理を強化し、制度を整える。",
          "国際情報産業を構築し、流動試行を推進する。"]
    pages = [zh[:3], ja[:3], zh[3:], ja[3:]]
    doc = read_bilingual([write(tmp_path, "m.txt", "\n\n".join("\n\n".join(p) for p in pages) + "\n", "cp932")],
                         layout="mixed")
    assert texts(doc.zh) == zh and texts(doc.ja) == ja


def test_document_opening_with_a_page_of_one_short_sentence(tmp_path):
    # A page opens with its Chinese, so the first page's lone evidence-less sentence is Chinese
    # when the pages' balance agrees.
    zh = ["促改革。", "推進服務業拡大開放，支持発展。", "加強監督管理，完善制度。"]
    ja = ["改革を促進する。", "サービス業の開放拡大を推進し、発展を支援する。", "監督管理を強化し、制度を整える。"]
    pages = [zh[:1], ja[:1], zh[1:], ja[1:]]
    doc = read_bilingual([write(tmp_path, "m.txt", "\n\n".join("\n\n".join(p) for p in pages) + "\n", "cp932")],
                         layout="mixed")
    assert texts(doc.zh) == zh and texts(doc.ja) == ja
