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


def _columns(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def test_inspect_preview_fits_the_terminal_width():
    r = run(SEED, "--preview", "5", "--width", "40")
    assert r.returncode == 0, r.stderr
    rows = [line for line in r.stdout.splitlines() if line.startswith("  ")]
    assert len(rows) == 10
    for row in rows:
        loc, text = row.strip().split(None, 1)
        assert loc.startswith(SEED.name + ":")
        assert _columns(text) <= 40, row  # a CJK character takes two columns
    # The title (zh lines 3-7) is long, so it is cut and marked as cut.
    assert rows[0].rstrip().endswith("…") and rows[0].split()[0] == f"{SEED.name}:3-7"
    # Location columns are padded so the texts start in one column per language.
    zh_rows = rows[:5]
    assert len({row.index(row.split()[1]) for row in zh_rows}) == 1


def test_inspect_notes_a_chinese_side_without_simplified_forms(tmp_path):
    # A Shift_JIS file: the Chinese is spelled in Japanese forms (務, 実), written by hand.
    zh = ["北京市人民政府要根拠目標任務，精心組織実施，扎実推進本工作方案各項措施落実。", "附件"]
    ja = ["北京市人民政府は、目標と任務に基づき、入念に組織的に実施しなければならない。", "付属文書"]
    p = tmp_path / "sjis.txt"
    p.write_bytes("\n\n".join(z + "\n\n" + j for z, j in zip(zh, ja)).encode("cp932"))
    r = run(p, "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["encoding"] == "cp932" and info["paragraphs"] == {"zh": 2, "ja": 2}
    assert any("simplified" in n for n in info["notes"])
