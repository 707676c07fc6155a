"""Two glossary rows for one source term are one entry: either rendering is right, neither is flagged once."""
import pytest
from openpyxl import Workbook

from aligner.checks.base import CheckContext
from aligner.cli import main
from aligner.errors import GlossaryError
from aligner.glossary import DEFAULT_GLOSSARY, all_terms, load_glossaries
from test_checks_helpers import findings


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def xlsx(tmp_path, rows, name="terms.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / name)
    return tmp_path / name


def tbx(tmp_path, entries, name="terms.tbx"):
    body = "".join(f'<termEntry><langSet xml:lang="zh"><tig><term>{zh}</term></tig></langSet>'
                   f'<langSet xml:lang="ja"><tig><term>{ja}</term></tig></langSet></termEntry>\n'
                   for zh, ja in entries)
    return write(tmp_path, name, f'<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>\n{body}'
                                 "</body></text></martif>")


# The same two rows (one source term, two renderings) in each format a glossary can have.
FORMATS = {
    "csv": lambda tmp: write(tmp, "g.csv", "zh,ja,note\n服务业,サービス業,usual\n服务业,サービス産業,also seen\n"),
    "tsv": lambda tmp: write(tmp, "g.tsv", "zh\tja\tnote\n服务业\tサービス業\tusual\n服务业\tサービス産業\talso seen\n"),
    "xlsx": lambda tmp: xlsx(tmp, [["zh", "ja", "note"], ["服务业", "サービス業", "usual"],
                                   ["服务业", "サービス産業", "also seen"]]),
    "tbx": lambda tmp: tbx(tmp, [("服务业", "サービス業"), ("服务业", "サービス産業")]),
}


def required(glossaries, zh, ja):
    return findings("glossary-required", zh, ja, ctx=CheckContext(glossaries=glossaries))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_rows_for_one_term_allow_either_rendering(tmp_path, fmt):
    gs = load_glossaries([FORMATS[fmt](tmp_path)])
    (term,) = all_terms(gs)
    assert set(term.ja) == {"サービス業", "サービス産業"}
    assert term.line == gs[0].terms[0].line  # the first row is the entry's origin
    assert not required(gs, "发展服务业。", "サービス業を発展させる。")
    assert not required(gs, "发展服务业。", "サービス産業を発展させる。")
    (f,) = required(gs, "发展服务业。", "第三次産業を発展させる。")  # neither: one finding, not one per row
    assert "サービス業" in f.suggestion and "サービス産業" in f.suggestion


def test_notes_are_joined_and_forbidden_renderings_united(tmp_path):
    g = write(tmp_path, "g.csv", "zh,ja,forbidden,note\n白银,銀,プラチナ,metal\n白银,白銀,白金,\n")
    (term,) = all_terms(load_glossaries([g]))
    assert set(term.forbidden) == {"プラチナ", "白金"} and term.note == "metal"
    assert findings("glossary-forbidden", "白银出口", "白金の輸出",
                    ctx=CheckContext(glossaries=load_glossaries([g])))


def test_spelling_variants_of_the_source_term_are_the_same_term(tmp_path):
    g = write(tmp_path, "g.csv", "zh,ja\n服务业,サービス業\n服務業,サービス産業\n")
    assert len(all_terms(load_glossaries([g]))) == 1


def test_rows_of_different_glossaries_merge(tmp_path):
    a = write(tmp_path, "a.csv", "zh,ja\n服务业,サービス業\n")
    b = write(tmp_path, "b.tsv", "zh\tja\n服务业\tサービス産業\n")
    gs = load_glossaries([a, b])
    assert not required(gs, "发展服务业。", "サービス産業を発展させる。")
    assert not required(gs, "发展服务业。", "サービス業を発展させる。")


def test_rendering_allowed_and_forbidden_names_both_rows(tmp_path):
    g = write(tmp_path, "g.csv", "zh,ja,forbidden\n白银,銀,\n黄金,金,\n白银,白銀,銀\n")
    with pytest.raises(GlossaryError) as e:
        load_glossaries([g])
    assert e.value.path == str(g) and e.value.line == 4
    assert "g.csv:2" in e.value.message and "g.csv:4" in e.value.message


def test_conflict_across_glossaries_and_width_variants(tmp_path):
    a = write(tmp_path, "a.csv", "zh,ja\n服务业,サービス業\n")
    b = write(tmp_path, "b.csv", "zh,ja,forbidden\n服务业,サービス産業,ｻｰﾋﾞｽ業\n")
    with pytest.raises(GlossaryError) as e:
        load_glossaries([a, b])
    assert e.value.path == str(b) and "a.csv:2" in e.value.message and "b.csv:2" in e.value.message


def test_your_glossary_overrules_the_bundled_one_where_they_contradict(tmp_path):
    bundled = [t for t in all_terms(load_glossaries([], use_default=True)) if len(t.ja) >= 2]
    zh, (kept, dropped) = bundled[0].zh, bundled[0].ja[:2]
    g = write(tmp_path, "mine.csv", f"zh,ja,forbidden\n{zh},,{dropped}\n")
    (term,) = [t for t in all_terms(load_glossaries([g], use_default=True)) if t.zh == zh]
    assert dropped in term.forbidden and dropped not in term.ja and kept in term.ja
    assert "mine.csv:2" in term.origin and DEFAULT_GLOSSARY.name in term.origin


def test_check_stops_on_a_conflicting_glossary_in_one_line(tmp_path, capsys):
    doc = write(tmp_path, "doc.tsv", "发展服务业。\tサービス業を発展させる。\n")
    g = write(tmp_path, "g.csv", "zh,ja,forbidden\n服务业,サービス業,\n服务业,,サービス業\n")
    with pytest.raises(SystemExit) as exc:
        main(["check", str(doc), "-o", str(tmp_path / "out"), "--glossary", str(g), "--no-default-glossary"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and len(err.strip().splitlines()) == 1 and "g.csv:3" in err
    assert not (tmp_path / "out" / "findings.json").exists()


def test_findings_cite_every_row_of_the_term(tmp_path):
    a = write(tmp_path, "a.csv", "zh,ja\n黄金,金\n服务业,サービス業\n")
    b = write(tmp_path, "b.csv", "zh,ja\n服务业,サービス産業\n")
    (f,) = required(load_glossaries([a, b]), "发展服务业。", "第三次産業を発展させる。")
    assert "a.csv:3" in f.message and "b.csv:2" in f.message


def test_your_glossary_may_allow_what_the_bundled_one_forbids(tmp_path):
    t = next(t for t in all_terms(load_glossaries([], use_default=True)) if t.forbidden)
    g = write(tmp_path, "mine.csv", f"zh,ja\n{t.zh},{t.forbidden[0]}\n")
    (term,) = [u for u in all_terms(load_glossaries([g], use_default=True)) if u.zh == t.zh]
    assert t.forbidden[0] in term.ja and t.forbidden[0] not in term.forbidden
