"""The main job as one library call: read → align → check → write. Never prints, never exits."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .align import AlignConfig, align
from .checks import run_checks, validate
from .checks.base import CheckContext
from .decisions import (Decision, is_open, load_archived, load_decisions, reconcile, reopen_unfixed,
                        save_decisions)
from .errors import InputError, OutputError
from .formats import tmx
from .glossary import DEFAULT_GLOSSARY, load_glossaries
from .model import SEVERITY_RANK, Alignment, Finding
from .readers import read_bilingual, read_monolingual
from .signature import signature
from .writers import report


@dataclass(frozen=True)
class CheckOptions:
    layout: str = "auto"
    encoding: str | None = None
    level: str = "paragraph"
    realign: bool = False                 # pair a file that pairs its text (table, TMX, XLIFF) anew
    glossaries: tuple[str, ...] = ()
    use_default_glossary: bool = True
    against: str | None = None
    include_unmatched: bool = False
    decisions: str | None = None          # path; default DIR/decisions.json
    enabled_checks: tuple[str, ...] | None = None   # None = all registered checks
    severities: tuple[tuple[str, str], ...] = ()     # (check name, severity) overrides
    thresholds: tuple[tuple[str, float], ...] = ()   # named numeric settings for checks/aligner
    srclang: str = "zh-CN"                # TMX language codes (config [languages])
    tgtlang: str = "ja-JP"


@dataclass(frozen=True)
class CheckResult:
    alignment: Alignment
    findings: tuple[Finding, ...]
    signature: dict
    outputs: dict = field(default_factory=dict)
    decisions: dict = field(default_factory=dict)   # fingerprint → Decision, for this run's findings
    # Verdicts that were live before this run but whose finding no longer occurs: archived, and
    # reported so a reviewer sees that a fix (or a changed source) made them moot.
    retired: dict = field(default_factory=dict)
    decisions_path: Path | None = None              # where the verdicts are kept (None: nowhere yet)
    # 'fixed' verdicts this run turned back to open: the finding still occurs on unchanged text.
    reopened: tuple[str, ...] = ()

    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if is_open(self.decisions, f.fingerprint))

    def worst(self) -> int:
        return max((SEVERITY_RANK[f.severity] for f in self.open_findings()), default=-1)


def gate_exit_code(findings, fail_on: str, decisions: dict[str, Decision] | None = None) -> int:
    """1 when an open finding (not accepted, false-positive or fixed) is at or above the gate, 0 otherwise."""
    if fail_on == "never":
        return 0
    gate = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= gate and is_open(decisions or {}, f.fingerprint)
                    for f in findings) else 0


def check_signature(options: CheckOptions, layout: str, glossary_paths: list[str], alignment: Alignment) -> dict:
    """Everything that shapes the findings: settings, plus a hash of each input, glossary and the old source."""
    settings = {"level": options.level, "layout": layout,
                "checks": ",".join(options.enabled_checks) if options.enabled_checks else "all",
                "default_glossary": options.use_default_glossary}
    if options.severities:
        settings["severities"] = ",".join(f"{k}={v}" for k, v in sorted(options.severities))
    if options.thresholds:
        settings["thresholds"] = ",".join(f"{k}={v:g}" for k, v in sorted(options.thresholds))
    if alignment.settings.get("aligner"):
        settings["aligner"] = alignment.settings["aligner"]
    if alignment.settings.get("pairs"):
        settings["pairs"] = alignment.settings["pairs"]
    files = {f"input:{p}": p for p in alignment.source.files if Path(p).is_file()}
    # The bundled glossary is named as such, not by where this installation happens to live.
    files.update({("glossary:bundled/default.csv" if p == str(DEFAULT_GLOSSARY) else f"glossary:{p}"): p for p in glossary_paths})
    if options.against:
        files[f"against:{options.against}"] = options.against
    return signature(settings, files)


def run_check(paths: list[str], out_dir: str | Path, *, options: CheckOptions = CheckOptions()) -> CheckResult:
    # Everything that can be wrong with the inputs is found before any checking or writing starts.
    severities = dict(options.severities)
    thresholds = dict(options.thresholds)
    validate(options.enabled_checks, severities, thresholds)
    glossaries = load_glossaries(options.glossaries, use_default=options.use_default_glossary)
    glossary_paths = ([str(DEFAULT_GLOSSARY)] if options.use_default_glossary else []) + list(options.glossaries)
    against = read_monolingual(options.against, strict=True) if options.against else None
    doc = read_bilingual(paths, layout=options.layout, encoding=options.encoding)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("is a file, not a folder", path=str(out), hint="give -o a folder for the reports")
    if out.is_dir():
        # A read-only folder is refused now, not after the whole check, as the first report fails.
        from .writers.folder import check_writable
        check_writable(out, hint="give -o a folder you can write to")
    decisions_path, folder_copy = _decisions_files(options, out)
    decisions = load_decisions(decisions_path)
    archived = load_archived(decisions_path)
    if folder_copy is not None:
        _refuse_diverging_copy(folder_copy, decisions_path, decisions, archived)

    alignment = align(doc, level=options.level, config=AlignConfig(realign=options.realign))
    ctx = CheckContext(glossaries=glossaries, against=against, settings=thresholds)
    findings = run_checks(alignment, context=ctx,
                          enabled=list(options.enabled_checks) if options.enabled_checks is not None else None,
                          severities=severities)
    # Characters the TMX cannot carry are findings too, so the reports, the sheet and the gate see them.
    findings = [*findings, *tmx.illegal_character_findings(
        alignment, tmx.illegal_characters(alignment, include_unmatched=options.include_unmatched))]
    sig = check_signature(options, doc.layout, glossary_paths, alignment)

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", path=str(out),
                          hint="give -o a folder you can write to") from None
    live, stale = reconcile(decisions, (f.fingerprint for f in findings), archived)
    reopened = tuple(sorted(fp for fp, d in live.items() if d.status == "fixed"))
    live = reopen_unfixed(live)
    outputs = report.write_reports(alignment, findings, sig, out, decisions=live,
                                   include_unmatched=options.include_unmatched)
    if live or stale or decisions_path.exists():
        # Verdicts on findings that no longer occur are archived, not lost: they return if the finding does.
        save_decisions(decisions_path, live, archived=stale)
        if decisions_path == out / "decisions.json":
            outputs["decisions.json"] = decisions_path
    if folder_copy is not None:
        # Everything it held is in the file the user named (checked above): drop the copy so a
        # reader of the folder cannot mistake it for the current verdicts.
        folder_copy.unlink(missing_ok=True)
    outputs["aligned.tmx"] = out / "aligned.tmx"
    tmx.write(alignment, outputs["aligned.tmx"], signature=sig, findings=findings,
              include_unmatched=options.include_unmatched, decisions=live,
              srclang=options.srclang, tgtlang=options.tgtlang)
    retired = {fp: d for fp, d in decisions.items() if fp in stale}
    return CheckResult(alignment, tuple(findings), sig, outputs, live, retired,
                       decisions_path if decisions_path.exists() else None, reopened)


def _decisions_files(options: CheckOptions, out: Path) -> tuple[Path, Path | None]:
    """(the decisions file to read and update, the output folder's own copy when it is a different file).

    Verdicts live where the user said: with --decisions elsewhere, that file is read and written
    back, and OUT/decisions.json is not written (two files would drift apart).
    """
    own = out / "decisions.json"
    if not options.decisions:
        return own, None
    path = Path(options.decisions)
    if path.is_dir():
        raise InputError("--decisions names a folder, not a file", path=str(path),
                         hint=f"give a file such as {path / 'decisions.json'}")
    if _same_file(path, own):
        return own, None
    return path, (own if own.exists() else None)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _refuse_diverging_copy(copy: Path, path: Path, decisions: dict[str, Decision],
                           archived: dict[str, Decision]) -> None:
    """OUT/decisions.json left by an earlier run or a `review import` without --decisions must not
    hold verdicts the named file lacks: they would be silently ignored (and the gate would differ)."""
    theirs = {**load_archived(copy), **load_decisions(copy)}
    ours = {**archived, **decisions}
    differing = sorted(fp for fp, d in theirs.items() if ours.get(fp) != d)
    if differing:
        raise InputError(
            f"holds {len(differing)} review decision(s) that {path} (given with --decisions) lacks or "
            f"records differently, e.g. {differing[0]}", path=str(copy),
            hint=f"import the sheet into the named file (aligner review import {copy.parent / 'review.xlsx'} "
                 f"--decisions {path}) or move the verdicts there, then delete {copy}")
