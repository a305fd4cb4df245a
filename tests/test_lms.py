"""The SCORM 1.2 package (issue 15, part 4): its manifest, what it leaves out, and the course
played in a real SCORM 1.2 runtime (npm scorm-again) in Chromium on a loopback server."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import xml.etree.ElementTree as ET
import re
import zipfile

import pytest

from conftest import ROOT, serve, take_final_check
from rapport.adapter.lms_edition import edition_nav
from rapport.markdown.directives import edition_markdown
from rapport.outputs.lms import PACKAGE_NAME, package_name
from rapport.model import load_site
from rapport.markdown.teaching import pass_mark

ES_PACKAGE = package_name(lang="es")  # the Spanish edition's own file name
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"


@pytest.fixture(scope="module")
def package(built_site) -> zipfile.ZipFile:
    with zipfile.ZipFile(built_site / PACKAGE_NAME) as zf:
        yield zf


def test_the_manifest_has_one_sco_whose_resource_lists_every_file(package, root):
    names = package.namelist()
    assert names[0] == "imsmanifest.xml", "the manifest is at the package's root"
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    assert manifest.find("cp:metadata/cp:schemaversion", NS).text == "1.2"
    items = manifest.findall(".//cp:organization/cp:item", NS)
    resources = manifest.findall("cp:resources/cp:resource", NS)
    assert len(items) == 1 and len(resources) == 1
    sco = resources[0]
    assert sco.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and items[0].get("identifierref") == sco.get("identifier")
    mastery = items[0].find("adlcp:masteryscore", NS).text
    assert int(mastery) == pass_mark(load_site(root / "mkdocs.yml")) == 80
    launch = sco.get("href")
    assert launch in names
    listed = {urllib.parse.unquote(f.get("href")) for f in sco.findall("cp:file", NS)}
    assert listed == set(names) - {"imsmanifest.xml"}, "every file of the package is under its resource"


def test_the_three_schema_files_the_manifest_names_are_at_the_root(package, root):
    """ADL's schema files, from npm's node-scorm-packager, byte for byte as the checksums say."""
    import hashlib

    from rapport.outputs.lms import SCHEMAS

    manifest = package.read("imsmanifest.xml").decode()
    located = re.search(r'xsi:schemaLocation="([^"]+)"', manifest).group(1).split()[1::2]
    assert sorted(located) == ["adlcp_rootv1p2.xsd", "imscp_rootv1p1p2.xsd"]
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"):
        data = package.read(name)  # at the root: no folder in front of the name
        assert hashlib.sha256(data).hexdigest() == SCHEMAS[name] and b"<xsd:schema" in data[:600], name


def test_the_package_leaves_out_what_only_the_website_needs(package):
    names = set(package.namelist())
    for gone in ("sw.js", "hosting.html", "authors.html", "building-trust-rapport.zip",
                 "assets/rapport/offline.js", "deploy/headers.conf", "404.html", "sitemap.xml", "sitemap.xml.gz",
                 "facilitators/knowledge-check.html", "facilitators/index.html"):
        assert gone not in names, f"{gone} is in the LMS package"
    assert not [n for n in names if n.startswith("facilitators/")], "no page for trainers (answer keys) in the package"
    pages = [n for n in names if n.endswith(".html")]
    for name in pages:
        text = package.read(name).decode()
        assert "building-trust-rapport.zip" not in text and "sw.js" not in text, name
        assert "hosting.html" not in text and "authors.html" not in text, f"{name} links a page left out"
        if name != "launch.html":
            assert 'http-equiv="Content-Security-Policy"' in text, f"{name} has no policy"
    assert "pocket-card.pdf" in names, "the print files the learner's pages link to"
    assert "handbook-letter.pdf" not in names, "the facilitators' handbook holds the answer keys"


def test_the_edition_drops_left_out_pages_and_emptied_sections():
    nav = [{"Home": "index.md"}, {"Tips": ["tips/a.md"]},
           {"About this site": [{"Hosting": "hosting.md"}, {"For authors": "authors.md"}]}]
    assert edition_nav(nav, {"hosting.md", "authors.md"}) == [{"Home": "index.md"}, {"Tips": ["tips/a.md"]}]
    assert edition_nav(nav, {"authors.md"})[2] == {"About this site": [{"Hosting": "hosting.md"}]}
    text = 'Intro\n<p class="x" data-online-only><a href="a.zip">Zip</a></p>\nEnd\n'
    assert edition_markdown(text) == "Intro\nEnd\n"


def test_leave_out_is_checked_at_its_line(project):
    from rapport.checks import check_site

    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "\nnav:", "\n  lms:\n    leave_out:\n      - nowhere.md\n      - tips/first-tip.md\nnav:"))
    lines = config.read_text().splitlines()
    found = [f for f in check_site(load_site(config)) if f.path == "mkdocs.yml" and "leave_out" in f.message]
    assert [(f.line, f.severity) for f in found] == [(lines.index("      - nowhere.md") + 1, "error"),
                                                     (lines.index("      - tips/first-tip.md") + 1, "error")]
    assert "does not exist" in found[0].message and "learners need" in found[1].message


# --------------------------------------------------------------------------- in a SCORM runtime

HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script>
  window.calls = {LMSInitialize: 0, LMSFinish: 0};
  window.API = new Scorm12API({logLevel: 5, autocommit: false});
  var seed = location.hash.length > 1 ? JSON.parse(decodeURIComponent(location.hash.slice(1))) : null;
  if (seed) window.API.loadFromJSON(seed);
  ["LMSInitialize", "LMSFinish"].forEach(function (name) {
    var real = window.API[name].bind(window.API);
    window.API[name] = function (arg) { window.calls[name] += 1; return real(arg); };
  });
  // A test can make the LMS refuse the next commits (an expired login), and count them.
  window.commits = 0; window.refuse = 0; window.saved = null;
  var forced = null;
  var realCommit = window.API.LMSCommit.bind(window.API);
  window.API.LMSCommit = function (arg) {
    window.commits += 1;
    if (window.refuse > 0) { window.refuse -= 1; forced = "301"; return "false"; }
    forced = null;
    var ok = realCommit(arg);
    window.saved = JSON.parse(JSON.stringify(window.API.cmi));  // what the LMS holds
    return ok;
  };
  var realError = window.API.LMSGetLastError.bind(window.API);
  window.API.LMSGetLastError = function () { return forced !== null ? forced : realError(); };
</script></head>
<body><iframe id="sco" title="Course" src="course/launch.html" style="width:100%;height:850px;border:0"></iframe></body></html>
"""


@pytest.fixture(scope="module")
def lms(built_site, tmp_path_factory):
    """A loopback 'LMS': the host page with scorm-again's SCORM 1.2 API, the package unzipped under course/."""
    assert RUNTIME.is_file(), "scorm-again is installed by `make` (npm ci)"
    folder = tmp_path_factory.mktemp("lms")
    shutil.copy(RUNTIME, folder / "scorm12.js")
    (folder / "host.html").write_text(HOST, encoding="utf-8")
    with zipfile.ZipFile(built_site / PACKAGE_NAME) as zf:
        zf.extractall(folder / "course")
    with serve(folder) as base:
        yield base


class Launch:
    """One launch of the package in the test LMS."""

    def __init__(self, browser, base: str, seed: dict | None = None):
        self.ctx = browser.new_context(viewport={"width": 1200, "height": 900})  # the pages' own policy applies
        self.page = self.ctx.new_page()
        self.outside: list[str] = []
        self.refused: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
                     else self.outside.append(r.url))
        self.page.on("console", lambda m: self.refused.append(m.text) if "Content Security Policy" in m.text else None)
        self.base = base
        hash_ = "#" + urllib.parse.quote(json.dumps(seed)) if seed else ""
        self.page.goto(f"{base}host.html{hash_}")
        self.course().wait_for_load_state()

    def course(self):
        """The frame showing the course's pages (inside the launch page's frame)."""
        self.page.wait_for_function("() => { const l = document.getElementById('sco').contentDocument;"
                                    " const c = l && l.getElementById('lms-course');"
                                    " return c && c.contentDocument && c.contentDocument.readyState === 'complete'"
                                    " && c.contentDocument.querySelector('.md-content'); }")
        return next(f for f in self.page.frames if "/course/" in f.url and not f.url.endswith("launch.html"))

    def open(self, rel: str):
        frame = self.course()
        frame.goto(f"{self.base}course/{rel}")
        frame.wait_for_load_state()
        return self.course()

    def cmi(self, name: str):
        return self.page.evaluate(f"String(window.API.LMSGetValue({name!r}))")

    def calls(self) -> dict:
        return self.page.evaluate("window.calls")

    def leave(self) -> dict:
        """The learner leaves: the LMS closes the course's frame. Returns what the LMS kept."""
        self.page.evaluate("document.getElementById('sco').src = 'about:blank'")
        self.page.wait_for_function("window.calls.LMSFinish > 0")
        kept = self.page.evaluate("JSON.parse(JSON.stringify(window.API.cmi))")
        assert self.outside == [], f"requests left the LMS: {self.outside}"
        assert self.refused == [], f"the policy refused something: {self.refused}"
        return kept

    def close(self):
        self.ctx.close()


@pytest.mark.browser
def test_a_passed_final_check_reports_passed_and_the_score(browser, lms):
    launch = Launch(browser, lms)
    assert launch.cmi("cmi.core.lesson_status") == "incomplete"
    status = launch.page.frame_locator("#sco").locator("#lms-status")
    assert "saved to your learning system" in status.inner_text()
    frame = launch.open("final-check.html")
    assert "Passed." in take_final_check(frame)
    assert launch.cmi("cmi.core.lesson_status") == "passed"
    assert (launch.cmi("cmi.core.score.raw"), launch.cmi("cmi.core.score.min"), launch.cmi("cmi.core.score.max")) == \
        ("100", "0", "100")
    kept = launch.leave()
    assert launch.calls() == {"LMSInitialize": 1, "LMSFinish": 1}
    assert kept["core"]["lesson_status"] == "passed" and kept["core"]["exit"] == "suspend"
    launch.close()


@pytest.mark.browser
def test_a_failed_final_check_reports_failed(browser, lms):
    launch = Launch(browser, lms)
    frame = launch.open("final-check.html")
    n = frame.locator(".rq-final-item:not([hidden])").count()
    assert "Not passed yet." in take_final_check(frame, wrong=4)
    assert launch.cmi("cmi.core.lesson_status") == "failed"
    assert launch.cmi("cmi.core.score.raw") == str(round(100 * (n - 4) / n))
    launch.leave()
    assert launch.calls() == {"LMSInitialize": 1, "LMSFinish": 1}
    launch.close()


@pytest.mark.browser
def test_stopping_half_way_is_incomplete_and_a_new_launch_restores_the_answers(browser, lms):
    launch = Launch(browser, lms)
    frame = launch.open("tips/be-curious.html")
    question = frame.locator(".rq-question").first
    qid = question.get_attribute("id")
    right = [li.get_attribute("data-option") for li in question.locator(".rq-key-item.rq-right").all()]
    for option in right:
        question.locator(f"#{qid}-{option}").check()
    keys = [question.locator(f"#{qid}-{option}").get_attribute("data-key") for option in right]
    question_key = question.get_attribute("data-key")
    question.locator(".rq-check").click()
    frame.locator(".rq-feedback", has_text="Correct").first.wait_for()
    scenario = frame.locator(".rq-scenario textarea")
    if scenario.count():
        scenario.first.fill("A private draft")
    kept = launch.leave()
    assert launch.calls() == {"LMSInitialize": 1, "LMSFinish": 1}
    assert kept["core"]["lesson_status"] == "incomplete" and kept["core"]["exit"] == "suspend"
    suspend = kept["suspend_data"]
    assert len(suspend) <= 4096 and "A private draft" not in suspend
    data = json.loads(suspend)
    # Kept by meaning in cmi.suspend_data too: the question's key and each right option's key.
    assert data["a"]["tips/be-curious.html"][question_key] == keys
    assert kept["core"]["lesson_location"] == "tips/be-curious.html"
    launch.close()

    # A new launch, as an LMS resumes an attempt: the answer is back, on the page left last.
    again = Launch(browser, lms, seed={"core": {"lesson_status": "incomplete", "entry": "resume",
                                                "lesson_location": kept["core"]["lesson_location"]},
                                       "suspend_data": suspend})
    frame = again.course()
    assert frame.url.endswith("tips/be-curious.html")
    question = frame.locator(f"#{qid}")
    assert all(question.locator(f"#{qid}-{o}").is_checked() for o in right)
    assert "Correct" in question.locator(".rq-feedback").inner_text()
    # The home page shows the tip as done or in progress from what the LMS kept.
    frame = again.open("index.html")
    badge = frame.locator(".rp-tip-list li", has_text="Be curious").locator(".rp-progress")
    assert badge.inner_text().strip() in ("◐ In progress", "✓ Done: every question answered right")
    # Words about "this device" give way to words about the LMS.
    assert frame.locator("[data-lms-text]").first.inner_text() == "Your answers are saved in your learning system."
    again.leave()
    assert again.calls() == {"LMSInitialize": 1, "LMSFinish": 1}
    again.close()


@pytest.mark.browser
def test_every_answer_on_every_page_fits_in_suspend_data(browser, lms, built_site):
    from a11y_support import answer_everything

    launch = Launch(browser, lms)
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                   if 'class="rq-question' in p.read_text(encoding="utf-8") and p.name not in ("final-check.html",))
    for rel in pages:
        answer_everything(launch.open(rel))
    kept = launch.leave()
    data = json.loads(kept["suspend_data"])
    assert len(kept["suspend_data"]) <= 4096
    assert set(data["a"]) == set(pages) - {"hosting.html", "authors.html"}, "every page's answers are kept"
    launch.close()


@pytest.mark.browser
def test_without_an_lms_the_package_keeps_answers_in_the_browser(browser, lms):
    from a11y_support import run_axe

    ctx = browser.new_context(bypass_csp=True)  # for axe's injected script
    page = ctx.new_page()
    page.goto(f"{lms}course/launch.html")
    assert "No learning system was found" in page.locator("#lms-status").inner_text()
    frame = page.frame_locator("#lms-course")
    frame.locator(".md-content").wait_for()
    assert page.evaluate("typeof window.RapportLMS") == "undefined"
    assert "on this device" in frame.locator("[data-lms-text]").first.inner_text()
    assert run_axe(page) == [], "axe finds nothing on the launch page"
    ctx.close()


def test_a_link_to_a_page_left_out_of_the_package_fails_the_build_at_its_line(project):
    from conftest import build_fails

    (project / "docs" / "staff.md").write_text("---\ntitle: Staff\nsummary: For the staff who run the site.\n---\n\n"
                                               "# Staff\n\nNotes for the staff.\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nnav:", "\n  lms:\n    leave_out:\n      - staff.md\nnav:")
                      + "  - Staff: staff.md\n")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee the [staff notes](staff.md).\n")
    line = len(index.read_text().splitlines())
    message = build_fails(project)
    assert f"docs/index.md:{line}:" in message and "lms-link" in message and "staff.md" in message


# --------------------------------------------------------------------------- truthful reporting (issue 25, part 3)


def status_text(launch) -> str:
    return launch.page.frame_locator("#sco").locator("#lms-status").inner_text()


def pass_with_the_save_refused(browser, lms) -> "Launch":
    """A launch whose learner passes the final check while the LMS refuses that commit."""
    launch = Launch(browser, lms)
    frame = launch.open("final-check.html")
    launch.page.evaluate("window.refuse = 1")
    assert "Passed." in take_final_check(frame)
    launch.page.wait_for_function("window.commits > 0 && window.refuse === 0")
    return launch


@pytest.mark.browser
def test_a_refused_commit_is_never_called_saved_and_is_sent_again(browser, lms):
    launch = pass_with_the_save_refused(browser, lms)
    said = status_text(launch)
    assert "did not take the last save" in said and "Saved to your learning system" not in said, said
    assert (launch.page.evaluate("window.saved && window.saved.core.lesson_status") or "") != "passed"
    # The next step sends everything again: now the LMS holds the pass, and the page says so.
    launch.open("index.html")
    launch.page.wait_for_function("window.saved && window.saved.core.lesson_status === 'passed'")
    assert "Final check: passed (100%). Saved to your learning system." in status_text(launch)
    launch.leave()
    launch.close()


@pytest.mark.browser
def test_a_refused_commit_is_sent_again_when_the_learner_leaves(browser, lms):
    launch = pass_with_the_save_refused(browser, lms)
    kept = launch.leave()
    assert launch.page.evaluate("window.saved.core.lesson_status") == "passed"
    assert kept["core"]["score"]["raw"] == "100"
    launch.close()


@pytest.mark.browser
def test_one_commit_per_learner_action_and_none_while_a_page_restores(browser, lms):
    launch = Launch(browser, lms)
    frame = launch.open("tips/be-curious.html")
    before = launch.page.evaluate("window.commits")
    question = frame.locator(".rq-question").first
    question.locator("input.rq-input").first.check()
    question.locator(".rq-check").click()
    question.locator(".rq-feedback .rq-result").wait_for()
    launch.page.wait_for_timeout(200)  # a second commit would come at once: none does
    assert launch.page.evaluate("window.commits") - before == 1, "Check answer: one commit"
    frame = launch.open("final-check.html")
    before = launch.page.evaluate("window.commits")
    take_final_check(frame)
    launch.page.wait_for_timeout(200)
    assert launch.page.evaluate("window.commits") - before == 1, "Score my check: one commit"
    before = launch.page.evaluate("window.commits")
    launch.open("tips/be-curious.html")  # a page with a saved answer: only the place is sent
    frame = launch.course()
    frame.locator(".rq-question .rq-feedback .rq-result").first.wait_for()
    launch.page.wait_for_timeout(200)
    assert launch.page.evaluate("window.commits") - before == 1, "opening a page: its place only"
    launch.leave()
    launch.close()


@pytest.mark.browser
@pytest.mark.parametrize("seed", [{"core": {"lesson_mode": "review", "lesson_status": "failed"}},
                                  {"core": {"lesson_mode": "browse", "lesson_status": "browsed"}},
                                  {"core": {"credit": "no-credit", "lesson_status": "failed"}}])
def test_an_attempt_that_is_not_recorded_says_so_and_claims_nothing(browser, lms, seed):
    launch = Launch(browser, lms, seed=seed)
    assert "opened for review: nothing you do now is recorded" in status_text(launch)
    frame = launch.open("final-check.html")
    assert "Passed." in take_final_check(frame)
    launch.page.wait_for_timeout(200)
    said = status_text(launch)
    assert "Saved to your learning system" not in said and "nothing you do now is recorded" in said
    assert launch.cmi("cmi.core.lesson_status") == seed["core"]["lesson_status"]
    notice = frame.locator(".rq-storage p[data-lms-text]").first.inner_text()
    assert "not recorded" in notice, notice
    launch.close()


@pytest.mark.browser
def test_clearing_on_the_device_says_what_goes_and_never_changes_the_lms_result(browser, lms):
    launch = Launch(browser, lms)
    frame = launch.open("final-check.html")
    assert "Passed." in take_final_check(frame)
    launch.page.wait_for_function("window.saved && window.saved.core.lesson_status === 'passed'")
    frame.get_by_role("button", name="Clear my answers on every page").click()
    said = frame.locator(".rq-confirm-text").inner_text()
    assert "final check's result" in said and "certificate" in said and "keeps its own record" in said, said
    frame.get_by_role("button", name="Yes, clear them").click()
    launch.page.wait_for_timeout(200)
    assert launch.cmi("cmi.core.lesson_status") == "passed" and launch.cmi("cmi.core.score.raw") == "100"
    launch.close()


@pytest.mark.browser
def test_each_final_item_and_objective_reaches_the_lms_a_fail_then_a_pass(browser, lms):
    """What a training lead asks for: which items and objectives people miss. A failed attempt,
    then a pass on retake: one cmi.interactions entry per item per attempt, within SCORM 1.2's
    types and lengths, and one cmi.objectives entry per tip, its status from the last attempt."""
    import re

    launch = Launch(browser, lms)
    frame = launch.open("final-check.html")
    n = frame.locator(".rq-final-item:not([hidden])").count()
    assert n == len(set(frame.locator(".rq-final-item").evaluate_all("els => els.map(e => e.dataset.objective)")))
    wrong = n // 5 + 1  # one more than 80% allows
    assert "Not passed yet." in take_final_check(frame, wrong=wrong)
    launch.page.wait_for_function("window.saved && window.saved.core.lesson_status === 'failed'")
    first = launch.page.evaluate("JSON.parse(JSON.stringify(window.saved))")
    frame.get_by_role("button", name="Retake the check").click()
    assert "Passed." in take_final_check(frame)
    launch.page.wait_for_function("window.saved && window.saved.core.lesson_status === 'passed'")
    record = launch.page.evaluate("JSON.parse(JSON.stringify(window.saved))")
    listed = lambda d: [d[k] for k in sorted(d, key=int)] if isinstance(d, dict) else list(d)  # noqa: E731
    interactions = listed(record["interactions"])
    assert len(listed(first["interactions"])) == n and len(interactions) == 2 * n
    asked = [i["id"] for i in interactions]
    assert not set(asked[:n]) & set(asked[n:]), "the retake asks another item for every objective"
    for item in interactions:
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,255}", item["id"]), item
        assert item["type"] == "choice" and item["result"] in ("correct", "wrong")
        assert re.fullmatch(r"[a-z](,[a-z])*", item["student_response"]), item
        assert re.fullmatch(r"[a-z](,[a-z])*", listed(item["correct_responses"])[0]["pattern"]), item
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", item["time"]) and re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", item["latency"])
        assert listed(item["objectives"])[0]["id"] in {o["id"] for o in listed(record["objectives"])}
    assert [i["result"] for i in interactions[:n]].count("wrong") == wrong
    assert all(i["result"] == "correct" for i in interactions[n:])
    objectives = listed(record["objectives"])
    assert len(objectives) == n and all(o["status"] == "passed" and o["score"]["raw"] == "100" for o in objectives)
    failed_before = [o for o in listed(first["objectives"]) if o["status"] == "failed"]
    assert len(failed_before) == wrong
    print(json.dumps({"fail": {"core": {k: first["core"][k] for k in ("lesson_status",)}, "score": first["core"]["score"],
                               "interactions": listed(first["interactions"])[:4], "objectives": failed_before},
                      "pass": {"core": {"lesson_status": record["core"]["lesson_status"]}, "score": record["core"]["score"],
                               "objectives": objectives[:2]}}, indent=1))
    launch.leave()
    launch.close()


@pytest.fixture(scope="module")
def lms_es(built_site, tmp_path_factory):
    """The test LMS with the Spanish edition's package (site/es/)."""
    folder = tmp_path_factory.mktemp("lms-es")
    shutil.copy(RUNTIME, folder / "scorm12.js")
    (folder / "host.html").write_text(HOST, encoding="utf-8")
    with zipfile.ZipFile(built_site / "es" / ES_PACKAGE) as zf:
        zf.extractall(folder / "course")
    with serve(folder) as base:
        yield base


def test_the_spanish_package_has_its_own_manifest_and_only_spanish_pages(built_site):
    with zipfile.ZipFile(built_site / "es" / ES_PACKAGE) as zf:
        names = zf.namelist()
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        launch = zf.read("launch.html").decode()
        pages = {n: zf.read(n).decode() for n in names if n.endswith(".html")}
    assert names[0] == "imsmanifest.xml" and manifest.get("identifier") == "building-trust-rapport-es"
    assert manifest.find(".//cp:organization/cp:title", NS).text == "Construir confianza y buena relación"
    assert '<html lang="es"' in launch and "Read in English" not in launch
    assert all('<html lang="es"' in text for name, text in pages.items() if name != "launch.html"), "Spanish pages only"
    assert not [n for n in names if n.startswith(("facilitators/", "es/"))] and "404.html" not in names
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"):
        assert name in names


@pytest.mark.browser
def test_the_spanish_package_plays_and_reports_in_scorm_again(browser, lms_es):
    launch = Launch(browser, lms_es)
    status = launch.page.frame_locator("#sco").locator("#lms-status")
    assert "sistema de aprendizaje" in status.inner_text()
    frame = launch.open("final-check.html")
    assert "Aprobado." in take_final_check(frame, button="Calificar mi prueba")
    assert launch.cmi("cmi.core.lesson_status") == "passed" and launch.cmi("cmi.core.score.raw") == "100"
    assert launch.cmi("cmi.interactions._count") == str(frame.locator(".rq-final-item:not([hidden])").count())
    launch.leave()
    launch.close()


@pytest.mark.browser
def test_a_failed_retake_after_a_pass_leaves_the_objectives_of_the_pass(browser, lms):
    """The lesson stays passed with the pass's score; its objectives stay those of the pass too.
    Each interaction's latency is the time to that item's first answer, not the whole attempt's."""
    launch = Launch(browser, lms)
    frame = launch.open("final-check.html")
    frame.locator(".rq-final-item:not([hidden]) input.rq-input").first.wait_for()
    assert "Passed." in take_final_check(frame)
    launch.page.wait_for_function("window.saved && window.saved.core.lesson_status === 'passed'")
    frame.get_by_role("button", name="Retake the check").click()
    assert "Not passed yet." in take_final_check(frame, wrong=5)
    launch.page.wait_for_function("window.saved && Object.keys(window.saved.interactions || {}).length >= 2 * "
                                  f"{frame.locator('.rq-final-item:not([hidden])').count()}")
    record = launch.page.evaluate("JSON.parse(JSON.stringify(window.saved))")
    listed = lambda d: [d[k] for k in sorted(d, key=int)] if isinstance(d, dict) else list(d)  # noqa: E731
    assert record["core"]["lesson_status"] == "passed" and record["core"]["score"]["raw"] == "100"
    assert all(o["status"] == "passed" for o in listed(record["objectives"])), "the objectives of the pass"
    assert [i["result"] for i in listed(record["interactions"])].count("wrong") == 5, "the retake is in the journal"
    launch.leave()
    launch.close()


def fill_evaluation(frame) -> None:
    """Agree with the first statement, strongly agree with the second, and answer the first question."""
    form = frame.locator(".rp-eval")
    form.locator(".rp-eval-item[data-id=s1] input[value='4']").check()
    form.locator(".rp-eval-item[data-id=s2] input[value='5']").check()
    form.locator("#rp-eval-q1").fill("Ask about good days first;\nthen the form.")
    form.locator(".rp-eval-save").click()


@pytest.mark.browser
def test_the_evaluation_reaches_the_lms_as_likert_and_fill_in_interactions(browser, lms):
    launch = Launch(browser, lms)
    frame = launch.open("evaluation.html")
    assert frame.locator(".rp-eval-save").inner_text() == "Send my answers"
    fill_evaluation(frame)
    status = frame.locator(".rp-eval-status")
    status.filter(has_text="Sent to your learning record").wait_for()
    record = launch.page.evaluate("JSON.parse(JSON.stringify(window.saved))")
    listed = lambda d: [d[k] for k in sorted(d, key=int)] if isinstance(d, dict) else list(d)  # noqa: E731
    sent = {i["id"]: i for i in listed(record["interactions"])}
    assert set(sent) == {"evaluation-s1", "evaluation-s2", "evaluation-q1"}
    assert (sent["evaluation-s1"]["type"], sent["evaluation-s1"]["student_response"]) == ("likert", "4")
    assert sent["evaluation-s2"]["student_response"] == "5" and sent["evaluation-s2"]["result"] == "neutral"
    assert sent["evaluation-q1"]["type"] == "fill-in"
    assert sent["evaluation-q1"]["student_response"] == "Ask about good days first; then the form."
    assert record["core"]["lesson_status"] == "incomplete"  # a reaction is not a score
    kept = launch.leave()
    launch.close()
    # A new launch says it was sent, and on which day; nothing is sent again.
    again = Launch(browser, lms, seed={"suspend_data": kept["suspend_data"]})
    frame = again.open("evaluation.html")
    assert "Sent to your learning record on" in frame.locator(".rp-eval-status").inner_text()
    assert again.cmi("cmi.interactions._count") in ("", "0")
    again.close()


@pytest.mark.browser
def test_a_refused_evaluation_is_never_called_sent(browser, lms):
    launch = Launch(browser, lms)
    frame = launch.open("evaluation.html")
    launch.page.evaluate("window.refuse = 1")
    fill_evaluation(frame)
    frame.locator(".rp-eval-status").filter(has_text="did not take your answers").wait_for()
    assert "Sent to" not in frame.locator(".rp-eval-status").inner_text()
    launch.page.evaluate("window.refuse = 5")  # and back on the page later, while the LMS still refuses
    launch.open("index.html")
    frame = launch.open("evaluation.html")
    frame.locator(".rp-eval-save").wait_for()
    assert "Sent to" not in frame.locator(".rp-eval-status").inner_text()
    launch.page.evaluate("window.refuse = 0")
    launch.leave()  # sent again as the learner leaves
    sent = launch.page.evaluate("JSON.parse(JSON.stringify(window.saved.interactions))")
    assert len(sent) == 3
    launch.close()


@pytest.mark.browser
def test_a_doctored_evaluation_record_is_skipped_not_fatal(browser, lms):
    """Values the page hands the launch page are untrusted: one that is not text is left out,
    and the rest still reaches the LMS."""
    launch = Launch(browser, lms)
    frame = launch.open("evaluation.html")
    frame.evaluate("""() => window.parent.RapportLMS.storage.setItem('rapport:evaluation', JSON.stringify({saved: '2026-12-01',
        answers: {s1: {toString: 1}, s2: '9', q1: 'fine'}, types: {s1: 'likert', s2: 'likert', q1: 'fill-in'}}))""")
    launch.page.wait_for_function("window.saved && Object.keys(window.saved.interactions).length > 0")
    sent = launch.page.evaluate("JSON.parse(JSON.stringify(window.saved.interactions))")
    assert [i["id"] for i in (sent.values() if isinstance(sent, dict) else sent)] == ["evaluation-q1"]
    launch.close()


@pytest.mark.browser
def test_an_evaluation_in_review_mode_is_not_recorded(browser, lms):
    launch = Launch(browser, lms, seed={"core": {"lesson_mode": "review", "lesson_status": "passed"}})
    frame = launch.open("evaluation.html")
    fill_evaluation(frame)
    frame.locator(".rp-eval-status").filter(has_text="not recorded").wait_for()
    launch.page.wait_for_timeout(200)  # a send would come at once: none does
    assert launch.cmi("cmi.interactions._count") in ("", "0")
    launch.close()
