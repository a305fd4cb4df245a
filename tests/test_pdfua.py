"""Every PDF the build publishes, in every edition, read by two offline PDF/UA checkers from
PyPI (`pdfua`, `outloud`): no errors, no unscoped header cell, no page number or running
head tagged as content. They check the machine-checkable part of PDF/UA-1 (README, "PDF
accessibility"): a pass here is not a full PDF/UA validation."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

BIN = Path(sys.executable).parent
# The print-shop sheets draw the card four times a side as artifacts, and say in their one
# tagged paragraph where the accessible card is: outloud's TAG-002 ("prose marked as an
# artifact") is expected there, and only there.
IMPOSED = ("pocket-card-letter.pdf", "pocket-card-a4.pdf")


def pdfs(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.pdf"))
    assert len(found) >= 30, found  # every edition's cards, books, sheets and slides
    return found


def test_pdfua_finds_nothing_in_any_pdf(built_site):
    problems = []
    for path in pdfs(built_site):
        proc = subprocess.run([str(BIN / "pdfua"), "check", "--format", "json", str(path)], capture_output=True, text=True)
        report = json.loads(proc.stdout)
        problems += [f"{path.relative_to(built_site)}: {f['rule_id']} {f['message'][:100]}" for f in report["findings"]
                     if f["severity"] in ("error", "warning")]
        assert report["summary"]["rules_run"] >= 10
    assert problems == []


def test_outloud_finds_no_error_and_no_page_number_tagged_as_content(built_site):
    files = pdfs(built_site)
    problems = []
    for group, skip in (([f for f in files if f.name not in IMPOSED], []), ([f for f in files if f.name in IMPOSED], ["TAG-002"])):
        args = [str(BIN / "outloud"), "--json", "-", "--fail-on", "never"] + [a for s in skip for a in ("--skip", s)]
        proc = subprocess.run(args + [str(f) for f in group], capture_output=True, text=True)
        for result in json.loads(proc.stdout)["results"]:
            assert not result.get("error"), result
            for f in result["findings"]:
                if f["severity"] == "error" or (f["rule"] == "PAG-001" and "page number" in f["message"]):
                    problems.append(f"{result['path']}: {f['rule']} {f['message'][:100]}")
    assert problems == []


def struct_elements(reader: PdfReader):
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(obj, "get") and "/S" in obj:
                yield obj
                stack.append(obj)


@pytest.mark.parametrize("name", ["attendance.pdf", "handbook-letter.pdf", "es/attendance.pdf", "knowledge-check-key-a4.pdf"])
def test_every_table_header_cell_has_a_scope(paper_pdf, name):
    reader = PdfReader(paper_pdf(name))
    headers = [e for e in struct_elements(reader) if e["/S"] == "/TH"]
    assert headers
    for th in headers:
        attrs = th["/A"].get_object()
        attrs = attrs if not isinstance(attrs, list) else next(a.get_object() for a in attrs if a.get_object().get("/O") == "/Table")
        assert attrs["/Scope"] in ("/Row", "/Column", "/Both")


@pytest.mark.parametrize("name", IMPOSED)
def test_a_print_shop_sheet_is_tagged_and_names_the_accessible_card(built_site, name):
    reader = PdfReader(built_site / name)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and str(root["/Lang"]) == "en"
    assert b"pdfuaid:part>1<" in root["/Metadata"].get_object().get_data()
    for page in reader.pages:
        ops = ContentStream(page.get_contents(), reader).operations
        artifact = []
        for operands, op in ops:  # every drawing of a card is inside an /Artifact sequence
            if op in (b"BMC", b"BDC"):
                artifact.append(operands[0] == "/Artifact")
            elif op == b"EMC":
                artifact.pop()
            elif op == b"Do":
                assert artifact and artifact[-1], "a card drawn outside an artifact"
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    assert "open pocket-card.pdf" in " ".join(text.split())


def test_finishing_leaves_nothing_untagged_and_is_the_same_twice(built_site):
    from rapport.outputs.pdfua import finish

    source = (built_site / "attendance.pdf").read_bytes()
    once = finish(source, "en")
    assert finish(source, "en") == once
    reader = PdfReader(io.BytesIO(once))
    for page in reader.pages:
        depth = 0
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op in (b"BMC", b"BDC"):
                depth += 1
            elif op == b"EMC":
                depth -= 1
            elif op in (b"Tj", b"TJ", b"Do", b"f", b"S", b"B", b"f*"):
                assert depth > 0, op


# A one-page PDF as WeasyPrint writes it, with a page number in a margin box (tagged, then orphaned).
NUMBERED = ('<html lang="en"><head><title>T</title><style>@page { @bottom-left { content: "Page " counter(page); } }'
            "</style></head><body><h1>Title</h1><p>Text</p></body></html>")


def raw_numbered() -> bytes:
    from weasyprint import HTML

    return HTML(string=NUMBERED).write_pdf(pdf_variant="pdf/ua-1")


def saved(data: bytes, change) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def operations(data: bytes) -> list:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc:
        return [[(str(i.operator), [str(x) for x in i.operands][:1]) for i in pikepdf.parse_content_stream(page)]
                for page in doc.pages]


def test_the_file_identifier_comes_from_the_content_not_from_the_file_it_was():
    import pikepdf

    raw = raw_numbered()
    ident = lambda value: lambda doc: setattr(doc.trailer, "ID", pikepdf.Array([pikepdf.String(value)] * 2))  # noqa: E731
    first, second = saved(raw, ident(b"a" * 16)), saved(raw, ident(b"b" * 16))
    assert first != second
    assert finish_of(first) == finish_of(second)


def finish_of(data: bytes) -> bytes:
    from rapport.outputs.pdfua import finish

    return finish(data, "en")


def test_a_parent_tree_in_parts_still_has_its_page_numbers_made_artifacts():
    """A number tree may hold its entries in /Kids rather than /Nums: the page number is an artifact either way."""
    import pikepdf

    def in_parts(doc):
        tree = doc.Root.StructTreeRoot.ParentTree
        nums = tree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        leaf = doc.make_indirect(pikepdf.Dictionary(Nums=nums, Limits=pikepdf.Array([min(keys), max(keys)])))
        del tree["/Nums"]
        tree.Kids = pikepdf.Array([leaf])

    raw = raw_numbered()
    whole = operations(finish_of(raw))
    assert ("BMC", ["/Artifact"]) in whole[0], "the page number, an artifact"
    assert operations(finish_of(saved(raw, in_parts))) == whole


def test_a_damaged_content_stream_fails_with_one_message_not_a_quiet_repair():
    def damage(doc):
        doc.pages[0].obj.Contents = doc.make_stream(b"BT /F1 12 Tf (a string never closed")

    with pytest.raises(ValueError, match="could not be read whole"):
        finish_of(saved(raw_numbered(), damage))
