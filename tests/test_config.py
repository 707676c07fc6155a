"""aligner.toml: strict validation (unknown keys and wrong types name the key and the file) and mapping to CheckOptions."""
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.checks import REGISTRY, known_settings
from aligner.config import Config, load_config, parse_config
from aligner.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path, text):
    p = tmp_path / "aligner.toml"
    p.write_text(text, encoding="utf-8")
    return p


def a_check():
    return sorted(REGISTRY)[0]


@pytest.mark.parametrize("text, key", [
    ("colour = 1\n", "colour"),
    ("[languages]\nsrclang = 'zh-CN'\nsrc_lang = 'zh'\n", "languages.src_lang"),
    ("[glossary]\nfile = ['a.csv']\n", "glossary.file"),
    ("[gate]\nfailon = 'major'\n", "gate.failon"),
    ("[checks.no_such_check]\nenabled = false\n", "checks.no_such_check"),
    ("[thresholds]\nno_such_threshold = 1\n", "thresholds.no_such_threshold"),
])
def test_unknown_key_names_key_and_file(tmp_path, text, key):
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as ei:
        load_config(p)
    msg = ei.value.one_line()
    assert key in msg and str(p) in msg


def test_unknown_key_inside_a_check_table(tmp_path):
    p = write(tmp_path, f"[checks.{a_check()}]\nseverity = 'minor'\nweight = 2\n")
    with pytest.raises(ConfigError, match=rf"checks\.{a_check()}\.weight"):
        load_config(p)


@pytest.mark.parametrize("text, key", [
    ("[glossary]\nuse_default = 'yes'\n", "glossary.use_default"),
    ("[glossary]\nfiles = 'terms.csv'\n", "glossary.files"),
    ("[thresholds]\nmin_confidence = 'high'\n", "thresholds.min_confidence"),
    ("[thresholds]\nmin_confidence = true\n", "thresholds.min_confidence"),
    ("[checks]\nonly = 'numbers'\n", "checks.only"),
    ("[batch]\njobs = 0\n", "batch.jobs"),
    ("[batch]\njobs = 2.5\n", "batch.jobs"),
    ("[align]\nlevel = 'word'\n", "align.level"),
    ("[gate]\nfail_on = 'critical'\n", "gate.fail_on"),
    ("[languages]\nsrclang = 'ja-JP'\n", "languages.srclang"),
    ("[languages]\ntgtlang = 3\n", "languages.tgtlang"),
    ("languages = 'zh'\n", "languages"),
])
def test_wrong_type_or_value(tmp_path, text, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config(write(tmp_path, text))


def test_bad_toml_syntax_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="aligner.toml"):
        load_config(write(tmp_path, "[checks\n"))


def test_missing_explicit_config_is_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_full_config_maps_onto_check_options(tmp_path):
    names = sorted(REGISTRY)
    off, sev = names[0], names[-1]
    t1, t2 = sorted(known_settings())[:2]
    (tmp_path / "terms.csv").write_text("zh,ja\n国务院,国務院\n", encoding="utf-8")
    other = tmp_path / "abs" / "other.tbx"
    other.parent.mkdir()
    other.write_text("<tbx/>", encoding="utf-8")
    p = write(tmp_path, f"""
[languages]
srclang = "zh-TW"
tgtlang = "ja"
[align]
level = "sentence"
[glossary]
files = ["terms.csv", "{other}"]
use_default = false
[checks.{off}]
enabled = false
[checks.{sev}]
severity = "info"
[thresholds]
{t1} = 0.4
{t2} = 3
[gate]
fail_on = "minor"
[batch]
jobs = 3
""")
    cfg = load_config(p)
    assert (cfg.srclang, cfg.tgtlang, cfg.fail_on, cfg.jobs) == ("zh-TW", "ja", "minor", 3)
    assert cfg.glossaries == (str(tmp_path / "terms.csv"), str(other))
    opts = cfg.check_options()
    assert opts.level == "sentence"
    assert opts.use_default_glossary is False
    assert opts.glossaries == cfg.glossaries
    assert off not in opts.enabled_checks and set(opts.enabled_checks) == set(names) - {off}
    assert (sev, "info") in opts.severities
    assert dict(opts.thresholds) == {t1: 0.4, t2: 3.0}
    # command-line values win
    assert cfg.check_options(level="paragraph").level == "paragraph"


def test_only_list_restricts_checks(tmp_path):
    name = a_check()
    cfg = parse_config({"checks": {"only": [name]}})
    assert cfg.enabled_checks == (name,)
    with pytest.raises(ConfigError, match="bogus"):
        parse_config({"checks": {"only": ["bogus"]}})


def test_defaults_when_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config(None) == Config()
    assert Config().check_options().enabled_checks is None


def test_config_found_in_current_folder(tmp_path, monkeypatch):
    write(tmp_path, "[gate]\nfail_on = 'never'\n")
    monkeypatch.chdir(tmp_path)
    cfg = load_config(None)
    assert cfg.fail_on == "never" and cfg.path.endswith("aligner.toml")


def test_example_config_is_valid():
    cfg = load_config(ROOT / "aligner.toml.example")
    assert cfg.srclang.startswith("zh")


def test_batch_cli_reports_config_error_in_one_line(tmp_path):
    bad = write(tmp_path, "[gate]\nfail_onn = 'major'\n")
    r = subprocess.run([sys.executable, "-m", "aligner", "batch", str(tmp_path), "-o", str(tmp_path / "o"),
                        "--config", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "fail_onn" in r.stderr and str(bad) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_glossary_file_is_blamed_on_the_config(tmp_path, monkeypatch):
    """Not on --glossary: the user never typed that option, the path is in aligner.toml."""
    p = write(tmp_path, '[glossary]\nfiles = ["terms/missing.csv"]\n')
    with pytest.raises(ConfigError) as err:
        load_config(p)
    line = err.value.one_line()
    assert str(p) in line and "glossary.files" in line and "missing.csv" in line and "--glossary" not in line
    assert parse_config({"glossary": {"files": ["missing.csv"]}}).glossaries  # shape check alone passes
