"""What every published PDF gets after its engine wrote it, so that an offline PDF/UA checker
(`pdfua` and `outloud`, in `make test`) finds no error in it:

- content that no structure element holds becomes an artifact: WeasyPrint's running heads and
  page numbers (which it marks but leaves out of the tag tree), the slides' page numbers and
  backgrounds that Chromium draws untagged, the crop marks and cards drawn on a print-shop sheet;
- every table header cell carries /Scope (Row when its row holds data cells, else Column);
- a tagged file says so (MarkInfo, DisplayDocTitle, /Lang) and declares PDF/UA-1 with its title
  in its XMP metadata; its dates are the build's, so the same source gives the same bytes.

Not a full PDF/UA validation: README says what the two checkers cover.
"""

from __future__ import annotations

import hashlib
import io
from html import escape

PATH_OPS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
PAINT_OPS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"}
TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}
DRAW_OPS = {b"Do", b"sh", b"INLINE IMAGE"}


def artifact_untagged(operations: list) -> list:
    """Content-stream operations with every painting operation outside a marked-content
    sequence wrapped in `/Artifact BMC … EMC` (a path with its painting operator, a text-showing
    operator inside its text object, an XObject or shading)."""
    from pypdf.generic import NameObject

    out, depth, path = [], 0, []
    begin = ([NameObject("/Artifact")], b"BMC")
    end = ([], b"EMC")
    for operands, op in operations:
        if op in (b"BMC", b"BDC"):
            depth += 1
        elif op == b"EMC":
            depth = max(0, depth - 1)
        if depth == 0 and op in PATH_OPS:
            path.append((operands, op))
            continue
        if depth == 0 and op in PAINT_OPS:
            out += [begin, *path, (operands, op), end] if op != b"n" else [*path, (operands, op)]
            path = []
            continue
        out += path
        path = []
        if depth == 0 and (op in TEXT_OPS or op in DRAW_OPS):
            out += [begin, (operands, op), end]
        else:
            out.append((operands, op))
    return out + path


def _reachable(root) -> set:
    """Every structure element the tag tree holds (by object number)."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        ref = getattr(node, "indirect_reference", None)
        obj = node.get_object()
        if ref is not None:
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
        kids = obj.get("/K") if hasattr(obj, "get") else None
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            target = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(target, "get") and target.get("/Type") in ("/StructElem", None) and "/S" in target:
                stack.append(kid)
    return seen


def _orphan_mcids(writer) -> dict[int, set[int]]:
    """{page index: MCIDs whose structure element is not in the tag tree} (WeasyPrint's margin boxes)."""
    root = writer._root_object.get("/StructTreeRoot")
    if root is None:
        return {}
    root = root.get_object()
    reachable = _reachable(root)
    nums = root["/ParentTree"].get_object().get("/Nums", [])
    orphans: dict[int, set[int]] = {}
    for i in range(0, len(nums), 2):
        key, value = nums[i], nums[i + 1].get_object()
        if not isinstance(value, list):
            continue
        for mcid, elem in enumerate(value):
            ref = getattr(elem, "indirect_reference", None) or (elem if hasattr(elem, "idnum") else None)
            if ref is not None and ref.idnum not in reachable:
                orphans.setdefault(int(key), set()).add(mcid)
    return orphans


def _mcid(operands) -> int | None:
    props = operands[1] if len(operands) > 1 else None
    props = props.get_object() if hasattr(props, "get_object") else props
    return int(props["/MCID"]) if hasattr(props, "get") and "/MCID" in props else None


def _page_ops(writer, page, orphans: set[int]) -> None:
    from pypdf.generic import ContentStream, NameObject

    contents = page.get_contents()
    if contents is None:
        return
    stream = ContentStream(contents, writer)
    ops = []
    for operands, op in stream.operations:
        if op == b"BDC" and orphans and _mcid(operands) in orphans:
            ops.append(([NameObject("/Artifact")], b"BMC"))
        else:
            ops.append((operands, op))
    stream.operations = artifact_untagged(ops)
    page.replace_contents(stream)
    page.compress_content_streams()


# PDF 1.7's standard structure types (ISO 32000-1, 14.8.4): any other is role-mapped to one.
STANDARD = frozenset("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4
    H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT
    RP Warichu WT WP Figure Formula Form""".split())
ROLES = {"Strong": "Span", "Em": "Span", "Title": "H1", "FENote": "Note", "Sub": "Span", "Aside": "Div"}


def _structure(writer) -> None:
    """Header cells get /Scope; types from PDF 2.0 (Chromium's /Strong, /Em) get a /RoleMap."""
    from pypdf.generic import DictionaryObject, NameObject

    root = writer._root_object.get("/StructTreeRoot")
    if root is None:
        return
    root = root.get_object()
    roles = root.get("/RoleMap")
    roles = roles.get_object() if roles is not None else DictionaryObject()
    stack = [root]
    while stack:
        node = stack.pop()
        kind = str(node.get("/S", ""))[1:]
        if kind and kind not in STANDARD and NameObject("/" + kind) not in roles:
            roles[NameObject("/" + kind)] = NameObject("/" + ROLES.get(kind, "Span"))
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        kids = kids if isinstance(kids, list) else [kids]
        objs = [k.get_object() for k in kids if hasattr(k, "get_object")]
        elems = [o for o in objs if hasattr(o, "get") and "/S" in o]
        if node.get("/S") == "/TR":
            row_has_data = any(e["/S"] == "/TD" for e in elems)
            for cell in elems:
                if cell["/S"] != "/TH":
                    continue
                attrs = cell.get("/A")
                attrs = attrs.get_object() if attrs is not None else None
                if isinstance(attrs, list):
                    attrs = next((a.get_object() for a in attrs if a.get_object().get("/O") == "/Table"), None)
                if attrs is None:
                    attrs = DictionaryObject({NameObject("/O"): NameObject("/Table")})
                    cell[NameObject("/A")] = attrs
                attrs[NameObject("/Scope")] = NameObject("/Row" if row_has_data else "/Column")
        stack += elems
    if roles:
        root[NameObject("/RoleMap")] = roles


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
{dates}<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
XMP_DATES = "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n"


def pdf_date(timestamp: str) -> str:
    """2026-11-27T10:00:00Z -> D:20261127100000Z (the Info dictionary's form)."""
    return "D:" + timestamp.replace("-", "").replace(":", "").replace("T", "").rstrip("Z")[:14] + "Z"


def finish(pdf: bytes, lang: str, title: str | None = None, timestamp: str | None = None, creator: str = "") -> bytes:
    """`pdf` with the fixes above. `title` defaults to the one the file has; `timestamp` (ISO
    8601, UTC) is the build's date, or none (and the file carries no date)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, DecodedStreamObject,
                               DictionaryObject, NameObject, NullObject, TextStringObject)

    reader = PdfReader(io.BytesIO(pdf))
    title = title if title is not None else str((reader.metadata or {}).get("/Title") or "")
    writer = PdfWriter(clone_from=reader)
    orphans = _orphan_mcids(writer)
    for index, page in enumerate(writer.pages):
        _page_ops(writer, page, orphans.get(index, set()))
    _structure(writer)
    if orphans:  # the margin boxes' elements: out of the parent tree, which now maps only the tree
        tree = writer._root_object["/StructTreeRoot"].get_object()["/ParentTree"].get_object()
        nums = tree["/Nums"]
        for i in range(0, len(nums), 2):
            index = int(nums[i])
            if index in orphans and isinstance(nums[i + 1].get_object(), list):
                array = nums[i + 1].get_object()
                for mcid in orphans[index]:
                    array[mcid] = NullObject()
    catalog = writer._root_object
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    catalog[NameObject("/Lang")] = TextStringObject(lang)
    iso = (timestamp if timestamp.endswith("Z") else timestamp + "Z") if timestamp else ""
    dates = XMP_DATES.format(date=escape(iso)) if iso else ""
    xmp = DecodedStreamObject()
    xmp.set_data(XMP.format(title=escape(title), lang=escape(lang), dates=dates).encode("utf-8"))
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    catalog[NameObject("/Metadata")] = writer._add_object(xmp)
    stamp = pdf_date(iso) if iso else ""
    info = {"/Title": title} | ({"/CreationDate": stamp, "/ModDate": stamp} if stamp else {})
    if creator:
        info |= {"/Creator": creator, "/Producer": creator}
    writer.add_metadata(info)
    # The file's identifier from its own content, not the clock: the same source, the same bytes.
    # (Not of the bytes it came in: Marp's carry the time they were made, which the Info
    # dictionary above replaces.)
    digest = hashlib.md5(title.encode() + stamp.encode())
    for page in writer.pages:
        contents = page.get_contents()
        digest.update(contents.get_data() if contents is not None else b"")
    ident = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
