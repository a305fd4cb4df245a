"""The certificate of completion: built from the content, shown only after a pass, with the
typed name kept on the device, printed as exactly one landscape page."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from a11y_support import run_axe
from conftest import take_final_check
from rapport.model import load_site
from rapport.markdown.teaching import certificate, course_minutes, hours_text


@pytest.mark.parametrize("minutes, text", [(60, "1 hour (60 minutes)"), (90, "1.5 hours (90 minutes)"),
                                           (50, "0.75 hours (50 minutes)"), (10, "0.25 hours (10 minutes)")])
def test_hours_are_clock_hours_to_the_quarter(minutes, text):
    assert hours_text(minutes) == text


def test_the_certificate_names_the_course_hours_objectives_and_version(root):
    site = load_site(root / "mkdocs.yml")
    html = certificate(site, "certificate.md")
    assert course_minutes(site) == sum(p.meta["minutes"] for p in site.tips())
    assert hours_text(course_minutes(site)) in html and site.name.replace("&", "&amp;") in html
    for tip in site.tips():
        assert tip.meta["objectives"][0].split(",")[0].replace("'", "&#39;") in html  # escaped by the template
    assert site.date.strftime("%Y-%m-%d") in html
    assert "Supervisor's signature" in html and "not accreditation" in html
    assert 'href="final-check.html"' in html


def read_pdf(pdf: bytes) -> list[tuple[float, float, str]]:
    """Each page's width and height in points, and its text."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(float(p.width), float(p.height), p.extract_text() or "") for p in doc.pages]


def test_the_certificate_appears_only_after_a_pass_and_prints_on_one_landscape_page(browser, built_site):
    ctx = browser.new_context(bypass_csp=True)
    page = ctx.new_page()
    page.goto((built_site / "certificate.html").as_uri())
    assert page.locator(".rp-cert").is_hidden() and page.locator(".rp-cert-input").is_hidden()
    assert "once you pass" in page.locator(".rp-cert-locked").inner_text()
    # A failed check offers nothing.
    page.goto((built_site / "final-check.html").as_uri())
    items = page.locator(".rq-final-item:not([hidden])").count()
    assert "Not passed yet." in take_final_check(page, wrong=items // 5 + 1), "one more wrong than 80% allows"
    assert page.locator(".rq-final-certificate").count() == 0
    page.goto((built_site / "certificate.html").as_uri())
    assert page.locator(".rp-cert").is_hidden()
    # A pass offers the certificate.
    page.goto((built_site / "final-check.html").as_uri())
    take_final_check(page, wrong=1)
    n = page.locator(".rq-final-item:not([hidden])").count()
    score = f"{n - 1} of {n} ({round(100 * (n - 1) / n)}%)"
    page.get_by_role("link", name="Get your certificate").click()
    page.wait_for_url("**/certificate.html")
    cert = page.locator(".rp-cert")
    assert cert.is_visible() and score in cert.inner_text()
    page.get_by_label("Your name, as it should appear on the certificate").fill("Dana Rivera")
    assert "Dana Rivera" in cert.locator(".rp-cert-name").inner_text()
    page.reload()  # the name is kept on this device
    assert "Dana Rivera" in page.locator(".rp-cert-name").inner_text()
    assert run_axe(page) == [], "axe finds nothing on the shown certificate"
    for paper in ("Letter", "A4"):
        pdf = page.pdf(format=paper, prefer_css_page_size=True, print_background=True)
        pages = read_pdf(pdf)
        assert len(pages) == 1, f"{paper}: the certificate printed on {len(pages)} pages"
        width, height, text = pages[0]
        text = " ".join(text.split())  # words, whatever the lines
        assert width > height, f"{paper}: not landscape ({width} x {height})"
        expected = {"Letter": (792, 612), "A4": (842, 595)}[paper]
        assert abs(width - expected[0]) < 2 and abs(height - expected[1]) < 2, (paper, width, height)
        code = page.locator("[data-cert=code]").inner_text()
        for words in ("Certificate of completion", "Dana Rivera", "Building Trust & Rapport", score,
                      "Supervisor's signature", "not accreditation", "hour", "Certificate code", code,
                      "Check a certificate"):
            assert words in text, f"{paper}: {words!r} is not on the printed certificate"
        assert "Print the certificate" not in text and "Clear my answers" not in text
    # "Clear my answers on every page" removes the pass, the score and the name.
    page.get_by_role("button", name="Clear my answers on every page").click()
    page.get_by_role("button", name="Yes, clear them").click()
    assert cert.is_hidden() and page.locator(".rp-cert-locked").is_visible()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rapport:'))") == []
    ctx.close()


def test_without_javascript_the_certificate_page_says_it_needs_it(browser, built_site):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto((built_site / "certificate.html").as_uri())
    assert "needs JavaScript" in page.locator(".rp-cert-nojs").inner_text()
    assert page.locator(".rp-cert").is_hidden()
    ctx.close()


@pytest.mark.browser
def test_the_certificate_is_dated_on_the_learners_own_day(browser, built_site):
    """A learner in Los Angeles who passes at 17:30 on 30 November gets 30 November, not UTC's 1 December."""
    ctx = browser.new_context(bypass_csp=True, timezone_id="America/Los_Angeles", locale="en-US")
    page = ctx.new_page()
    page.clock.install(time="2026-12-01T01:30:00Z")  # 17:30 on 30 November in Los Angeles
    page.goto((built_site / "final-check.html").as_uri())
    take_final_check(page)
    page.goto((built_site / "certificate.html").as_uri())
    assert page.locator("[data-cert=date]").inner_text() == "November 30, 2026"
    ctx.close()


def verify(page, built_site, name: str, date: str, right: int, total: int, code: str, version: str | None = None) -> str:
    page.goto((built_site / "facilitators" / "check-certificate.html").as_uri())
    page.get_by_label("Name, as printed on the certificate").fill(name)
    page.get_by_label("Date, as printed").fill(date)
    page.get_by_label("Questions right").fill(str(right))
    page.get_by_label("of", exact=True).fill(str(total))
    if version:
        page.get_by_label("Content version, as printed (year-month-day)").fill(version)
    page.get_by_label("Certificate code, as printed").fill(code)
    page.get_by_role("button", name="Check the code").click()
    result = page.locator(".rp-verify-result strong")
    result.wait_for()
    return result.inner_text()


@pytest.mark.browser
def test_a_supervisor_checks_a_certificates_code_offline(context, built_site):
    """The code comes from the course, version, name, date and score: the page of the site that
    checks it says it matches for the printed details, and not for any one of them changed."""
    page = context.new_page()
    page.clock.install(time="2026-11-20T15:00:00")
    page.goto((built_site / "final-check.html").as_uri())
    take_final_check(page, wrong=1)
    n = page.locator(".rq-final-item:not([hidden])").count()
    page.goto((built_site / "certificate.html").as_uri())
    assert page.locator("[data-cert=code]").inner_text() == "", "no code until the name is typed: it is part of it"
    page.get_by_label("Your name, as it should appear on the certificate").fill("Dana  Rivera")
    code = page.locator("[data-cert=code]").inner_text()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", code), code
    assert "matches" in verify(page, built_site, "dana rivera", "2026-11-20", n - 1, n, code)
    assert "matches" in verify(page, built_site, "Dana Rivera", "2026-11-20", n - 1, n, code.lower().replace("-", ""))
    for changed in (("Dana Riviera", "2026-11-20", n - 1, n), ("Dana Rivera", "2026-11-21", n - 1, n),
                    ("Dana Rivera", "2026-11-20", n, n)):
        assert "does not match" in verify(page, built_site, *changed, code)
    assert "does not match" in verify(page, built_site, "Dana Rivera", "2026-11-20", n - 1, n, code, version="2020-01-01")
    assert "Fill in every field" in verify(page, built_site, "Dana Rivera", "2026-11-20", n - 1, n, "ABC")
    assert run_axe(page) == []


def test_provider_fields_are_printed_and_checked_at_their_line(project):
    from conftest import build_fails
    from rapport.app import build_site

    config = project / "mkdocs.yml"
    (project / "docs" / "certificate.md").write_text("---\ntitle: Certificate\n---\n\n# Certificate\n\n<!-- certificate -->\n")
    config.write_text(config.read_text().replace("  - Pocket card: pocket-card.md",
                                                 "  - Pocket card: pocket-card.md\n  - Certificate: certificate.md")
                      .replace("extra:\n", "extra:\n  certificate:\n    provider: Riverside <Training>\n"
                               "    approval: PSR-2026-114\n    approved_by: State Board\n"))
    build_site(config, project / "site")
    html = (project / "site" / "certificate.html").read_text(encoding="utf-8")
    assert "Provider: Riverside &lt;Training&gt;. Approval number: PSR-2026-114. Approved by: State Board." in html
    lines = config.read_text().splitlines()
    config.write_text(config.read_text().replace("    provider: Riverside <Training>\n", "")
                      .replace("    approved_by: State Board\n", "    approved_by: [State, Board]\n"))
    lines = config.read_text().splitlines()
    message = build_fails(project)
    at = lines.index("    approval: PSR-2026-114") + 1
    assert f"mkdocs.yml:{at}:1: settings: extra.certificate.approval is set but extra.certificate.provider is not" in message
    at = lines.index("    approved_by: [State, Board]") + 1
    assert f"mkdocs.yml:{at}:1: settings: extra.certificate.approved_by must be text" in message


WORDS = ("ask the person what matters to them and write it in their own words before you plan "
         "the next step together with them at a pace they choose").split()


def objective(length: int, seed: int) -> str:
    """A line of plain words `length` characters long, ending with a full stop."""
    text, n = "", seed
    while len(text) < length:
        text += ("" if not text else ". " if n % 8 == 0 else " ") + WORDS[n % len(WORDS)]  # short sentences
        n += 1
    text = text[:length - 1].rstrip()
    return (text + "s" * (length - 1 - len(text)) + ".").capitalize()


def tips_of_length(project, total: int, tips: int = 7) -> None:
    """The tiny project with `tips` tips whose objectives come to `total` characters on the
    certificate (title, ": ", two objectives), and a certificate page."""
    from conftest import add_tip
    from rapport.model import load_site
    from rapport.model.site import entry_length

    source = (project / "docs" / "tips" / "first-tip.md").read_text()
    for n in range(1, tips):
        add_tip(project, f"tip-{n}", source.replace("title: Listen first", f"title: Listen first, part {n}")
                .replace("card: Listen first.", f"card: Listen first ({n})."))
    (project / "docs" / "certificate.md").write_text("---\ntitle: Certificate\n---\n\n# Certificate\n\n<!-- certificate -->\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Pocket card: pocket-card.md",
                                                 "  - Pocket card: pocket-card.md\n  - Certificate: certificate.md")
                      .replace("extra:\n", "extra:\n  certificate:\n    provider: Riverside Community Training Center\n"
                               "    approval: PSR-2026-114\n    approved_by: State Board of Behavioral Health\n"))
    pages = sorted((project / "docs" / "tips").glob("*.md"))
    left = total - sum(map(entry_length, load_site(config).objectives()))
    for n, path in enumerate(pages):
        text = path.read_text()
        lines = text.split("objectives:\n", 1)[1].split("frameworks:", 1)[0]
        old = sum(len(line.strip()[2:]) + 1 for line in lines.splitlines()) - 1  # "a. b." joined by a space
        share = old + left // len(pages) + (left % len(pages) if n == len(pages) - 1 else 0)
        first = share // 2
        path.write_text(text.replace(lines, f"  - {objective(first, n)}\n  - {objective(share - first - 1, n + 3)}\n"))
    assert sum(map(entry_length, load_site(config).objectives())) == total


def entries_at_limit(tips: int, layout: str) -> list[dict]:
    """`tips` entries of one length, the longest that the certificate still sets in `layout`."""
    from rapport.model.site import certificate_layout

    def entries(length: int) -> list[dict]:
        out = []
        for n in range(tips):
            title = f"Listen first, part {n}" if n else "Listen first"
            out.append({"title": title, "text": objective(length - len(title) - 2, n)})
        return out

    length = 40
    while certificate_layout(entries(length)) != layout:  # the first length set in this layout
        length += 1
    while certificate_layout(entries(length + 1)) == layout:  # ... and the last
        length += 1
    assert certificate_layout(entries(length)) == layout
    return entries(length)


@pytest.mark.browser
@pytest.mark.parametrize("tips, layout", [(16, "normal"), (7, "normal"), (3, "normal"),
                                          (16, "dense"), (10, "dense"), (7, "dense"), (4, "dense")])
def test_the_most_objectives_each_layout_takes_print_on_one_landscape_page(browser, built_site, tips, layout):
    """Objectives at the limit of each layout, many short ones or a few long ones, on the real
    certificate with the longest name the form takes (80 wide letters), a long date and code
    and a provider's line: one page in Letter and in A4."""
    page = browser.new_page()
    page.goto((built_site / "certificate.html").as_uri())
    page.evaluate("""([entries, dense]) => {
        const cert = document.querySelector('.rp-cert'); cert.hidden = false; cert.classList.toggle('rp-cert--dense', dense);
        const list = cert.querySelector('.rp-cert-objectives ul'); list.replaceChildren();
        for (const e of entries) { const li = document.createElement('li'), b = document.createElement('strong');
          b.textContent = e.title + ':'; li.append(b, ' ' + e.text); list.append(li); }
        const provider = document.createElement('p'); provider.className = 'rp-cert-provider';
        provider.textContent = 'Provider: Riverside Community Training Center. Approval number: PSR-2026-114. Approved by: State Board of Behavioral Health.';
        cert.querySelector('.rp-cert-objectives').before(provider);
        document.querySelector('[data-cert=name]').textContent = 'W'.repeat(40) + ' ' + 'W'.repeat(39);
        document.querySelector('[data-cert=date]').textContent = 'September 30, 2026';
        document.querySelector('[data-cert=code]').textContent = 'WWWW-WWWW-WWWW'; }""",
                  [entries_at_limit(tips, layout), layout == "dense"])
    for paper in ("Letter", "A4"):
        pages = read_pdf(page.pdf(format=paper, prefer_css_page_size=True, print_background=True))
        assert len(pages) == 1, f"{paper}: {len(pages)} pages"
        assert "Supervisor's signature" in pages[0][2] and "Riverside Community" in pages[0][2]
    page.close()


def test_objectives_no_layout_can_print_stop_the_build_at_the_longest_tip(tmp_path):
    from conftest import build_fails, copy_project
    from rapport.model import load_site
    from rapport.model.site import certificate_layout

    over = copy_project(tmp_path / "over")
    tips_of_length(over, 2100)
    assert certificate_layout(load_site(over / "mkdocs.yml").objectives()) is None
    message = build_fails(over)
    assert re.search(r"docs/tips/[a-z0-9-]+\.md:6:1: objectives: the certificate of the course lists every tip's "
                     r"objectives \(7 tips, 2100 characters\): \d+% of what one landscape page holds", message), message
