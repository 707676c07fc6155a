"""Batch QA: discovery (folder, naming convention, manifests), error isolation, exit codes, summaries.

The small bilingual documents below are hand-written (a Chinese paragraph block followed by
its Japanese translation, the seed's interleaved layout) so the tests do not depend on the corpora.
"""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.batch import Document, discover, run_batch
from aligner.errors import InputError
from aligner.model import Finding, Unit

ZH = "国务院同意深化服务业扩大开放综合试点。\n\n北京市人民政府要加强组织领导，认真组织实施。\n"
JA = "国務院は、サービス業の開放拡大に関する総合試行の深化に同意する。\n\n北京市人民政府は、組織指導を強化し、真剣に実施しなければならない。\n"


def bilingual(path: Path) -> Path:
    path.write_text(ZH + "\n" + JA, encoding="utf-8")
    return path


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=cwd)


def read_summary_csv(out: Path) -> list[dict]:
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "summary.csv must carry a UTF-8 BOM for Excel"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_two_good_one_empty_lists_all_three_and_exits_2(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    bilingual(src / "a.txt")
    bilingual(src / "b.txt")
    (src / "broken.txt").write_text("", encoding="utf-8")
    (src / "README.md").write_text("not a document", encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("batch", str(src), "-o", str(out), "--jobs", "2", "--fail-on", "never")
    assert r.returncode == 2, r.stderr
    rows = {row["document"]: row for row in read_summary_csv(out)}
    assert set(rows) == {"a", "b", "broken"}
    assert rows["broken"]["status"] == "error"
    assert "broken.txt" in rows["broken"]["error"] and "empty" in rows["broken"]["error"]
    for name in ("a", "b"):
        assert rows[name]["status"] == "clean"
        assert int(rows[name]["units"]) >= 2
        assert (out / name / "findings.json").is_file()
        assert (out / name / "report.html").is_file()
    assert not (out / "broken").exists()
    assert not list(out.glob(".*partial*")), "temp folders must not be left behind"
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert 'href="a/report.html"' in html and 'href="b/report.html"' in html
    assert "<script src" not in html and "<link" not in html  # self-contained
    payload = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert payload["exit_code"] == 2
    assert [d["document"] for d in payload["documents"]] == ["a", "b", "broken"]


def test_findings_at_gate_exit_1(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # Japanese side written with Simplified-only characters and a wrong year: at least one finding.
    (src / "bad.txt").write_text("2020年国务院同意服务业扩大开放。\n\n2021年国务院は服务业の扩大开放に同意する。\n",
                                 encoding="utf-8")
    out = tmp_path / "out"
    res = run_batch(src, out, fail_on="info", jobs=1)
    assert res.exit_code == 1
    row = read_summary_csv(out)[0]
    assert row["status"] == "findings" and row["exit_code"] == "1"
    assert int(row["major"]) + int(row["minor"]) + int(row["info"]) >= 1
    assert row["top_checks"]
    assert run_batch(src, out, fail_on="never", jobs=1).exit_code == 0


def _fake_run_check(severity_by_name):
    """Stand-in for run_check: the gate logic is tested apart from which checks exist today."""
    from aligner.pipeline import CheckResult

    def fake(paths, out_dir, *, options):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        (Path(out_dir) / "report.html").write_text("<p>r</p>", encoding="utf-8")
        name = Path(paths[0]).stem
        unit = Unit(0, (), (), 0.8)
        sev = severity_by_name[name]
        findings = (Finding.make(check="x", category="c", severity=sev, unit=unit, message="m"),) if sev else ()

        class A:
            units = (unit, Unit(1, (), (), 0.4))
        return CheckResult(A(), findings, {})
    return fake


def test_exit_code_is_worst_of_documents(tmp_path, monkeypatch):
    import aligner.pipeline
    monkeypatch.setattr(aligner.pipeline, "run_check", _fake_run_check({"a": None, "b": "minor", "c": "major"}))
    for n in "abc":
        (tmp_path / f"{n}.txt").write_text("x", encoding="utf-8")
    docs = [Document(n, (str(tmp_path / f"{n}.txt"),)) for n in "abc"]
    res = run_batch(docs, tmp_path / "out", fail_on="major", jobs=1)
    assert [d.status for d in res.documents] == ["clean", "clean", "findings"]
    assert res.exit_code == 1
    assert res.documents[2].mean_confidence == pytest.approx(0.6)
    res = run_batch(docs[:2], tmp_path / "out2", fail_on="major", jobs=1)
    assert res.exit_code == 0
    res = run_batch(docs[:2] + [Document("d", (str(tmp_path / "missing.txt"),))], tmp_path / "out3", jobs=1)
    assert res.exit_code == 2


def test_progress_callback_sees_every_document(tmp_path, monkeypatch):
    import aligner.pipeline
    monkeypatch.setattr(aligner.pipeline, "run_check", _fake_run_check({"a": None, "b": None}))
    for n in "ab":
        (tmp_path / f"{n}.txt").write_text("x", encoding="utf-8")
    events = []
    run_batch([Document(n, (str(tmp_path / f"{n}.txt"),)) for n in "ab"], tmp_path / "o", jobs=1,
              progress=events.append)
    assert events[0].result is None and events[0].total == 2
    assert sorted(e.result.name for e in events[1:]) == ["a", "b"]
    assert events[-1].done == 2


def test_rerun_replaces_document_folder_whole(tmp_path, monkeypatch):
    import aligner.pipeline
    monkeypatch.setattr(aligner.pipeline, "run_check", _fake_run_check({"a": None}))
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "o"
    (out / "a").mkdir(parents=True)
    (out / "a" / "stale.txt").write_text("old", encoding="utf-8")
    run_batch([Document("a", (str(tmp_path / "a.txt"),))], out, jobs=1)
    assert (out / "a" / "report.html").is_file()
    assert not (out / "a" / "stale.txt").exists()


def test_naming_convention_pairs(tmp_path):
    bilingual(tmp_path / "mixed.txt")
    (tmp_path / "law.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "law.ja.txt").write_text(JA, encoding="utf-8")
    (tmp_path / "orphan.zh.txt").write_text(ZH, encoding="utf-8")
    docs = {d.name: d for d in discover(tmp_path)}
    assert set(docs) == {"mixed", "law", "orphan"}
    assert [Path(p).name for p in docs["law"].paths] == ["law.zh.txt", "law.ja.txt"]
    assert docs["law"].problem is None
    assert docs["orphan"].problem and "orphan.ja.txt" in docs["orphan"].problem
    assert docs["mixed"].paths == (str(tmp_path / "mixed.txt"),)


def test_names_are_unique_folder_names(tmp_path):
    bilingual(tmp_path / "a.txt")
    bilingual(tmp_path / "a.tsv")
    bilingual(tmp_path / "summary.txt")  # must not collide with summary.html/csv/json
    names = sorted(d.name for d in discover(tmp_path))
    assert len(set(n.lower() for n in names)) == 3
    assert "summary" not in names


def test_csv_manifest(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "z.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "docs" / "j.txt").write_text(JA, encoding="utf-8")
    bilingual(tmp_path / "docs" / "both.txt")
    m = tmp_path / "manifest.csv"
    m.write_text("name,zh,ja\nreply,docs/z.txt,docs/j.txt\nsingle,docs/both.txt,\ngone,docs/nope.txt,docs/j.txt\n",
                 encoding="utf-8-sig")
    docs = {d.name: d for d in discover(m)}
    assert docs["reply"].paths == (str(tmp_path / "docs" / "z.txt"), str(tmp_path / "docs" / "j.txt"))
    assert docs["single"].paths == (str(tmp_path / "docs" / "both.txt"),)
    assert docs["gone"].problem and "nope.txt" in docs["gone"].problem
    assert docs["reply"].problem is None


def test_toml_manifest_and_errors(tmp_path):
    bilingual(tmp_path / "both.txt")
    m = tmp_path / "m.toml"
    m.write_text('[[document]]\nname = "one"\nfile = "both.txt"\n', encoding="utf-8")
    (doc,) = discover(m)
    assert doc.name == "one" and doc.paths == (str(tmp_path / "both.txt"),)
    m.write_text('[[document]]\nname = "one"\nfiel = "both.txt"\n', encoding="utf-8")
    with pytest.raises(InputError, match="fiel"):
        discover(m)
    m.write_text('[[document]]\nname = "x"\nfile = "both.txt"\n[[document]]\nname = "x"\nfile = "both.txt"\n',
                 encoding="utf-8")
    with pytest.raises(InputError, match="twice"):
        discover(m)


def test_manifest_batch_end_to_end(tmp_path):
    bilingual(tmp_path / "both.txt")
    m = tmp_path / "m.csv"
    m.write_text("name,zh,ja\ngood,both.txt,\nmissing,none.txt,\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_batch(m, out, fail_on="never", jobs=1).exit_code == 2
    rows = {row["document"]: row for row in read_summary_csv(out)}
    assert rows["good"]["status"] == "clean" and rows["missing"]["status"] == "error"
    assert "none.txt" in rows["missing"]["error"]


def test_monolingual_file_is_reported_not_crashing(tmp_path):
    (tmp_path / "zh_only.txt").write_text(ZH, encoding="utf-8")
    out = tmp_path / "out"
    assert run_batch(tmp_path, out, jobs=1).exit_code == 2
    (row,) = read_summary_csv(out)
    assert row["status"] == "error" and "Japanese" in row["error"]


def test_missing_target_is_one_line_error(tmp_path):
    r = run_cli("batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o"))
    assert r.returncode == 2
    assert "nowhere" in r.stderr and "Traceback" not in r.stderr


def test_unexpected_exception_in_one_document_is_contained(tmp_path, monkeypatch):
    import aligner.pipeline

    def boom(paths, out_dir, *, options):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        raise ValueError("kaput")
    monkeypatch.setattr(aligner.pipeline, "run_check", boom)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    res = run_batch([Document("a", (str(tmp_path / "a.txt"),))], tmp_path / "o", jobs=1)
    (d,) = res.documents
    assert d.status == "error" and "kaput" in d.error and res.exit_code == 2
    assert not any(p.name.startswith(".") for p in (tmp_path / "o").iterdir() if p.is_dir())


def test_interrupt_keeps_finished_documents(tmp_path, monkeypatch):
    import aligner.pipeline
    real = _fake_run_check({"a": None, "b": None, "c": None})
    calls = []

    def interrupting(paths, out_dir, *, options):
        calls.append(paths)
        if len(calls) == 2:  # a is checked, then Ctrl-C while checking b
            raise KeyboardInterrupt
        return real(paths, out_dir, options=options)
    monkeypatch.setattr(aligner.pipeline, "run_check", interrupting)
    for n in "abc":
        (tmp_path / f"{n}.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "o"
    res = run_batch([Document(n, (str(tmp_path / f"{n}.txt"),)) for n in "abc"], out, jobs=1)
    assert res.interrupted
    assert [d.status for d in res.documents] == ["clean", "not run", "not run"]
    assert (out / "a" / "report.html").is_file()
    assert not (out / "b").exists()
    assert not list(out.glob(".*partial*"))
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["interrupted"] is True


def test_document_read_with_a_stray_other_language_paragraph_is_skipped(tmp_path, monkeypatch):
    """A long Chinese document whose reader mistook one short heading for Japanese is not a translation."""
    import aligner.pipeline
    from aligner.model import Alignment, Bilingual, Segment

    def fake(paths, out_dir, *, options):
        from aligner.pipeline import CheckResult
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        zh = tuple(Segment("中" * 100, "zh", paths[0], i, i) for i in range(1, 50))
        ja = (Segment("第一部分", "ja", paths[0], 60, 60),)
        src = Bilingual(zh, ja, "blocks", "utf-8", (paths[0],))
        return CheckResult(Alignment((Unit(0, zh[:1], ja, 0.1),), "paragraph", src), (), {})
    monkeypatch.setattr(aligner.pipeline, "run_check", fake)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    res = run_batch([Document("a", (str(tmp_path / "a.txt"),))], tmp_path / "o", jobs=1)
    (d,) = res.documents
    assert d.status == "skipped" and "one language only" in d.error and "a.txt" in d.error
    assert res.exit_code == 2
    assert not (tmp_path / "o" / "a").exists()


def test_review_decisions_survive_a_rerun_and_close_findings(tmp_path, monkeypatch):
    """decisions.json in OUT/<name>/ is handed to the new run (the folder is replaced whole)."""
    import aligner.pipeline
    from aligner.decisions import load_decisions
    from aligner.pipeline import CheckResult

    def fake(paths, out_dir, *, options):
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        unit = Unit(0, (), (), 0.9)
        f = Finding.make(check="x", category="c", severity="major", unit=unit, message="m")
        decisions = load_decisions(out_dir / "decisions.json")

        class A:
            units = (unit,)
        return CheckResult(A(), (f,), {}, decisions=decisions)
    monkeypatch.setattr(aligner.pipeline, "run_check", fake)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    doc = [Document("a", (str(tmp_path / "a.txt"),))]
    out = tmp_path / "o"
    first = run_batch(doc, out, jobs=1)
    assert first.exit_code == 1 and first.documents[0].severities["major"] == 1
    fp = Finding.make(check="x", category="c", severity="major", unit=Unit(0, (), (), 0.9), message="m").fingerprint
    (out / "a" / "decisions.json").write_text(
        json.dumps({"decisions": {fp: {"status": "accepted", "reviewer": "r", "comment": ""}}}), encoding="utf-8")
    second = run_batch(doc, out, jobs=1)
    (d,) = second.documents
    assert second.exit_code == 0 and d.status == "clean"
    assert d.severities["major"] == 0 and d.closed == 1
    assert (out / "a" / "decisions.json").is_file()


def test_cli_takes_gate_and_jobs_from_config(tmp_path, monkeypatch):
    """aligner.toml in the current folder sets the gate; --fail-on on the command line wins over it."""
    from typer.testing import CliRunner
    from aligner.cli import app

    src = tmp_path / "in"
    src.mkdir()
    (src / "bad.txt").write_text("2020年国务院同意服务业扩大开放。\n\n2021年国务院は服务业の扩大开放に同意する。\n",
                                 encoding="utf-8")
    (tmp_path / "aligner.toml").write_text('[gate]\nfail_on = "info"\n[batch]\njobs = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o")])
    assert r.exit_code == 1, r.output
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o"), "--fail-on", "never"])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))["fail_on"] == "never"


def test_rerun_hands_the_previous_review_sheet_to_the_new_run(tmp_path, monkeypatch):
    """Verdicts typed into OUT/<name>/review.xlsx but not imported must reach the writer of the new sheet."""
    import aligner.pipeline
    seen = []
    real = _fake_run_check({"a": None})

    def fake(paths, out_dir, *, options):
        sheet = Path(out_dir) / "review.xlsx"
        seen.append(sheet.read_bytes() if sheet.is_file() else None)
        result = real(paths, out_dir, options=options)
        sheet.write_bytes(b"sheet of run %d" % len(seen))
        return result
    monkeypatch.setattr(aligner.pipeline, "run_check", fake)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    doc = [Document("a", (str(tmp_path / "a.txt"),))]
    run_batch(doc, tmp_path / "o", jobs=1)
    run_batch(doc, tmp_path / "o", jobs=1)
    assert seen == [None, b"sheet of run 1"]


@pytest.mark.parametrize("data", [
    "\ufeffname;zh;ja\r\nm;m.zh.txt;m.ja.txt\r\n".encode("utf-8"),          # Excel, comma-decimal locale
    "Name,ZH,JA\nm,m.zh.txt,m.ja.txt\n".encode("utf-8"),                   # capitalised header
    "name\tzh\tja\r\nm\tm.zh.txt\tm.ja.txt\r\n".encode("utf-16"),          # Excel "Unicode text"
])
def test_manifests_as_spreadsheets_save_them(tmp_path, data):
    for lang in ("zh", "ja"):
        (tmp_path / f"m.{lang}.txt").write_text("x", encoding="utf-8")
    manifest = tmp_path / "list.csv"
    manifest.write_bytes(data)
    (doc,) = discover(manifest)
    assert doc.name == "m" and doc.problem is None
    assert [Path(p).name for p in doc.paths] == ["m.zh.txt", "m.ja.txt"]


def test_manifest_in_a_legacy_code_page_says_to_save_as_utf8(tmp_path):
    manifest = tmp_path / "list.csv"
    manifest.write_bytes("name,zh,ja\n文件,文件.zh.txt,文件.ja.txt\n".encode("gb18030"))
    with pytest.raises(InputError, match="UTF-8"):
        discover(manifest)


def test_files_that_are_not_documents_are_named_not_silently_passed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    bilingual(src / "doc.txt")
    (src / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "aligned.jsonl").write_text('{"zh": "a", "ja": "b"}\n', encoding="utf-8")
    (src / ".hidden").write_text("x", encoding="utf-8")
    (src / "terms.csv").write_text("zh,ja\n白银,銀\n", encoding="utf-8")
    result = run_batch(src, tmp_path / "out", fail_on="never", jobs=1)
    assert [d.name for d in result.documents] == ["doc"]
    assert result.ignored == ("aligned.jsonl", "scan.pdf", "terms.csv")
    # A glossary given with --glossary is the glossary, not an ignored file.
    r = run_cli("batch", str(src), "-o", str(tmp_path / "out2"), "--fail-on", "never", "--jobs", "1",
                "--glossary", str(src / "terms.csv"))
    assert r.returncode == 0, r.stderr
    note = [ln for ln in r.stderr.splitlines() if "not documents" in ln]
    assert len(note) == 1 and "aligned.jsonl" in note[0] and "scan.pdf" in note[0] and "terms.csv" not in note[0]
    assert ".hidden" not in r.stderr
