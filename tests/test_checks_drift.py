from aligner.checks import run_checks
from aligner.checks.base import CheckContext
from aligner.model import Segment
from test_checks_helpers import alignment

A = "以中关村国家自主创新示范区海淀园为载体，打造云应用及开源软件生态集聚区。"
B = "规范数据跨境安全有序流动。探索建立数据保护能力认证等数据安全管理机制。"
C = "提升健康医疗服务保障能力。适度放宽对医药研发用小剂量特殊化学制剂的管理。"


def old(text):
    # Line-broken like a PDF extraction: hard breaks in the middle of sentences.
    lines = [text[i:i + 13] for i in range(0, len(text), 13)]
    return tuple(Segment(line, "zh", "old.txt", n + 1, n + 1) for n, line in enumerate(lines))


def run(pairs, against):
    return run_checks(alignment(pairs), context=CheckContext(against=against), enabled=["source-drift"])


def test_changed_unit_is_flagged_with_the_old_text():
    changed = A.replace("载体", "承载")
    got = run([(changed, "…"), (B, "…"), (C, "…")], old(A + B + C))
    assert [f.unit for f in got] == [0]
    assert "载体" in got[0].suggestion and "chrF" in got[0].message


def test_identical_source_with_other_line_breaks_and_widths_is_not_flagged():
    text = (A + B + C).replace("，", ",")
    assert run([(A, "…"), (B, "…"), (C, "…")], old(text)) == []


def test_unit_missing_from_the_old_version_is_major():
    got = run([(A, "…"), ("新增加的一段关于人工智能产业发展的内容。", "…"), (C, "…")], old(A + C))
    assert [(f.unit, f.severity) for f in got] == [(1, "major")]


def test_no_against_no_findings():
    assert run([(A, "…")], None) == []


def test_small_edit_is_reported_with_old_and_new_wording():
    changed = B.replace("机制", "制度")
    (f,) = run([(A, "…"), (changed, "…"), (C, "…")], old(A + B + C))
    assert f.unit == 1 and "机制" in f.message and "制度" in f.message and f.zh_span in changed
    assert f.severity in ("info", "minor")


def test_punctuation_only_change_is_not_drift():
    # 附件：深化… in one version, 附件深化… in the other: nothing a translation could have missed.
    title = "附件：深化北京市新一轮服务业扩大开放综合试点工作方案"
    assert run([(A, "…"), (title, "…"), (C, "…")], old(A + title.replace("：", "") + C)) == []
    # A real word change next to it is still reported.
    (f,) = run([(A, "…"), (title.replace("工作", "总体"), "…"), (C, "…")], old(A + title + C))
    assert f.unit == 1


# Six paragraphs of one document, and six of another on a neighbouring subject.
DOC = [A, B, C, "推动金融科技创新发展，支持在京设立外资控股的证券公司和期货公司。",
       "深化教育领域开放，支持外籍人员子女学校扩大招生范围。", "完善知识产权保护体系，建设知识产权交易平台。"]
OTHER = ["各部门要严格落实数据安全责任制，明确数据分类分级保护要求。", "加强农村公路建设，提升县乡道路通行能力。",
         "做好冬季供暖保障工作，确保群众温暖过冬。", "推进垃圾分类，完善再生资源回收利用体系。",
         "加快养老服务体系建设，发展社区居家养老。", "严格落实安全生产责任，开展隐患排查治理。"]


def test_another_document_given_as_the_old_version_stops_the_run_naming_it():
    """Every unit became a major 'not in the other version' finding; the file was simply the wrong one."""
    import pytest

    from aligner.errors import InputError
    with pytest.raises(InputError) as err:
        run([(p, "…") for p in DOC], old("".join(OTHER)))
    line = err.value.one_line()
    assert line.startswith("old.txt") and "--against" in line


def test_a_revised_old_version_still_reports_its_changes():
    revised = [DOC[0].replace("载体", "承载"), DOC[1].replace("机制", "制度")] + DOC[2:]
    got = run([(p, "…") for p in revised], old("".join(DOC)))
    assert sorted(f.unit for f in got) == [0, 1]


def test_a_heavily_revised_old_version_is_compared_not_refused_when_enough_survives():
    # Half of the paragraphs are new: drift findings for those, no refusal.
    mixed = DOC[:3] + OTHER[:3]
    got = run([(p, "…") for p in mixed], old("".join(DOC)))
    assert sorted(f.unit for f in got) == [3, 4, 5]
