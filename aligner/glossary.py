"""Glossaries: required and forbidden zh→ja renderings, read from CSV/TSV, an Excel workbook or TBX-Basic.

Matching is substring-based, because neither language puts spaces between words, but it is
done on a folded form of the text (NFKC, long-vowel/dash variants, and Han spelling variants
all onto one script) so that 銀/银, ｻｰﾋﾞｽ/サービス and ー/－ meet. Folding keeps a map back to
the original offsets, so a match is reported on the text the reviewer sees.

Short terms are token-aware: 金 (for 黄金) must be a whole word of the
Japanese, not the first character of 金融 or the last of 資金. Tokenizers load lazily, once.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from .errors import GlossaryError
from .lang import ja_tokens
from .lang.readings import read_once
from .lang.script import fold_ja, fold_zh

# Inside the package, so a plain (non-editable) install carries it too.
DEFAULT_GLOSSARY = Path(__file__).resolve().parent / "glossaries" / "default.csv"
# Terms this short must sit on token boundaries (one character: both edges; two: at least one edge,
# because jieba merges compounds (黄金市场 is one token) and Sudachi mis-splits next to unknown names).
SHORT_TERM = {"ja": 2, "zh": 2}

# Dashes and long-vowel marks that extractions and IMEs use interchangeably.
_IGNORED = frozenset("・ \u3000\t")
_DASHES = {"－": "ー", "—": "ー", "―": "ー", "‐": "ー", "-": "ー", "ｰ": "ー", "〜": "～", "~": "～"}


@dataclass(frozen=True)
class Term:
    zh: str
    ja: tuple[str, ...]                 # allowed renderings; empty = only forbidden ones are checked
    forbidden: tuple[str, ...] = ()
    note: str = ""
    file: str = ""
    line: int = 0
    also: tuple[str, ...] = ()          # origins of further rows merged into this one (merge_terms)

    @property
    def origin(self) -> str:
        """Where the term was defined, as findings cite it: every row, the first one first."""
        first = f"{Path(self.file).name}:{self.line}" if self.file else ""
        return ", ".join(o for o in (first, *self.also) if o)


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...] = field(default_factory=tuple)


@lru_cache(maxsize=65536)
def _fold_piece(piece: str, lang: str) -> str:
    c = unicodedata.normalize("NFKC", piece)
    # Middle dots and spaces are optional in Japanese compounds (イノベーション・モデル, インターネット VPN).
    c = "".join(_DASHES.get(x, x) for x in c if x not in _IGNORED)
    f = fold_zh(c) if lang == "zh" else fold_ja(c)
    if len(f) == len(c):  # OpenCC phrase rules could change length; keep per-character results only
        c = f
    return c.lower()


def fold_map(text: str, lang: str) -> tuple[str, list[int]]:
    """Width-, dash- and Han-variant-insensitive form of text, with the original offset of each folded character.

    The map has one entry more than the folded text (its end), so a folded span (s, e) is
    the original span (map[s], map[e]). Half-width kana with a separate voicing mark (ﾊﾟ)
    fold to one character, so the folded text can be shorter than the original.

    Kept (callers only read the map): every check folds the unit it is looking at, some in
    prepare() as well, so a check run folds each text once (lang.readings); outside one, a
    small cache serves callers that fold the same text in turn.
    """
    return read_once(_kept_fold_map, text, lang)


@lru_cache(maxsize=256)
def _kept_fold_map(text: str, lang: str) -> tuple[str, list[int]]:
    return _fold_map(text, lang)


def _fold_map(text: str, lang: str) -> tuple[str, list[int]]:
    if not _VOICING.search(text):
        pieces = list(map(_fold_piece, text, repeat(lang)))
        if set(map(len, pieces)) <= {1}:  # one character for one: the offsets are the positions
            return "".join(pieces), list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        if j < n and text[j] in _VOICING_MARKS:  # voicing marks join their kana
            j += 1
        piece = _fold_piece(text[i:j], lang)
        for ch in piece:
            out.append(ch)
            offsets.append(i)
        i = j
    offsets.append(n)
    return "".join(out), offsets


_VOICING_MARKS = "\uff9e\uff9f\u3099\u309a"
_VOICING = re.compile(f"[{_VOICING_MARKS}]")


def fold_text(text: str, lang: str) -> str:
    """fold_map's folded text alone. Not through fold_map's cache: the checks fold many short
    words, which would push out the units the cache is there for."""
    if not _VOICING.search(text):
        return "".join(map(_fold_piece, text, repeat(lang)))
    return _fold_map(text, lang)[0]


@lru_cache(maxsize=65536)  # the same glossary terms are folded for every unit of every document
def fold_term(text: str, lang: str) -> str:
    return fold_text(unicodedata.normalize("NFKC", text).strip(), lang)


_NLP: dict[str, object] = {}


def _nlp(lang: str):
    """spaCy's Chinese pipeline with the jieba segmenter (Japanese goes through lang.ja_tokens)."""
    if lang != "zh":
        raise ValueError(f"no spaCy pipeline for {lang!r}: Japanese tokens come from tokens(text, 'ja')")
    if lang not in _NLP:
        jieba_module()
        import spacy  # slow import; only when a short term needs token boundaries
        _NLP[lang] = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    return _NLP[lang]


_JIEBA: list = []


def jieba_module():
    """jieba, configured once: quiet about its dictionary, its cache in a folder of this user's.

    The checks that segment Chinese themselves (jieba.cut, posseg, search mode) take it from
    here, so none of them needs spaCy's pipeline just to have jieba set up.
    """
    if not _JIEBA:
        import logging

        import jieba
        jieba.setLogLevel(logging.WARNING)  # it announces its dictionary on stderr otherwise
        _place_jieba_cache(jieba)
        _JIEBA.append(jieba)
    return _JIEBA[0]


def _place_jieba_cache(jieba) -> None:
    """Keep jieba's dictionary cache in a folder of this user's, and never let a failed save print.

    jieba caches its parsed dictionary as one file in the temp folder (/tmp/jieba.cache), created
    readable by its owner only: after another user (root) has run, every run can neither read nor
    replace it, rebuilds the dictionary (about a second) and prints a traceback. Where no folder of
    ours is writable, the cache is simply not kept: slower, but quiet.
    """
    folder = _own_cache_folder()
    if folder is not None:
        jieba.dt.tmp_dir = str(folder)
        # Named by version: a cache of the default dictionary is never checked against it.
        jieba.dt.cache_file = f"jieba-{getattr(jieba, '__version__', '')}.cache"
    jieba.default_logger.addFilter(_no_cache_dump_errors)


def _no_cache_dump_errors(record) -> bool:
    return not str(record.msg).startswith("Dump cache file failed")


def _own_cache_folder() -> Path | None:
    """$XDG_CACHE_HOME/aligner (~/.cache/aligner), else TMP/aligner-UID; the first we own and can write."""
    import os
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    user = uid if uid is not None else os.environ.get("USERNAME", "user")
    for folder in (Path(base) / "aligner", Path(tempfile.gettempdir()) / f"aligner-{user}"):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = folder.stat()
        except OSError:
            continue
        # A folder someone else made (in a shared temp folder) could hand us their dictionary.
        if (uid is None or st.st_uid == uid) and folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def tokens(text: str, lang: str):
    """The tokens of a text (Sudachi for ja, jieba for zh), each with text, idx, tag_ and lemma_; read-only.

    Several checks read the same unit's tokens (grammar, literal, script, glossary boundaries, consistency):
    a check run tokenizes each text once (lang.readings); outside one, a small cache serves the checks
    that read a unit in turn.
    """
    return read_once(_tokens, text, lang)


@lru_cache(maxsize=64)
def _tokens(text: str, lang: str):
    if lang == "ja":
        return tuple(ja_tokens.tokenize(text))
    from spacy.tokens import Doc
    words, spaces = _zh_words_and_spaces(text)
    return Doc(_nlp(lang).vocab, words=words, spaces=spaces)


def _zh_words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """spaCy's Chinese tokens of a text, and whether a space follows each: what spacy.lang.zh's tokenizer
    makes of jieba's words (aligned to the text), from the jieba words the other checks read."""
    from spacy.util import get_words_and_spaces
    return get_words_and_spaces([w for w in zh_words(text) if w], text)


def zh_words(text: str) -> tuple[str, ...]:
    """jieba's words of a Chinese text (jieba.cut, its default mode); made once per check run."""
    return read_once(_zh_words, text)


@lru_cache(maxsize=64)
def _zh_words(text: str) -> tuple[str, ...]:
    return tuple(jieba_module().cut(text))


def zh_pos(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of a Chinese text with their parts of speech (jieba.posseg); made once per check run."""
    return read_once(_zh_pos, text)


@lru_cache(maxsize=64)
def _zh_pos(text: str) -> tuple[tuple[str, str], ...]:
    jieba_module()
    import jieba.posseg
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


@lru_cache(maxsize=4096)
def token_boundaries(text: str, lang: str) -> frozenset[int]:
    """Character offsets where a token starts or ends (Sudachi for ja, jieba for zh)."""
    bounds = {0, len(text)}
    if lang == "ja":
        for tok in tokens(text, lang):
            bounds.add(tok.idx)
            bounds.add(tok.idx + len(tok.text))
        return frozenset(bounds)
    at = 0  # a token's offset, as spaCy's Doc counts it (no Doc built: only the offsets are needed)
    for word, space in zip(*_zh_words_and_spaces(text)):
        bounds.add(at)
        bounds.add(at + len(word))
        at += len(word) + space
    return frozenset(bounds)


def find_all(term: str, text: str, lang: str, *, folded: tuple[str, list[int]] | None = None
             ) -> list[tuple[int, int]]:
    """Spans (in the original text) of term; short terms only where they start and end on token boundaries.

    `folded` is fold_map(text, lang), passed in when one text is searched for many terms.
    """
    ft, offsets = folded if folded is not None else fold_map(text, lang)
    needle = fold_term(term, lang)
    if not needle:
        return []
    spans = []
    start = ft.find(needle)
    while start != -1:
        if _whole_pieces(offsets, start, start + len(needle)):
            spans.append((offsets[start], offsets[start + len(needle)]))
        start = ft.find(needle, start + 1)
    if spans and len(needle) <= SHORT_TERM[lang]:
        # One character must be a word of its own (金, not the 金 of 金融). Two characters need only one
        # edge on a boundary: next to an unknown name Sudachi mis-splits (京津冀税関 → 冀税|関).
        bounds = token_boundaries(text, lang)
        need = 2 if len(needle) == 1 else 1
        spans = [(s, e) for s, e in spans if (s in bounds) + (e in bounds) >= need]
    return spans


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


@lru_cache(maxsize=8192)
def _loose_pattern(needle: str):
    parts = [re.escape(needle[0])]
    for a, b in zip(needle, needle[1:]):
        # Japanese links the nouns of a compound with a case particle at will (市場参入 / 市場の参入 /
        # 市場への参入, 外貨購入 / 外貨を購入). Conjunctions (と, や, および) are not among them: 電力
        # およびビッグデータ is two things, not 電力ビッグデータ.
        parts.append(_LINKS if not _hiragana(a) and not _hiragana(b) else "")
        parts.append(re.escape(b))
    # Wrapped in a lookahead so that overlapping occurrences are all found, as find_all finds
    # them (ササ in サササ twice): finditer alone would skip a match starting inside the last.
    return re.compile("(?=(" + "".join(parts) + "))")


_LINKS = "(?:の|への|での|からの|を|が|に)?"


def find_loose(term: str, text: str, *, folded: tuple[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """Spans of a Japanese rendering, also where a particle links two of its nouns (市場の参入, 外貨を購入).

    Only for renderings of three characters or more: a shorter one with an inserted particle is two
    words that need not belong together.
    """
    ft, offsets = folded if folded is not None else fold_map(text, "ja")
    needle = fold_term(term, "ja")
    if len(needle) < 3:
        return find_all(term, text, "ja", folded=(ft, offsets))
    return [(offsets[m.start(1)], offsets[m.end(1)]) for m in _loose_pattern(needle).finditer(ft)
            if _whole_pieces(offsets, m.start(1), m.end(1))]


def _whole_pieces(offsets: list[int], s: int, e: int) -> bool:
    """A folded match must not start or end inside what one original character folded to.

    サﾟ folds to two characters (サ and a combining mark): a term ending in サ matched there would
    claim a different kana and map to a span that drops the mark.
    """
    return (s == 0 or offsets[s] != offsets[s - 1]) and offsets[e] != offsets[e - 1]


def contains(term: str, text: str, lang: str) -> bool:
    return bool(find_all(term, text, lang))


# ---------------------------------------------------------------- reading

def _split_alts(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())


GLOSSARY_COLUMNS = ("zh", "ja", "forbidden", "note")


def _read_delimited(path: Path, text: str) -> list[Term]:
    delim = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    # strict=True makes a stray quote an error instead of silently swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    record_start = [1]

    def records():
        for row in reader:
            record_start[0] = reader.line_num + 1
            yield reader.line_num, row

    other = "tab" if delim == "," else "comma"
    hint = ("the header needs zh, ja and optionally forbidden, note; "
            f"{'.csv' if delim == ',' else '.tsv'} files are {'comma' if delim == ',' else 'tab'}-separated, "
            f"is this one {other}- or semicolon-separated?")
    try:
        return _read_rows(path, records(), missing_hint=hint)
    except csv.Error as exc:
        # Report where the broken record starts (an unclosed quote swallows the lines after it).
        raise GlossaryError(f"bad CSV in the record starting here: {exc}", path=str(path), line=record_start[0],
                            hint="check quoting: a field with a quote must be quoted and its quotes doubled") from None


def _read_rows(path: Path, records, *, missing_hint: str, sheet: str | None = None) -> list[Term]:
    """Terms from (line, cells) records: a header row naming the columns, then a term per row.

    Shared by CSV/TSV (line numbers) and workbooks (row numbers, `sheet` named in messages) so
    that both are validated alike. A quote is CSV syntax only: in a workbook cell it is text.
    """
    terms: list[Term] = []
    header: list[str] | None = None
    of_sheet = f" of sheet '{sheet}'" if sheet else ""
    for line_no, row in records:
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [h.strip().lower().lstrip("\ufeff") for h in row]
            missing = [c for c in ("zh", "ja") if c not in header]
            if missing:
                raise GlossaryError(f"missing column(s) {', '.join(missing)} in the header{of_sheet}", path=str(path),
                                    line=line_no, hint=missing_hint)
            # Extra columns are allowed (termbase exports carry some), but one spelled almost like a
            # known column is a typo whose terms would silently go unchecked.
            for h in (h for h in header if h not in GLOSSARY_COLUMNS):
                near = difflib.get_close_matches(h, GLOSSARY_COLUMNS, n=1, cutoff=0.75)
                if near and near[0] not in header:
                    raise GlossaryError(f"unknown column '{h}' in the header{of_sheet}", path=str(path),
                                        line=line_no, hint=f"did you mean '{near[0]}'? the columns are "
                                                           f"{', '.join(GLOSSARY_COLUMNS)}")
            continue
        unnamed = next((k for k, c in enumerate(row) if c.strip() and (k >= len(header) or not header[k])), None)
        if sheet is not None and unnamed is not None:
            # A cell of a workbook under no column name: a term or a note that would go unchecked.
            from .readers.workbook import column_name
            raise GlossaryError(f"a value in column {column_name(unnamed)}{of_sheet}, which has no name "
                                "in the header", path=str(path), line=line_no,
                                hint="name the column in the header row, or clear the cell")
        if len(row) > len(header):
            raise GlossaryError(f"{len(row)} fields but the header has {len(header)}", path=str(path),
                                line=line_no, hint="quote fields that contain the delimiter")
        rec = dict(zip(header, (c.strip() for c in row)))
        stray = next((c for c in ("zh", "ja", "forbidden") if '"' in rec.get(c, "")), None) if sheet is None else None
        if stray:
            raise GlossaryError(f"stray quote in the {stray} column", path=str(path), line=line_no,
                                hint="quote the whole field and double quotes inside it, or remove the quote")
        zh = unicodedata.normalize("NFKC", rec.get("zh", "")).strip()
        ja = _split_alts(rec.get("ja", ""))
        forbidden = _split_alts(rec.get("forbidden", ""))
        if not zh:
            raise GlossaryError(f"empty source term (zh){of_sheet}", path=str(path), line=line_no,
                                hint="fill in the zh column or delete the row")
        if not ja and not forbidden:
            raise GlossaryError(f"term '{zh}' has neither a ja rendering nor a forbidden one", path=str(path),
                                line=line_no, hint="give at least one rendering in ja or forbidden")
        terms.append(Term(zh, ja, forbidden, rec.get("note", ""), str(path), line_no))
    if header is None:
        raise GlossaryError("glossary is empty (no header row)", path=str(path),
                            hint="add a header: zh,ja,forbidden,note")
    return terms


def _read_workbook(path: Path, data: bytes) -> list[Term]:
    """An Excel termbase: the first visible sheet whose header names zh and ja; a term's line is its row."""
    from .errors import InputError
    from .readers import workbook

    try:
        sheets = workbook.read_sheets(data, file=str(path))
    except InputError as exc:
        hint = "save the glossary as .xlsx, CSV UTF-8 or TBX" if "not an Excel workbook" in exc.message else exc.hint
        raise GlossaryError(exc.message, path=str(path), hint=hint) from None

    def rows(sheet):
        for r in sorted(sheet.rows):
            cells = sheet.rows[r]
            yield r, [cells[c].text if c in cells else "" for c in range(max(cells) + 1)]

    def names(sheet) -> set[str]:
        first = next((cells for _, cells in rows(sheet) if not cells[0].lstrip().startswith("#")), [])
        return {c.strip().lower() for c in first}

    filled = [s for s in sheets if s.rows]
    if not filled:
        raise GlossaryError("glossary is empty (no visible sheet holds a header row)", path=str(path),
                            hint="add a header row: zh, ja, forbidden, note")
    sheet = next((s for s in filled if {"zh", "ja"} <= names(s)), filled[0])
    if sheet.uncomputed:  # a term whose text is unknown would go unchecked
        r, c = min(sheet.uncomputed)
        error = workbook.uncomputed_error(sheet, r, c, str(path))
        raise GlossaryError(error.message, path=str(path), line=r, hint=error.hint)
    return _read_rows(path, rows(sheet), sheet=sheet.title,
                      missing_hint="the first row needs the column names zh, ja and optionally forbidden, note "
                                   "(the first visible sheet naming zh and ja is read)")


def _read_tbx(path: Path, data: bytes) -> list[Term]:
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise GlossaryError(f"invalid TBX: {exc.msg}", path=str(path), line=exc.lineno,
                            hint="the file must be well-formed XML (TBX-Basic)") from None

    def local(el) -> str:
        return etree.QName(el).localname if isinstance(el.tag, str) else ""

    def lang_of(el) -> str:
        v = el.get("{http://www.w3.org/XML/1998/namespace}lang") or el.get("lang") or ""
        return v.lower().split("-")[0]

    entries = [el for el in root.iter() if local(el) in ("termEntry", "conceptEntry")]
    if local(root) not in ("martif", "tbx") or not entries:
        raise GlossaryError("not a TBX glossary (no martif/tbx root with termEntry elements)", path=str(path),
                            line=getattr(root, "sourceline", None), hint="export the termbase as TBX-Basic")
    terms: list[Term] = []
    for entry in entries:
        zh: list[str] = []
        ja: list[str] = []
        forbidden: list[str] = []
        notes: list[str] = []
        for lset in entry:
            if local(lset) not in ("langSet", "langSec"):
                if local(lset) in ("descrip", "note"):
                    notes.append("".join(lset.itertext()).strip())
                continue
            lang = lang_of(lset)
            for tig in lset.iter():
                if local(tig) not in ("tig", "ntig", "termSec"):
                    continue
                term_el = next((e for e in tig.iter() if local(e) == "term"), None)
                text = "".join(term_el.itertext()).strip() if term_el is not None else ""
                if not text:
                    raise GlossaryError("empty <term>", path=str(path), line=tig.sourceline,
                                        hint="every tig/termSec needs a non-empty term")
                status = ""
                for e in tig.iter():
                    if local(e) in ("termNote", "descrip") and e.get("type") in (
                            "administrativeStatus", "normativeAuthorization", "usageStatus"):
                        status = "".join(e.itertext()).strip().lower()
                    if local(e) in ("note", "descrip") and e.get("type") not in (
                            "administrativeStatus", "normativeAuthorization", "usageStatus"):
                        t = "".join(e.itertext()).strip()
                        if t:
                            notes.append(t)
                bad = any(s in status for s in ("deprecated", "superseded", "notrecommended", "forbidden"))
                if lang == "zh":
                    zh.append(text)
                elif lang == "ja":
                    (forbidden if bad else ja).append(text)
        if not zh:
            raise GlossaryError("termEntry without a zh term", path=str(path), line=entry.sourceline,
                                hint="give each entry a langSet xml:lang='zh'")
        if not ja and not forbidden:
            raise GlossaryError(f"termEntry '{zh[0]}' without a ja term", path=str(path), line=entry.sourceline,
                                hint="give each entry a langSet xml:lang='ja'")
        for z in zh:
            terms.append(Term(unicodedata.normalize("NFKC", z), tuple(ja), tuple(forbidden), "; ".join(notes),
                              str(path), entry.sourceline or 0))
    return terms


def load_glossary(path: str | Path) -> Glossary:
    """Read one glossary; a malformed one raises GlossaryError naming the file and line."""
    p = Path(path)
    if not p.is_file():
        raise GlossaryError("glossary file not found", path=str(p), hint="check the --glossary path")
    data = p.read_bytes()
    if p.suffix.lower() in (".tbx", ".xml"):
        return Glossary(str(p), tuple(_read_tbx(p, data)))
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls") or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        # By content too: an export saved as terms.csv by a tool that wrote a workbook is still read.
        return Glossary(str(p), tuple(_read_workbook(p, data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GlossaryError("not UTF-8", path=str(p), line=line, hint="save the glossary as UTF-8") from None
    if p.suffix.lower() not in (".csv", ".tsv", ".tab", ".txt"):
        raise GlossaryError(f"unknown glossary format '{p.suffix}'" if p.suffix else "glossary file has no extension",
                            path=str(p), hint="name it .csv, .tsv, .xlsx or .tbx after its format")
    return Glossary(str(p), tuple(_read_delimited(p, text)))


def load_glossaries(paths, *, use_default: bool = False) -> list[Glossary]:
    """Several glossaries at once; the bundled default first, so user glossaries are reported after it.

    Their rows are merged here once (all_terms) so that a rendering one row allows and another
    forbids stops the run before any checking, like any other malformed glossary.
    """
    out = []
    if use_default:
        out.append(load_glossary(DEFAULT_GLOSSARY))
    out.extend(load_glossary(p) for p in paths)
    all_terms(out)
    return out


def all_terms(glossaries) -> list[Term]:
    """One entry per source term across all the glossaries of a run (see merge_terms)."""
    return list(_merged(tuple(t for g in glossaries for t in g.terms)))


@lru_cache(maxsize=8)  # every check asks for the same run's terms in its prepare()
def _merged(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    return tuple(merge_terms(terms))


def merge_terms(terms) -> list[Term]:
    """Rows with the same source term (folded: 银/銀, width) become one entry, in the first row's place.

    Two rows for one term mean "either rendering is right": judged separately, each row would
    require its own rendering and flag every occurrence rendered the other way. So the allowed
    renderings are the union, as are the forbidden ones, and the notes are joined. Rows of different
    glossaries merge too, since the checks judge each occurrence once. The first row is the entry's
    file and line; findings cite every row (Term.origin), so a user who repeats a bundled term in
    their own glossary still sees their row named.

    A rendering allowed by one row and forbidden by another (or by the same row) cannot be both:
    GlossaryError naming both rows. The bundled default is the exception: it is a generic fallback,
    so where the user's own glossary contradicts it (a client's termbase forbidding パイロット for
    试点, which the default allows), the user's row decides.
    """
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(fold_term(t.zh, "zh"), []).append(t)
    out = []
    for rows in groups.values():
        allowed: dict[str, list[tuple[str, Term]]] = {}
        banned: dict[str, list[tuple[str, Term]]] = {}
        for row in rows:
            for r in row.ja:
                allowed.setdefault(fold_term(r, "ja"), []).append((r, row))
            for r in row.forbidden:
                banned.setdefault(fold_term(r, "ja"), []).append((r, row))
        for key in [k for k in allowed if k in banned]:
            ok = [(r, row) for r, row in allowed[key] if not _bundled(row)]
            bad = [(r, row) for r, row in banned[key] if not _bundled(row)]
            if ok and not bad:
                del banned[key]
            elif bad and not ok:
                del allowed[key]
            else:
                _refuse_clash(rows, *(ok or allowed[key])[0], *(bad or banned[key])[0])
        if len(rows) == 1:
            out.append(rows[0])
            continue
        first = rows[0]
        notes = list(dict.fromkeys(r.note for r in rows if r.note))
        out.append(Term(first.zh, tuple(v[0][0] for v in allowed.values()), tuple(v[0][0] for v in banned.values()),
                        "; ".join(notes), first.file, first.line,
                        tuple(dict.fromkeys(o for r in rows[1:] if (o := r.origin) and o != first.origin))))
    return out


def _bundled(row: Term) -> bool:
    return bool(row.file) and Path(row.file).resolve() == DEFAULT_GLOSSARY


def _refuse_clash(rows: list[Term], ok: str, ok_row: Term, bad: str, bad_row: Term):
    later = bad_row if _index(rows, bad_row) > _index(rows, ok_row) else ok_row
    both = ("on this row" if ok_row is bad_row
            else f"{ok_row.origin} allows '{ok}', {bad_row.origin} forbids '{bad}'")
    raise GlossaryError(f"'{bad}' is both an allowed and a forbidden rendering of '{rows[0].zh}' ({both})",
                        path=later.file or None, line=later.line or None,
                        hint="keep it in only one of the ja and forbidden columns")


def _index(rows: list[Term], row: Term) -> int:
    return next(k for k, r in enumerate(rows) if r is row)
