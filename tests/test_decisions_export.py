"""`aligner review import` of the JSON report.html's "Export decisions" button downloads.

The exports below are written by hand in the page's format (the decisions file's own
{"decisions": {fingerprint: {status, reviewer, comment}}} plus format/signature/report/
reviewer/exported); tests/test_report_browser.py checks that the real page downloads exactly
this and that it imports.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lhtml

from aligner.decisions import (EXPORT_FORMAT, Decision, import_decisions_json, is_decisions_json, load_archived,
                               load_decisions, save_decisions)
from aligner.errors import InputError
from aligner.writers.report import write_reports

from test_reports import SIG, sample
from test_review import ROUND_JA, ROUND_ZH, _cli


def export(path: Path, decisions: dict[str, dict], *, report: Path | None = None, signature: str = "",
           reviewer: str = "") -> Path:
    payload = {"format": EXPORT_FORMAT, "signature": signature,
               "report": report.resolve().as_uri() if report else "file:///nowhere/report.html",
               "reviewer": reviewer, "exported": "2026-11-23T11:00:00.000Z", "decisions": decisions}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path, capsys):
    """`aligner check` on the hand-made pair with five defects; returns (argv, out folder, findings.json)."""
    zh, ja, out = tmp_path / "doc.zh.txt", tmp_path / "doc.ja.txt", tmp_path / "r"
    zh.write_text(ROUND_ZH, encoding="utf-8")
    ja.write_text(ROUND_JA, encoding="utf-8")
    argv = ["check", zh, ja, "-o", out, "--no-default-glossary", "--fail-on", "never"]
    code, _, err = _cli(argv, capsys)
    assert code == 0, err
    return argv, out, json.loads((out / "findings.json").read_text(encoding="utf-8"))


def test_exported_json_round_trips_into_the_next_run(run, tmp_path, capsys):
    argv, out, payload = run
    fps = sorted(f["fingerprint"] for f in payload["findings"])
    accept, wrong, fixed = fps[:3]
    # Downloaded elsewhere (the browser's download folder); the report's URL leads back to `out`.
    sent = export(tmp_path / "Downloads" / "decisions-doc.zh.json",
                  {**{fp: {"status": "open", "reviewer": "", "comment": ""} for fp in fps},
                   accept: {"status": "accepted", "reviewer": "Sato", "comment": "引用のまま"},
                   wrong: {"status": "false-positive", "reviewer": "", "comment": ""},
                   fixed: {"status": "fixed", "reviewer": "", "comment": "直した"}},
                  report=out / "report.html", signature=payload["signature"]["text"], reviewer="Li")
    code, stdout, err = _cli(["review", "import", sent], capsys)
    assert code == 0, err
    assert f"{len(fps)} rows ({len(fps) - 3} open, 1 accepted, 1 false-positive, 1 fixed)" in stdout
    assert "3 decisions changed" in stdout and str(out / "decisions.json") in stdout
    assert load_decisions(out / "decisions.json") == {
        accept: Decision("accepted", "Sato", "引用のまま"), wrong: Decision("false-positive", "Li", ""),
        fixed: Decision("fixed", "Li", "直した")}

    code, stdout, err = _cli(argv, capsys)
    assert code == 0, err
    status = {f["fingerprint"]: f["status"] for f in
              json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]}
    # The text under the "fixed" finding did not change, so the run reopens it (decisions.reopen_unfixed).
    assert (status[accept], status[wrong], status[fixed]) == ("accepted", "false-positive", "open")
    page = lhtml.fromstring((out / "report.html").read_text(encoding="utf-8"))
    (li,) = page.xpath("//li[@data-fp=$fp]", fp=accept)  # what the page's buttons start from
    assert (li.get("data-status"), li.get("data-reviewer"), li.get("data-comment")) == ("accepted", "Sato", "引用のまま")


def test_unknown_status_names_the_finding_and_changes_nothing(run, tmp_path):
    _, out, payload = run
    fp = payload["findings"][0]["fingerprint"]
    save_decisions(out / "decisions.json", {fp: Decision("accepted", "Sato", "")})
    before = (out / "decisions.json").read_text(encoding="utf-8")
    sent = export(tmp_path / "e.json", {fp: {"status": "done"}}, report=out / "report.html")
    with pytest.raises(InputError, match=f"decision for {fp} has unknown status 'done'"):
        import_decisions_json(sent, out / "decisions.json")
    assert (out / "decisions.json").read_text(encoding="utf-8") == before


def test_spelling_of_statuses_follows_the_sheet_import(tmp_path):
    sent = export(tmp_path / "e.json", {"aa": {"status": "False positive"}, "bb": {"status": "ACCEPTED"},
                                        "cc": {"status": None, "comment": "ask the client"}})
    import_decisions_json(sent, tmp_path / "d.json", reviewer="Kim")
    assert load_decisions(tmp_path / "d.json") == {
        "aa": Decision("false-positive", "Kim"), "bb": Decision("accepted", "Kim"),
        "cc": Decision("open", "Kim", "ask the client")}


def test_contradictory_duplicate_fingerprint_is_refused(tmp_path):
    sent = tmp_path / "e.json"
    sent.write_text('{"decisions": {"aa": {"status": "accepted"}, "aa": {"status": "fixed"}}}', encoding="utf-8")
    with pytest.raises(InputError, match="aa appears twice"):
        import_decisions_json(sent, tmp_path / "d.json")
    assert not (tmp_path / "d.json").exists()


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", "a decisions export is a JSON object"),
    ('{"decisions": {"aa": "accepted"}}', "decision for aa is not an object"),
    ('{"decisions": {"aa": {"status": "fixed", "comment": 3}}}', "reviewer and comment must be text"),
    ('{"decisions": ', "not a valid decisions export"),
])
def test_malformed_exports_are_input_errors(tmp_path, text, message):
    sent = tmp_path / "e.json"
    sent.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_decisions_json(sent, tmp_path / "d.json")


def test_cli_malformed_export_is_one_line_exit_2(tmp_path, capsys):
    sent = tmp_path / "e.json"
    sent.write_text('{"decisions": {"aa": {"status": "maybe"}}}', encoding="utf-8")
    code, _, err = _cli(["review", "import", sent], capsys)
    assert code == 2 and "unknown status 'maybe'" in err and str(sent) in err
    assert len(err.strip().splitlines()) == 1


def test_fingerprints_the_last_check_did_not_produce_are_merged_and_listed(run, tmp_path, capsys):
    _, out, payload = run
    fp = payload["findings"][0]["fingerprint"]
    sent = export(tmp_path / "e.json", {fp: {"status": "accepted"}, "0000gone0000": {"status": "fixed"},
                                        "1111gone1111": {"status": "open"}}, report=out / "report.html",
                  signature=payload["signature"]["text"])
    code, stdout, err = _cli(["review", "import", sent], capsys)
    assert code == 0, err
    # An open verdict without comment on an unknown finding says nothing: it is neither kept nor listed.
    assert "1 verdict(s) for findings not in" in stdout and "0000gone0000" in stdout and "1111gone1111" not in stdout
    assert set(load_decisions(out / "decisions.json")) == {fp, "0000gone0000"}


def test_reopening_a_verdict_is_a_change_and_archived_verdicts_stay(tmp_path):
    target = tmp_path / "d.json"
    save_decisions(target, {"aa": Decision("accepted", "Sato", "ok")}, archived={"zz": Decision("fixed", "Li")})
    sent = export(tmp_path / "e.json", {"aa": {"status": "open", "reviewer": "", "comment": ""},
                                        "bb": {"status": "open", "reviewer": "", "comment": ""}})
    summary = import_decisions_json(sent, target)
    assert summary.changed == 1 and summary.rows == 2
    assert load_decisions(target) == {"aa": Decision("open", "Sato", "")}  # bb: nothing decided, not written
    assert load_archived(target) == {"zz": Decision("fixed", "Li")}


def test_default_target_is_the_reports_folder_only_when_it_matches(run, tmp_path):
    _, out, payload = run
    fp = payload["findings"][0]["fingerprint"]
    sig = payload["signature"]["text"]
    here = import_decisions_json(export(tmp_path / "a" / "e.json", {fp: {"status": "accepted"}},
                                        report=out / "report.html", signature=sig))
    assert here.decisions_path == out / "decisions.json" and not here.unknown
    # A report of other inputs in that folder, or one opened on another machine: beside the export.
    other = import_decisions_json(export(tmp_path / "b" / "e.json", {fp: {"status": "accepted"}},
                                         report=out / "report.html", signature="aligner:0.0.0|other"))
    assert other.decisions_path == tmp_path / "b" / "decisions.json"
    away = import_decisions_json(export(tmp_path / "c" / "e.json", {fp: {"status": "accepted"}}, signature=sig))
    assert away.decisions_path == tmp_path / "c" / "decisions.json"


def test_export_serves_as_a_decisions_file_as_it_is(tmp_path):
    sent = export(tmp_path / "e.json", {"aa": {"status": "fixed", "reviewer": "Li", "comment": "直した"}})
    assert load_decisions(sent) == {"aa": Decision("fixed", "Li", "直した")}


def test_json_is_told_from_a_sheet_by_content_when_renamed(tmp_path, capsys):
    a, fs = sample()
    outputs = write_reports(a, fs, SIG, tmp_path)
    renamed = export(tmp_path / "decisions (1).txt", {fs[0].fingerprint: {"status": "accepted"}})
    csv = tmp_path / "findings.csv"
    assert is_decisions_json(renamed) and is_decisions_json(tmp_path / "x.json")
    assert not is_decisions_json(outputs["review.xlsx"]) and not is_decisions_json(csv)
    code, stdout, err = _cli(["review", "import", renamed, "--decisions", tmp_path / "d.json"], capsys)
    assert code == 0, err
    assert "1 decisions changed" in stdout
    assert load_decisions(tmp_path / "d.json")[fs[0].fingerprint].status == "accepted"


def test_a_stale_sheet_lists_verdicts_for_findings_the_last_check_lacks(tmp_path, capsys):
    from test_review import _edit
    a, fs = sample()
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    write_reports(a, fs, SIG, tmp_path / "old")
    write_reports(a, fs[:3], SIG, tmp_path / "new")  # the last check: fs[3] and fs[4] are gone
    _edit(tmp_path / "old" / "review.xlsx", {fs[0].fingerprint: {"status": "accepted"},
                                             fs[4].fingerprint: {"status": "false-positive"}})
    code, stdout, err = _cli(["review", "import", tmp_path / "old" / "review.xlsx",
                              "--decisions", tmp_path / "new" / "decisions.json"], capsys)
    assert code == 0, err
    assert "1 verdict(s) for findings not in" in stdout and fs[4].fingerprint in stdout
    assert fs[0].fingerprint not in stdout.split("not in", 1)[1]
    assert set(load_decisions(tmp_path / "new" / "decisions.json")) == {fs[0].fingerprint, fs[4].fingerprint}


def test_findings_json_given_to_review_import_is_named_as_such(run, capsys):
    """findings.json sits beside review.xlsx; taking it for the export must say what to give instead,
    and change nothing."""
    _, out, _ = run
    code, stdout, err = _cli(["review", "import", out / "findings.json"], capsys)
    assert code == 2 and stdout == ""
    (line,) = err.strip().splitlines()
    assert str(out / "findings.json") in line and "not a decisions export" in line
    assert "review.xlsx" in line and "Export decisions" in line
    assert not (out / "decisions.json").exists()
