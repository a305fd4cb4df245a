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

import io
from html import escape

import pikepdf

PATH_OPS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
PAINT_OPS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"}
TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}
DRAW_OPS = {b"Do", b"sh", b"INLINE IMAGE"}
ARTIFACT = pikepdf.Name("/Artifact")


def artifact_untagged(operations: list) -> list:
    """Content-stream operations (operands, operator name as bytes) with every painting operation
    outside a marked-content sequence wrapped in `/Artifact BMC … EMC` (a path with its painting
    operator, a text-showing operator inside its text object, an XObject or shading)."""
    out, depth, path = [], 0, []
    begin = ([ARTIFACT], b"BMC")
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


def _elements(node):
    """The structure elements directly under `node` (its /K: one, or an array of them, marked-content
    references and MCIDs, which are not elements)."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type", pikepdf.Name.StructElem) == "/StructElem":
            yield kid


def _reachable(root) -> set:
    """Every structure element the tag tree holds (by object number)."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        stack += _elements(node)
    return seen


def _parent_tree(pdf) -> list[tuple[int, object]]:
    """The structure parent tree's entries, (key, value), in either of a number tree's shapes."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return []
    return list(pikepdf.NumberTree(root.ParentTree).items())


def _orphan_mcids(pdf) -> dict[int, set[int]]:
    """{struct parents key: MCIDs whose structure element is not in the tag tree} (WeasyPrint's margin boxes)."""
    entries = _parent_tree(pdf)
    if not entries:
        return {}
    reachable = _reachable(pdf.Root.StructTreeRoot)
    orphans: dict[int, set[int]] = {}
    for key, value in entries:
        if not isinstance(value, pikepdf.Array):
            continue
        for mcid, elem in enumerate(value):
            if isinstance(elem, pikepdf.Dictionary) and elem.is_indirect and elem.objgen not in reachable:
                orphans.setdefault(int(key), set()).add(mcid)
    return orphans


def _mcid(operands) -> int | None:
    props = operands[1] if len(operands) > 1 else None
    return int(props["/MCID"]) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None


def _page_ops(pdf, page, orphans: set[int]) -> None:
    """The page's content, parsed and written again by qpdf: orphan marked content becomes an
    artifact, and untagged painting is wrapped as one."""
    if "/Contents" not in page.obj:
        return
    ops = []
    for item in pikepdf.parse_content_stream(page):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            ops.append((item, b"INLINE IMAGE"))
            continue
        op = item.operator.unparse()
        if op == b"BDC" and orphans and _mcid(item.operands) in orphans:
            ops.append(([ARTIFACT], b"BMC"))
        else:
            ops.append((list(item.operands), op))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream([  # an inline image stays whole
        operands if op == b"INLINE IMAGE" else pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op.decode("latin-1")))
        for operands, op in artifact_untagged(ops)]))


# PDF 1.7's standard structure types (ISO 32000-1, 14.8.4): any other is role-mapped to one.
STANDARD = frozenset("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4
    H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT
    RP Warichu WT WP Figure Formula Form""".split())
ROLES = {"Strong": "Span", "Em": "Span", "Title": "H1", "FENote": "Note", "Sub": "Span", "Aside": "Div"}


def _structure(pdf) -> None:
    """Header cells get /Scope; types from PDF 2.0 (Chromium's /Strong, /Em) get a /RoleMap."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    roles = root.get("/RoleMap", pikepdf.Dictionary())
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kind = str(node.get("/S", ""))[1:]
        if kind and kind not in STANDARD and "/" + kind not in roles:
            roles["/" + kind] = pikepdf.Name("/" + ROLES.get(kind, "Span"))
        elems = list(_elements(node))
        if node.get("/S") == "/TR":
            row_has_data = any(e.S == "/TD" for e in elems)
            for cell in elems:
                if cell.S != "/TH":
                    continue
                attrs = cell.get("/A")
                if isinstance(attrs, pikepdf.Array):
                    attrs = next((a for a in attrs if isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table"), None)
                if attrs is None:
                    attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
                    cell.A = attrs
                attrs.Scope = pikepdf.Name.Row if row_has_data else pikepdf.Name.Column
        stack += elems
    if roles:
        root.RoleMap = roles


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
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.trailer.get("/Info")
        title = title if title is not None else str(info.get("/Title", "")) if info is not None else ""
        orphans = _orphan_mcids(doc)
        for index, page in enumerate(doc.pages):
            _page_ops(doc, page, orphans.get(int(page.obj.get("/StructParents", index)), set()))
        _structure(doc)
        if orphans:  # the margin boxes' elements: out of the parent tree, which now maps only the tree
            for key, value in _parent_tree(doc):
                for mcid in orphans.get(int(key), ()) if isinstance(value, pikepdf.Array) else ():
                    value[mcid] = None
        said = doc.get_warnings()  # qpdf reads on past damaged content (and would drop it): ours never is
        if said:
            raise ValueError(f"a PDF's content could not be read whole ({said[0]}); the engine that wrote it made a "
                             "damaged file")
        catalog = doc.Root
        catalog.MarkInfo = pikepdf.Dictionary(Marked=True)
        catalog.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        catalog.Lang = pikepdf.String(lang)
        iso = (timestamp if timestamp.endswith("Z") else timestamp + "Z") if timestamp else ""
        dates = XMP_DATES.format(date=escape(iso)) if iso else ""
        xmp = XMP.format(title=escape(title), lang=escape(lang), dates=dates).encode("utf-8")
        catalog.Metadata = doc.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        stamp = pdf_date(iso) if iso else ""
        fields = {"/Title": title} | ({"/CreationDate": stamp, "/ModDate": stamp} if stamp else {})
        if creator:
            fields |= {"/Creator": creator, "/Producer": creator}
        doc.trailer.Info = doc.make_indirect(pikepdf.Dictionary(
            {**({k: v for k, v in info.items()} if info is not None else {}), **{k: pikepdf.String(v) for k, v in fields.items()}}))
        out = io.BytesIO()
        # The file's identifier from its own content, not the clock: the same source, the same bytes.
        # (Marp's PDFs carry the time they were made, which the Info dictionary above replaces; qpdf
        # would keep an identifier the file came with.)
        if "/ID" in doc.trailer:
            del doc.trailer["/ID"]
        doc.save(out, deterministic_id=True, fix_metadata_version=False, preserve_pdfa=False)
        return out.getvalue()
