"""TMX 1.4b, written for CAT tools (OmegaT, Trados, memoQ, Phrase) to import."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from .. import __version__
from ..model import Alignment, Finding

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def serialize(alignment: Alignment, *, signature: dict | None = None, findings: list[Finding] = (),
              include_unmatched: bool = False, srclang: str = "zh-CN", tgtlang: str = "ja-JP") -> bytes:
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "aligner", "creationtoolversion": __version__,
        "segtype": "sentence" if alignment.level == "sentence" else "paragraph",
        "o-tmf": "aligner", "adminlang": "en-US", "srclang": srclang, "datatype": "plaintext",
        "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    })
    if signature:
        etree.SubElement(header, "prop", type="x-signature").text = signature["text"]
    body = etree.SubElement(root, "body")
    by_unit: dict[int, list[Finding]] = {}
    for f in findings:
        by_unit.setdefault(f.unit, []).append(f)
    for unit in alignment.units:
        if not unit.matched and not include_unmatched:
            continue
        tu = etree.SubElement(body, "tu", tuid=str(unit.index + 1))
        for f in by_unit.get(unit.index, []):
            etree.SubElement(tu, "note").text = f"[{f.severity}] {f.check}: {f.message}"
        etree.SubElement(tu, "prop", type="x-confidence").text = f"{unit.confidence:.3f}"
        etree.SubElement(tu, "prop", type="x-bead").text = unit.kind
        etree.SubElement(tu, "prop", type="x-location").text = unit.location
        for lang, text in ((srclang, unit.zh), (tgtlang, unit.ja)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def write(alignment: Alignment, path: str | Path, **kwargs) -> None:
    Path(path).write_bytes(serialize(alignment, **kwargs))
