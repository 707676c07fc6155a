"""The check job's signature identifies its inputs, and -o must be a folder."""
from pathlib import Path

import pytest

from aligner.errors import OutputError
from aligner.pipeline import CheckOptions, run_check

DOC = """北京市人民政府：

你们的请示收悉。现批复如下：

一、原则同意《工作方案》。

北京市人民政府：

貴方の決裁依頼を受け取りました。以下の通り回答します：

一、原則として《業務方案》に同意する。
"""


def test_signature_hashes_the_checked_document(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    first = run_check([str(doc)], tmp_path / "a", options=CheckOptions()).signature
    doc.write_text(DOC.replace("原则同意", "同意"), encoding="utf-8")
    second = run_check([str(doc)], tmp_path / "b", options=CheckOptions()).signature
    key = f"input:{doc}"
    assert key in first["files"] and key in second["files"]
    assert first["files"][key] != second["files"][key]
    assert "glossary:bundled/default.csv" in first["files"]


def test_output_that_is_a_file_is_refused_before_anything_is_written(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    target = tmp_path / "out.txt"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        run_check([str(doc)], target, options=CheckOptions())
    assert target.read_text(encoding="utf-8") == "keep me"


def test_fixed_verdict_on_unchanged_text_is_reopened_and_a_real_fix_archives_it(tmp_path):
    from aligner.decisions import Decision, load_archived, load_decisions, save_decisions
    from aligner.pipeline import gate_exit_code

    doc = tmp_path / "doc.txt"
    doc.write_text(DOC.replace("業務方案", "业务方案"), encoding="utf-8")  # simplified 业务 leaks into the Japanese
    out = tmp_path / "out"
    first = run_check([str(doc)], out, options=CheckOptions())
    leak = [f for f in first.findings if f.check == "simplified-in-ja"]
    assert leak
    save_decisions(out / "decisions.json", {f.fingerprint: Decision("fixed", "Sato", "done") for f in leak})

    again = run_check([str(doc)], out, options=CheckOptions())
    for f in leak:
        d = again.decisions[f.fingerprint]
        assert d.status == "open" and "reopened" in d.comment
    assert gate_exit_code(again.findings, "major", again.decisions) == 1

    doc.write_text(DOC, encoding="utf-8")  # the translator really fixes it
    fixed = run_check([str(doc)], out, options=CheckOptions())
    assert not [f for f in fixed.findings if f.check == "simplified-in-ja"]
    assert set(load_archived(out / "decisions.json")) >= {f.fingerprint for f in leak}
    assert not set(load_decisions(out / "decisions.json")) & {f.fingerprint for f in leak}
