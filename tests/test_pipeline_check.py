"""The check job end to end on small bilingual files: glossary errors, decisions, gate, signature."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.decisions import Decision, save_decisions
from aligner.errors import GlossaryError
from aligner.pipeline import CheckOptions, gate_exit_code, run_check

ROOT = Path(__file__).resolve().parents[1]

DOC = """国务院关于白银出口的批复

一、原则同意出口白银2,000吨，请认真组织实施。

二、商务部要加强指导和协调推进。

国務院：銀の輸出に関する批准回答

一、原則、プラチナ2000トンの輸出に同意する。真摯かつ組織的に実施されたい。

二、商務部は指導と協調推進を強化しなければならない。
"""


def cli(*args):
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True)


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "doc.txt"
    p.write_text(DOC, encoding="utf-8")
    g = tmp_path / "metals.csv"
    g.write_text("zh,ja,forbidden,note\n白银,銀,プラチナ,silver is not platinum\n", encoding="utf-8")
    return p, g


def _forbidden(result):
    # The bundled glossary also forbids プラチナ for 白银: its row and the test glossary's are one
    # entry, whose one finding cites both.
    return [f for f in result.findings if f.check == "glossary-forbidden" and "metals.csv" in f.message]


def test_glossary_finding_and_signature_hash(doc, tmp_path):
    p, g = doc
    r = run_check([str(p)], tmp_path / "out", options=CheckOptions(glossaries=(str(g),)))
    (f,) = _forbidden(r)
    assert f.ja_span == "プラチナ" and "銀" in f.suggestion.split(" | ")
    assert "default.csv" in f.message
    assert any(k.endswith("metals.csv") for k in r.signature["files"])
    assert any(k.endswith("default.csv") for k in r.signature["files"])
    payload = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert any(x["fingerprint"] == f.fingerprint for x in payload["findings"])


def test_no_default_glossary_leaves_it_out_of_the_signature(doc, tmp_path):
    p, g = doc
    r = run_check([str(p)], tmp_path / "out", options=CheckOptions(glossaries=(str(g),), use_default_glossary=False))
    assert not any(k.endswith("default.csv") for k in r.signature["files"])


def test_malformed_glossary_fails_before_any_output(doc, tmp_path):
    p, _ = doc
    bad = tmp_path / "bad.csv"
    bad.write_text('zh,ja\n白银,"銀\n', encoding="utf-8")
    with pytest.raises(GlossaryError):
        run_check([str(p)], tmp_path / "out", options=CheckOptions(glossaries=(str(bad),)))
    assert not (tmp_path / "out").exists()
    r = cli("check", str(p), "--glossary", str(bad), "-o", str(tmp_path / "out2"))
    assert r.returncode == 2 and "bad.csv:2" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out2").exists()


def test_decisions_close_findings_for_the_gate_and_stale_ones_are_archived(doc, tmp_path):
    p, g = doc
    out = tmp_path / "out"
    opts = CheckOptions(glossaries=(str(g),), enabled_checks=("glossary",), use_default_glossary=False)
    first = run_check([str(p)], out, options=opts)
    (f,) = _forbidden(first)
    assert gate_exit_code(first.findings, "major", first.decisions) == 1
    save_decisions(out / "decisions.json", {f.fingerprint: Decision("false-positive", "rev", "trade name"),
                                            "0000stale0000000": Decision("accepted")})
    second = run_check([str(p)], out, options=opts)
    assert second.decisions[f.fingerprint].status == "false-positive"
    assert gate_exit_code(second.findings, "major", second.decisions) == 0
    saved = json.loads((out / "decisions.json").read_text(encoding="utf-8"))
    assert f.fingerprint in saved["decisions"] and "0000stale0000000" in saved["archived"]


def test_cli_exit_codes_and_gate(doc, tmp_path):
    from typer.testing import CliRunner

    from aligner.cli import app

    p, g = doc
    run = CliRunner().invoke  # in-process: the exit code is the command's own, without interpreter start-up

    def code(*extra, out):
        r = run(app, ["check", str(p), "--glossary", str(g), "--check", "glossary", "-o", str(tmp_path / out), *extra])
        assert r.exception is None or isinstance(r.exception, SystemExit), r.output
        return r.exit_code

    assert code(out="a") == 1
    assert code("--fail-on", "never", out="b") == 0
    assert code("--severity", "glossary-forbidden=info", out="c") == 0
    assert code("--severity", "glossary-forbidden=minor", "--fail-on", "minor", out="d") == 1
    assert code("--severity", "glossary=info", "--fail-on", "minor", out="e") == 0  # by category


def test_unknown_check_or_threshold_is_a_usage_error(doc, tmp_path):
    p, _ = doc
    r = cli("check", str(p), "--check", "spelling", "-o", str(tmp_path / "a"))
    assert r.returncode == 2 and "spelling" in r.stderr
    r = cli("check", str(p), "--threshold", "bogus=1", "-o", str(tmp_path / "b"))
    assert r.returncode == 2 and "bogus" in r.stderr


def test_against_flags_changed_source_and_is_in_the_signature(doc, tmp_path):
    p, _ = doc
    old = tmp_path / "old.txt"
    # The older source: line-broken, and paragraph 二 said 商务部 should 加强监督 rather than 加强指导.
    old.write_text("国务院关于白银出口的\n批复\n\n一、原则同意出口白银2,000吨，\n请认真组织实施。\n\n"
                   "二、商务部要加强监督和\n协调推进。\n", encoding="utf-8")
    r = run_check([str(p)], tmp_path / "out", options=CheckOptions(against=str(old), enabled_checks=("drift",)))
    assert [(f.unit, f.check) for f in r.findings] == [(2, "source-drift")]
    assert "加强监督" in r.findings[0].suggestion
    assert any(k.startswith("against:") for k in r.signature["files"])


def test_missing_against_file_is_an_input_error_before_output(doc, tmp_path):
    p, _ = doc
    r = cli("check", str(p), "--against", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and "nope.txt" in r.stderr
    assert not (tmp_path / "out").exists()


def test_config_file_feeds_check_and_the_command_line_wins(doc, tmp_path):
    from typer.testing import CliRunner

    from aligner.cli import app

    p, g = doc
    cfg = tmp_path / "aligner.toml"
    cfg.write_text(f'[glossary]\nfiles = ["{g.name}"]\nuse_default = false\n\n[checks]\nonly = ["glossary"]\n\n'
                   '[gate]\nfail_on = "major"\n', encoding="utf-8")
    run = CliRunner().invoke
    r = run(app, ["check", str(p), "--config", str(cfg), "-o", str(tmp_path / "a")])
    assert r.exit_code == 1, r.output
    payload = json.loads((tmp_path / "a" / "findings.json").read_text(encoding="utf-8"))
    assert {f["check"] for f in payload["findings"]} <= {"glossary-required", "glossary-forbidden",
                                                         "consistency-glossary"}
    assert any("metals.csv" in k for k in payload["signature"]["files"])
    r = run(app, ["check", str(p), "--config", str(cfg), "--fail-on", "never", "-o", str(tmp_path / "b")])
    assert r.exit_code == 0, r.output
