"""Batch worker processes: per-document timeout, a dying worker, Ctrl-C (in-process and as a real signal).

The fake jobs below run in spawned worker processes, which import this module by name; they
stand in for `run_one` so the pool's behaviour is tested apart from how long real checks take.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligner.batch import DocResult, Document, _run_workers, run_batch
from aligner.errors import ConfigError, InputError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def _started(out: Path, doc: Document) -> None:
    (out / "started").mkdir(exist_ok=True)
    (out / "started" / doc.name).write_text(str(os.getpid()), encoding="utf-8")


def _wait_for(path: Path, limit: float = 60.0) -> None:
    """Until `path` exists (another process's sign), or `limit` seconds: then the test's own
    assertions fail, instead of the test hanging."""
    deadline = time.monotonic() + limit
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def fake_job(doc, out, options, fail_on):
    """Sleeps as long as the document's name says ('slow' forever); 'crash' kills its worker.

    'interrupt' sends the parent a SIGINT, then finishes only once the parent has said it heard it
    (the test's progress callback leaves a file): so the note comes before the document's result
    whatever the load. 'after…' documents finish only once that SIGINT has been sent, so they
    cannot drain the queue while the interrupting document is still on its way.
    """
    out = Path(out)
    _started(out, doc)
    partial = out / f".{doc.name}.partial-{os.getpid()}"
    partial.mkdir()
    if doc.name.startswith("crash"):
        os._exit(3)
    if doc.name.startswith("after"):
        _wait_for(out / "sigint-sent")
    if doc.name.startswith("interrupt"):
        os.kill(os.getppid(), signal.SIGINT)  # as if the user pressed Ctrl-C while this runs
        (out / "sigint-sent").touch()
        _wait_for(out / "note-seen")
    if doc.name.startswith("twice"):          # ... and, tired of waiting, pressed it again
        time.sleep(0.5)
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(0.5)
        os.kill(os.getppid(), signal.SIGINT)
    time.sleep(3600 if doc.name.startswith("slow") else 0.2)
    partial.rename(out / doc.name)
    return DocResult(doc.name, doc.paths, "clean", 0, units=1, folder=doc.name)


def hang_at_start(options):
    """A warm-up that never ends, as a worker stuck loading its models would."""
    time.sleep(3600)


def die_at_start(options):
    os._exit(5)


def _docs(names):
    return [Document(n, (f"/nowhere/{n}.txt",)) for n in names]


def _run(tmp_path, names, jobs=2, timeout=None, **kw):
    results, events = {}, []

    def progress(event):
        events.append(event)
        if event.note:
            (tmp_path / "note-seen").touch()
    kw.setdefault("warm", False)
    interrupted = _run_workers(_docs(names), tmp_path, None, "major", jobs, results, len(names), progress,
                               timeout=timeout, job=fake_job, **kw)
    return interrupted, results, events


def test_a_document_over_the_timeout_is_stopped_and_the_others_finish(tmp_path):
    interrupted, results, events = _run(tmp_path, ["a", "slow", "b", "c", "d"], timeout=2)
    assert not interrupted
    assert {n: r.status for n, r in results.items()} == {"a": "clean", "slow": "error", "b": "clean",
                                                         "c": "clean", "d": "clean"}
    assert "timed out after 2 s" in results["slow"].error and results["slow"].exit_code == 2
    assert 2 <= results["slow"].seconds < 30
    assert sorted(e.result.name for e in events) == sorted(results)
    # The killed worker's half-written folder is gone; finished documents are whole.
    assert not list(tmp_path.glob(".*partial*")) and not (tmp_path / "slow").exists()
    assert all((tmp_path / n).is_dir() for n in "abcd")


def test_a_dying_worker_costs_only_its_document(tmp_path):
    interrupted, results, _ = _run(tmp_path, ["a", "crash", "b", "c"])
    assert {n: r.status for n, r in results.items()} == {"a": "clean", "crash": "error", "b": "clean", "c": "clean"}
    assert "worker died (exit code 3)" in results["crash"].error
    assert not list(tmp_path.glob(".*partial*"))


def test_a_worker_stuck_in_its_start_up_does_not_hang_the_batch(tmp_path):
    started = time.monotonic()
    interrupted, results, events = _run(tmp_path, ["a", "b", "c"], warm=hang_at_start, startup_timeout=1.5)
    assert not interrupted and time.monotonic() - started < 60
    assert sorted(results) == ["a", "b", "c"]
    for r in results.values():
        assert r.status == "error" and r.exit_code == 2
        assert "no worker process could start" in r.error and "did not finish within 1.5 s" in r.error
    assert sorted(e.result.name for e in events if e.result) == ["a", "b", "c"]
    assert not (tmp_path / "started").exists()


def test_workers_dying_in_their_start_up_turn_the_documents_into_error_rows(tmp_path):
    interrupted, results, _ = _run(tmp_path, ["a", "b"], warm=die_at_start)
    assert not interrupted
    assert {n: (r.status, r.exit_code) for n, r in results.items()} == {"a": ("error", 2), "b": ("error", 2)}
    assert all("died during its start-up (exit code 5)" in r.error for r in results.values())


def test_ctrl_c_lets_running_documents_finish_and_starts_no_more(tmp_path):
    names = ["a", "b", "interrupt", "after1", "after2", "after3", "after4", "after5"]
    interrupted, results, events = _run(tmp_path, names)
    assert interrupted
    started = {p.name for p in (tmp_path / "started").iterdir()}
    # Two workers: the one beside 'interrupt' may have taken the next document, no more.
    assert "interrupt" in started and started <= {"a", "b", "interrupt", "after1"}
    # Every document that started finished whole and was reported; none was left half-written.
    assert set(results) == started and all(r.status == "clean" for r in results.values())
    assert sorted(e.result.name for e in events if e.result) == sorted(started)
    # The user hears at once that the Ctrl-C was taken, not only when the running documents end.
    (note,) = [e for e in events if e.note]
    assert "Ctrl-C" in note.note and "again" in note.note
    assert events.index(note) < max(i for i, e in enumerate(events) if e.result)
    assert not list(tmp_path.glob(".*partial*"))


def test_a_second_ctrl_c_stops_the_running_documents_and_keeps_nothing_of_them(tmp_path):
    started = time.monotonic()
    interrupted, results, _ = _run(tmp_path, ["slow", "twice", "a", "b"], timeout=120)
    assert interrupted and time.monotonic() - started < 60
    assert "a" not in results  # never started
    assert results["slow"].status == "not run" and "second Ctrl-C" in results["slow"].error
    assert not list(tmp_path.glob(".*partial*")) and not (tmp_path / "slow").exists()


def test_timeout_must_be_positive(tmp_path):
    with pytest.raises(InputError, match="timeout"):
        run_batch(_docs(["a"]), tmp_path / "o", timeout=0)


def test_real_batch_lists_the_timed_out_document_with_its_error_and_exits_2(tmp_path):
    """End to end with the real pipeline in a real worker: a tiny limit stops the seed-sized document."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "seed.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "o"
    res = run_batch(src, out, jobs=1, timeout=0.01, fail_on="never")
    (d,) = res.documents
    assert d.status == "error" and "timed out" in d.error and res.exit_code == 2
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"]
    assert "timed out" in rows[0]["error"] and rows[0]["exit_code"] == 2
    assert [p.name for p in out.iterdir() if p.is_dir()] == []


def test_cli_timeout_from_option_and_config(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import aligner.cli.batch_cmd as batch_cmd
    from aligner.batch import BatchResult
    from aligner.cli import app
    seen = []

    def fake_run_batch(target, out, **kw):
        seen.append(kw["timeout"])
        return BatchResult(Path(out), (), False, 0, 0.0, {"summary.html": Path(out) / "summary.html"})
    monkeypatch.setattr(batch_cmd, "run_batch", fake_run_batch)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["batch", str(tmp_path), "-o", "o", "--timeout", "7.5"]).exit_code == 0
    (tmp_path / "aligner.toml").write_text("[batch]\ntimeout = 60\n", encoding="utf-8")
    assert runner.invoke(app, ["batch", str(tmp_path), "-o", "o"]).exit_code == 0
    assert runner.invoke(app, ["batch", str(tmp_path), "-o", "o", "--timeout", "5"]).exit_code == 0
    assert seen == [7.5, 60.0, 5.0]
    (tmp_path / "aligner.toml").write_text("[batch]\ntimeout = -1\n", encoding="utf-8")
    r = runner.invoke(app, ["batch", str(tmp_path), "-o", "o"])
    # CliRunner bypasses main(), which turns this ConfigError into one line and exit 2.
    assert isinstance(r.exception, ConfigError) and "batch.timeout" in str(r.exception)


ZH = ["国务院同意在北京市开展服务业扩大开放综合试点。", "北京市人民政府要加强组织领导，认真组织实施。",
      "商务部要会同有关部门加强指导和协调推进。"]
JA = ["国務院は北京市でサービス業の開放拡大総合試行を行うことに同意する。", "北京市人民政府は組織指導を強化し、真剣に実施しなければならない。",
      "商務部は関係部門と共に指導と協調推進を強化しなければならない。"]


@pytest.mark.slow
def test_sigint_to_a_real_batch_keeps_finished_documents_whole(tmp_path):
    """Ctrl-C in a terminal signals the whole process group; the batch must end cleanly (exit 130)
    with every finished document's folder complete, no half-written folder, and a summary."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        k = i % 3
        (src / f"d{i:02d}.zh.txt").write_text("\n\n".join(ZH[k:] + ZH[:k]) + "\n", encoding="utf-8")
        (src / f"d{i:02d}.ja.txt").write_text("\n\n".join(JA[k:] + JA[:k]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "aligner", "batch", str(src), "-o", str(out), "--jobs", "2",
                             "--fail-on", "never"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the quiet (non-TTY) log prints a line per finished document
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("[2/"):
                os.killpg(proc.pid, signal.SIGINT)
                break
        rest_out, rest_err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, "".join(lines) + rest_err
    assert "Traceback" not in rest_err and "interrupted" in rest_err
    assert "batch: Ctrl-C: letting" in "".join(lines) + rest_err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True
    finished = [r for r in summary["documents"] if r["status"] != "not run"]
    assert 2 <= len(finished) < 40
    for r in finished:
        folder = out / r["document"]
        assert {"report.html", "findings.json", "aligned.tmx", "review.xlsx"} <= {p.name for p in folder.iterdir()}
        json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(r["document"] for r in finished)
