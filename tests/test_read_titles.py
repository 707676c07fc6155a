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
