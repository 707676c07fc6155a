"""QA over a whole folder (or a manifest) of documents, one output folder per document.

Design choices, and why:
- Each document runs the same `run_check` as `aligner check`, so a batch never disagrees with
  a single run. Its outputs are written into a hidden temp folder and renamed into place only
  when complete: an interrupted batch leaves finished documents whole and no half-written ones.
- One broken document must not cost the others: errors become a row in the summary.
- Documents run in worker processes; each worker warms up once (models, converters, lazy
  imports) by checking a tiny built-in document, so that cost is not paid per document. A worker
  gets one document at a time, so a document over --timeout can be stopped by killing its worker.
- Memory: what has to fit is the parent plus every worker, each worker with its own models
  (Sudachi's dictionary pages, jieba's tables, spaCy, pandas). So the parent imports none of the
  pipeline (it only dispatches and writes the summary), and each worker gives back what its
  warm-up duplicated or left free before its first document (`_settle`). Workers are not
  recycled after N documents: one grows by a few hundredths of a MB per document, into caches
  that are bounded (lru), so it levels off, and a fresh worker's warm-up would cost seconds.
- Library code reports progress through a callback; rendering is the CLI's business.
"""
from __future__ import annotations

import csv
import gc
import html
import io
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections import deque
from multiprocessing.connection import wait as wait_ready
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import AlignerError, InputError, OutputError
from .model import SEVERITY_RANK
from .sniff import looks_like_pipe_table

# Files a folder scan picks up as documents (those with a reader); anything else (README.md, glossaries,
# images, a PDF) is named as not checked. .xls and .doc are listed so that the batch says to save them
# as .xlsx or .docx rather than passing over them.
DOC_SUFFIXES = (".txt", ".text", ".tsv", ".docx", ".doc", ".tmx", ".xlf", ".xliff", ".sdlxliff", ".mqxliff",
                ".xlsx", ".xls")
# A workbook or an XLIFF holds both languages itself: `name.zh.xlsx` is one document, never half of a pair.
BILINGUAL_SUFFIXES = (".xlsx", ".xls", ".xlf", ".xliff", ".sdlxliff", ".mqxliff")
# A Word document may be either: `name.zh.docx` pairs with `name.ja.docx`, and is one document without it.
EITHER_SUFFIXES = (".docx", ".doc")
SUMMARY_FILES = ("summary.html", "summary.csv", "summary.json")
SUMMARY_MARK = "<title>aligner batch summary</title>"
_ZH_TAGS = {"zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg", "zh-tw", "zh-hk", "zh-hant", "cht", "chs", "cn",
            "zho", "chi"} | {t.replace("-", "_") for t in ("zh-cn", "zh-hans", "zh-tw", "zh-hk", "zh-hant")}
_JA_TAGS = {"ja", "ja-jp", "ja_jp", "jp", "jpn"}
_PARTIAL = ".partial-"
# A worker that has not finished its warm-up (imports, dictionaries) after this long is stuck, or
# the machine is swapping: the batch reports it instead of waiting for ever. The warm-up takes a
# few CPU seconds; the margin is for a loaded machine.
STARTUP_TIMEOUT = 300.0
# Files a reviewer edits inside a document's output folder, kept across re-runs: the recorded
# verdicts, and the sheet, whose verdicts may not have been imported yet (the writer keeps them).
CARRY_OVER = ("decisions.json", "review.xlsx")
# A side with less text than this share of the other is a stray paragraph misread as the
# other language, not a translation: the document is one language only and is skipped.
MIN_SIDE_SHARE = 0.05


@dataclass(frozen=True)
class Document:
    """One job of the batch: a bilingual file, or a Chinese file and a Japanese file.

    `problem` is set when the document is known to be unusable before running (an unpaired
    `name.zh.txt`, a manifest row pointing nowhere); it is reported, not run.
    """

    name: str
    paths: tuple[str, ...]
    problem: str | None = None


@dataclass(frozen=True)
class DocResult:
    name: str
    paths: tuple[str, ...]
    status: str                 # clean | findings | error | skipped | not run
    exit_code: int              # 0 clean, 1 findings at the gate, 2 input error, -1 not run
    units: int = 0
    matched_units: int = 0
    mean_confidence: float | None = None
    severities: dict = field(default_factory=dict)      # severity → count
    top_checks: tuple[tuple[str, int], ...] = ()
    closed: int = 0             # findings closed by review decisions (not counted in severities)
    archived: int = 0           # review decisions archived by this run: their findings no longer occur
    error: str = ""
    folder: str = ""            # relative to the batch output folder; "" when nothing was written
    seconds: float = 0.0
    cpu_seconds: float = 0.0    # CPU time of the worker on this document (wall time varies with load)
    size_bytes: int = 0

    @property
    def findings(self) -> int:
        return sum(self.severities.values())


@dataclass(frozen=True)
class BatchProgress:
    """Sent to the progress callback: once at start (result None), once per finished document, and
    with a `note` when the batch changes course (Ctrl-C received), so the user sees it was heard."""

    done: int
    total: int
    result: DocResult | None = None
    note: str = ""


@dataclass(frozen=True)
class BatchResult:
    out_dir: Path
    documents: tuple[DocResult, ...]
    interrupted: bool
    exit_code: int
    seconds: float
    outputs: dict = field(default_factory=dict)
    # Document folders in OUT with reports this run did not write (an earlier batch's: the document is
    # gone from the input, or fails now): kept, as they may hold a reviewer's verdicts, and listed.
    stale: tuple[str, ...] = ()
    # Files of the input folder that are not documents (a PDF, notes, an aligner .jsonl): not
    # checked, and named, so that a delivery with a file in an unexpected format is not passed
    # as clean for what it did not look at.
    ignored: tuple[str, ...] = ()


ProgressCallback = Callable[[BatchProgress], None]


# ---------------------------------------------------------------------------------------------
# Discovery

def discover(target: str | Path) -> list[Document]:
    """Documents from a folder (by suffix, pairing `name.zh.*` with `name.ja.*`) or a manifest file."""
    p = Path(target)
    if p.is_dir():
        return _from_folder(p)
    if p.is_file():
        if p.suffix.lower() == ".csv":
            return _from_csv_manifest(p)
        if p.suffix.lower() == ".toml":
            return _from_toml_manifest(p)
        raise InputError("is neither a folder nor a manifest (.csv or .toml)", path=str(p),
                         hint="give a folder of documents, or a manifest listing name, zh, ja")
    raise InputError("no such folder or manifest", path=str(p), hint="check the path")


def _lang_tag(path: Path) -> tuple[str, str | None]:
    """('name', 'zh'|'ja'|None) from `name.zh.txt`-style names."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    base, dot, tag = stem.rpartition(".")
    if dot and base:
        t = tag.lower()
        if t in _ZH_TAGS:
            return base, "zh"
        if t in _JA_TAGS:
            return base, "ja"
    return stem, None


def _is_our_summary(f: Path) -> bool:
    """A summary.html a previous batch wrote here (-o pointed at the input folder) is not a document."""
    if f.name not in SUMMARY_FILES:
        return False
    try:
        with open(f, "rb") as fh:
            return SUMMARY_MARK.encode() in fh.read(4096)
    except OSError:
        return False


# A Markdown file is a document only when it holds a pipe table: a README beside the documents is not one.
MARKDOWN_SUFFIXES = (".md", ".markdown")
MARKDOWN_SNIFF = 1 << 20


def _is_table_markdown(f: Path) -> bool:
    try:
        with open(f, "rb") as fh:
            return looks_like_pipe_table(fh.read(MARKDOWN_SNIFF).decode("utf-8", errors="replace"))
    except OSError:
        return False


def _doc_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.iterdir()
                  if f.is_file() and not f.name.startswith(".") and not _is_our_summary(f)
                  and (f.suffix.lower() in DOC_SUFFIXES
                       or (f.suffix.lower() in MARKDOWN_SUFFIXES and _is_table_markdown(f))))


def ignored_files(folder: Path) -> list[str]:
    """Names of the folder's files that discovery does not take as documents (hidden files aside)."""
    taken = set(_doc_files(folder))
    return sorted(f.name for f in folder.iterdir()
                  if f.is_file() and not f.name.startswith(".") and f not in taken and not _is_our_summary(f))


def _language_folders(folder: Path) -> dict[str, Path]:
    """`zh/` and `ja/` (or `zh-CN/`, `ja-JP/` …) sub-folders: a delivery laid out one folder per language."""
    found: dict[str, Path] = {}
    for d in sorted(folder.iterdir()):
        if d.is_dir() and not d.name.startswith("."):
            tag = d.name.lower()
            lang = "zh" if tag in _ZH_TAGS else "ja" if tag in _JA_TAGS else None
            if lang and lang not in found:
                found[lang] = d
    return found if len(found) == 2 else {}


def _from_folder(folder: Path) -> list[Document]:
    singles: list[tuple[str, Path]] = []
    pairs: dict[str, dict[str, Path]] = {}
    for f in _doc_files(folder):
        base, lang = _lang_tag(f) if f.suffix.lower() not in BILINGUAL_SUFFIXES else (f.stem, None)
        if lang is None:
            singles.append((base, f))
        else:
            pairs.setdefault(base, {})[lang] = f
    # zh/a.txt pairs with ja/a.txt (a language tag in the file name, zh/a.zh.txt, is optional).
    lang_dirs = _language_folders(folder)
    for lang, sub in lang_dirs.items():
        for f in _doc_files(sub):
            pairs.setdefault(_lang_tag(f)[0], {}).setdefault(lang, f)
    docs: list[Document] = [Document(name, (str(f),)) for name, f in singles]
    for base, langs in pairs.items():
        zh, ja = langs.get("zh"), langs.get("ja")
        if zh and ja:
            docs.append(Document(base, (str(zh), str(ja))))
        elif (zh or ja).suffix.lower() in EITHER_SUFFIXES and (zh or ja).parent == folder:
            docs.append(Document((zh or ja).stem, (str(zh or ja),)))
        else:
            have, want = (zh, "ja") if zh else (ja, "zh")
            where = (f"{base}{have.suffix} in {lang_dirs[want].name}/" if have.parent != folder
                     else f"{base}.{want}{have.suffix} beside it")
            docs.append(Document(base, (str(have),),
                                 problem=f"{have}: no {'Japanese' if want == 'ja' else 'Chinese'} partner "
                                         f"(expected {where})"))
    if not docs:
        raise InputError("no documents found", path=str(folder),
                         hint=f"documents are files ending in {', '.join(DOC_SUFFIXES)}, in the folder itself "
                              "or in zh/ and ja/ sub-folders")
    return _unique_names(sorted(docs, key=lambda d: d.name))


def _manifest_row(manifest: Path, where: str, row: dict) -> Document:
    allowed = {"name", "zh", "ja", "file"}
    unknown = [k for k in row if k not in allowed]
    if unknown:
        raise InputError(f"{where}: unknown field '{unknown[0]}'", path=str(manifest),
                         hint="fields are name, zh, ja (or name, file for a bilingual file)")
    name = str(row.get("name") or "").strip()
    zh, ja, single = (str(row.get(k) or "").strip() for k in ("zh", "ja", "file"))
    base = manifest.resolve().parent
    resolve = lambda s: str(Path(s) if Path(s).is_absolute() else base / s)  # noqa: E731
    if single and (zh or ja):
        raise InputError(f"{where}: give either 'file' or 'zh' and 'ja', not both", path=str(manifest))
    if single:
        paths = (resolve(single),)
    elif zh and ja:
        paths = (resolve(zh), resolve(ja))
    elif zh:  # a Chinese column alone may be a bilingual file
        paths = (resolve(zh),)
    else:
        raise InputError(f"{where}: no document path", path=str(manifest), hint="fill the zh (and ja) column")
    if not name:
        name = _lang_tag(Path(paths[0]))[0]
    missing = [q for q in paths if not Path(q).is_file()]
    problem = f"{missing[0]}: no such file (listed in {manifest.name}, {where})" if missing else None
    return Document(name, paths, problem)


def _manifest_text(manifest: Path) -> str:
    """Spreadsheets save CSV as UTF-8 with or without BOM, or as UTF-16 ("Unicode text")."""
    try:
        data = manifest.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read manifest: {exc.strerror}", path=str(manifest)) from None
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read manifest: not UTF-8 (byte {exc.start})", path=str(manifest),
                         hint="save it as CSV UTF-8") from None


def _from_csv_manifest(manifest: Path) -> list[Document]:
    text = _manifest_text(manifest)
    first = text.split("\n", 1)[0]
    # Excel writes ';' where the decimal separator is a comma, and TAB for "Unicode text".
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or not {"zh", "file"} & {h.strip().lower() for h in reader.fieldnames if h}:
        raise InputError("manifest needs a header row: name,zh,ja", path=str(manifest),
                         hint="first line must name the columns")
    docs = []
    for row in reader:
        row = {(k or "").strip().lower(): v for k, v in row.items() if k is not None or v}
        if not any((v or "").strip() for v in row.values()):
            continue
        docs.append(_manifest_row(manifest, f"line {reader.line_num}", row))
    return _checked_manifest(manifest, docs)


def _from_toml_manifest(manifest: Path) -> list[Document]:
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read manifest: {exc}", path=str(manifest), hint="fix the TOML") from None
    unknown = [k for k in data if k != "document"]
    if unknown:
        raise InputError(f"unknown key '{unknown[0]}'", path=str(manifest),
                         hint="list documents as [[document]] tables with name, zh, ja")
    rows = data.get("document", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError("'document' must be an array of tables ([[document]])", path=str(manifest))
    docs = []
    for i, row in enumerate(rows, start=1):
        if not all(isinstance(v, str) for v in row.values()):
            raise InputError(f"document {i}: values must be strings", path=str(manifest))
        docs.append(_manifest_row(manifest, f"document {i}", row))
    return _checked_manifest(manifest, docs)


def _checked_manifest(manifest: Path, docs: list[Document]) -> list[Document]:
    if not docs:
        raise InputError("manifest lists no documents", path=str(manifest))
    seen = Counter(d.name for d in docs)
    dup = [n for n, c in seen.items() if c > 1]
    if dup:
        raise InputError(f"document name '{dup[0]}' is listed twice", path=str(manifest),
                         hint="names become output folders and must be unique")
    return _unique_names(docs)


def _safe_name(name: str) -> str:
    safe = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._") or "document"
    return safe[:100]


def _unique_names(docs: list[Document]) -> list[Document]:
    """Names become folder names: make them filesystem-safe and distinct (a.txt and a.tsv)."""
    used: set[str] = set(n.rsplit(".", 1)[0] for n in SUMMARY_FILES)
    out = []
    for d in docs:
        base = _safe_name(d.name)
        name, k = base, 2
        while name.lower() in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name.lower())
        out.append(Document(name, d.paths, d.problem))
    return out


# ---------------------------------------------------------------------------------------------
# One document (runs in a worker)

_WARM_ZH = "国务院关于深化服务业扩大开放综合试点的批复。\n\n一、原则同意工作方案，请认真组织实施。"
_WARM_JA = "サービス業の開放拡大に関する国務院の回答。\n\n一、作業方案に原則として同意し、実施すること。"


def _warm(options) -> None:
    """Pay the one-off costs (lazy imports, spaCy/Sudachi/OpenCC) once per worker, not per document.

    It runs the real pipeline on a tiny document, so it warms whatever the pipeline uses today.
    Failures are ignored: a real document will report them properly.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="aligner-warm-") as tmp:
            src = Path(tmp) / "warm.txt"
            src.write_text(f"{_WARM_ZH}\n\n{_WARM_JA}\n", encoding="utf-8")
            _run_check([str(src)], Path(tmp) / "out", options)
    except Exception:
        pass


def _run_check(paths: list[str], out_dir: Path, options):
    """`options=None` means the pipeline's defaults, built here in the worker: the parent of a
    batch then never imports the pipeline (pandas, OpenCC, lxml …), which it does not need."""
    from .pipeline import CheckOptions, run_check
    return run_check(paths, out_dir, options=CheckOptions() if options is None else options)


def _summarise(doc: Document, result, fail_on: str) -> dict:
    """Counts for the summary. Findings a reviewer closed (accepted, false positive, fixed) in an
    earlier run's decisions.json are left out, as `aligner check` leaves them out of its gate."""
    from .pipeline import gate_exit_code
    units = result.alignment.units
    confs = [u.confidence for u in units]
    decisions = getattr(result, "decisions", None) or {}
    open_findings = result.open_findings() if hasattr(result, "open_findings") else result.findings
    sev = Counter(f.severity for f in open_findings)
    top = Counter(f.check for f in open_findings).most_common(3)
    code = gate_exit_code(result.findings, fail_on, decisions)
    return {
        "units": len(units), "matched_units": sum(1 for u in units if u.matched),
        "mean_confidence": (sum(confs) / len(confs)) if confs else None,
        "severities": {s: sev.get(s, 0) for s in sorted(SEVERITY_RANK, key=SEVERITY_RANK.get, reverse=True)},
        "top_checks": tuple(top), "exit_code": code, "status": "findings" if code else "clean",
        "closed": len(result.findings) - len(open_findings),
        "archived": len(getattr(result, "retired", None) or {}),
    }


def _one_language_only(source) -> str | None:
    """Why a document that was read as bilingual is really monolingual, or None."""
    zh = sum(len(seg.text) for seg in getattr(source, "zh", ()))
    ja = sum(len(seg.text) for seg in getattr(source, "ja", ()))
    if not zh or not ja:
        return None
    for small, big, name in ((ja, zh, "Japanese"), (zh, ja, "Chinese")):
        if small < MIN_SIDE_SHARE * big:
            return (f"one language only: the {name} side has {small} characters against {big} "
                    f"(give the translation too, or a pair name.zh.txt + name.ja.txt)")
    return None


def run_one(doc: Document, out_root: str | Path, options, fail_on: str) -> DocResult:
    """Check one document into OUT/<name>/ atomically; never raises for a bad document."""
    started, cpu_started = time.perf_counter(), time.process_time()
    size = sum(Path(p).stat().st_size for p in doc.paths if Path(p).is_file())
    if doc.problem:
        return DocResult(doc.name, doc.paths, "error", 2, error=doc.problem, size_bytes=size)
    out_root = Path(out_root)
    final = out_root / doc.name
    tmp = out_root / f".{doc.name}{_PARTIAL}{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        # A reviewer's verdicts from the last run live in the document's folder, which is about to
        # be replaced: carry them into the new run so they are honoured and kept.
        for name in CARRY_OVER:
            if name == "decisions.json" and getattr(options, "decisions", None) is not None:
                continue  # the run reads its verdicts from the file the user named
            if (final / name).is_file():
                tmp.mkdir(parents=True, exist_ok=True)
                shutil.copy2(final / name, tmp / name)
        result = _run_check(list(doc.paths), tmp, options)
        lopsided = _one_language_only(getattr(result.alignment, "source", None))
        if lopsided:
            shutil.rmtree(tmp, ignore_errors=True)
            return DocResult(doc.name, doc.paths, "skipped", 2, error=f"{doc.paths[0]}: {lopsided}",
                             seconds=time.perf_counter() - started, size_bytes=size)
        info = _summarise(doc, result, fail_on)
        del result
        if final.exists():
            old = out_root / f".{doc.name}.old-{os.getpid()}"
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(final)
    except AlignerError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return DocResult(doc.name, doc.paths, "error", 2, error=exc.one_line(),
                         seconds=time.perf_counter() - started, size_bytes=size)
    except Exception as exc:  # a bug on one document must not end the batch; say what broke
        shutil.rmtree(tmp, ignore_errors=True)
        msg = f"{doc.paths[0]}: internal error {type(exc).__name__}: {exc}".replace("\n", " ")
        return DocResult(doc.name, doc.paths, "error", 2, error=msg[:500],
                         seconds=time.perf_counter() - started, size_bytes=size)
    return DocResult(doc.name, doc.paths, info["status"], info["exit_code"], units=info["units"],
                     matched_units=info["matched_units"], mean_confidence=info["mean_confidence"],
                     severities=info["severities"], top_checks=info["top_checks"], closed=info["closed"],
                     archived=info["archived"],
                     folder=doc.name,
                     seconds=time.perf_counter() - started, cpu_seconds=time.process_time() - cpu_started,
                     size_bytes=size)


# ---------------------------------------------------------------------------------------------
# The batch

def run_batch(target: str | Path | list[Document], out_dir: str | Path, *, options=None, fail_on: str = "major",
              jobs: int | None = None, progress: ProgressCallback | None = None,
              timeout: float | None = None, startup_timeout: float = STARTUP_TIMEOUT) -> BatchResult:
    """Check every document of a folder or manifest; write OUT/<name>/ and OUT/summary.{html,csv,json}.

    Returns instead of raising on Ctrl-C (with `interrupted=True`) once the documents already
    running have finished, so the summary covers exactly what was completed. With `timeout`, a
    document still running after that many seconds has its worker killed and is reported as an
    error (exit code 2); the other documents go on. A worker not started within `startup_timeout`
    seconds is stopped, and the documents left without a worker are error rows saying so.
    """
    if fail_on not in ("never", *SEVERITY_RANK):
        raise InputError(f"unknown --fail-on '{fail_on}'", hint="use one of: " + ", ".join(
            (*sorted(SEVERITY_RANK, key=SEVERITY_RANK.get, reverse=True), "never")))
    if timeout is not None and not timeout > 0:
        raise InputError(f"--timeout must be a positive number of seconds, got {timeout}",
                         hint="e.g. --timeout 120")
    if getattr(options, "glossaries", ()):
        # Every document would fail on the same broken glossary: say it once, before any work.
        from .glossary import load_glossaries
        load_glossaries(options.glossaries, use_default=getattr(options, "use_default_glossary", False))
    docs = list(target) if isinstance(target, list) else discover(target)
    folder = Path(target) if not isinstance(target, list) and Path(target).is_dir() else None
    # A termbase kept beside the documents (terms.xlsx, terms.tsv) and given with --glossary
    # is the glossary, not one more document to check (a manifest lists what it means).
    termbases = {Path(g).resolve() for g in getattr(options, "glossaries", ())}
    if termbases and folder is not None:
        docs = [d for d in docs if not (len(d.paths) == 1 and Path(d.paths[0]).resolve() in termbases)]
        if not docs:
            raise InputError("no documents found besides the glossary", path=str(target),
                             hint="put the documents in the folder, or give the glossary from elsewhere")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("is a file, not a folder", path=str(out),
                          hint="give -o a folder for one sub-folder per document and summary.*")
    if not out.exists() and out.suffix and out.suffix.lower() in _file_like_suffixes():
        raise OutputError("-o names a folder, not a summary file", path=str(out),
                          hint=f"give a folder such as '{out.with_suffix('')}'; summary.html, .csv and .json go inside")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder: {exc.strerror}", path=str(out),
                          hint="check the parent folder exists and is writable") from None
    # Before the first document, not when the summary is written after the last one.
    from .writers.folder import check_writable
    check_writable(out, hint="give -o a folder you can write to")
    for leftover in out.glob(f".*{_PARTIAL}*"):
        shutil.rmtree(leftover, ignore_errors=True)

    started = time.perf_counter()
    total = len(docs)
    if progress:
        progress(BatchProgress(0, total))
    results: dict[str, DocResult] = {}
    interrupted = False
    runnable = [d for d in docs if not d.problem]
    for d in docs:
        if d.problem:
            results[d.name] = run_one(d, out, options, fail_on)
            if progress:
                progress(BatchProgress(len(results), total, results[d.name]))

    jobs = max(1, min(jobs or (os.cpu_count() or 1), len(runnable) or 1))
    try:
        if jobs == 1 and timeout is None:
            # In-process: the first document pays the start-up, no separate warm-up needed. A
            # timeout needs a worker process, the only thing that can be stopped from outside.
            for d in runnable:
                results[d.name] = run_one(d, out, options, fail_on)
                if progress:
                    progress(BatchProgress(len(results), total, results[d.name]))
        elif runnable:
            interrupted = _run_workers(runnable, out, options, fail_on, jobs, results, total, progress,
                                       timeout=timeout, startup_timeout=startup_timeout)
    except KeyboardInterrupt:
        interrupted = True
        for leftover in out.glob(f".*{_PARTIAL}*"):
            shutil.rmtree(leftover, ignore_errors=True)

    ordered = tuple(results.get(d.name) or DocResult(d.name, d.paths, "not run", -1, error="interrupted before it ran")
                    for d in docs)
    code = max((r.exit_code for r in ordered), default=0)
    written = {r.folder for r in ordered if r.folder}
    stale = tuple(sorted(f for f in _report_folders(out) if f not in written))
    batch = BatchResult(out, ordered, interrupted, max(code, 0), time.perf_counter() - started)
    outputs = write_summary(batch, fail_on=fail_on)
    ignored = tuple(n for n in ignored_files(folder) if (folder / n).resolve() not in termbases) if folder else ()
    return BatchResult(batch.out_dir, batch.documents, interrupted, batch.exit_code, batch.seconds, outputs, stale,
                       ignored)


def _report_folders(out: Path) -> list[str]:
    """Sub-folders of `out` holding a document's reports (report.html and findings.json), from any run."""
    try:
        return [d.name for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")
                and (d / "report.html").is_file() and (d / "findings.json").is_file()]
    except OSError:
        return []


class _Worker:
    """One worker process and the document it is running; the parent knows which, so it can stop it."""

    def __init__(self, ctx, job, args: tuple, warm: bool | Callable):
        self.conn, child = ctx.Pipe()
        # Started with SIGINT blocked (the mask survives exec): a Ctrl-C during the child's start-up
        # must not kill it with a traceback. The child ignores SIGINT and unblocks it.
        blocked = _block_sigint()
        try:
            self.proc = ctx.Process(target=_worker_main, args=(child, job, args, warm), daemon=True)
            self.proc.start()
        finally:
            _unblock_sigint(blocked)
        child.close()
        self.ready = False
        self.doc: Document | None = None
        self.deadline: float | None = None
        self.started = 0.0
        self.spawned = time.perf_counter()

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def _block_sigint() -> bool:
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        return True
    except (AttributeError, ValueError, OSError):
        return False


def _unblock_sigint(blocked: bool) -> None:
    if blocked:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _worker_main(conn, job, args: tuple, warm: bool | Callable) -> None:
    """Worker loop: warm up once, say ready, then run each document sent until told to stop."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    except (AttributeError, ValueError, OSError):
        pass
    logging.getLogger("jieba").setLevel(logging.WARNING)
    if warm is True:
        _warm(args[1])
    elif callable(warm):
        warm(args[1])
    _settle()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            doc = conn.recv()
        except (EOFError, OSError):
            return
        if doc is None:
            return
        result = job(doc, *args)
        _share_jieba_words()  # a no-op once done; the first document may be what loads the tagger
        _malloc_trim()        # ~0.5 ms; keeps the worker ~8 MB smaller than glibc would leave it
        conn.send(("done", result))


def _settle() -> None:
    """Give back what the warm-up left behind before the first document.

    Every worker holds its own copy of the models, and what has to fit is the sum over the
    workers (RSS counts each process's pages, shared or not), so each megabyte here counts twice.
    """
    _share_jieba_words()
    gc.collect()
    gc.freeze()  # the warm-up's objects live as long as the worker: later collections skip them
    _malloc_trim()


_shared_tag_table = 0  # id() of the jieba tag table already re-keyed


def _share_jieba_words() -> None:
    """jieba holds its dictionary twice: word → frequency for cutting and, once part-of-speech
    tagging is used, word → tag, each with its own copy of the ~350,000 word strings and a new
    string object for every tag. Re-keying the tag table on the frequency table's own strings,
    with one object per tag, keeps the same mapping in ~35 MB less per worker (0.3 s, once)."""
    global _shared_tag_table
    jieba, posseg = sys.modules.get("jieba"), sys.modules.get("jieba.posseg")
    tagger = getattr(posseg, "dt", None)
    table = getattr(tagger, "word_tag_tab", None)
    freq = getattr(getattr(jieba, "dt", None), "FREQ", None)
    if not table or not isinstance(table, dict) or not isinstance(freq, dict) or id(table) == _shared_tag_table:
        return
    tags: dict[str, str] = {}
    shared = {}
    for word in freq:
        tag = table.get(word)
        if tag is not None:
            shared[word] = tags.setdefault(tag, tag)
    if len(shared) != len(table):  # words with a tag but no frequency (a user dictionary): keep them too
        for word, tag in table.items():
            shared.setdefault(word, tags.setdefault(tag, tag))
    tagger.word_tag_tab = shared
    _shared_tag_table = id(shared)


def _malloc_trim() -> None:
    """Return freed heap pages to the system (glibc keeps them otherwise); elsewhere a no-op."""
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _run_workers(docs: list[Document], out: Path, options, fail_on: str, jobs: int,
                 results: dict[str, DocResult], total: int, progress: ProgressCallback | None, *,
                 timeout: float | None = None, job=None, warm: bool | Callable = True,
                 startup_timeout: float = STARTUP_TIMEOUT) -> bool:
    """Run documents in `jobs` worker processes; returns True when interrupted by Ctrl-C.

    Each worker is handed one document at a time, so the parent always knows which document a
    worker runs: a document over `timeout` has its own worker killed (and replaced), a worker that
    dies costs only its document, and on Ctrl-C no document waits in a queue. The first Ctrl-C lets
    the running documents finish; a second one stops them (they are reported as not run). A worker
    not ready within `startup_timeout` is killed and not replaced (what stalls one start-up stalls
    the next); when no worker is left, the waiting documents become error rows saying why.
    `warm` is True for the real warm-up, False for none, or a function of the options to run instead.
    """
    # spawn: workers start clean (no forked threads or locks from the parent); each pays the
    # start-up cost (spaCy, Sudachi, OpenCC) once, in its warm-up.
    ctx = multiprocessing.get_context("spawn")
    job = job or run_one
    args = (out, options, fail_on)
    queue = deque(docs)
    workers: list[_Worker] = []
    early_deaths = 0   # workers lost before they ever became ready, since the last one that did
    early_why = ""     # what happened to the last of them, for the documents left without a worker
    stop = _StopRequests()

    def spawn() -> None:
        workers.append(_Worker(ctx, job, args, warm))

    def finish(w: _Worker, result: DocResult) -> None:
        results[w.doc.name] = result
        w.doc, w.deadline = None, None
        if progress:
            progress(BatchProgress(len(results), total, result))

    def lost(w: _Worker, why: str) -> None:
        """The worker is gone (killed or crashed) with its document: report it, tidy its half-written folder."""
        nonlocal early_deaths, early_why
        pid = w.proc.pid
        w.stop()
        workers.remove(w)
        why = why.replace("{code}", str(w.proc.exitcode))
        if not w.ready:
            early_deaths += 1
            early_why = why.replace("worker died", "a worker died during its start-up")
        if w.doc is not None:
            shutil.rmtree(out / f".{w.doc.name}{_PARTIAL}{pid}", ignore_errors=True)
            finish(w, DocResult(w.doc.name, w.doc.paths, "error", 2, error=f"{w.doc.paths[0]}: {why}",
                                seconds=time.perf_counter() - w.started, size_bytes=_size(w.doc)))

    told = 0
    with stop:
        try:
            for _ in range(min(jobs, len(queue))):
                spawn()
            while workers:
                if stop.count >= 2:
                    break
                if stop.count and not told and progress:
                    running = sum(w.doc is not None for w in workers)
                    progress(BatchProgress(len(results), total, note=(
                        f"Ctrl-C: letting {running} running document(s) finish, starting no more; "
                        "press Ctrl-C again to stop them")))
                told = stop.count
                for w in workers:
                    if w.ready and w.doc is None and queue and not stop.count:
                        w.doc = queue.popleft()
                        w.started = time.perf_counter()
                        w.deadline = w.started + timeout if timeout else None
                        w.conn.send(w.doc)
                busy = [w for w in workers if w.doc is not None]
                if not busy and (not queue or stop.count):
                    break
                deadlines = [w.deadline for w in busy if w.deadline is not None]
                deadlines += [w.spawned + startup_timeout for w in workers if not w.ready]
                wait_for = 0.25 if stop.active else None  # a signal handler cannot wake the wait
                if deadlines:
                    left = max(0.0, min(deadlines) - time.perf_counter())
                    wait_for = left if wait_for is None else min(wait_for, left)
                ready = wait_ready([w.conn for w in workers] + [w.proc.sentinel for w in workers], wait_for)
                for w in list(workers):
                    if w.conn in ready:
                        try:
                            kind, payload = w.conn.recv()
                        except (EOFError, OSError):
                            lost(w, "worker died (exit code {code})")
                            continue
                        if kind == "ready":
                            w.ready, early_deaths = True, 0
                        elif w.doc is not None:
                            finish(w, payload)
                    elif w.proc.sentinel in ready:
                        lost(w, "worker died (exit code {code}), e.g. killed for memory")
                now = time.perf_counter()
                for w in list(workers):
                    if w.doc is not None and w.deadline is not None and now >= w.deadline:
                        lost(w, f"timed out after {timeout:g} s (--timeout); the document was stopped")
                    elif not w.ready and now >= w.spawned + startup_timeout:
                        lost(w, f"a worker's start-up (loading the language models) did not finish within "
                                f"{startup_timeout:g} s; it was stopped (is the machine out of memory or "
                                "overloaded? try fewer --jobs)")
                        early_deaths = max(early_deaths, 3)  # a second try would hang the same way
                # Replace lost workers while there is work; give up when they die before ever starting.
                while len(workers) < min(jobs, len(queue) + sum(w.doc is not None for w in workers)) \
                        and not stop.count and early_deaths < 3:
                    spawn()
                if queue and not workers:
                    for d in list(queue):
                        result = DocResult(d.name, d.paths, "error", 2, size_bytes=_size(d),
                                           error=f"{d.paths[0]}: not run, no worker process could start: {early_why}")
                        results[d.name] = result
                        if progress:
                            progress(BatchProgress(len(results), total, result))
                    queue.clear()
        finally:
            for w in workers:
                if w.doc is None:
                    try:
                        w.conn.send(None)  # idle: let it exit on its own
                    except (OSError, ValueError):
                        pass
            for w in workers:
                if w.doc is None:
                    w.proc.join(2)
                w.stop()
                if w.doc is not None:  # stopped by a second Ctrl-C (or an error here): nothing of it is kept
                    shutil.rmtree(out / f".{w.doc.name}{_PARTIAL}{w.proc.pid}", ignore_errors=True)
                    results[w.doc.name] = DocResult(w.doc.name, w.doc.paths, "not run", -1,
                                                    error="stopped while running (second Ctrl-C); nothing kept")
    return stop.count > 0


class _StopRequests:
    """Counts Ctrl-C presses while the workers run, instead of raising in the middle of bookkeeping.

    Only the main thread can install a handler; elsewhere Ctrl-C behaves as before (KeyboardInterrupt).
    """

    def __init__(self):
        self.count = 0
        self.active = False
        self._previous = None

    def _handler(self, signum, frame):
        self.count += 1

    def __enter__(self):
        try:
            self._previous = signal.signal(signal.SIGINT, self._handler)
            self.active = True
        except ValueError:  # not the main thread
            pass
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.signal(signal.SIGINT, self._previous)
        return False


def _file_like_suffixes() -> tuple[str, ...]:
    from .analyze import FILE_LIKE_SUFFIXES  # analyze imports numpy: only when -o looks like a file
    return FILE_LIKE_SUFFIXES


def _size(doc: Document) -> int:
    return sum(Path(p).stat().st_size for p in doc.paths if Path(p).is_file())


# ---------------------------------------------------------------------------------------------
# Summary

def _row(r: DocResult) -> dict:
    return {
        "document": r.name, "status": r.status, "exit_code": r.exit_code, "units": r.units,
        "matched_units": r.matched_units,
        "mean_confidence": None if r.mean_confidence is None else round(r.mean_confidence, 3),
        "major": r.severities.get("major", 0), "minor": r.severities.get("minor", 0),
        "info": r.severities.get("info", 0), "closed": r.closed, "archived_decisions": r.archived,
        "top_checks": "; ".join(f"{c} ({n})" for c, n in r.top_checks),
        "error": r.error, "report": f"{r.folder}/report.html" if r.folder else "",
        "files": " + ".join(r.paths), "seconds": round(r.seconds, 3),
    }


def write_summary(batch: BatchResult, *, fail_on: str) -> dict[str, Path]:
    """summary.json / .csv (UTF-8 with BOM, for Excel) / .html (self-contained) in the batch folder."""
    out = batch.out_dir
    rows = [_row(r) for r in batch.documents]
    totals = Counter()
    for r in batch.documents:
        totals[r.status] += 1
        for s, n in r.severities.items():
            totals[s] += n
        totals["units"] += r.units
        totals["archived decisions"] += r.archived
    payload = {
        "documents": [dict(row, top_checks=[list(t) for t in r.top_checks], paths=list(r.paths))
                      for row, r in zip(rows, batch.documents)],
        "totals": dict(totals), "exit_code": batch.exit_code, "interrupted": batch.interrupted,
        "fail_on": fail_on, "seconds": round(batch.seconds, 3),
    }
    outputs = {name: out / name for name in SUMMARY_FILES}
    _atomic_write(outputs["summary.json"], json.dumps(payload, ensure_ascii=False, indent=1))
    buf = io.StringIO()
    fields = list(rows[0].keys()) if rows else list(_row(DocResult("", (), "", 0)).keys())
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    _atomic_write(outputs["summary.csv"], "\ufeff" + buf.getvalue())
    _atomic_write(outputs["summary.html"], _html(batch, rows, totals, fail_on))
    return outputs


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Hiragino Sans",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f0f0f0;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.error td,tr.skipped td{background:#fdecea}tr.findings td.s{background:#fff4e0}tr.clean td.s{background:#e8f5e9}
tr.not-run td{color:#888}.err{font-size:13px;overflow-wrap:anywhere;color:#8a1c1c}
td.top{min-width:12em}.wide{overflow-x:auto;padding-right:1px}
.tot{margin:.5em 0 1em}.tot span{margin-right:1.5em;white-space:nowrap;display:inline-block}
"""


def _html(batch: BatchResult, rows: list[dict], totals: Counter, fail_on: str) -> str:
    e = html.escape
    trs = []
    # Worst first: a reviewer of a large delivery starts at the top (summary.csv keeps the input order).
    rank = {"error": 0, "skipped": 1, "findings": 2, "not run": 3, "clean": 4}
    for row in sorted(rows, key=lambda r: (rank.get(r["status"], 5), -r["major"], -r["minor"], -r["info"])):
        name = e(row["document"])
        link = f'<a href="{e(row["report"])}">{name}</a>' if row["report"] else name
        conf = "" if row["mean_confidence"] is None else f'{row["mean_confidence"]:.2f}'
        cls = row["status"].replace(" ", "-")
        if row["status"] in ("error", "skipped", "not run"):
            # Nothing was counted, so no row of zeros: the message takes the width of the columns and
            # stays readable in a narrow window (a last column of its own was squeezed to a few letters).
            trs.append(f'<tr class="{cls}"><td>{link}</td><td class="s">{e(row["status"])}</td>'
                       f'<td class="err" colspan="7">{e(row["error"])}</td></tr>')
            continue
        trs.append(
            f'<tr class="{cls}"><td>{link}</td><td class="s">{e(row["status"])}</td>'
            f'<td class="n">{row["units"]}</td><td class="n">{conf}</td><td class="n">{row["major"]}</td>'
            f'<td class="n">{row["minor"]}</td><td class="n">{row["info"]}</td><td class="n">{row["closed"]}</td>'
            f'<td class="top">{e(row["top_checks"])}</td></tr>')
    state = "interrupted — only finished documents are listed with results" if batch.interrupted else "complete"
    tot = "".join(f"<span>{e(k)}: <b>{totals.get(k, 0)}</b></span>"
                  for k in ("clean", "findings", "error", "skipped", "not run", "units", "major", "minor", "info",
                            "archived decisions") if k != "archived decisions" or totals.get(k))
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8>{SUMMARY_MARK}"
        f"<style>{_CSS}</style><h1>Batch summary</h1>"
        f"<p>{len(rows)} documents, {state}; gate: <b>{e(fail_on)}</b>; exit code <b>{batch.exit_code}</b>; "
        f"{batch.seconds:.1f} s. Worst documents first; open findings per severity (closed: settled by "
        f"review decisions).</p><p class=tot>{tot}</p>"
        # In a narrow window the table scrolls sideways rather than squeezing the error column.
        "<div class=wide><table><thead><tr><th>document</th><th>status</th><th>units</th><th>mean confidence</th><th>major</th>"
        "<th>minor</th><th>info</th><th title='closed by review decisions'>closed</th><th>top checks (or the error)</th></tr></thead><tbody>"
        + "".join(trs) + "</tbody></table></div></html>\n")
