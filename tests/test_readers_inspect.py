"""`aligner inspect` through the CLI: layout, encoding, counts and a preview with line numbers."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def run(*args):
    return subprocess.run([sys.executable, "-m", "aligner", "inspect", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_inspect_seed_text():
    r = run(SEED, "--preview", "2")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "layout: mixed" in out and "encoding: utf-8" in out
    assert "zh 52" in out and "ja 52" in out
    # The title block spans lines 3–7 (zh) and 21–24 (ja), read by hand from the file.
    assert f"{SEED.name}:3-7" in out.replace(str(SEED), SEED.name)
    assert f"{SEED.name}:21-24" in out.replace(str(SEED), SEED.name)
    assert "note:" not in out


def test_inspect_json_and_count_note(tmp_path):
    p = tmp_path / "uneven.txt"
    p.write_text("第一段，发展。\n\n第二段，发展。\n\n第三段，发展。\n\n第一段落です。\n", encoding="utf-8")
    r = run(p, "--json", "--layout", "blocks")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["layout"] == "blocks" and info["paragraphs"] == {"zh": 3, "ja": 1}
    assert info["preview"]["zh"][2]["first_line"] == 5
    assert any("differ" in n for n in info["notes"])
