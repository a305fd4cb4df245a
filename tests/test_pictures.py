"""Pictures as authors expect them, and PDFs that load nothing from outside the site: a picture
saved in docs/ shows on its page, in the handbook and handouts, in the zip and in the SCORM
package; alt text is required; a missing picture is a finding at its line; a `file:` address
is a finding, and the PDFs refuse it (and never embed a linked file) even when the checks are
bypassed."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import build_fails
from rapport.app import build_site
from rapport.checks import check_site
from rapport.model import RapportError, load_site


def png(width: int = 40, height: int = 30) -> bytes:
    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def with_picture(project, markdown="![A worker and a person talking](img/diagram.png)", save=True):
    tip = project / "docs" / "tips" / "first-tip.md"
    if save:
        (project / "docs" / "tips" / "img").mkdir()
        (project / "docs" / "tips" / "img" / "diagram.png").write_bytes(png())
    text = tip.read_text()
    tip.write_text(text.replace("\n## ", f"\n{markdown}\n\n## ", 1))
    return tip, text.splitlines().index(next(l for l in text.splitlines() if l.startswith("## "))) + 1


def test_a_picture_in_docs_shows_on_the_page_on_paper_offline_and_in_the_lms(project):
    with_picture(project)
    build_site(project / "mkdocs.yml", project / "site")
    site = project / "site"
    page = (site / "tips" / "first-tip.html").read_text()
    assert '<img alt="A worker and a person talking" src="img/diagram.png"' in page
    assert (site / "tips" / "img" / "diagram.png").read_bytes() == png()
    for name in ("handbook-letter.pdf", "handout-letter.pdf"):
        with pdfplumber.open(site / name) as pdf:
            assert sum(len(p.images) for p in pdf.pages) == 1, name
    with zipfile.ZipFile(site / "building-trust-rapport.zip") as zf:
        assert any(n.endswith("/tips/img/diagram.png") for n in zf.namelist())
    with zipfile.ZipFile(site / "building-trust-rapport-scorm12.zip") as zf:
        assert "tips/img/diagram.png" in zf.namelist()


@pytest.mark.parametrize("markdown, words", [
    ("![](img/diagram.png)", "picture: this picture has no alt text"),
    ('<img src="img/diagram.png" alt=" ">', "picture: this picture has no alt text"),
    ("![A chart](img/chart.png)", "picture: the picture img/chart.png is not there (docs/tips/img/chart.png)"),
    ("![A chart](../../outside.png)", "picture: the picture ../../outside.png is not there"),
    ('<img src="file:///usr/share/gitweb/static/git-logo.png" alt="A logo">', "raw-html: a file: address"),
    ('[notes](file:///etc/hostname){: rel="attachment" }', "raw-html: a file: address"),
])
def test_a_picture_mistake_is_one_finding_at_its_line(project, markdown, words):
    tip, line = with_picture(project, markdown)
    said = [str(f) for f in check_site(load_site(project / "mkdocs.yml")) if f.severity == "error"]
    assert [s for s in said if words in s and s.startswith(f"docs/tips/first-tip.md:{line}:")], said
    message = build_fails(project)
    assert words in message and "Traceback" not in message


def test_the_pdfs_load_nothing_from_outside_the_site_even_past_the_checks(project, tmp_path):
    from rapport.outputs import paper

    secret = tmp_path / "secret.txt"
    secret.write_text("the build machine's file")
    picture = tmp_path / "outside.png"
    picture.write_bytes(png())
    body = (f'<p><a href="{secret.as_uri()}" rel="attachment">notes</a></p>'
            f'<p><img src="{picture.as_uri()}" alt="outside"></p>')
    html = paper.document("T", body, "en", "letter", "")
    with pytest.raises(RapportError) as info:
        paper.render(html, "handbook-letter.pdf", project)
    assert f"{picture.as_uri()} is outside the site" in str(info.value)
    # A link marked as an attachment stays a link on paper: the linked file is never embedded.
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text('<article class="md-content__inner md-typeset">'
                                      f'<p><a href="{secret.as_uri()}" rel="attachment nofollow">notes</a></p></article>')
    body = paper.chapter(built, "index.html", True, {"index.html"})
    pdf = paper.render(paper.document("T", body, "en", "letter", ""), "handbook-letter.pdf", built)
    reader = PdfReader(io.BytesIO(pdf))
    assert not reader.attachments and b"the build machine" not in pdf


@pytest.mark.parametrize("markdown, save_as, ok", [
    ("![A worker](img/my%20pic.png)", "my pic.png", True),
    ("![A worker](<img/my pic.png>)", "my pic.png", True),
    ("![Host name](/etc/hostname)", None, False),
    ('<img src="/etc/hostname" alt="Host name">', None, False),
    ("![A chart][chart]\n\n[chart]: img/chart.png", "chart.png", True),
    ("![A chart][chart]\n\n[chart]: img/gone.png", None, False),
])
def test_pictures_are_found_as_markdown_reads_them(project, markdown, save_as, ok):
    tip, line = with_picture(project, markdown, save=False)
    if save_as:
        (project / "docs" / "tips" / "img").mkdir(exist_ok=True)
        (project / "docs" / "tips" / "img" / save_as).write_bytes(png())
    said = [str(f) for f in check_site(load_site(project / "mkdocs.yml")) if f.rule == "picture"]
    assert (said == []) is ok, said


def test_a_single_quoted_attachment_is_never_embedded_and_our_templates_are_not_reachable(tmp_path):
    from rapport.outputs import paper

    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text('<article class="md-content__inner md-typeset">'
                                      "<p><a href='sw.js' rel='attachment'>notes</a> <a href=sw.js rel=attachment>x</a>"
                                      "</p></article>")
    body = paper.chapter(built, "index.html", True, {"index.html"})
    pdf = paper.render(paper.document("T", body, "en", "letter", ""), "handout-letter.pdf", built)
    assert not PdfReader(io.BytesIO(pdf)).attachments
    with pytest.raises(RapportError):  # a picture from our templates folder is outside the site
        paper.render(paper.document("T", '<img src="sw.js" alt="x">', "en", "letter", ""), "handout-letter.pdf", built)
