"""Project settings from `aligner.toml`, validated strictly.

A typo in a settings file is silent in most tools and costs a reviewer a whole run with the
wrong checks. So every key is known, every value is type-checked, and the error names the key
and the file. The same Config feeds `batch` and `check` through `Config.check_options()`, and
`align` reads its [input], [align] and [languages].

Layout of the file (every table and key is optional; see `aligner.toml.example`)::

    [languages]   srclang = "zh-CN", tgtlang = "ja-JP"
    [input]       layout = "auto", encoding = "utf-8"
    [align]       level = "paragraph" | "sentence", realign = false
    [glossary]    files = ["terms.csv"], use_default = true
    [checks]      only = ["check_a", ...]          # run just these (default: all)
    [checks.NAME] enabled = false, severity = "major" | "minor" | "info"
    [thresholds]  NAME = number                    # named numeric settings for checks/aligner
    [gate]        fail_on = "major" | "minor" | "info" | "never"
    [batch]       jobs = 2, timeout = 300          # timeout: seconds per document
"""
from __future__ import annotations

import codecs
import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "aligner.toml"
SEVERITIES = ("major", "minor", "info")
GATES = ("major", "minor", "info", "never")
LEVELS = ("paragraph", "sentence")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_language_code(code: str, prefix: str) -> bool:
    """A BCP 47-looking tag of the language `prefix` ('zh' or 'ja'): zh, zh-CN, zh-Hans, ja-JP …"""
    return bool(_LANG_TAG.match(code)) and code.lower().split("-")[0] == prefix


@dataclass(frozen=True)
class Config:
    """Validated settings. `path` is None when no file was found (all defaults)."""

    path: str | None = None
    srclang: str = "zh-CN"
    tgtlang: str = "ja-JP"
    layout: str = "auto"
    encoding: str | None = None
    level: str = "paragraph"
    realign: bool = False                     # pair a table/TMX/XLIFF anew instead of judging its pairs
    glossaries: tuple[str, ...] = ()          # absolute, resolved against the config's folder
    use_default_glossary: bool = True
    only_checks: tuple[str, ...] | None = None
    disabled_checks: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()
    fail_on: str = "major"
    jobs: int | None = None
    timeout: float | None = None              # seconds one batch document may run

    @property
    def enabled_checks(self) -> tuple[str, ...] | None:
        """None means "every registered check" so checks added later are on by default."""
        if self.only_checks is None and not self.disabled_checks:
            return None
        if self.only_checks is not None:
            names = self.only_checks
        else:
            from .checks import REGISTRY
            names = tuple(REGISTRY)
        return tuple(n for n in names if n not in self.disabled_checks)

    def check_options(self, **overrides: Any):
        """CheckOptions for run_check; command-line values win over the file (pass them as overrides).

        Fields CheckOptions does not (yet) have, such as the language codes, are left out rather
        than failing, so this keeps working while the pipeline grows.
        """
        from .pipeline import CheckOptions
        known = {f.name for f in dataclasses.fields(CheckOptions)}
        values = {
            "layout": self.layout, "encoding": self.encoding, "level": self.level, "realign": self.realign,
            "glossaries": self.glossaries, "use_default_glossary": self.use_default_glossary,
            "enabled_checks": self.enabled_checks, "severities": self.severities,
            "thresholds": self.thresholds, "srclang": self.srclang, "tgtlang": self.tgtlang,
        }
        given = {k: v for k, v in overrides.items() if v is not None}
        # Checked here so a batch refuses a bad option once, before any document, not once per row.
        if "level" in given and given["level"] not in LEVELS:
            raise ConfigError(f"unknown --level '{given['level']}'", hint=f"use one of: {', '.join(LEVELS)}")
        if given.get("encoding"):
            try:
                codecs.lookup(given["encoding"])
            except LookupError:
                raise ConfigError(f"unknown --encoding '{given['encoding']}'",
                                  hint="use a Python codec name such as utf-8, gb18030, cp932, utf-16") from None
        values.update(given)
        return CheckOptions(**{k: v for k, v in values.items() if k in known})


def find_config(start: str | Path | None = None) -> Path | None:
    """`aligner.toml` in the given (or current) folder; no walking upwards, to stay predictable."""
    folder = Path(start) if start is not None else Path.cwd()
    candidate = folder / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate a config file; with None, use ./aligner.toml if present, else defaults."""
    if path is None:
        found = find_config()
        if found is None:
            return Config()
        path = found
    p = Path(path)
    if not p.is_file():
        raise ConfigError("config file not found", path=str(p), hint="check the --config path")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError("config file is not UTF-8", path=str(p), hint="save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=str(p), hint="fix the syntax") from None
    cfg = parse_config(data, path=str(p))
    # Checked here, not in parse_config (which only validates shapes): otherwise a missing file is
    # reported later as a bad --glossary option, sending the user to the wrong place.
    for g in cfg.glossaries:
        if not Path(g).is_file():
            raise ConfigError(f"glossary.files: '{g}' not found", path=str(p),
                              hint="paths are relative to the folder of this file")
    return cfg


def parse_config(data: dict, *, path: str = CONFIG_NAME) -> Config:
    """Validate an already-parsed TOML mapping; `path` is only used in messages and to resolve files."""
    v = _Validator(path)
    v.keys(data, "", {"languages", "input", "align", "glossary", "checks", "thresholds", "gate", "batch"})
    values: dict[str, Any] = {"path": path}

    lang = v.table(data, "languages")
    v.keys(lang, "languages", {"srclang", "tgtlang"})
    for key, prefix in (("srclang", "zh"), ("tgtlang", "ja")):
        if key in lang:
            code = v.string(lang, key, "languages")
            if not is_language_code(code, prefix):
                raise v.error(f"languages.{key}", f"'{code}' is not a {prefix}* language code",
                              f"use e.g. '{prefix}' or '{'zh-CN' if prefix == 'zh' else 'ja-JP'}'")
            values[key] = code

    inp = v.table(data, "input")
    v.keys(inp, "input", {"layout", "encoding"})
    if "layout" in inp:
        layouts = _layouts()
        values["layout"] = v.choice(inp, "layout", "input", layouts) if layouts else v.string(inp, "layout", "input")
    if "encoding" in inp:
        enc = v.string(inp, "encoding", "input")
        import codecs
        try:
            codecs.lookup(enc)
        except LookupError:
            raise v.error("input.encoding", f"unknown encoding '{enc}'", "use e.g. utf-8, gb18030, shift_jis") from None
        values["encoding"] = enc

    aln = v.table(data, "align")
    v.keys(aln, "align", {"level", "realign"})
    if "level" in aln:
        values["level"] = v.choice(aln, "level", "align", LEVELS)
    if "realign" in aln:
        values["realign"] = v.boolean(aln, "realign", "align")

    glo = v.table(data, "glossary")
    v.keys(glo, "glossary", {"files", "use_default"})
    if "files" in glo:
        base = Path(path).resolve().parent
        files = v.string_list(glo, "files", "glossary")
        values["glossaries"] = tuple(str((base / f).resolve()) if not Path(f).is_absolute() else f for f in files)
    if "use_default" in glo:
        values["use_default_glossary"] = v.boolean(glo, "use_default", "glossary")

    checks = v.table(data, "checks")
    registry = _check_names()
    disabled, severities = [], []
    for name, value in checks.items():
        if name == "only":
            only = v.string_list(checks, "only", "checks")
            for n in only:
                if registry is not None and n not in registry:
                    raise v.error("checks.only", f"unknown check '{n}'", _known(registry))
            values["only_checks"] = tuple(only)
            continue
        if not isinstance(value, dict):
            raise v.error(f"checks.{name}", "unknown key" if registry is not None and name not in registry
                          else "must be a table like [checks.NAME]", _known(registry))
        if registry is not None and name not in registry:
            raise v.error(f"checks.{name}", f"unknown check '{name}'", _known(registry))
        v.keys(value, f"checks.{name}", {"enabled", "severity"})
        if "enabled" in value and not v.boolean(value, "enabled", f"checks.{name}"):
            disabled.append(name)
        if "severity" in value:
            severities.append((name, v.choice(value, "severity", f"checks.{name}", SEVERITIES)))
    values["disabled_checks"] = tuple(disabled)
    values["severities"] = tuple(severities)

    thr = v.table(data, "thresholds")
    thresholds = []
    known_thresholds = _threshold_names()
    for name, value in thr.items():
        if known_thresholds is not None and name not in known_thresholds:
            raise v.error(f"thresholds.{name}", "unknown key",
                          f"known thresholds: {', '.join(sorted(known_thresholds))}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise v.error(f"thresholds.{name}", f"must be a number, not {_type_name(value)}", None)
        thresholds.append((name, float(value)))
    values["thresholds"] = tuple(thresholds)

    gate = v.table(data, "gate")
    v.keys(gate, "gate", {"fail_on"})
    if "fail_on" in gate:
        values["fail_on"] = v.choice(gate, "fail_on", "gate", GATES)

    batch = v.table(data, "batch")
    v.keys(batch, "batch", {"jobs", "timeout"})
    if "jobs" in batch:
        jobs = batch["jobs"]
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise v.error("batch.jobs", f"must be a positive integer, not {jobs!r}", None)
        values["jobs"] = jobs
    if "timeout" in batch:
        timeout = batch["timeout"]
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
            raise v.error("batch.timeout", f"must be a positive number of seconds, not {timeout!r}", None)
        values["timeout"] = float(timeout)
    return Config(**values)


def _check_names() -> set[str] | None:
    """Check names and categories (the pipeline accepts either); None if the registry cannot be read."""
    try:
        from .checks import REGISTRY
    except Exception:  # the registry is someone else's; never let it break config loading
        return None
    return set(REGISTRY) | {getattr(c, "category", "") for c in REGISTRY.values()} - {""}


def _threshold_names() -> set[str] | None:
    try:
        from .checks import known_settings
        return set(known_settings())
    except Exception:
        return None


def _layouts() -> tuple[str, ...] | None:
    try:
        from .readers import LAYOUTS
    except Exception:
        return None
    return tuple(LAYOUTS)


def _known(registry: set[str] | None) -> str | None:
    return f"known checks: {', '.join(sorted(registry))}" if registry else None


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


class _Validator:
    def __init__(self, path: str):
        self.path = path

    def error(self, key: str, message: str, hint: str | None) -> ConfigError:
        return ConfigError(f"{key}: {message}", path=self.path, hint=hint)

    def keys(self, table: dict, where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                dotted = f"{where}.{key}" if where else key
                raise self.error(dotted, "unknown key", f"allowed here: {', '.join(sorted(allowed))}")

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table [{key}], not {_type_name(value)}", None)
        return value

    def string(self, table: dict, key: str, where: str) -> str:
        value = table[key]
        if not isinstance(value, str):
            raise self.error(f"{where}.{key}", f"must be a string, not {_type_name(value)}", None)
        return value

    def boolean(self, table: dict, key: str, where: str) -> bool:
        value = table[key]
        if not isinstance(value, bool):
            raise self.error(f"{where}.{key}", f"must be true or false, not {_type_name(value)}", None)
        return value

    def choice(self, table: dict, key: str, where: str, choices: tuple[str, ...]) -> str:
        value = self.string(table, key, where)
        if value not in choices:
            raise self.error(f"{where}.{key}", f"'{value}' is not allowed", f"choose one of: {', '.join(choices)}")
        return value

    def string_list(self, table: dict, key: str, where: str) -> list[str]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise self.error(f"{where}.{key}", "must be a list of strings", None)
        return list(value)
