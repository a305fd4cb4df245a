"""rapport.csp: the policy hashes only the theme's scripts and the search frame; every page
carries it in a <meta>; from a folder it blocks a script slipped into a page while search
and the questions keep working."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, decks, search_finds, site_pages
from rapport.outputs import csp
from rapport.model.assets import SEARCH_SHIM, npm_file

THEME = '<html><head><meta charset="utf-8"><script>var theme=1</script></head><body>'
ARTICLE = '<article class="md-content__inner"><script>document.title="RAN"</script></article>'


def test_the_policy_never_takes_a_hash_from_the_content(tmp_path):
    """A script in the content, or one the theme does not write, is never hashed: the build stops."""
    (tmp_path / "page.html").write_text(THEME + ARTICLE + "<script>var palette=2</script></body></html>")
    with pytest.raises(csp.UnknownScript) as info:
        csp.script_hashes([tmp_path / "page.html"], None, tmp_path)
    said = str(info.value)
    assert "page.html:1:1: published: a <script> in a page" in said
    assert "'document.title=\"RAN\"'" in said and "'var theme=1'" in said and "'var palette=2'" in said


def test_the_search_frame_script_is_rebuilt_from_the_shim():
    shim = npm_file(ROOT, *SEARCH_SHIM).read_text()
    script = csp.frame_script(shim, "../assets/javascripts/workers/search.js")
    assert script.startswith("postMessage=function c(") and 'filename:"../assets/javascripts/workers/search.js"' in script
    with pytest.raises(RuntimeError, match="iframe-worker shim"):
        csp.frame_script("a different shim", "x.js")


def test_every_page_carries_the_policy_right_after_its_charset(built_site):
    header = (built_site / "deploy" / "csp.txt").read_text().strip()
    expected = "; ".join(d for d in header.split("; ") if not d.startswith("frame-ancestors"))
    assert len(decks(built_site)) >= 4
    for rel in site_pages(built_site) + ["404.html"] + decks(built_site):
        html = (built_site / rel).read_text()
        m = re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert m and m.group(1) == expected, rel
        assert html.find("<script") == -1 or html.index("Content-Security-Policy") < html.index("<script"), rel
        assert html.index("Content-Security-Policy") < 1024 or html.index('<meta charset="utf-8">') < 1024


@pytest.mark.browser
def test_from_a_folder_a_slipped_in_script_is_blocked_and_search_still_works(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    tip = site / "tips" / "be-curious.html"
    tip.write_text(tip.read_text().replace('<h1 id="be-curious">', '<script>document.title="RAN"</script>'
                                           '<img src="none.png" onerror="document.title=\'RAN\'"><h1 id="be-curious">', 1))
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    page.on("console", lambda msg: violations.append(msg.text) if msg.text.startswith("CSP violation") else None)
    page.goto(tip.as_uri())
    page.wait_for_timeout(300)
    assert page.title() != "RAN"
    assert sorted(violations) == ["CSP violation: script-src-attr inline", "CSP violation: script-src-elem inline"]
    search_finds(page, "bakery", "tips/ask-details-that-show-care.html")
    page.goto(tip.as_uri())
    page.locator("#curious-1-1").check()
    page.locator("#curious-1 .rq-check").click()
    page.locator("#curious-1 .rq-feedback", has_text="Correct").wait_for()
    assert len(violations) == 4, "only the slipped-in script and handler, once per visit"
    context.close()
