"""End-to-end: the main job on the seed produces its outputs and the CLI exit codes mean what they say."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=cwd)


def test_check_on_seed_writes_outputs(tmp_path):
    r = run_cli("check", str(SEED), "-o", str(tmp_path), "--fail-on", "never")
    assert r.returncode == 0, r.stderr
    payload = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert payload["signature"]["version"]
    assert (tmp_path / "aligned.tmx").read_bytes().startswith(b"<?xml")


def test_missing_file_is_one_line_exit_2(tmp_path):
    r = run_cli("inspect", str(tmp_path / "nope.txt"))
    assert r.returncode == 2
    assert "nope.txt" in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
