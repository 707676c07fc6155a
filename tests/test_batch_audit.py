"""What a CI user of `aligner batch` relies on: delivery layouts, the summary's order, the quiet log."""
import re
from pathlib import Path

import pytest

from aligner.batch import BatchResult, DocResult, discover, write_summary
from aligner.errors import InputError


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


def test_language_sub_folders_pair_by_file_name(tmp_path):
    for rel in ("zh/a.txt", "ja-JP/a.txt", "zh/b.zh.txt", "ja-JP/b.ja.txt", "zh/only.txt", "notes/c.txt", "d.txt"):
        _touch(tmp_path / rel)
    docs = {d.name: d for d in discover(tmp_path)}
    assert set(docs) == {"a", "b", "only", "d"}  # notes/ is not a language folder and is not searched
    assert docs["a"].paths == (str(tmp_path / "zh" / "a.txt"), str(tmp_path / "ja-JP" / "a.txt"))
    assert docs["b"].paths == (str(tmp_path / "zh" / "b.zh.txt"), str(tmp_path / "ja-JP" / "b.ja.txt"))
    assert docs["only"].problem and "ja-JP/" in docs["only"].problem and "Japanese" in docs["only"].problem
    assert docs["d"].paths == (str(tmp_path / "d.txt"),) and not docs["d"].problem


def test_one_language_folder_alone_is_not_a_delivery(tmp_path):
    _touch(tmp_path / "zh" / "a.txt")
    with pytest.raises(InputError, match="no documents") as err:
        discover(tmp_path)
    assert "zh/ and ja/" in err.value.one_line()


@pytest.mark.parametrize("zh_tag", ["zh-TW", "zh_Hant", "zh-HK", "CHT"])
def test_traditional_chinese_source_tags_pair_too(tmp_path, zh_tag):
    _touch(tmp_path / f"m.{zh_tag}.txt")
    _touch(tmp_path / "m.ja.txt")
    (d,) = discover(tmp_path)
    assert d.name == "m" and len(d.paths) == 2 and not d.problem


def test_unpaired_file_error_names_its_path(tmp_path):
    _touch(tmp_path / "lone.zh.txt")
    (d,) = discover(tmp_path)
    assert d.problem.startswith(str(tmp_path / "lone.zh.txt")) and "lone.ja.txt" in d.problem


def test_summary_html_lists_worst_documents_first_and_csv_keeps_input_order(tmp_path):
    docs = (DocResult("a-clean", ("a",), "clean", 0, units=3, mean_confidence=0.9, folder="a-clean"),
            DocResult("b-minor", ("b",), "findings", 1, units=3, severities={"major": 0, "minor": 2, "info": 0},
                      folder="b-minor"),
            DocResult("c-broken", ("c",), "error", 2, error="c: is empty"),
            DocResult("d-major", ("d",), "findings", 1, units=3, severities={"major": 1, "minor": 0, "info": 5},
                      top_checks=(("numbers", 1),), folder="d-major"))
    write_summary(BatchResult(tmp_path, docs, False, 2, 1.0), fail_on="major")
    page = (tmp_path / "summary.html").read_text(encoding="utf-8")
    order = re.findall(r"<tr class=\"[^\"]+\"><td>(?:<a href=\"[^\"]+\">)?([\w-]+)", page)
    assert order == ["c-broken", "d-major", "b-minor", "a-clean"]
    assert '<a href="d-major/report.html">' in page and "numbers (1)" in page
    csv_names = [ln.split(",")[0] for ln in (tmp_path / "summary.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert csv_names == ["a-clean", "b-minor", "c-broken", "d-major"]


def test_quiet_log_in_ci_even_on_a_terminal(monkeypatch):
    import aligner.cli.batch_cmd as batch_cmd

    class Tty:
        def isatty(self):
            return True
    monkeypatch.setattr(batch_cmd.sys, "stderr", Tty())
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert batch_cmd._interactive()
    monkeypatch.setenv("CI", "true")
    assert not batch_cmd._interactive()
    monkeypatch.setenv("CI", "false")
    monkeypatch.setenv("TERM", "dumb")
    assert not batch_cmd._interactive()


def test_quiet_line_per_document_says_units_findings_and_time(capsys):
    from aligner.batch import BatchProgress
    from aligner.cli.batch_cmd import _PlainProgress
    log = _PlainProgress()
    log(BatchProgress(0, 2))
    log(BatchProgress(1, 2, DocResult("a", ("a",), "findings", 1, units=7,
                                      severities={"major": 1, "minor": 0, "info": 2}, seconds=1.25)))
    log(BatchProgress(2, 2, DocResult("b", ("b",), "error", 2, error="b: timed out after 5 s (--timeout)")))
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "batch: 2 documents" and err[2] == "[2/2] b: error (b: timed out after 5 s (--timeout))"
    assert err[1].startswith("[1/2] a: with findings (")
    assert all(part in err[1] for part in ("7 units", "1 major", "0 minor", "2 info", "1.2 s"))


def test_a_document_clean_only_by_the_gate_says_so(capsys):
    """Under --fail-on never, 28 major findings are not "clean" without a word: the gate is named,
    and the findings are said to be below it, as the batch's last line names the gate."""
    from aligner.batch import BatchProgress
    from aligner.cli.batch_cmd import _PlainProgress
    log = _PlainProgress("never")
    log(BatchProgress(1, 2, DocResult("a", ("a",), "clean", 0, units=40, severities={"major": 28, "minor": 0, "info": 0})))
    log(BatchProgress(2, 2, DocResult("b", ("b",), "clean", 0, units=3, severities={"major": 0, "minor": 0, "info": 0})))
    a, b = capsys.readouterr().err.splitlines()
    assert "gate: never" in a and "28 major" in a and "below the gate" in a
    assert "gate: never" in b and "below the gate" not in b


def test_rerun_counts_review_decisions_whose_findings_disappeared(tmp_path):
    """Real pipeline, in-process: a verdict on a finding that no longer occurs is archived and counted."""
    import json

    from aligner.batch import run_batch
    from aligner.decisions import Decision, load_archived, save_decisions
    from aligner.pipeline import CheckOptions
    src = tmp_path / "in"
    src.mkdir()
    # Hand-made pair; the glossary forbids プラチナ for 白银, so the first run has one finding.
    (src / "m.zh.txt").write_text("国务院同意出口白银。\n\n商务部要加强指导。\n", encoding="utf-8")
    (src / "m.ja.txt").write_text("国務院はプラチナの輸出に同意する。\n\n商務部は指導を強化しなければならない。\n",
                                  encoding="utf-8")
    g = tmp_path / "g.csv"
    g.write_text("zh,ja,forbidden,note\n白银,銀,プラチナ,\n", encoding="utf-8")
    opts = CheckOptions(glossaries=(str(g),), use_default_glossary=False, enabled_checks=("glossary",))
    out = tmp_path / "out"
    first = run_batch(src, out, options=opts, jobs=1)
    assert first.documents[0].severities["major"] == 1
    fp = json.loads((out / "m" / "findings.json").read_text(encoding="utf-8"))["findings"][0]["fingerprint"]
    save_decisions(out / "m" / "decisions.json", {fp: Decision("fixed", "Sato", "now 銀")})
    (src / "m.ja.txt").write_text("国務院は銀の輸出に同意する。\n\n商務部は指導を強化しなければならない。\n",
                                  encoding="utf-8")
    second = run_batch(src, out, options=opts, jobs=1)
    (d,) = second.documents
    assert d.status == "clean" and d.archived == 1
    row = json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"][0]
    assert row["archived_decisions"] == 1
    assert "archived decisions: <b>1</b>" in (out / "summary.html").read_text(encoding="utf-8")
    assert fp in load_archived(out / "m" / "decisions.json")


@pytest.mark.parametrize("gate", ["never", "major"])
def test_last_line_counts_documents_and_names_the_gate(tmp_path, monkeypatch, gate):
    """'1 documents (1 clean)' for a document with major findings under --fail-on never read as a
    clean document; the line names the gate the statuses were judged at, and counts in English."""
    from typer.testing import CliRunner

    import aligner.cli.batch_cmd as batch_cmd
    from aligner.cli import app
    docs = (DocResult("a", ("a",), "clean" if gate == "never" else "findings", 0 if gate == "never" else 1,
                      units=3, severities={"major": 2, "minor": 0, "info": 0}, folder="a"),)

    def fake(target, out, **kwargs):
        return BatchResult(Path(out), docs, False, docs[0].exit_code, 0.5, {"summary.html": Path(out) / "summary.html"})
    monkeypatch.setattr(batch_cmd, "run_batch", fake)
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--fail-on", gate])
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("1 document:"), last
    assert f"gate: {gate}" in last


def test_batch_takes_layout_and_encoding_as_check_does(tmp_path):
    """An error row says 'give the right --encoding': batch must have that option, applied to every
    document; a layout it does not know is refused once, before any document."""
    import csv
    import io
    import subprocess
    import sys
    src = tmp_path / "in"
    src.mkdir()
    (src / "m.zh.txt").write_text("国务院同意出口白银。\n\n商务部要加强指导。\n", encoding="utf-8")
    (src / "m.ja.txt").write_text("国務院は銀の輸出に同意する。\n\n商務部は指導を強化しなければならない。\n",
                                  encoding="utf-8")

    def batch(*extra):
        return subprocess.run([sys.executable, "-m", "aligner", "batch", str(src), "-o", str(tmp_path / "out"),
                               "--jobs", "1", *extra], capture_output=True, text=True)
    r = batch("--encoding", "cp932")
    assert r.returncode == 2, r.stderr
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(summary))
    assert row["status"] == "error" and "cp932" in row["error"]
    r = batch("--layout", "sideways")
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert "--layout 'sideways'" in line and "pair" in line
    assert batch("--encoding", "utf-8", "--layout", "pair", "--fail-on", "never").returncode == 0


def test_report_folders_of_an_earlier_batch_are_listed_not_passed_off_as_this_run(tmp_path):
    """OUT/<old>/report.html from a document no longer in the input (or failing now) would be
    published with this run's results; they are kept (verdicts) but named."""
    from typer.testing import CliRunner

    from aligner.batch import run_batch
    from aligner.cli import app
    from aligner.pipeline import CheckOptions
    src = tmp_path / "in"
    src.mkdir()
    for name in ("keep", "gone", "breaks"):
        (src / f"{name}.zh.txt").write_text("国务院同意出口白银。\n\n商务部要加强指导。\n", encoding="utf-8")
        (src / f"{name}.ja.txt").write_text("国務院は銀の輸出に同意する。\n\n商務部は指導を強化しなければならない。\n",
                                           encoding="utf-8")
    out = tmp_path / "out"
    opts = CheckOptions(use_default_glossary=False, enabled_checks=("numbers",))
    first = run_batch(src, out, options=opts, jobs=1)
    assert first.stale == ()
    for f in src.glob("gone.*"):
        f.unlink()
    (src / "breaks.ja.txt").write_text("", encoding="utf-8")
    second = run_batch(src, out, options=opts, jobs=1)
    assert set(second.stale) == {"gone", "breaks"}
    assert (out / "gone" / "report.html").is_file()  # kept
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(out), "--jobs", "1"])
    assert "gone" in result.stderr and "breaks" in result.stderr and "earlier" in result.stderr
