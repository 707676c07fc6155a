"""Titles centred over several short lines are one paragraph; labels, fields and datelines stay lines of their own.

`corpora/000_*.txt` is a PDF extraction with a blank line after every physical line. Its
title (lines 2, 4, 6, read by hand) is one title cut at three points; the paragraphs read
from it must not start in the middle of that title.
"""
from pathlib import Path

from aligner.readers import read_bilingual, read_monolingual
from readers_docs import wrap

ROOT = Path(__file__).resolve().parents[1]
ZH_ONLY = ROOT / "corpora" / "000_0103695f7d59380a.txt"


def test_corpus_title_is_one_paragraph():
    paras = read_monolingual(str(ZH_ONLY))
    title = paras[0]
    assert title.text == "国务院关于深化北京市新一轮服务业扩大开放综合试点建设国家服务业扩大开放综合示范区工作方案的批复"
    assert (title.first_line, title.last_line) == (2, 6)
    assert (paras[1].text, paras[1].first_line) == ("国函〔2020〕123号", 8)
    assert paras[2].text == "北京市人民政府、商务部："
    assert any(p.text == "附件" for p in paras)  # a label is no title piece


def _extraction(lines: list[str]) -> str:
    # A blank line after every physical line, as the PDF extractions have it.
    return "\n\n".join(lines) + "\n"


P1 = ("为贯彻落实党中央、国务院关于深化服务业扩大开放的决策部署，促进服务业高质量发展，特制定本工作方案。"
      "各区各部门要认真组织实施，抓好落实工作，确保各项措施落地见效，并及时报告实施情况和遇到的问题，不得延误。")
P2 = ("坚持稳中求进工作总基调，坚持新发展理念，坚持深化市场化改革、扩大高水平开放，对标国际先进贸易投资规则，"
      "吸收借鉴国际成熟经验，推动由商品和要素流动型开放向规则等制度型开放转变，为服务业高质量发展营造良好制度环境。")
# Body text cut at a 30-character column, the way the extraction cut it.
BODY, BODY2 = wrap(P1, 30).split("\n"), wrap(P2, 30).split("\n")


def test_constructed_title_fields_and_datelines(tmp_path):
    lines = ["北京市人民政府关于印发《北京市促进", "总部企业高质量发展的相关规定》", "的通知",
             "京政发〔2021〕3号",
             *BODY,
             "完成时限：2020年12月底", "局内主责处室：税政处",
             "一、总体要求推进服务业开放", "以改革创新为动力推动高质量发展",
             *BODY2,
             "北京市人民政府", "2021年2月18日",
             "附件", "深化服务业扩大开放综合试点工作方案"]
    p = tmp_path / "zh.txt"
    p.write_text(_extraction(lines), encoding="utf-8")
    got = [s.text for s in read_monolingual(str(p))]
    assert got == ["北京市人民政府关于印发《北京市促进总部企业高质量发展的相关规定》的通知",
                   "京政发〔2021〕3号",
                   P1,
                   "完成时限：2020年12月底", "局内主责处室：税政处",
                   # A numbered heading is not a title: what follows it is its own paragraph.
                   "一、总体要求推进服务业开放", "以改革创新为动力推动高质量发展",
                   P2,
                   "北京市人民政府", "2021年2月18日",
                   "附件", "深化服务业扩大开放综合试点工作方案"]


def test_pdf_extraction_given_as_the_chinese_of_a_pair(tmp_path):
    # The same rejoining when 000 is one file of a pair: no paragraph per physical line.
    ja = tmp_path / "ja.txt"
    ja.write_text("国務院の回答である。\n\n北京市人民政府は、入念に実施しなければならない。\n", encoding="utf-8")
    doc = read_bilingual([str(ZH_ONLY), str(ja)])
    assert doc.layout == "pair"
    assert [(s.text, s.first_line, s.last_line) for s in doc.zh] == \
        [(s.text, s.first_line, s.last_line) for s in read_monolingual(str(ZH_ONLY))]
    assert doc.zh[0].last_line == 6 and len(doc.zh) < 60  # 160 physical lines of text


def test_signature_block_lines_stay_apart_and_brackets_and_links_decide(tmp_path):
    # Issuers one per line above the date look like a title over short lines; a bracket left
    # open at a line end is closed on the next; a link never runs into the Chinese after it.
    lines = ["特此通知。",
             "北京市财政局", "国家税务总局北京市税务局", "北京市科学技术委员会", "中关村科技园区管理委员会",
             "2021年2月1日",
             *BODY,
             "（责任单位：", "市人力资源社会保障局）",
             "http://www.beijing.gov.cn/zhengce/a.pdf",
             "关于建立实施中关村知识产权质押融资成", "本分担和风险补偿机制的若干措施",
             *BODY2]
    p = tmp_path / "zh.txt"
    p.write_text(_extraction(lines), encoding="utf-8")
    got = [s.text for s in read_monolingual(str(p))]
    assert got == ["特此通知。", "北京市财政局", "国家税务总局北京市税务局", "北京市科学技术委员会",
                   "中关村科技园区管理委员会", "2021年2月1日",
                   P1, "（责任单位：市人力资源社会保障局）",
                   "http://www.beijing.gov.cn/zhengce/a.pdf",
                   "关于建立实施中关村知识产权质押融资成本分担和风险补偿机制的若干措施",
                   P2]


def test_names_of_one_list_are_no_title(tmp_path):
    # Without a date below them, list items still differ from title pieces: they end (or start) alike.
    lines = [*BODY, "中华人民共和国北京海关", "中华人民共和国天津海关", "北京市市场监督管理局", "天津市市场监督管理局", *BODY2]
    p = tmp_path / "zh.txt"
    p.write_text(_extraction(lines), encoding="utf-8")
    got = [s.text for s in read_monolingual(str(p))]
    assert got[1:5] == lines[len(BODY):len(BODY) + 4]


SENTENCES = [P1[:P1.index("。") + 1], P1[P1.index("。") + 1:], P2[:P2.index("，") + 1] + "推进各项改革。",
             "加快构建现代物流体系，建设区域性物流中心。", "全面提升市政服务水平，简化市政接入审批流程，降低接入成本。"]


def _indented(paras: list[str], width: int) -> list[str]:
    # First lines two characters short of the column (the indent the extraction dropped), later lines full.
    out = []
    for text in paras:
        first, rest = text[:width - 2], text[width - 2:]
        out.append(first)
        out += [rest[i:i + width] for i in range(0, len(rest), width)]
    return out


def test_first_line_indent_decides_a_full_line_after_a_full_stop(tmp_path):
    width = 24
    paras = [SENTENCES[k % 5] + SENTENCES[(k + 2) % 5] for k in range(10)]
    # One paragraph whose first sentence ends exactly at the column's edge: the next line is
    # full, not indented, so it continues that paragraph.
    head = "二是深化市政设施接入审批改革，对涉及的工程规划许可实行并联办理。"  # 32 characters
    joined = head[:22] + head[22:] + "为企业提供全程帮办服务，压缩办理时间。"
    lines = _indented(paras[:5], width)
    lines += _indented([joined], width)
    lines += _indented(paras[5:], width)
    assert any(line.endswith("。") and len(line) == width for line in lines)
    p = tmp_path / "zh.txt"
    p.write_text(_extraction(lines), encoding="utf-8")
    got = [s.text for s in read_monolingual(str(p))]
    assert got == paras[:5] + [joined] + paras[5:]


def test_a_page_number_inside_a_paragraph_is_set_apart(tmp_path):
    lines = [*BODY[:2], "41", *BODY[2:], *BODY2]
    p = tmp_path / "zh.txt"
    p.write_text(_extraction(lines), encoding="utf-8")
    got = [(s.text, s.first_line) for s in read_monolingual(str(p))]
    assert got == [(P1, 1), ("41", 5), (P2, 2 * len(BODY) + 3)]


def test_title_over_the_opening_lines_of_a_file_without_a_column(tmp_path):
    # corpora/004 is written a paragraph per line; its title is centred over lines 1 and 3
    # and followed by a bracketed note (read by hand).
    paras = read_monolingual(str(next((ROOT / "corpora").glob("004_*.txt"))))
    assert (paras[0].text, paras[0].first_line, paras[0].last_line) == \
        ("北京市深化服务业扩大开放促进外商投资实施方案", 1, 3)
    assert paras[1].text == "（征求意见稿）"
    # Only the opening is read so: short lines later on, and numbered headings, stay apart.
    lines = ["关于推动中关村首创产品", "市场应用的若干措施", "一、总体要求推进服务业开放", "完善工作机制加强组织领导",
             P1, P2, "北京市人民政府办公厅", "中关村科技园区管理委员会", SENTENCES[3] + SENTENCES[4], SENTENCES[2],
             SENTENCES[0], SENTENCES[4] + SENTENCES[2], SENTENCES[1] + SENTENCES[3], SENTENCES[3]]
    p = tmp_path / "zh.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = [s.text for s in read_monolingual(str(p))]
    assert got == ["关于推动中关村首创产品市场应用的若干措施", *lines[2:]]
