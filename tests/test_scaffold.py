"""rapport.scaffold: `make new-tip` writes a tip with every part and puts it last."""

from __future__ import annotations

import pdfplumber
import pytest

from rapport.build import build_site
from rapport.checks import check_site, errors
from rapport.model import load_site
from rapport.scaffold import ScaffoldError, new_tip


def test_scaffolded_tip_passes_every_check_and_builds_last(project):
    config = project / "mkdocs.yml"
    before = config.read_text()
    path = new_tip(config, "Notice small wins")
    assert path == project / "docs" / "tips" / "notice-small-wins.md"
    after = config.read_text()
    assert after.replace("      - tips/notice-small-wins.md\n", "", 1) == before, "only one line is added"
    site = load_site(config)
    assert site.tip_paths()[-1] == "tips/notice-small-wins.md"
    findings = check_site(site)
    assert errors(findings) == []
    assert {f.rule for f in findings if f.severity == "warning"} == {"placeholder"}
    build_site(config, project / "site")
    assert (project / "site" / "tips" / "notice-small-wins.html").is_file()
    with pdfplumber.open(project / "site" / "pocket-card.pdf") as pdf:
        assert "TODO: the short line for the pocket card." in " ".join(pdf.pages[0].extract_text().split())


def test_new_tip_refuses_a_title_that_exists(project):
    with pytest.raises(ScaffoldError, match="already exists"):
        new_tip(project / "mkdocs.yml", "First tip")
