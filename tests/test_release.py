"""Release files IT staff check (issue 17, part 3): SHA256SUMS for the zips and every PDF, the
version and content date in every page's footer."""

from __future__ import annotations

import subprocess

from conftest import site_pages
from rapport import __version__
from rapport.model import load_site
from rapport.model.release import content_date
from rapport.outputs.checksums import SUMS


def test_sha256sums_lists_every_download_and_verifies(built_site):
    sums = (built_site / SUMS).read_text().splitlines()
    listed = {line.split("  ", 1)[1] for line in sums}
    downloads = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.suffix in (".zip", ".pdf")}
    assert listed == downloads and "building-trust-rapport.zip" in listed and "pocket-card.pdf" in listed
    assert "building-trust-rapport-scorm12.zip" in listed
    proc = subprocess.run(["sha256sum", "--check", "--strict", SUMS], cwd=built_site, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert SUMS not in (built_site / "sw.js").read_text(), "not precached"


def test_a_changed_download_fails_the_check(built_site, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    (copy / "pocket-card.pdf").write_bytes(b"%PDF-1.7 changed")
    proc = subprocess.run(["sha256sum", "--check", "--quiet", SUMS], cwd=copy, capture_output=True, text=True)
    assert proc.returncode != 0 and "pocket-card.pdf: FAILED" in proc.stdout


def test_every_page_footer_shows_the_version_and_content_date(built_site, root):
    date = content_date(load_site(root / "mkdocs.yml"))
    lines = {"en": f"Version {__version__}, content of {date}.", "es": f"Versión {__version__}, contenido del {date}."}
    for rel in site_pages(built_site):
        html = (built_site / rel).read_text(encoding="utf-8")
        footer = html[html.index('class="md-copyright"'):]
        assert lines["es" if rel.startswith("es/") else "en"] in footer[:2000], rel
