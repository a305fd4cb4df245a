"""The policy on what is published (rapport.checks.published, rapport.outputs.csp): checked on
the rendered HTML with an HTML parser, mapped back to the source line; the policy hashes only
the theme's own scripts; nothing an author writes runs or redirects — the cases an attacker
tried, and a seeded fuzz of split tags, entities, comments and code spans, with Chromium as
the judge of what actually runs."""

from __future__ import annotations

import random

import markdown
import pytest

from conftest import build_fails
from rapport.checks.html import check_html
from rapport.checks.published import check_rendered, scan
from rapport.model import parse_page
from rapport.outputs import csp

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "def_list", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]


def add_to_page(project, text: str) -> int:
    page = project / "docs" / "index.md"
    before = page.read_text()
    page.write_text(before + "\n\n" + text + "\n")
    return len(before.splitlines()) + 3  # the line the text starts on


@pytest.mark.parametrize("text, words", [
    ('See \\`<!-- </article> --><script>document.title="PWNED"</script>\\` here.', "a <script> in a page"),
    ('<meta\nhttp-equiv="refresh" content="3;url=https://example.org/">', "a <meta http-equiv> tag"),
    ('<img src="x.png" alt="x"\nonerror="document.title=1">', "an inline event handler (onerror=)"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "a javascript: address"),
    ('<a href="java\tscript:alert(1)">x</a>', "a javascript: address"),
    ('<base href="https://example.org/">', "a <base> tag"),
    # Read as browsers read them (the second review's cases):
    ('<div>\n`<!--><script src="x.js"></script>-->`\n</div>', "a <script> in a page"),
    ('<div>\n`<![CDATA[><meta http-equiv="refresh" content="0;url=../index.html">]]>`\n</div>', "a <meta http-equiv> tag"),
    ('<noscript><b title="</noscript><script src=x.js></script>">x</b></noscript>', "the <noscript> tag"),
    ("<p>a --!><script>document.title='PWNED'</script></p>", "a <script> in a page"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "a data: address"),
    ("<style>.rp-crisis{display:none}</style>", "the <style> tag"),
    ('<link rel="stylesheet" href="https://example.org/x.css">', "the <link> tag"),
    ("<svg><animate attributeName=\"href\" values=\"jav&#x61;script:alert(1)\"/></svg>", "the <svg> tag"),
])
def test_an_attack_the_line_reader_missed_is_one_finding_and_nothing_is_built(project, text, words):
    # The rendered-HTML policy alone sees it, as a browser would...
    html = markdown.markdown("# Page\n\n" + text, extensions=EXTENSIONS)
    assert words in [met.what for met in scan(html).met], scan(html).met
    # ...and the build stops at its line (the line reader may see it first, in its own words).
    line = add_to_page(project, text)
    message = build_fails(project)
    assert "raw-html:" in message and "Traceback" not in message, message
    assert any(f"docs/index.md:{n}:" in message for n in (line, line + 1, line + 2)), message
    assert not (project / "site").exists()


def test_raw_html_in_a_title_or_summary_is_a_finding_at_its_line(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    text = tip.read_text()
    tip.write_text(text.replace("summary: ", 'summary: <img src=x onerror="document.title=1"> ', 1))
    line = next(n for n, l in enumerate(tip.read_text().splitlines(), 1) if l.startswith("summary:"))
    message = build_fails(project)
    assert f"docs/tips/first-tip.md:{line}:1: raw-html: an inline event handler (onerror=) is not allowed in `summary:`" in message


def test_the_policy_hashes_only_the_theme_scripts_and_stops_on_any_other(built_site, tmp_path):
    pages = sorted(built_site.rglob("*.html"))
    hashes = csp.script_hashes(pages, None, built_site)
    assert 3 <= len(hashes) <= 10, hashes
    page = tmp_path / "page.html"
    (tmp_path / "404.html").write_text((built_site / "404.html").read_text())
    theme = (built_site / "index.html").read_text()
    # The attack of the issue: a comment holding </article>, then a script, inside the content.
    page.write_text(theme.replace('<article class="md-content__inner md-typeset">',
                                  '<article class="md-content__inner md-typeset"><p><!-- </article> -->'
                                  '<script>document.title="PWNED"</script></p>', 1))
    with pytest.raises(csp.UnknownScript) as info:
        csp.script_hashes([tmp_path / "404.html", page], None, tmp_path)
    assert "a script the theme does not write" in str(info.value) or "a <script> in a page" in str(info.value)
    # A script outside the article that the theme does not write is refused too.
    page.write_text(theme.replace("</body>", '<script>document.title="PWNED"</script></body>', 1))
    with pytest.raises(csp.UnknownScript):
        csp.script_hashes([tmp_path / "404.html", page], None, tmp_path)


# --------------------------------------------------------------------------- fuzz

PAYLOADS = [
    '<script>document.title="PWNED"</script>',
    '<img src="x.png" alt="x" onerror="document.title=\'PWNED\'">',
    '<a href="javascript:document.title=\'PWNED\'">go</a>',
    '<meta http-equiv="refresh" content="0;url=https://example.org/">',
    '<base href="https://example.org/">',
    '<svg onload="document.title=\'PWNED\'"></svg>',
    '<iframe srcdoc="&lt;script&gt;parent.document.title=\'PWNED\'&lt;/script&gt;"></iframe>',
    '<details open ontoggle="document.title=\'PWNED\'"><summary>x</summary></details>',
    '<form action="javascript:document.title=\'PWNED\'"><button>go</button></form>',
    '<object data="javascript:document.title=\'PWNED\'"></object>',
]


def mutate(payload: str, rng: random.Random) -> str:
    text = payload
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["split", "entity", "case", "comment", "escaped-ticks", "code-span", "callout", "list",
                           "quote", "tab", "md-div", "prefix-text", "short-comment", "cdata", "bang-comment",
                           "noscript"])
        if kind == "split":
            spaces = [i for i, c in enumerate(text) if c == " "]
            if spaces:
                i = rng.choice(spaces)
                text = text[:i] + "\n" + text[i + 1:]
        elif kind == "entity":
            for word, code in (("javascript", "jav&#x61;script"), ("javascript", "&#106;avascript"),
                               (":", "&colon;"), ("title", "t&#105;tle")):
                if word in text and rng.random() < 0.5:
                    text = text.replace(word, code, 1)
        elif kind == "case":
            text = "".join(c.upper() if c.isalpha() and rng.random() < 0.3 else c for c in text)
        elif kind == "comment":
            text = "<!-- </article> -->" + text
        elif kind == "escaped-ticks":
            text = "See \\`" + text + "\\` here."
        elif kind == "code-span":
            text = "Code ``" + text.replace("\n", " ") + "`` then " + text
        elif kind == "callout":
            text = '!!! note "N"\n\n' + "\n".join("    " + l for l in text.splitlines())
        elif kind == "list":
            text = "- item\n\n" + "\n".join("    " + l for l in text.splitlines())
        elif kind == "quote":
            text = "\n".join("> " + l for l in text.splitlines())
        elif kind == "tab":
            text = text.replace("javascript:", "java\tscript:").replace("on", "on", 1)
        elif kind == "md-div":
            text = '<div markdown="1">\n\n' + text + "\n\n</div>"
        elif kind == "prefix-text":
            text = "Some words. " + text
        elif kind == "short-comment":  # <!--> ends a comment at once, in browsers
            text = "<div>\n`<!-->" + text.replace("\n", " ") + "-->`\n</div>"
        elif kind == "cdata":  # outside SVG, browsers read <![CDATA[ as a bogus comment ending at >
            text = "<div>\n`<![CDATA[>" + text.replace("\n", " ") + "]]>`\n</div>"
        elif kind == "bang-comment":
            text = "<!-- a --!>" + text
        elif kind == "noscript":
            text = '<noscript><b title="</noscript>' + text.replace('"', "'").replace("\n", " ") + '">x</b></noscript>'
    return text


def verdicts(source: str) -> tuple[bool, bool, str]:
    """(the source checks refuse it, the rendered-HTML policy alone refuses it, the HTML)."""
    page = parse_page("# Page\n\n" + source + "\n", "docs/page.md", "page.md")
    html = markdown.markdown("# Page\n\n" + source, extensions=EXTENSIONS)
    return bool(check_html(page)), bool(check_rendered(html, page)), html


JUDGE = """() => {
  const all = [...document.querySelectorAll('*')];
  return {
    ran: document.title === 'PWNED',
    handlers: all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
    js: [...document.querySelectorAll('a[href], form[action], object[data], iframe[src]')]
          .filter(e => /^\\s*javascript:/i.test(e.href || e.action || e.data || e.src || '')).length,
    redirects: document.querySelectorAll('meta[http-equiv]').length,
    bases: document.querySelectorAll('base').length,
    frames: document.querySelectorAll('iframe[srcdoc], object, embed').length,
    scripts: document.querySelectorAll('script').length,
  };
}"""


@pytest.mark.browser
def test_fuzz_nothing_an_author_writes_runs_or_redirects(browser):
    """≥ 200 seeded variants: each is refused by the checks, or — rendered as the site renders
    Markdown — holds no script, handler, javascript: address, redirect, <base> or frame that
    Chromium would act on."""
    rng = random.Random(20261201)
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())
    counts = {"variants": 0, "refused by the source checks": 0, "refused on the rendered HTML": 0,
              "published": 0, "judged by Chromium": 0, "scripts or redirects in the output": 0}
    for n in range(240):
        source = mutate(rng.choice(PAYLOADS), rng)
        counts["variants"] += 1
        by_source, by_rendered, html = verdicts(source)
        counts["refused by the source checks"] += by_source
        counts["refused on the rendered HTML"] += by_rendered
        counts["published"] += not (by_source or by_rendered)
        if by_rendered:
            continue
        # The rendered policy let it through (with or without the source checks): Chromium judges.
        counts["judged by Chromium"] += 1
        page.set_content(f"<!doctype html><html><head><title>ok</title></head><body>{html}</body></html>")
        verdict = page.evaluate(JUDGE)
        if any(verdict.values()):
            counts["scripts or redirects in the output"] += 1
            pytest.fail(f"variant {n} passed the rendered-HTML policy and {verdict} in Chromium:\n{source}")
    context.close()
    print(counts)
    assert counts["variants"] >= 200 and counts["scripts or redirects in the output"] == 0, counts
    assert counts["refused on the rendered HTML"] >= 150, "the rendered policy alone must stop the attacks"


@pytest.mark.parametrize("name, content, words", [
    ("tips/x.js", 'document.title="PWNED"', "file-type: a .js file in the docs folder is published as it is"),
    ("raw.html", "<script>document.title=1</script>", "file-type: a .html file in the docs folder"),
    ("tips/img/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>location="https://example.org"</script></svg>',
     "file-type: this picture holds"),
    ("tips/img/handler.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "file-type: this picture holds"),
    ('say "hi"/page.md', "# Hi\n", "file-name: "),
])
def test_a_file_published_as_it_is_must_be_harmless(project, name, content, words):
    path = project / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    message = build_fails(project)
    assert words in message and "Traceback" not in message, message


def test_a_clean_svg_picture_is_fine(project):
    img = project / "docs" / "tips" / "img"
    img.mkdir(parents=True)
    (img / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                   '<rect width="10" height="10" fill="#444"/></svg>')
    from rapport.checks import check_site
    from rapport.model import load_site

    assert [f for f in check_site(load_site(project / "mkdocs.yml")) if "chart.svg" in f.path] == []


def test_content_cannot_hide_or_fake_the_crisis_note(project):
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + '\n\nText. <!-- rp-crisis -->\n')
    message = build_fails(project)
    assert "the crisis note's own name (rp-crisis)" in message


def test_a_script_the_theme_does_not_link_stops_the_build_even_outside_the_article(built_site, tmp_path):
    """A site_name or nav title that breaks out of the theme's markup cannot add a script: only
    the theme's and our files under assets/ may be linked."""
    (tmp_path / "404.html").write_text((built_site / "404.html").read_text())
    (tmp_path / "tips").mkdir()
    (tmp_path / "tips" / "x.js").write_text("document.title=1")
    page = tmp_path / "index.html"
    page.write_text((built_site / "index.html").read_text().replace(
        "<head>", '<head><script src="tips/x.js"></script>', 1))
    with pytest.raises(csp.UnknownScript) as info:
        csp.script_hashes([tmp_path / "404.html", page], None, tmp_path)
    assert "a script from tips/x.js" in str(info.value)
