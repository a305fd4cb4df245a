"""Server files for intranet IT, written by every build for the sub-path it is served under.

The sub-path is one build setting, `make site BASE=/training/` (`rapport build --base`),
default `/`. Every page links relatively and works under any path; only `404.html` — served
for a missing page at any depth — needs links from the server's root, and the server files
need the sub-path. From it, each build writes:

- `deploy/nginx.conf`: an nginx `server` block; `deploy/headers.conf`: its security headers;
- `deploy/apache.conf`: an Apache virtual host; `deploy/apache-headers.conf`: its rules;
- `.htaccess`: the same Apache rules from inside the folder, where the server allows it;
- `web.config`: the same for IIS (not tested here: no IIS on Linux);
- `deploy/csp.txt`: the bare policy, for any other server.

`.htaccess` and `web.config` sit at the top of `site/` because that is where those servers
look; like `deploy/`, they are never in the zip or the service worker, and every server file
refuses to serve them.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2


DEPLOY_DIR = "deploy"  # server-only files: not in the zip
CSP_FILE = "deploy/csp.txt"
NGINX_FILE = "deploy/nginx.conf"
NGINX_HEADERS = "deploy/headers.conf"  # included by deploy/nginx.conf
APACHE_FILE = "deploy/apache.conf"
APACHE_HEADERS = "deploy/apache-headers.conf"  # included by deploy/apache.conf
NGINX_SNIPPET = "deploy/nginx-location.conf"  # for a sub-path of an existing nginx server
APACHE_SNIPPET = "deploy/apache-location.conf"  # for a sub-path of an existing Apache virtual host
RE_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]+")  # safe in every server file's quoted patterns
RE_HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:css|js)$")
HTACCESS = ".htaccess"
WEB_CONFIG = "web.config"
TOP_LEVEL = (HTACCESS, WEB_CONFIG)  # server files at the top of site/

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

# In 404.html, a quoted path from the server's root ("/assets/...", "base": "/"), never "//host".
RE_ROOTED = re.compile(r'"/(?!/)')

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent.parent / "templates" / "hosting"),
                          autoescape=lambda name: bool(name) and name.startswith("web.config"),
                          keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)


def rebase_not_found(html: str, base: str) -> str:
    """404.html with its links from the server's root moved under `base`."""
    return RE_ROOTED.sub('"' + base, html) if base != "/" else html


def render(template: str, **values) -> str:
    return _env.get_template(template).render(**values)


def folders_without_index(staging: Path, inside: str = "", apart: tuple[str, ...] = ()) -> str:
    """A regex alternation of the site's folders that have no index.html (assets/, tips/, …):
    their addresses answer with the site's 404, not the server's own 403 for a folder it will
    not list. `inside`: only those under an edition's folder ("es/"); `apart`: leave out those
    under these folders (the other editions', which answer with their own 404 page)."""
    folders = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_dir()
                     and not (p / "index.html").is_file() and not is_server_file(p.relative_to(staging))
                     and not any(part.startswith(".") for part in p.relative_to(staging).parts)
                     and RE_PLAIN_PATH.fullmatch(p.relative_to(staging).as_posix()))  # others: a finding of the checks
    folders = [f for f in folders if (f + "/").startswith(inside) and not any((f + "/").startswith(a) for a in apart)]
    return "|".join(re.escape(folder) for folder in folders) or "(?!)"


def edition_errors(staging: Path | None, editions: tuple[str, ...]) -> list[dict[str, str]]:
    """Each edition but the main one: its folder ("es/") and its folders without an index, which
    the servers answer with that edition's 404.html (in its language)."""
    return [{"folder": folder, "pattern": re.escape(folder),
             "folders": folders_without_index(staging, folder) if staging is not None else "(?!)"}
            for folder in editions]


def hashed_files(staging: Path) -> list[str]:
    """The theme's files whose names carry a content hash (never change: cached for a year)."""
    return sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                  if p.is_file() and RE_HASHED.search(p.name))


def server_files(policy: str, base: str, staging: Path | None = None, editions: tuple[str, ...] = ()) -> dict[str, str]:
    """Every server file of a build, by its path in site/ (`editions`: the folders of the
    editions other than the main one, "es/", each with its own 404 page)."""
    headers = list(SECURITY_HEADERS.items())
    folders = folders_without_index(staging, apart=editions) if staging is not None else "(?!)"
    every_folder = folders_without_index(staging) if staging is not None else "(?!)"
    others = edition_errors(staging, editions)
    hashed = hashed_files(staging) if staging is not None else []
    nginx_headers = ["# Generated by `make site` from every page's inline scripts: do not edit.",
                     f'add_header Content-Security-Policy "{policy}" always;']
    nginx_headers += [f'add_header {name} "{value}" always;' for name, value in headers]
    apache_rules = render("apache-rules.j2", policy=policy, headers=headers)
    return {
        CSP_FILE: policy + "\n",
        NGINX_HEADERS: "\n".join(nginx_headers) + "\n",
        NGINX_FILE: render("nginx.conf.j2", base=base, folders=folders, editions=others),
        NGINX_SNIPPET: render("nginx-location.conf.j2", base=base, folders=folders, editions=others),
        APACHE_HEADERS: "# Generated by `make site` from every page's inline scripts: do not edit.\n" + apache_rules,
        APACHE_FILE: render("apache.conf.j2", base=base, folders=every_folder, editions=others),
        APACHE_SNIPPET: render("apache-location.conf.j2", base=base, folders=every_folder, editions=others),
        HTACCESS: render("htaccess.j2", base=base, policy=policy, headers=headers, folders=every_folder, editions=others),
        WEB_CONFIG: render("web.config.j2", base=base, policy=policy, headers=headers, hashed=hashed, editions=others),
    }


def write(staging: Path, policy: str, base: str, editions: tuple[str, ...] = ()) -> None:
    (staging / DEPLOY_DIR).mkdir(exist_ok=True)
    for rel, text in server_files(policy, base, staging, editions).items():
        (staging / rel).write_text(text, encoding="utf-8")


def is_server_file(rel: Path) -> bool:
    """Files for the server, not for readers: never in the zip or the service worker."""
    return rel.parts[0] == DEPLOY_DIR or rel.as_posix() in TOP_LEVEL


# --------------------------------------------------------------------------- steps


def headers_step(run, site, folder: Path) -> None:
    """Server files (nginx, Apache, .htaccess, IIS) for the build's sub-path, with the policy
    for this build's inline scripts."""
    from .csp import header_policy, site_policy

    write(folder, header_policy(site_policy(folder)), run.ctx.base,
          tuple(e.folder for e in run.ctx.editions if e.folder))


def not_found_step(run, site, folder: Path) -> None:
    """An edition's 404.html, served for a missing page at any depth, links from the server's
    root under the sub-path (site/404.html, site/es/404.html)."""
    page = folder / "404.html"
    if page.is_file():
        own = site.language.folder if site.language else ""
        page.write_text(rebase_not_found(page.read_text(encoding="utf-8"), run.ctx.base + own), encoding="utf-8")
