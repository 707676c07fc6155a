"""Every command that reads a document reads it as aligner.toml says, so they agree with each other."""
from __future__ import annotations

import subprocess
import sys


def test_inspect_reads_the_document_as_the_settings_file_says_like_check(tmp_path):
    """`inspect` is the first look at a new document; with aligner.toml forcing an encoding it showed
    a reading that check and align (which follow the file) do not use."""
    doc = tmp_path / "doc.txt"
    doc.write_text("北京市人民政府要精心组织实施。\n\n北京市人民政府は入念に組織的に実施しなければならない。\n",
                   encoding="utf-8")
    (tmp_path / "aligner.toml").write_text('[input]\nencoding = "cp932"\n', encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=tmp_path)
    inspect, check = run("inspect", str(doc)), run("check", str(doc), "-o", str(tmp_path / "r"))
    assert inspect.returncode == check.returncode == 2
    assert "cp932" in inspect.stderr and inspect.stderr == check.stderr
    forced = run("inspect", str(doc), "--encoding", "utf-8")
    assert forced.returncode == 0 and "encoding: utf-8" in forced.stdout


def test_inspect_without_preview_prints_no_empty_sections(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("北京市人民政府要精心组织实施。\n\n北京市人民政府は入念に組織的に実施しなければならない。\n",
                   encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "aligner", "inspect", str(doc), "--preview", "0"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "paragraphs:" in r.stdout and "--" not in r.stdout.replace(str(doc), "")
    shown = subprocess.run([sys.executable, "-m", "aligner", "inspect", str(doc), "--preview", "1"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert "-- zh --" in shown and "-- ja --" in shown


def test_analyze_reads_the_documents_as_the_settings_file_says(tmp_path):
    """analyze read new documents by detection alone, whatever [input] encoding the other commands follow."""
    from test_analyze import S1, tmx_bytes
    doc, memory = tmp_path / "new.txt", tmp_path / "memory.tmx"
    doc.write_text(S1 + "\n", encoding="utf-8")
    memory.write_bytes(tmx_bytes([(S1, "北京市人民政府は首都の戦略的位置付けに立脚する。")]))
    (tmp_path / "aligner.toml").write_text('[input]\nencoding = "cp932"\n', encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=tmp_path)
    analyzed, inspected = run("analyze", str(doc), "--tm", str(memory)), run("inspect", str(doc))
    assert analyzed.returncode == inspected.returncode == 2
    assert "cp932" in analyzed.stderr and str(doc) in analyzed.stderr
    forced = run("analyze", str(doc), "--tm", str(memory), "--encoding", "utf-8")
    assert forced.returncode == 0, forced.stderr
    assert next(l for l in forced.stdout.splitlines() if l.startswith("100%")).split()[1] == "1"
