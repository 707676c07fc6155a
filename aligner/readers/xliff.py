"""XLIFF, the bilingual file CAT tools hand to translators: 1.2 (OmegaT, Okapi, Trados .sdlxliff,
memoQ .mqxliff) and 2.0/2.1.

Choices, and why:
- A unit's (or segment's) source is a Chinese paragraph and its target a Japanese one, in file
  order. Where a 1.2 unit is segmented (`seg-source` with `<mrk mtype="seg">`, as Trados and
  Okapi write), the segments are the paragraphs, each target segment paired with the source
  segment of the same `mid`, because that is the pairing the CAT tool made.
- Nothing is lost: `translate="no"` units are read too; a unit without a target gives a Chinese
  paragraph with no partner (1-0), not an error, as does an XLIFF 2 `segment` without one (its
  unit's other segments stay paired one by one); a target segment with no source segment of its
  `mid` a Japanese one (0-1). Text between segments (XLIFF 2 `ignorable`, or text outside the
  `mrk` segments of a 1.2 `seg-source`/`target`) is part of the segment before it, or of the
  first one when it comes first: it is usually spacing, and when it is not, the reviewer sees it
  with the sentence it follows. A unit of such text alone is a paragraph of its own.
- Inline codes are markup: `ph`, `bpt`, `ept`, `it` hold native code (`&lt;b&gt;`), dropped but
  for a `sub` inside (a translatable attribute, an alt text); `g`, `mrk`, `pc` and the other
  wrappers keep their text; `x`, `bx`, `ex`, `sc`, `ec`, `sm`, `em` are empty. An XLIFF 2 `cp`
  is a character XML cannot carry, so it is text.
- Languages come from the file (`source-language`/`target-language` on each 1.2 `file`,
  `srcLang`/`trgLang` on a 2.x root). A ja→zh file is read with the sides swapped, so that the
  Chinese is still the source; any other pair is refused naming the languages found.
- Provenance: a segment's lines are those of its element in the XLIFF file (`source`,
  `target` or `mrk`), where a reviewer finds it in a text editor. Where two such elements
  share a line (an .sdlxliff is mostly one long line), the file is named with the segment's
  id (its `mid`, which Trados shows as the segment number) or the unit's: `name (segment 7)`.
- The XML is parsed without network access, without expanding entities and with libxml2's
  size limits; a DOCTYPE that declares entities is refused, since their text would otherwise
  vanish. An original file embedded in the header (`internal-file`, which Trados may write) is
  never read, so it is emptied first rather than let a large one exceed those limits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from ..errors import InputError
from ..model import Bilingual, Segment, split_unmatched
from .paragraphs import join_pieces

SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
# Inline elements holding native code (not text) in XLIFF 1.2; only a `sub` inside holds text.
_CODE = {"ph", "bpt", "ept", "it"}
_SKIP = {"alt-trans", "note", "context-group", "count-group", "prop-group", "originalData", "notes", "metadata",
         "matches", "glossary", "header", "skeleton", "seg-defs", "tag-defs"}
REEXPORT = "export the file again from the CAT tool (or open it in one and save it)"


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, name: str) -> list:
    return [c for c in el if _local(c) == name]


def _text(el) -> str:
    """The text of a source, target or segment, codes dropped and wrappers kept (see the module docstring)."""
    parts = [el.text or ""] if _local(el) not in _CODE else []
    for child in el:
        name = _local(child)
        if name in _CODE:
            parts.extend(_text(sub) for sub in child if _local(sub) == "sub")
        elif name == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                pass
        elif name:
            parts.append(_text(child))
        parts.append(child.tail or "")  # a comment's tail is text too
    return "".join(parts)


def _lines(el) -> tuple[int, int]:
    first = el.sourceline or 0
    return first, first + "".join(el.itertext()).count("\n")


@dataclass(frozen=True)
class _Piece:
    """A paragraph-to-be: its text and where its element sits in the file."""

    text: str
    first: int
    last: int
    ref: str = ""  # the id a CAT tool shows for it ("segment 7", "unit 12"), "" when the file gives none


def _piece(el, ref: str = "") -> _Piece:
    return _Piece(_text(el), *_lines(el), ref)


def _merge(pieces: list[_Piece], loose: list[tuple[int, _Piece]]) -> list[_Piece]:
    """Text found between segments joins the segment before it (the first one, when it comes first)."""
    out = list(pieces)
    for after, extra in loose:
        if not extra.text.strip():
            continue
        if not out:
            out.append(extra)
            continue
        k = max(after, 0)
        p = out[k]
        text = p.text + extra.text if after >= 0 else extra.text + p.text
        out[k] = _Piece(text, min(p.first, extra.first), max(p.last, extra.last), p.ref or extra.ref)
    return out


def _segmented(el) -> tuple[list[tuple[str, _Piece]], list[tuple[int, _Piece]]]:
    """A 1.2 seg-source or target split at its `<mrk mtype="seg">`: (mid, segment) pairs, and the text
    outside them with the index of the segment it follows (-1 before the first)."""
    segs: list[tuple[str, _Piece]] = []
    loose: list[tuple[int, _Piece]] = []

    def walk(node):
        if node.text:
            loose.append((len(segs) - 1, _Piece(node.text, node.sourceline or 0, node.sourceline or 0)))
        for child in node:
            name = _local(child)
            if name == "mrk" and child.get("mtype") == "seg":
                mid = child.get("mid", "")
                segs.append((mid, _piece(child, f"segment {mid}" if mid else "")))
            elif name in _CODE:
                subs = "".join(_text(s) for s in child if _local(s) == "sub")
                if subs:
                    loose.append((len(segs) - 1, _Piece(subs, child.sourceline or 0, child.sourceline or 0)))
            elif name:
                walk(child)
            if child.tail:
                line = child.sourceline or 0
                loose.append((len(segs) - 1, _Piece(child.tail, line, line)))

    walk(el)
    return segs, loose


def _has_seg_marks(el) -> bool:
    return el is not None and any(_local(m) == "mrk" and m.get("mtype") == "seg" for m in el.iter())


@dataclass(frozen=True)
class _Side:
    """The paragraphs a file gives each side, in file order, before the languages are known."""

    source: tuple[_Piece, ...]
    target: tuple[_Piece, ...]


def _unit12(tu) -> _Side:
    seg_source = next(iter(_children(tu, "seg-source")), None)
    source = next(iter(_children(tu, "source")), None)
    target = next(iter(_children(tu, "target")), None)
    if _has_seg_marks(seg_source):
        src_segs, src_loose = _segmented(seg_source)
        tgt_segs, tgt_loose = _segmented(target) if target is not None else ([], [])
        if target is not None and not tgt_segs:
            # A target not split into segments (a tool that segments the source only): one paragraph.
            tgt_segs, tgt_loose = [("", _piece(target, _ref("unit", tu)))], []
        src = _merge([p for _, p in src_segs], src_loose)
        tgt_by_mid = dict(zip([m for m, _ in tgt_segs], _merge([p for _, p in tgt_segs], tgt_loose)))
        mids = [m for m, _ in src_segs]
        # Target segments in the order of their source segments, those without one after them.
        ordered = [tgt_by_mid[m] for m in mids if m in tgt_by_mid]
        ordered += [p for m, p in tgt_by_mid.items() if m not in mids]
        if len(tgt_by_mid) < len(tgt_segs):  # duplicate or missing mids: keep every segment, in file order
            ordered = _merge([p for _, p in tgt_segs], tgt_loose)
        return _Side(tuple(src), tuple(ordered))
    src = (_piece(source, _ref("unit", tu)),) if source is not None else ()
    tgt = (_piece(target, _ref("unit", tu)),) if target is not None else ()
    return _Side(src, tgt)


def _ref(kind: str, el) -> str:
    return f"{kind} {el.get('id')}" if el.get("id") else ""


def _unit20(unit) -> _Side:
    src: list[_Piece] = []
    tgt: list[_Piece] = []
    src_loose: list[tuple[int, _Piece]] = []
    tgt_loose: list[tuple[int, _Piece]] = []
    for child in unit:
        name = _local(child)
        if name not in ("segment", "ignorable"):
            continue
        s = next(iter(_children(child, "source")), None)
        t = next(iter(_children(child, "target")), None)
        if name == "segment":
            ref = _ref("segment", child) or _ref("unit", unit)
            if s is not None:
                src.append(_piece(s, ref))
            if t is not None:
                tgt.append(_piece(t, ref))
            elif s is not None:  # not translated yet: an empty target keeps the segments paired one by one
                tgt.append(_Piece("", src[-1].first, src[-1].last, ref))
        else:
            if s is not None:
                src_loose.append((len(src) - 1, _piece(s)))
            if t is not None:
                tgt_loose.append((len(tgt) - 1, _piece(t)))
    return _Side(tuple(_merge(src, src_loose)), tuple(_merge(tgt, tgt_loose)))


def _units(container, unit_name: str):
    """Units in document order, through groups, leaving out what is not the document's text."""
    for child in container:
        name = _local(child)
        if name == unit_name:
            yield child
        elif name and name not in _SKIP:
            yield from _units(child, unit_name)


def _primary(tag: str | None) -> str:
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def _direction(src: str | None, trg: str | None, path: str, line: int | None) -> bool:
    """True when the file runs ja→zh (read with the sides swapped); InputError for any other pair than zh/ja.

    A language left out is taken to be the one the pair needs; the script check of every reader
    still refuses a file that turns out to hold one language only.
    """
    pair = (_primary(src), _primary(trg))
    if pair in (("zh", "ja"), ("zh", ""), ("", "ja"), ("", "")):
        return False
    if pair in (("ja", "zh"), ("ja", ""), ("", "zh")):
        return True
    raise InputError(f"is an XLIFF file for {src or '?'} → {trg or '?'}, not Chinese → Japanese", path=path, line=line,
                     hint="give the XLIFF of the Chinese source and its Japanese translation")


# The original document a tool may embed in the header (Trados does, base64): often over the 10 MB a
# text node may hold in a safely parsed file, and never read. Its lines are kept so that lines still count.
_EMBEDDED = re.compile(rb"(<(?:[\w.-]+:)?internal-file\b[^>]*>)(.*?)(</(?:[\w.-]+:)?internal-file\s*>)", re.DOTALL)


def _without_embedded_files(data: bytes) -> bytes:
    return _EMBEDDED.sub(lambda m: m.group(1) + b"\n" * m.group(2).count(b"\n") + m.group(3), data)


def with_bom(data: bytes) -> bytes:
    """UTF-16 XML saved without its byte-order mark (which XML requires) given one: `<` tells the order."""
    if data[:2] == b"<\x00":
        return b"\xff\xfe" + data
    if data[:2] == b"\x00<":
        return b"\xfe\xff" + data
    return data


def _parse_xml(data: bytes, path: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(_without_embedded_files(with_bom(data)), parser)
    except etree.XMLSyntaxError as exc:
        if "huge" in (exc.msg or "").lower():
            # libxml2's safety limit on one text node (10 MB), met by an original file embedded in base64.
            raise InputError("holds a text node larger than the 10 MB a file is read with", path=path,
                             line=exc.lineno or None, hint="export the XLIFF without embedded files") from None
        raise InputError(f"is not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None,
                         hint="the file is damaged or was edited by hand; " + REEXPORT) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError("declares entities in its DOCTYPE, which are not expanded (their text would be lost)",
                         path=path, hint="remove the DOCTYPE, or " + REEXPORT)
    return root


def parse(data: bytes, *, file: str, translated_only: bool = True) -> Bilingual:
    """Read an XLIFF 1.2 or 2.x file; see the module docstring. `translated_only=False` reads a file
    not translated yet too (its sources, for a leverage analysis)."""
    root = _parse_xml(data, file)
    if _local(root) != "xliff":
        raise InputError(f"root element is <{_local(root) or '?'}>, not <xliff>", path=file, line=root.sourceline,
                         hint="the file does not look like --layout xliff; try --layout auto")
    version = root.get("version") or ("2.0" if "document:2" in (etree.QName(root).namespace or "") else "1.2")
    major2 = version.startswith("2")
    zh: list[Segment] = []
    ja: list[Segment] = []
    refs: dict[int, str] = {}  # id(segment) → the id the CAT tool shows
    pairs: set[tuple[str, str]] = set()
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    units = locked = 0
    translated = False
    for f in _children(root, "file"):
        if major2:
            src_lang, trg_lang = root.get("srcLang"), root.get("trgLang")
            found = [(u, _unit20(u)) for u in _units(f, "unit")]
        else:
            src_lang, trg_lang = f.get("source-language"), f.get("target-language")
            body = next(iter(_children(f, "body")), None)
            found = [(u, _unit12(u)) for u in _units(body, "trans-unit")] if body is not None else []
        if not found:
            continue
        swapped = _direction(src_lang, trg_lang, file, f.sourceline)
        translated = translated or any(p.text.strip() for _, side in found for p in side.target)
        pairs.add((src_lang or "?", trg_lang or "?"))
        units += len(found)
        locked += sum(1 for u, _ in found if u.get("translate") == "no")
        for _, side in found:
            zh_side, ja_side = (side.target, side.source) if swapped else (side.source, side.target)
            zs, js = _segments(zh_side, "zh", file, refs), _segments(ja_side, "ja", file, refs)
            if len(zh_side) == len(ja_side):  # segments paired by their mid (1.2) or their <segment> (2.x)
                for z, j in zip(zs, js):
                    groups.append(((len(zh),) if z else (), (len(ja),) if j else ()))
                    zh += [z] if z else []
                    ja += [j] if j else []
            else:  # the unit pairs its text; how its segments pair is the aligner's to judge
                groups.append((tuple(range(len(zh), len(zh) + sum(map(bool, zs)))),
                               tuple(range(len(ja), len(ja) + sum(map(bool, js))))))
                zh += [z for z in zs if z]
                ja += [j for j in js if j]
    if units and not translated and locked == units and translated_only:
        raise InputError('holds only units marked translate="no", none with a translation: there is nothing to check',
                         path=file, hint="give the XLIFF of the text to be translated, once it is translated")
    if units and not translated and translated_only:
        raise InputError("no unit has a translation (every target is missing or empty)", path=file,
                         hint="give the XLIFF once it is translated, exported from the CAT tool after translating; "
                              "for what a memory covers of it: aligner analyze FILE --tm MEMORY.tmx")
    if not units:
        what = "<unit>" if major2 else "<trans-unit>"
        raise InputError(f"holds no translation units ({what})", path=file, line=root.sourceline,
                         hint="give the XLIFF file with its content, e.g. " + REEXPORT)
    if any(len({s.first_line for s in side}) < len(side) for side in (zh, ja)):
        # Elements sharing a line (an .sdlxliff is mostly one long line): a line alone does not lead
        # back to the text, the segment's (or unit's) id, as the CAT tool shows it, does.
        zh, ja = ([replace(s, file=f"{file} ({refs[id(s)]})") if refs.get(id(s)) else s for s in side]
                  for side in (zh, ja))
    return Bilingual(tuple(zh), tuple(ja), "xliff", _description(data, root, version, pairs), (file,),
                     split_unmatched(g for g in groups if g[0] or g[1]))


def _segments(pieces: tuple[_Piece, ...], lang: str, file: str, refs: dict[int, str]) -> list[Segment | None]:
    """A segment per piece, None for a piece with no text."""
    out: list[Segment | None] = []
    for p in pieces:
        text = join_pieces(p.text.split("\n"))
        out.append(Segment(text, lang, file, p.first, p.last) if text else None)
        if text:
            refs[id(out[-1])] = p.ref
    return out


def _description(data: bytes, root, version: str, pairs: set[tuple[str, str]]) -> str:
    """What `inspect` shows where a text file's encoding goes: encoding, XLIFF version, language pair."""
    encoding = ("UTF-16 (no byte-order mark)" if data[:2] in (b"<\x00", b"\x00<")
                else root.getroottree().docinfo.encoding or "UTF-8")
    langs = ", ".join(f"{s}→{t}" for s, t in sorted(pairs))
    swapped = any(_primary(s) == "ja" or _primary(t) == "zh" for s, t in pairs)
    return f"{encoding}, XLIFF {version}, {langs}" + (" (read with the sides swapped)" if swapped else "")
