"""What a new user gets wrong on the command line: each mistake is one line on stderr naming the file and
what to do, exit code 2, no traceback, and no output folder or file left behind.

Input documents that cannot be read are covered file by file in test_inputs_errors.py; this file
covers the other arguments (glossary, config, output, gold, review sheet) of every command.
"""
from __future__ import annotations

import pytest

from aligner.cli import main

BILINGUAL = "北京市人民政府要精心组织实施，扎实推进各项措施落实。\n\n北京市人民政府は、入念に組織的に実施しなければならない。\n"


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_line(code, out, err, *needles):
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error:"), err
    for needle in needles:
        assert str(needle) in lines[0], (needle, lines[0])


@pytest.fixture
def doc(tmp_path):
    return _write(tmp_path / "doc.txt", BILINGUAL)


@pytest.mark.parametrize("header, needles", [
    ("zh,ja,forbiden,note", ["unknown column 'forbiden'", "did you mean 'forbidden'"]),
    ("zh,jа,note", ["missing column(s) ja"]),  # a Cyrillic а typed for the Latin a
    ("zh;ja;note", ["missing column(s)", "semicolon"]),
])
def test_glossary_header_typo_stops_before_anything_is_written(capsys, tmp_path, doc, header, needles):
    glossary = _write(tmp_path / "terms.csv", f"{header}\n国务院,国務院,\n")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "check", doc, "-o", out_dir, "--glossary", glossary)
    assert_one_line(code, out, err, "terms.csv:1", *needles)
    assert not out_dir.exists()


def test_glossary_may_carry_extra_columns_unlike_the_known_ones(tmp_path):
    from aligner.glossary import load_glossary
    terms = load_glossary(_write(tmp_path / "tb.csv", "zh,ja,domain,source\n国务院,国務院,gov,JETRO\n"))
    assert [t.zh for t in terms.terms] == ["国务院"]


def test_config_with_an_unknown_key_names_the_key_and_the_file(capsys, tmp_path, doc):
    config = _write(tmp_path / "my.toml", 'levle = "sentence"\n')
    code, out, err = run(capsys, "check", doc, "-o", tmp_path / "out", "--config", config)
    assert_one_line(code, out, err, "my.toml", "levle", "unknown key")
    assert not (tmp_path / "out").exists()


def test_check_output_that_is_an_existing_file(capsys, tmp_path, doc):
    target = _write(tmp_path / "report.txt", "keep me")
    code, out, err = run(capsys, "check", doc, "-o", target)
    assert_one_line(code, out, err, "report.txt", "not a folder")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_check_output_below_a_file_cannot_be_created(capsys, tmp_path, doc):
    # Running as root, a chmod'ed folder is still writable; a path through a file never is.
    blocker = _write(tmp_path / "blocker", "x")
    code, out, err = run(capsys, "check", doc, "-o", blocker / "out")
    assert_one_line(code, out, err, "blocker", "not a folder")


@pytest.mark.parametrize("name", ["aligned.jsonl", "aligned.tsv", "aligned.tmx"])
def test_align_output_below_a_file_is_one_line(capsys, tmp_path, doc, name):
    blocker = _write(tmp_path / "blocker", "x")
    code, out, err = run(capsys, "align", doc, "-o", blocker / name)
    assert_one_line(code, out, err, "blocker", "not a folder")


def test_align_output_that_is_a_folder(capsys, tmp_path, doc):
    (tmp_path / "out.jsonl").mkdir()
    code, out, err = run(capsys, "align", doc, "-o", tmp_path / "out.jsonl")
    assert_one_line(code, out, err, "out.jsonl", "folder")


@pytest.mark.parametrize("args, needles", [
    (["check", "{doc}", "-o", "{tmp}/o", "--bogus"], ["No such option: --bogus", "aligner check --help"]),
    (["check", "{doc}"], ["Missing option", "aligner check --help"]),
    (["check", "{doc}", "-o", "{tmp}/o", "--fail-on", "sometimes"], ["--fail-on", "sometimes"]),
    (["check", "{doc}", "-o", "{tmp}/o", "--threshold", "length_ratio_z"], ["NAME=VALUE", "e.g. --threshold "]),
    (["check", "{doc}", "-o", "{tmp}/o", "--severity", "numbers"], ["CHECK=SEVERITY", "e.g. --severity "]),
    (["check", "{doc}", "-o", "{tmp}/o", "--against", "{tmp}/old.txt"], ["old.txt", "no such file"]),
    (["check", "{doc}", "-o", "{tmp}/o", "--glossary", "{tmp}/none.csv"], ["none.csv", "not found"]),
    (["check", "{doc}", "-o", "{tmp}/o", "--config", "{tmp}/none.toml"], ["none.toml", "not found"]),
    (["align", "{doc}", "-o", "{tmp}/o.txt"], ["o.txt", ".jsonl, .tsv or .tmx"]),
    (["align", "{doc}", "-o", "{tmp}/o.tmx", "--level", "word"], ["--level 'word'", "paragraph", "sentence"]),
    (["align", "{doc}", "-o", "{tmp}/o.tmx", "--tgtlang", "zh"], ["--tgtlang 'zh'", "ja-JP"]),
    (["align", "{doc}", "-o", "{tmp}/o.tmx", "--srclang", "chinese"], ["--srclang 'chinese'", "zh-CN"]),
    (["analyze", "{doc}", "--tm", "{tmp}/none.tmx"], ["none.tmx"]),
    (["review", "import", "{tmp}"], ["without a review.xlsx", "give the review.xlsx"]),
    (["review", "import", "{tmp}/review.xlsx"], ["review.xlsx", "not found"]),
])
def test_usage_mistakes_are_one_line(capsys, tmp_path, doc, args, needles):
    argv = [a.format(doc=doc, tmp=tmp_path) for a in args]
    code, out, err = run(capsys, *argv)
    assert_one_line(code, out, err, *(n.format(tmp=tmp_path) for n in needles))
    assert not (tmp_path / "o").exists() and not list(tmp_path.glob("o.*"))


def test_eval_refuses_empty_files_instead_of_scoring_zero(capsys, tmp_path, doc):
    empty = _write(tmp_path / "empty.jsonl", "")
    pred = tmp_path / "pred.jsonl"
    code, _, err = run(capsys, "align", doc, "-o", pred)
    assert code == 0, err
    assert_one_line(*run(capsys, "eval", empty, pred), "empty.jsonl", "no alignment records")
    assert_one_line(*run(capsys, "eval", pred, empty), "empty.jsonl", "no gold beads")
    header_only = _write(tmp_path / "gold.jsonl", '{"header": {"level": "paragraph"}}\n')
    assert_one_line(*run(capsys, "eval", pred, header_only), "gold.jsonl", "no gold beads")


def test_align_creates_a_missing_output_folder_only_once_the_input_reads(capsys, tmp_path, doc):
    out = tmp_path / "new" / "deeper" / "aligned.tmx"
    code, _, err = run(capsys, "align", tmp_path / "missing.txt", "-o", out)
    assert code == 2 and not (tmp_path / "new").exists(), err
    code, _, err = run(capsys, "align", doc, "-o", out)
    assert code == 0 and out.is_file(), err


@pytest.mark.parametrize("below", ["", "sub"])
def test_analyze_refuses_a_file_as_output_folder_before_printing_totals(capsys, tmp_path, below):
    from aligner.formats import tmx
    from roundtrip_base import make_alignment
    memory = tmp_path / "tm.tmx"
    tmx.write(make_alignment([("北京市人民政府要精心组织实施。", "北京市人民政府は入念に実施する。")]), memory)
    doc = _write(tmp_path / "new.txt", "北京市人民政府要精心组织实施。\n")
    blocker = _write(tmp_path / "blocker", "x")
    code, out, err = run(capsys, "analyze", doc, "--tm", memory, "-o", blocker / below if below else blocker)
    assert_one_line(code, out, err, "blocker", "not a folder")


def test_glossary_without_an_extension_says_so(capsys, tmp_path, doc):
    terms = _write(tmp_path / "terms", "zh,ja\n国务院,国務院\n")
    code, out, err = run(capsys, "check", doc, "-o", tmp_path / "out", "--glossary", terms)
    assert_one_line(code, out, err, "terms", "no extension", ".csv")
    assert not (tmp_path / "out").exists()


def test_an_operating_system_error_is_one_line_naming_the_file(capsys, tmp_path, doc):
    # A name over the file system's 255-byte limit fails for any user, root included.
    code, out, err = run(capsys, "check", doc, "-o", tmp_path / ("x" * 300))
    assert_one_line(code, out, err, "x" * 300, "too long", "check the path")


@pytest.mark.parametrize("old_text", [
    "北京市人民政府は、中国（北京）自由貿易試験区の建設を推進しなければならない。\n",
    None,  # the bilingual document itself given as the old source
])
def test_against_takes_the_chinese_alone(capsys, tmp_path, doc, old_text):
    old = _write(tmp_path / "old.txt", old_text) if old_text else doc
    code, out, err = run(capsys, "check", doc, "-o", tmp_path / "o", "--against", old)
    assert_one_line(code, out, err, old.name, "kana", "Chinese source alone")
    assert not (tmp_path / "o").exists()


def test_against_accepts_chinese_with_a_katakana_name(capsys, tmp_path, doc):
    # A transliterated foreign name is not Japanese prose: a few kana must not refuse the file.
    old = _write(tmp_path / "old.txt", "北京市人民政府要精心组织实施，与ソフトバンク等企业合作，推进服务业扩大开放综合试点工作，"
                                        "加快形成全面开放新格局。\n")
    code, _, err = run(capsys, "check", doc, "-o", tmp_path / "o", "--against", old, "--fail-on", "never")
    assert code == 0, err


def test_an_unforeseen_exception_is_one_line_and_exit_2_not_1(tmp_path, monkeypatch, capsys):
    """A crash must not leave a traceback, nor exit 1, which a CI gate reads as 'QA findings'."""
    import aligner.pipeline
    from aligner.cli import main

    def crash(*args, **kwargs):
        raise ValueError("tokenizer gave up\non this text")
    monkeypatch.setattr(aligner.pipeline, "run_check", crash)
    monkeypatch.delenv("ALIGNER_DEBUG", raising=False)
    doc = tmp_path / "doc.txt"
    doc.write_text("国务院同意。\n\n国務院は同意する。\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(doc), "-o", str(tmp_path / "out")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("aligner: error:") and "aligner check" in lines[0] and "ValueError" in lines[0]
    assert "ALIGNER_DEBUG" in lines[0]
    monkeypatch.setenv("ALIGNER_DEBUG", "1")
    with pytest.raises(ValueError):
        main(["check", str(doc), "-o", str(tmp_path / "out")])


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder no file can be created in: chmod works for a normal user; root ignores it, and then
    a kernel folder (/sys) serves."""
    import os
    import stat
    import tempfile
    mine = tmp_path / "read-only"
    mine.mkdir()
    mine.chmod(stat.S_IRUSR | stat.S_IXUSR)
    for folder in (mine, "/sys/kernel", "/proc/1"):
        try:
            fd, probe = tempfile.mkstemp(dir=folder)
        except OSError:
            yield folder
            break
        os.close(fd)
        os.unlink(probe)
    else:
        pytest.skip("no folder here refuses new files")
    mine.chmod(stat.S_IRWXU)


def test_check_into_a_read_only_folder_says_so_not_close_excel(capsys, doc, read_only_folder):
    code, out, err = run(capsys, "check", doc, "-o", read_only_folder)
    assert_one_line(code, out, err, read_only_folder, "cannot write")
    assert "Excel" not in err


def test_batch_refuses_a_read_only_folder_before_any_document(capsys, tmp_path, doc, read_only_folder):
    """Before: every document ran, failed into an error row, then the summary failed naming a temp file."""
    code, out, err = run(capsys, "batch", tmp_path, "-o", read_only_folder, "--jobs", "1")
    lines = [line for line in err.strip().splitlines()]
    assert code == 2 and out == ""
    assert not any(line.startswith("[") for line in lines), err  # no document was run
    assert lines[-1].startswith("aligner: error:") and str(read_only_folder) in lines[-1] and "cannot write" in lines[-1]
    assert ".tmp" not in err


def _pair_with_an_unmatched_paragraph(tmp_path):
    """Two files whose third Chinese paragraph has no Japanese: one 1-0 unit beside two pairs."""
    zh = _write(tmp_path / "a.zh.txt", "北京市人民政府要精心组织实施。\n\n商务部要加强指导。\n\n"
                                       "各部门要严格落实数据安全责任制，明确数据分类分级保护要求。\n")
    ja = _write(tmp_path / "a.ja.txt", "北京市人民政府は入念に組織的に実施しなければならない。\n\n"
                                       "商務部は指導を強化しなければならない。\n")
    return zh, ja


@pytest.mark.parametrize("keep", [False, True])
def test_align_to_tmx_says_how_many_units_the_memory_holds(capsys, tmp_path, keep):
    """A Chinese paragraph with no Japanese: the summary must not count it among what the TMX holds."""
    import re
    zh, ja = _pair_with_an_unmatched_paragraph(tmp_path)
    out = tmp_path / "a.tmx"
    try:
        main(["align", str(zh), str(ja), "-o", str(out), *(["--include-unmatched"] if keep else [])])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    stdout = capsys.readouterr().out
    units = int(re.match(r"(\d+) ", stdout).group(1))
    unmatched = int(re.search(r"(\d+) unmatched", stdout).group(1))
    in_tmx = out.read_text(encoding="utf-8").count("<tu ")
    assert unmatched >= 1
    if keep:
        assert in_tmx == units and "left out" not in stdout
    else:
        assert in_tmx == units - unmatched
        assert f"{in_tmx} units written" in stdout and "--include-unmatched" in stdout


@pytest.mark.parametrize("option, value", [("--fail-on", "majr"), ("--level", "sentences")])
def test_a_wrong_value_reads_the_same_in_every_command(capsys, tmp_path, doc, option, value):
    """check, batch and align said 'must be one of … got', 'unknown --fail-on value' and
    'unknown level' for the same mistake; one wording, naming the option and the value."""
    commands = [["check", doc, "-o", tmp_path / "c"], ["batch", tmp_path, "-o", tmp_path / "b"]]
    if option == "--level":
        commands.append(["align", doc, "-o", tmp_path / "a.jsonl"])
    messages = set()
    for argv in commands:
        code, out, err = run(capsys, *argv, option, value)
        assert_one_line(code, out, err, f"unknown {option} '{value}'")
        messages.add(err.strip())
    assert len(messages) == 1, messages


def test_ctrl_c_during_check_says_interrupted_and_exits_130(tmp_path, monkeypatch, capsys, doc):
    import aligner.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(aligner.pipeline, "run_check", interrupted)
    code, out, err = run(capsys, "check", doc, "-o", tmp_path / "out")
    assert code == 130
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "interrupted" in lines[0] and "Traceback" not in err


@pytest.mark.parametrize("suffix", [".tsv", ".tmx"])
def test_align_refuses_to_overwrite_its_input(capsys, tmp_path, suffix):
    """`align memory.tmx -o memory.tmx` replaced the user's memory with this run's output."""
    src = tmp_path / f"doc{suffix}"
    if suffix == ".tsv":
        src.write_text("北京市人民政府要精心组织实施。\t北京市人民政府は入念に組織的に実施しなければならない。\n"
                       "商务部要加强指导。\t商務部は指導を強化しなければならない。\n", encoding="utf-8")
    else:
        code, _, err = run(capsys, "align", _write(tmp_path / "doc.txt", BILINGUAL), "-o", src)
        assert code in (0, None), err
    before = src.read_bytes()
    code, out, err = run(capsys, "align", src, "-o", tmp_path / "." / src.name)
    assert_one_line(code, out, err, src.name, "overwritten")
    assert src.read_bytes() == before


@pytest.mark.parametrize("keep", [False, True])
def test_check_says_how_many_units_aligned_tmx_holds(capsys, tmp_path, keep):
    import re
    zh, ja = _pair_with_an_unmatched_paragraph(tmp_path)
    out = tmp_path / "r"
    code, stdout, err = run(capsys, "check", zh, ja, "-o", out, "--fail-on", "never",
                            *(["--include-unmatched"] if keep else []))
    assert code == 0, err
    units = int(re.match(r"(\d+) units", stdout).group(1))
    in_tmx = (out / "aligned.tmx").read_text(encoding="utf-8").count("<tu ")
    if keep:
        assert in_tmx == units and "left out" not in stdout
    else:
        assert in_tmx < units and f"{in_tmx} written" in stdout and "--include-unmatched" in stdout
