"""Issue 17: hosting that intranet IT can adopt as is. Real nginx and Apache from Debian on
loopback, each with the files the build wrote for its sub-path (`make site BASE=`), changed
only at their SET marks; an update with rsync --delete; the https example; IIS's web.config."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import BASE, ROOT, Watch, free_port, search_finds, site_pages, styles_loaded
from rapport.model.context import BaseError, check_base
from rapport.outputs import hosting
from servers import get, run_apache, run_nginx

SERVERS = ["nginx", "apache", "htaccess"]


def serve(kind: str, built: Path):
    return run_nginx(built) if kind == "nginx" else run_apache(built, BASE, mode="vhost" if kind == "apache" else kind)


@pytest.fixture(scope="module", params=SERVERS)
def server(request, built_site):
    """(kind, the site's address under BASE, the served folder), one server at a time."""
    with serve(request.param, built_site) as (origin, served):
        yield request.param, origin + BASE, served


# --------------------------------------------------------------------------- the build's side


def test_only_404_links_from_the_root_and_it_links_under_the_sub_path(built_site):
    for rel in site_pages(built_site):
        html = (built_site / rel).read_text(encoding="utf-8")
        assert 'href="/' not in html and 'src="/' not in html, f"{rel} links from the server's root"
    not_found = (built_site / "404.html").read_text(encoding="utf-8")
    assert f'href="{BASE}assets/stylesheets/' in not_found and f'href="{BASE}index.html"' in not_found
    assert '"/assets/' not in not_found and 'href="/index.html"' not in not_found


def test_the_sub_path_is_written_into_every_server_file(built_site):
    assert f"error_page 404 {BASE}404.html;" in (built_site / "deploy/nginx.conf").read_text()
    assert f"location = {BASE[:-1]} {{" in (built_site / "deploy/nginx.conf").read_text()
    assert f'Alias "{BASE}"' in (built_site / "deploy/apache.conf").read_text()
    assert f"ErrorDocument 404 {BASE}404.html" in (built_site / ".htaccess").read_text()
    policy = (built_site / "deploy/csp.txt").read_text().strip()
    for rel in ("deploy/headers.conf", "deploy/apache-headers.conf", ".htaccess"):
        assert policy in (built_site / rel).read_text(), f"{rel} carries this build's policy"


@pytest.mark.parametrize("bad", ["training", "/training", "training/", "/a b/", "/x/../", '/x"/'])
def test_a_bad_sub_path_is_one_clear_message(bad):
    with pytest.raises(BaseError) as info:
        check_base(bad)
    assert f"BASE={bad!r}" in str(info.value) and "for example BASE=/training/" in str(info.value)


def test_make_site_with_a_bad_base_stops_before_building(tmp_path, capsys):
    from rapport.cli import main

    code = main(["build", "--config", str(ROOT / "mkdocs.yml"), "--out", str(tmp_path / "site"), "--base", "training"])
    said = capsys.readouterr()
    assert code != 0 and "BASE='training'" in said.err and "Traceback" not in said.err
    assert not (tmp_path / "site").exists()


def test_web_config_for_iis_is_well_formed_with_the_same_rules(built_site):
    root = ET.parse(built_site / "web.config").getroot()
    headers = {e.get("name"): e.get("value") for e in root.iter("add") if e.get("name")}
    assert headers["Content-Security-Policy"] == (built_site / "deploy/csp.txt").read_text().strip()
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert root.find(".//directoryBrowse").get("enabled") == "false"
    assert root.find(".//httpErrors/error").get("path") == BASE + "404.html"
    spanish = next(loc for loc in root.iter("location") if loc.get("path") == "es")
    assert spanish.find(".//httpErrors/error").get("path") == BASE + "es/404.html"
    assert {e.get("segment") for e in root.iter("add") if e.get("segment")} >= {"deploy", ".git"}
    assert root.find(".//mimeMap").get("mimeType") == "font/woff2"
    # A year's cache only for the theme's files whose names carry a hash; every other file no-cache.
    cached = {loc.get("path"): loc.find(".//customHeaders/add").get("value") for loc in root.iter("location")
              if loc.find(".//customHeaders/add") is not None}
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site).as_posix()
    assert cached[bundle] == "public, max-age=31536000, immutable"
    assert all(re.search(r"\.[0-9a-f]{8}\.min\.(css|js)$", path) for path in cached)
    top = root.find("system.webServer/httpProtocol/customHeaders")
    assert {e.get("name"): e.get("value") for e in top.iter("add")}["Cache-Control"] == "no-cache"


# --------------------------------------------------------------------------- nginx and Apache


def test_every_page_is_served_with_the_security_headers(server):
    kind, base, served = server
    for rel in site_pages(served):
        response = get(base + rel)
        assert response.status == 200, (kind, rel)
        csp = response.headers["Content-Security-Policy"]
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src, kind
        assert "frame-ancestors 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_sub_path_without_its_slash_redirects(server):
    kind, base, _ = server
    response = get(base[:-1])
    assert response.status == 301, kind
    assert response.headers["Location"].endswith(BASE), (kind, response.headers["Location"])


def test_the_404_pages_link_home_in_their_own_language(built_site):
    assert f'<a href="{BASE}index.html">Go to the home page</a>' in (built_site / "404.html").read_text()
    assert f'<a href="{BASE}es/index.html">Ir a la página de inicio</a>' in (built_site / "es" / "404.html").read_text()


def test_a_missing_page_gets_the_sites_404_page_with_status_404(server, browser):
    kind, base, _ = server
    for missing in ("no-such-page.html", "tips/no-such-tip.html", "a/b/c/"):
        response = get(base + missing)
        assert response.status == 404, (kind, missing)
        assert "<title>" in response.text and "Building Trust" in response.text, (kind, missing)
        assert "nginx/" not in response.text and "Apache/" not in response.text
    # A missing page of the Spanish edition, or one of its folders: its own 404, in Spanish.
    for missing in ("es/no-such-page.html", "es/tips/no-such-tip.html", "es/tips/", "es/a/b/"):
        response = get(base + missing)
        assert response.status == 404 and '<html lang="es"' in response.text, (kind, missing)
        assert "Esta página no existe" in response.text and "This page is not here" not in response.text, (kind, missing)
    assert "This page is not here" in get(base + "no-such-page.html").text
    # Its links work from any depth: styles load and the home link leads home.
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "tips/no-such-tip.html")
    assert styles_loaded(page), kind
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_url(base + "index.html")
    context.close()


def test_server_files_and_hidden_files_are_refused(server):
    kind, base, served = server
    (served / ".git").mkdir()
    (served / ".git" / "config").write_text("[core]\n")
    policy = (served / "deploy/csp.txt").read_text().strip()
    for rel in ("deploy/headers.conf", "deploy/csp.txt", "deploy/nginx.conf", "deploy/apache.conf", "web.config",
                ".htaccess", ".git/config", ".git/"):
        response = get(base + rel)
        assert response.status in (403, 404), (kind, rel, response.status)
        assert policy not in response.text and "[core]" not in response.text, (kind, rel)


def test_no_folder_is_listed_and_a_folder_address_gets_the_sites_404(server):
    kind, base, _ = server
    for folder in ("assets/", "tips/", "assets/javascripts/", "assets", "es/tips/"):
        response = get(base + folder)
        assert response.status == 404, (kind, folder, response.status)
        assert "Index of" not in response.text and "Forbidden" not in response.text, (kind, folder)
        assert "Building Trust" in response.text, (kind, folder, "the site's own 404 page")
    assert get(base + "facilitators/").status == 200, "a folder with its index.html is a page"


def test_caching_compression_and_no_version(server):
    kind, base, served = server
    bundle = next((served / "assets" / "javascripts").glob("bundle.*.min.js")).name
    response = get(base + "assets/javascripts/" + bundle, Accept_Encoding="gzip")
    assert "max-age=31536000" in response.headers["Cache-Control"], kind
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Security-Policy"], "the headers reach the cached files too"
    for rel in ("index.html", "sw.js"):
        assert "no-cache" in get(base + rel).headers["Cache-Control"], (kind, rel)
    assert get(base + "index.html", Accept_Encoding="gzip").headers["Content-Encoding"] == "gzip"
    assert get(base + "assets/rapport/questions.css").headers["Content-Type"].startswith("text/css")
    assert get(base + "index.html").headers["Server"] in ("nginx", "Apache"), "the server announces its version"


def test_no_csp_violation_on_any_page(server, browser):
    kind, base, served = server
    context = browser.new_context()
    watch = Watch(context, base.split(BASE)[0])
    page = context.new_page()
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    for rel in site_pages(served):
        page.goto(base + rel)
        assert styles_loaded(page), (kind, rel)
    search_finds(page, "bakery", "tips/ask-details-that-show-care.html")
    page.goto(base + "tips/be-curious.html")
    page.locator("#curious-1-1").check()
    page.locator("#curious-1 .rq-check").click()
    page.locator("#curious-1 .rq-feedback", has_text="Correct").wait_for()
    context.close()
    assert violations == [] and watch.external == [], kind


# --------------------------------------------------------------------------- updates, https, the root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_update_with_rsync_delete_leaves_no_stale_file(built_site, tmp_path):
    # The served copy is an older build: it has a tip this build removed and an old card.
    with run_nginx(built_site) as (origin, served):
        (served / "tips" / "an-old-tip.html").write_text("<h1>Gone from the new build</h1>")
        (served / "pocket-card.pdf").write_bytes(b"%PDF-1.7 old")
        assert get(origin + BASE + "tips/an-old-tip.html").status == 200
        subprocess.run(["rsync", "-a", "--delete", f"{built_site}/", f"{served}/"], check=True)
        assert tree(served) == tree(built_site), "the served folder is exactly the new build"
        assert get(origin + BASE + "tips/an-old-tip.html").status == 404
        sums = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=served, capture_output=True, text=True)
        assert sums.returncode == 0, sums.stdout + sums.stderr


def test_the_https_example_serves_the_site(built_site):
    with run_nginx(built_site, tls=True) as (origin, _):
        assert origin.startswith("https://")
        response = get(origin + BASE + "index.html")
        assert response.status == 200 and response.headers["Content-Security-Policy"]
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert get(origin + BASE[:-1]).headers["Location"] == origin + BASE


@pytest.mark.parametrize("kind", ["nginx", "apache"])
def test_a_site_at_the_server_root(built_site, tmp_path, kind):
    """BASE=/ : the same files, without the redirect; deploy/ still refused."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    policy = (copy / "deploy/csp.txt").read_text().strip()
    for rel, text in hosting.server_files(policy, "/").items():
        (copy / rel).write_text(text)
    assert "location = " not in (copy / "deploy/nginx.conf").read_text()
    with serve(kind, copy) as (origin, _):
        assert get(origin + "/").status == 200 and get(origin + "/index.html").status == 200
        assert get(origin + "/deploy/csp.txt").status == 404
        assert get(origin + "/no-such-page.html").status == 404


# --------------------------------------------------------------------------- an existing host


INTRANET = "<!doctype html><title>Intranet</title><p>The intranet's own page.</p>"
INTRANET_404 = "<!doctype html><title>Intranet: not here</title><p>Not on the intranet.</p>"


def intranet_root(work) -> None:
    root = work / "intranet"
    root.mkdir()
    (root / "index.html").write_text(INTRANET)
    (root / "intranet-404.html").write_text(INTRANET_404)


@contextlib.contextmanager
def intranet(kind: str, built_site):
    """A stand-in intranet host that serves its own pages, with the site added under BASE by the
    drop-in snippet the build wrote (deploy/nginx-location.conf, deploy/apache-location.conf)."""
    from servers import apache_main, binary, nginx_main, running, workdir

    work = workdir(f"btr-intranet-{kind}-")
    site = work / "site"
    shutil.copytree(built_site, site)
    intranet_root(work)
    port = free_port()
    if kind == "nginx":
        snippet = (site / "deploy" / "nginx-location.conf").read_text().replace("/srv/building-trust-rapport/site", str(site))
        (work / "snippet.conf").write_text(snippet)
        nginx_main(work, f"""server {{
        listen 127.0.0.1:{port};
        server_name intranet.example.org 127.0.0.1;
        root {work}/intranet;
        error_page 404 /intranet-404.html;
        include {work}/snippet.conf;
    }}""")
        nginx = binary("nginx", "/usr/sbin/nginx")
        test = subprocess.run([nginx, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True)
        assert test.returncode == 0 and "warn" not in test.stderr and "conflicting" not in test.stderr, test.stderr
        yield from running([nginx, "-p", str(work), "-c", str(work / "nginx.conf")], ["-t"],
                           f"http://127.0.0.1:{port}", work, site, signal.SIGQUIT)
    else:
        snippet = (site / "deploy" / "apache-location.conf").read_text().replace(
            "Define RAPPORT_SITE /srv/building-trust-rapport/site", f"Define RAPPORT_SITE {site}")
        (work / "snippet.conf").write_text(snippet)
        body = f"""Listen 127.0.0.1:{port}
<VirtualHost 127.0.0.1:{port}>
    ServerName intranet.example.org
    DocumentRoot {work}/intranet
    <Directory {work}/intranet>
        Require all granted
    </Directory>
    ErrorDocument 404 /intranet-404.html
    Include {work}/snippet.conf
</VirtualHost>
"""
        (work / "apache.conf").write_text(apache_main(work, port, body))
        env = dict(os.environ, APACHE_RUN_DIR=str(work), APACHE_LOCK_DIR=str(work))
        yield from running([binary("apache2", "/usr/sbin/apache2"), "-f", str(work / "apache.conf"), "-DFOREGROUND"],
                           ["-t"], f"http://127.0.0.1:{port}", work, site, signal.SIGTERM, env)


@pytest.mark.parametrize("kind", ["nginx", "apache"])
def test_the_drop_in_snippet_adds_the_site_to_an_existing_host_and_leaves_the_host_alone(built_site, kind):
    with intranet(kind, built_site) as (origin, served):
        # The host's own pages and error page, without the site's headers or policy.
        home = get(origin + "/")
        assert home.status == 200 and "The intranet's own page." in home.text
        assert "Content-Security-Policy" not in home.headers, kind
        missing = get(origin + "/no-such-page.html")
        assert missing.status == 404 and "Not on the intranet." in missing.text, kind
        # The site under BASE: its pages with the policy, its own 404, folders and server files refused.
        page = get(origin + BASE + "tips/be-curious.html")
        assert page.status == 200 and "'sha256-" in page.headers["Content-Security-Policy"], kind
        for gone in ("tips/no-such-tip.html", "assets/", "deploy/csp.txt"):
            response = get(origin + BASE + gone)
            assert response.status == 404 and "Building Trust" in response.text, (kind, gone)
        for gone in ("es/tips/no-such-tip.html", "es/tips/"):
            response = get(origin + BASE + gone)
            assert response.status == 404 and "Esta página no existe" in response.text, (kind, gone)
        assert get(origin + BASE[:-1]).status == 301
