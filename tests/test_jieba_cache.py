"""jieba's dictionary cache lives in a folder of the user's own; where none is writable, runs stay quiet.

Each case runs in a fresh interpreter: jieba loads its dictionary once per process.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGMENT = "from aligner.glossary import tokens; print(len(tokens('服务业扩大开放', 'zh')))"


def segment(env_changes):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_changes}
    return subprocess.run([sys.executable, "-c", SEGMENT], env=env, capture_output=True, text=True, timeout=120)


def shared_tmp_taken_by_another_user(tmp_path) -> Path:
    """A temp folder whose jieba.cache cannot be read or replaced (here: a folder of that name,
    which stands for another user's private file even when the tests run as root)."""
    tmp = tmp_path / "tmp"
    (tmp / "jieba.cache").mkdir(parents=True)
    return tmp


def test_cache_goes_to_the_users_cache_folder(tmp_path):
    tmp = shared_tmp_taken_by_another_user(tmp_path)
    run = segment({"TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert run.returncode == 0 and run.stderr == ""
    assert list((tmp_path / "cache" / "aligner").glob("*.cache"))
    again = segment({"TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert again.returncode == 0 and again.stderr == "" and again.stdout == run.stdout


def test_per_user_temp_folder_when_there_is_no_cache_home(tmp_path):
    tmp = shared_tmp_taken_by_another_user(tmp_path)
    (tmp_path / "not-a-folder").write_text("")
    run = segment({"TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "not-a-folder")})
    assert run.returncode == 0 and run.stderr == ""
    assert list(tmp.glob("aligner-*/*.cache"))


def test_nothing_writable_is_slow_but_quiet(tmp_path):
    tmp = shared_tmp_taken_by_another_user(tmp_path)
    (tmp_path / "not-a-folder").write_text("")
    (tmp / f"aligner-{os.getuid()}").write_text("")  # the per-user temp folder cannot be made either
    run = segment({"TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "not-a-folder")})
    assert run.returncode == 0 and run.stdout.strip() and run.stderr == ""
