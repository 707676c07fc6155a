"""TMX 1.4b, written for CAT tools (OmegaT, Trados, memoQ, Phrase) to import, and read back for QA.

Writing follows the element order of the TMX 1.4 DTD (in `tu`, notes and props come before
the variants) because several CAT tools validate against it and reject a whole memory over
one misplaced element. Reading is lenient about what real tools emit (UTF-16 memoQ exports,
`srclang="*all*"`, TMX 1.1 `lang`, inline markup) and strict about broken XML.

XML 1.0 cannot carry most C0 control characters, U+FFFE/U+FFFF or lone surrogates. They are
never dropped silently: under the default policy ("replace") each becomes U+FFFD, the
translation unit gets a `<note>` saying where and what it was, the header counts them, and
`write`/`Tmx.serialize` return an `IllegalCharacter` record for each; under "strict" the
writer raises OutputError instead.
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import InputError, OutputError
from ..model import Alignment, Bilingual, Finding, Segment, Unit
from .base import BilingualFormat, IllegalCharacter, Serialized

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REPLACEMENT = "\ufffd"
ILLEGAL_POLICIES = ("replace", "strict")
# Inline elements whose content is native markup (tags, placeholders), not translatable text;
# only their <sub> children hold text a translator wrote (e.g. an alt text inside a tag).
CODE_ELEMENTS = {"bpt", "ept", "it", "ph", "ut"}
# Three-letter and macro-language codes some tools write instead of zh/ja.
LANG_ALIASES = {"zho": "zh", "chi": "zh", "cmn": "zh", "jpn": "ja"}


def is_xml_char(ch: str) -> bool:
    """True when XML 1.0 allows the character in text (production [2] Char)."""
    c = ord(ch)
    return (c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD
            or 0x10000 <= c <= 0x10FFFF)


def _clean(text: str) -> str:
    """Replace illegal characters in our own metadata (notes, props) — never in segments."""
    return "".join(ch if is_xml_char(ch) else REPLACEMENT for ch in text)


def _primary(tag: str) -> str:
    first = tag.strip().lower().replace("_", "-").split("-")[0]
    return LANG_ALIASES.get(first, first)


def _status_of(finding: Finding, decisions: dict | None) -> str:
    d = (decisions or {}).get(finding.fingerprint)
    return d.status if d is not None else "open"


class Tmx(BilingualFormat):
    """TMX 1.4b reader and writer for one zh→ja language pair."""

    name = "tmx"
    extensions = (".tmx",)

    def __init__(self, *, srclang: str = "zh-CN", tgtlang: str = "ja-JP", illegal: str = "replace",
                 creationdate: datetime | None = None):
        if illegal not in ILLEGAL_POLICIES:
            raise OutputError(f"unknown illegal-character policy '{illegal}'",
                              hint=f"use one of: {', '.join(ILLEGAL_POLICIES)}")
        self.srclang = srclang
        self.tgtlang = tgtlang
        self.illegal = illegal
        self.creationdate = creationdate

    # ------------------------------------------------------------------ writing
    def _segment_text(self, text: str, unit: Unit, lang: str, out: list[IllegalCharacter]) -> str:
        if all(is_xml_char(ch) for ch in text):
            return text
        chars = []
        for i, ch in enumerate(text):
            if is_xml_char(ch):
                chars.append(ch)
                continue
            out.append(IllegalCharacter(unit.index, lang, i, ch, "" if self.illegal == "strict" else REPLACEMENT))
            chars.append(REPLACEMENT)
        return "".join(chars)

    def _header(self, root, alignment: Alignment, signature: dict | None) -> etree._Element:
        when = self.creationdate or datetime.now(timezone.utc)
        if os.environ.get("SOURCE_DATE_EPOCH") and self.creationdate is None:
            when = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc)
        header = etree.SubElement(root, "header", {
            "creationtool": "aligner", "creationtoolversion": __version__,
            "segtype": "sentence" if alignment.level == "sentence" else "paragraph",
            "o-tmf": "aligner", "adminlang": "en-US", "srclang": self.srclang, "datatype": "plaintext",
            "creationdate": when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
        })
        if signature:
            etree.SubElement(header, "prop", type="x-signature").text = _clean(signature.get("text", ""))
            etree.SubElement(header, "prop", type="x-signature-json").text = _clean(
                json.dumps(signature, ensure_ascii=False, sort_keys=True, default=str))
        return header

    def serialize(self, alignment: Alignment, *, signature: dict | None = None,
                  findings: list[Finding] | tuple[Finding, ...] | None = None, include_unmatched: bool = False,
                  decisions: dict | None = None) -> Serialized:
        """Build the TMX document; see the module docstring for the illegal-character policy.

        `findings=None` means no QA ran (plain `aligner align`): units are marked "unchecked",
        not "clean", so a memory nobody checked never passes for a checked one.
        """
        checked = findings is not None
        findings = findings or ()
        root = etree.Element("tmx", version="1.4")
        header = self._header(root, alignment, signature)
        body = etree.SubElement(root, "body")
        by_unit: dict[int, list[Finding]] = {}
        for f in findings:
            for k in f.units:  # a finding recurring in repeated text is noted on every unit it is in
                by_unit.setdefault(k, []).append(f)
        illegal: list[IllegalCharacter] = []
        omitted = 0
        for unit in alignment.units:
            if not unit.matched and not include_unmatched:
                omitted += 1
                continue
            start = len(illegal)
            zh = self._segment_text(unit.zh, unit, "zh", illegal)
            ja = self._segment_text(unit.ja, unit, "ja", illegal)
            tu = etree.SubElement(body, "tu", tuid=str(unit.index))
            unit_findings = by_unit.get(unit.index, [])
            for f in unit_findings:
                text = f"[{f.severity}/{_status_of(f, decisions)}] {f.check}: {f.message}"
                if f.suggestion:
                    text += f" → {f.suggestion}"
                text += f" (fingerprint {f.fingerprint})"
                etree.SubElement(tu, "note").text = _clean(text)
            for rec in illegal[start:]:
                etree.SubElement(tu, "note").text = f"aligner: {rec.describe()}"
            statuses = {_status_of(f, decisions) for f in unit_findings}
            if not checked:
                review = "unchecked"
            else:
                review = "clean" if not unit_findings else ("open" if "open" in statuses else "reviewed")
            props = [("x-confidence", f"{unit.confidence:.3f}"), ("x-bead", unit.kind),
                     ("x-review-status", review), ("x-findings", str(len(unit_findings)))]
            if unit.parent is not None:
                props.append(("x-parent", str(unit.parent)))
            if unit.paired_elsewhere:  # the input file's pair, whose translation the aligner finds there
                props.append(("x-paired-elsewhere", unit.paired_elsewhere))
            for ptype, value in props:
                etree.SubElement(tu, "prop", type=ptype).text = value
            for lang, text, segs, location in ((self.srclang, zh, unit.zh_segments, unit.zh_location),
                                               (self.tgtlang, ja, unit.ja_segments, unit.ja_location)):
                if not segs:  # a 1-0/0-1 unit written on request: no empty variant to be mistaken for a translation
                    continue
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
                if location:
                    etree.SubElement(tuv, "prop", type="x-location").text = _clean(location)
                etree.SubElement(tuv, "seg").text = text
        if illegal and self.illegal == "strict":
            first = illegal[0]
            raise OutputError(f"{len(illegal)} character(s) not allowed in XML 1.0, first in unit {first.unit} "
                              f"{first.describe()}", hint="remove them from the input, or let the writer put U+FFFD in their place "
                                   "(policy 'replace', --illegal replace)")
        extra = [("x-unmatched-omitted", str(omitted)), ("x-illegal-characters-replaced", str(len(illegal)))]
        for ptype, value in extra:
            etree.SubElement(header, "prop", type=ptype).text = value
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                              doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        return Serialized(data, tuple(illegal))

    # ------------------------------------------------------------------ reading
    def parse(self, data: bytes, *, path: str = "<bytes>", zh: str = "zh", ja: str = "ja") -> Bilingual:
        """Read the zh/ja pairs of a TMX: one Segment per variant, in tu order, zh[i] ↔ ja[i].

        Units lacking either language are skipped (the memory may hold other pairs).
        Inline code (`bpt`, `ept`, `it`, `ph`, `ut`) is left out of the text because it is
        native markup, not language; `hi` and `sub` text is kept.
        """
        # Internal entities (declared in the file itself) are text; external ones are never fetched.
        # A memoQ export re-saved by a text editor keeps encoding="utf-16" in its declaration but is
        # UTF-8 now; libxml2 would stop with a puzzling "Blank needed here". Read it as what it is.
        relabelled = _declares_utf16_but_is_not(data)
        parser = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=True,
                                 encoding="utf-8" if relabelled else None)
        make = "make one from a bilingual file with: aligner align FILE -o memory.tmx"
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            if not _starts_as_xml(data):  # a table or a text file given as a memory
                raise InputError("is not a TMX memory (not XML)", path=path, hint=f"give a TMX memory, or {make}") from None
            raise InputError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None,
                             hint="repair the TMX (a CAT tool export usually opens in a text editor)") from None
        if etree.QName(root).localname != "tmx":
            raise InputError(f"root element is <{etree.QName(root).localname}>, not <tmx>", path=path,
                             line=root.sourceline, hint=f"give a TMX translation memory, or {make}")
        body = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).localname == "body"), None)
        if body is None:
            raise InputError("TMX has no <body>", path=path, line=root.sourceline)
        want_zh, want_ja = _primary(zh), _primary(ja)
        zh_segs: list[Segment] = []
        ja_segs: list[Segment] = []
        seen_langs: set[str] = set()
        for tu in body:
            if not isinstance(tu.tag, str) or etree.QName(tu).localname != "tu":
                continue
            found: dict[str, tuple[str, etree._Element]] = {}
            for tuv in tu:
                if not isinstance(tuv.tag, str) or etree.QName(tuv).localname != "tuv":
                    continue
                lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
                if not lang:
                    raise InputError("<tuv> without xml:lang (or lang)", path=path, line=tuv.sourceline)
                seg = next((c for c in tuv if isinstance(c.tag, str) and etree.QName(c).localname == "seg"), None)
                if seg is None:
                    raise InputError("<tuv> without <seg>", path=path, line=tuv.sourceline)
                seen_langs.add(lang)
                prim = _primary(lang)
                for key, want, exact in (("zh", want_zh, zh), ("ja", want_ja, ja)):
                    if prim != want:
                        continue
                    # Prefer the variant whose tag equals the requested one (zh-CN over zh-TW).
                    if key not in found or (lang.lower() == exact.lower() and found[key][0].lower() != exact.lower()):
                        found[key] = (lang, seg)
            if "zh" in found and "ja" in found:
                for key, target in (("zh", zh_segs), ("ja", ja_segs)):
                    seg = found[key][1]
                    text = _seg_text(seg)
                    first = seg.sourceline or tu.sourceline or 0
                    raw_lines = "".join(seg.itertext()).count("\n")
                    target.append(Segment(text, key, path, first, first + raw_lines))
        if not zh_segs:
            langs = ", ".join(sorted(seen_langs)) or "none"
            raise InputError(f"no translation unit has both a {zh} and a {ja} variant (languages found: {langs})",
                             path=path, hint="check the language codes of the memory")
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            encoding = "UTF-16"
        elif relabelled:
            encoding = "UTF-8 (declared UTF-16)"
        else:
            encoding = root.getroottree().docinfo.encoding or "UTF-8"
        return Bilingual(zh=tuple(zh_segs), ja=tuple(ja_segs), layout="tmx", encoding=encoding, files=(path,),
                         pairs=tuple(((k,), (k,)) for k in range(len(zh_segs))))


_UTF16_DECL = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*[\"']utf-?16", re.IGNORECASE)


def _starts_as_xml(data: bytes) -> bool:
    """Does the file begin (after a byte-order mark and spaces, in UTF-8 or UTF-16) with `<`?"""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")):
        if data.startswith(bom):
            return data[len(bom):len(bom) + 400].decode(codec, errors="ignore").lstrip().startswith("<")
    return data[:400].lstrip().startswith((b"<", b"<\x00", b"\x00<"))


def _declares_utf16_but_is_not(data: bytes) -> bool:
    """True for bytes that say UTF-16 in the XML declaration while being 8-bit (no BOM, no NULs)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:400]:
        return False
    return bool(_UTF16_DECL.match(data[:200]))


def _seg_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name in CODE_ELEMENTS:
                parts.extend(_seg_text(sub) for sub in child if isinstance(sub.tag, str)
                             and etree.QName(sub).localname == "sub")
            else:
                parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def illegal_characters(alignment: Alignment, *, include_unmatched: bool = False) -> list[IllegalCharacter]:
    """The characters the writer will replace, known before anything is written.

    The pipeline writes the reports before the memory, and a reviewer must find these in the
    reports too; only units the memory will hold are scanned, so nothing is reported as
    replaced in a unit the TMX leaves out.
    """
    out = []
    for u in alignment.units:
        if not u.matched and not include_unmatched:
            continue
        for lang, text in (("zh", u.zh), ("ja", u.ja)):
            out += [IllegalCharacter(u.index, lang, i, ch, REPLACEMENT)
                    for i, ch in enumerate(text) if not is_xml_char(ch)]
    return out


def illegal_character_findings(alignment: Alignment, records) -> list[Finding]:
    """The writer's illegal-character records as findings, so a reviewer sees them in every report.

    One finding per unit and language (its span is the first such character), so that several
    control characters in one paragraph do not make findings with the same fingerprint.
    """
    units = {u.index: u for u in alignment.units}
    grouped: dict[tuple[int, str], list[IllegalCharacter]] = {}
    for rec in records:
        if rec.unit in units:
            grouped.setdefault((rec.unit, rec.lang), []).append(rec)
    out = []
    for (index, lang), recs in grouped.items():
        unit = units[index]
        span = recs[0].char
        where = ", ".join(f"{r.codepoint} at offset {r.offset}" for r in recs[:10])
        if len(recs) > 10:
            where += f" and {len(recs) - 10} more"
        done = ("aligned.tmx has U+FFFD in their place" if recs[0].replacement
                else "aligned.tmx was not written")
        out.append(Finding.make(check="xml-illegal-character", category="format", severity="minor", unit=unit,
                                zh_span=span if lang == "zh" else "", ja_span=span if lang == "ja" else "",
                                message=f"{'Chinese' if lang == 'zh' else 'Japanese'} text holds control "
                                        f"character(s) XML 1.0 cannot carry ({where}); {done}. "
                                        "Usually debris of the PDF/Word extraction: remove them from the source.",
                                suggestion=""))
    return out


# ---------------------------------------------------------------------- module API
def serialize(alignment: Alignment, *, signature: dict | None = None, findings: list[Finding] | tuple | None = None,
              include_unmatched: bool = False, decisions: dict | None = None, srclang: str = "zh-CN",
              tgtlang: str = "ja-JP", illegal: str = "replace") -> bytes:
    """The TMX bytes only; use `Tmx().serialize` to also get the illegal-character records."""
    return Tmx(srclang=srclang, tgtlang=tgtlang, illegal=illegal).serialize(
        alignment, signature=signature, findings=findings, include_unmatched=include_unmatched,
        decisions=decisions).data


def write(alignment: Alignment, path: str | Path, *, signature: dict | None = None,
          findings: list[Finding] | tuple | None = None, include_unmatched: bool = False, decisions: dict | None = None,
          srclang: str = "zh-CN", tgtlang: str = "ja-JP", illegal: str = "replace") -> tuple[IllegalCharacter, ...]:
    """Write the memory; returns the characters XML could not carry and how each was handled."""
    result = Tmx(srclang=srclang, tgtlang=tgtlang, illegal=illegal).serialize(
        alignment, signature=signature, findings=findings, include_unmatched=include_unmatched, decisions=decisions)
    try:
        Path(path).write_bytes(result.data)
    except OSError as exc:
        raise OutputError(f"cannot write TMX: {exc.strerror}", path=str(path),
                          hint="check the folder exists and is writable") from None
    return result.illegal


def read_bilingual(path: str | Path, *, zh: str = "zh", ja: str = "ja") -> Bilingual:
    """Read a TMX memory (ours or another tool's) as zh/ja paragraphs, paired by translation unit."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=str(p), hint="check the path") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a TMX file", path=str(p),
                         hint="give the .tmx file itself, e.g. --tm folder/memory.tmx") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=str(p)) from None
    if not data.strip():
        raise InputError("file is empty", path=str(p), hint="give a TMX translation memory")
    return Tmx().parse(data, path=str(p), zh=zh, ja=ja)
