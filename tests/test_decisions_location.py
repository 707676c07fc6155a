"""Where review decisions live: OUT/decisions.json, or the file named with --decisions, never both."""
import json

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.decisions import Decision, load_archived, load_decisions, save_decisions
from aligner.errors import InputError
from aligner.pipeline import CheckOptions, gate_exit_code, run_check

# Hand-made: one forbidden rendering (プラチナ for 白银, per the glossary below) in point 一.
DOC = """国务院关于白银出口的批复

一、原则同意出口白银2,000吨，请认真组织实施。

二、商务部要加强指导和协调推进。

国務院：銀の輸出に関する批准回答

一、原則、プラチナ2000トンの輸出に同意する。真摯かつ組織的に実施されたい。

二、商務部は指導と協調推進を強化しなければならない。
"""


@pytest.fixture
def setup(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    g = tmp_path / "metals.csv"
    g.write_text("zh,ja,forbidden,note\n白银,銀,プラチナ,silver is not platinum\n", encoding="utf-8")
    opts = dict(glossaries=(str(g),), enabled_checks=("glossary",), use_default_glossary=False)
    return doc, g, opts


def _finding(result):
    (f,) = [f for f in result.findings if f.check == "glossary-forbidden"]
    return f


def test_named_file_is_read_and_updated_and_the_folder_gets_no_copy(setup, tmp_path):
    doc, _, opts = setup
    out, shared = tmp_path / "out", tmp_path / "review" / "shared.json"
    first = run_check([str(doc)], out, options=CheckOptions(**opts))
    f = _finding(first)
    shared.parent.mkdir()
    save_decisions(shared, {f.fingerprint: Decision("false-positive", "Li", "brand name"),
                            "feedfacefeedface": Decision("accepted", "Li")})
    again = run_check([str(doc)], out, options=CheckOptions(**opts, decisions=str(shared)))
    assert gate_exit_code(again.findings, "major", again.decisions) == 0
    assert load_decisions(shared) == {f.fingerprint: Decision("false-positive", "Li", "brand name")}
    assert load_archived(shared) == {"feedfacefeedface": Decision("accepted", "Li")}
    assert set(again.retired) == {"feedfacefeedface"}
    assert not (out / "decisions.json").exists()
    row = [x for x in json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
           if x["fingerprint"] == f.fingerprint]
    assert row and row[0]["status"] == "false-positive"


def test_a_diverging_folder_copy_is_refused_before_anything_is_written(setup, tmp_path):
    doc, _, opts = setup
    out, shared = tmp_path / "out", tmp_path / "shared.json"
    f = _finding(run_check([str(doc)], out, options=CheckOptions(**opts)))
    # A reviewer imported the sheet into the default place, then the job switched to --decisions.
    save_decisions(out / "decisions.json", {f.fingerprint: Decision("accepted", "Sato")})
    save_decisions(shared, {})
    before = (out / "findings.json").read_bytes()
    with pytest.raises(InputError, match="lacks or records differently") as err:
        run_check([str(doc)], out, options=CheckOptions(**opts, decisions=str(shared)))
    assert "review import" in err.value.one_line()
    assert (out / "findings.json").read_bytes() == before
    assert load_decisions(out / "decisions.json") == {f.fingerprint: Decision("accepted", "Sato")}
    # The same verdict recorded differently is a divergence too.
    save_decisions(shared, {f.fingerprint: Decision("false-positive", "Sato")})
    with pytest.raises(InputError):
        run_check([str(doc)], out, options=CheckOptions(**opts, decisions=str(shared)))


def test_a_folder_copy_already_contained_in_the_named_file_is_dropped(setup, tmp_path):
    doc, _, opts = setup
    out, shared = tmp_path / "out", tmp_path / "shared.json"
    f = _finding(run_check([str(doc)], out, options=CheckOptions(**opts)))
    verdict = {f.fingerprint: Decision("accepted", "Sato", "ok")}
    save_decisions(out / "decisions.json", verdict)
    save_decisions(shared, verdict)
    r = run_check([str(doc)], out, options=CheckOptions(**opts, decisions=str(shared)))
    assert r.decisions == verdict and r.decisions_path == shared
    assert not (out / "decisions.json").exists()


def test_naming_the_folder_file_itself_is_the_default_behaviour(setup, tmp_path):
    doc, _, opts = setup
    out = tmp_path / "out"
    f = _finding(run_check([str(doc)], out, options=CheckOptions(**opts)))
    save_decisions(out / "decisions.json", {f.fingerprint: Decision("accepted")})
    r = run_check([str(doc)], out, options=CheckOptions(**opts, decisions=str(out / "." / "decisions.json")))
    assert r.decisions[f.fingerprint].status == "accepted" and (out / "decisions.json").exists()


def test_a_folder_given_as_decisions_file_is_an_input_error(setup, tmp_path):
    doc, _, opts = setup
    with pytest.raises(InputError, match="folder"):
        run_check([str(doc)], tmp_path / "out", options=CheckOptions(**opts, decisions=str(tmp_path)))


def test_rerun_keeps_live_verdicts_and_reports_the_ones_whose_finding_disappeared(setup, tmp_path):
    doc, g, _ = setup
    out = tmp_path / "out"
    base = ["check", str(doc), "--glossary", str(g), "--no-default-glossary", "--check", "glossary", "-o", str(out)]
    runner = CliRunner()
    assert runner.invoke(app, base).exit_code == 1
    f = _finding(run_check([str(doc)], tmp_path / "probe", options=CheckOptions(
        glossaries=(str(g),), enabled_checks=("glossary",), use_default_glossary=False)))
    save_decisions(out / "decisions.json", {f.fingerprint: Decision("fixed", "Sato", "now 銀")})
    # The translator fixes the text: the finding is gone, its verdict is archived and announced.
    doc.write_text(DOC.replace("プラチナ", "銀"), encoding="utf-8")
    res = runner.invoke(app, base)
    assert res.exit_code == 0, res.output
    assert "1 review decision(s) archived" in res.output and "decisions.json" in res.output
    assert load_decisions(out / "decisions.json") == {}
    assert load_archived(out / "decisions.json") == {f.fingerprint: Decision("fixed", "Sato", "now 銀")}
    # Nothing newly retired on the next run: the line is not repeated.
    res = runner.invoke(app, base)
    assert res.exit_code == 0 and "archived" not in res.output
