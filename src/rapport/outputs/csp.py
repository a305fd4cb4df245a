"""The Content-Security-Policy of the built site: only our own and the theme's scripts run.

- Inline scripts are allowed by hash, and only the theme's own: each page is read with an HTML
  parser (rapport.checks.published), and an inline script runs only when it is outside the
  <article> and is one the theme writes on its 404 page (which has no content). Any other
  script, event handler, javascript: address or redirect in the output stops the build.
- The file:// search shim (npm iframe-worker) runs Material's search worker in a hidden
  frame whose inline bridge script is built from the shim's own functions and the page's
  search-worker URL; its hash is computed here, so search keeps working under the policy.
- Servers send the policy as a header (with `frame-ancestors`); every page also carries it,
  first in <head>, as a <meta> (which cannot carry `frame-ancestors`), so the folder and
  zip copies are protected too.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

from ..checks.published import RE_EXTERNAL, Scan, Script, scan
from ..model import Finding, RapportError

RE_SCOPE = re.compile(r'new URL\("[^"]*",location\)')
# The theme's inline scripts (Material for MkDocs' base.html): its scope and storage, the colour
# scheme, the scroll to the address's anchor. Only these, exactly as on its 404 page, may run.
THEME_PREFIXES = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(location.hash")
DATA_SCRIPTS = ("__config",)  # JSON the theme reads: never run
RE_FRAME_TEMPLATE = re.compile(r"document\.write\(`<html><body><script>(.*?)<\\/script>", re.S)
RE_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)  # stays first: browsers look for it in the first 1024 bytes
META_MARK = '<meta http-equiv="Content-Security-Policy"'
META_CANNOT = ("frame-ancestors",)  # directives a <meta> policy cannot carry


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _function_source(source: str, name: str) -> str:
    """The text of `function name(...){...}` in minified source: what its toString() returns."""
    start = source.index(f"function {name}(")
    depth, i = 0, source.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        if depth == 0:
            return source[start:i + 1]
        i += 1


def frame_script(shim: str, worker_url: str) -> str:
    """The inline script the shim writes into its frame, for a page whose search worker is `worker_url`."""
    template = RE_FRAME_TEMPLATE.search(shim)
    if template is None:
        raise RuntimeError("the iframe-worker shim no longer writes its frame as this build expects; "
                           "update rapport.outputs.csp.frame_script for its new version")
    return re.sub(r"\$\{(\w)\}", lambda m: worker_url if m.group(1) == "e" else _function_source(shim, m.group(1)),
                  template.group(1))


class UnknownScript(RapportError):
    heading = "The built pages hold something that must not run"


def _normal(body: str) -> str:
    """A theme script's text with the one part that differs between pages (its scope) set aside."""
    return RE_SCOPE.sub('new URL("",location)', body)


def theme_scripts(pages: list[Path], scans: dict[Path, Scan]) -> set[str]:
    """The theme's own inline scripts, as it writes them on a page without content (404.html),
    outside any <article>: the only inline code the policy lets run."""
    reference = [p for p in pages if p.name == "404.html"]
    found = {_normal(s.body) for p in reference for s in scans[p].scripts
             if not s.in_article and "src" not in s.attrs and not is_data(s)}
    return {body for body in found if body.startswith(THEME_PREFIXES)} or set()


def is_data(script: Script) -> bool:
    return script.attrs.get("type", "").lower() in ("application/json", "application/ld+json")


def our_script(src: str, page: Path, folder: Path | None) -> bool:
    """A script file of the theme or ours: under assets/ of this output (404.html links them from
    the server's root, under the sub-path). Authors cannot put scripts there: the checks refuse
    a .js file in docs/ (rapport.checks.files)."""
    path = src.split("?")[0].split("#")[0]
    if RE_EXTERNAL.match(path) or ":" in path.split("/")[0]:
        return False
    if folder is None:
        return True
    root = folder.resolve()
    if path.startswith("/"):  # rooted: the part from its assets/ folder on
        parts = path.split("/")
        if "assets" not in parts:
            return False
        tail = "/".join(parts[parts.index("assets"):])
        candidates = [root / tail] + [edition / tail for edition in root.iterdir() if (edition / "assets").is_dir()]
    else:
        candidates = [(page.parent / path).resolve()]
    return any(c.is_file() and c.is_relative_to(root) and "assets" in c.relative_to(root).parts[:2] for c in candidates)


def script_hashes(pages: list[Path], shim: str | None, folder: Path | None = None) -> set[str]:
    """The hashes of the theme's inline scripts on `pages`, and of the search frame's script.
    Anything else that could run — a script the theme does not write, one inside the content,
    an event handler, a javascript: address, a redirect — stops the build, naming the page."""
    scans = {page: scan(page.read_text(encoding="utf-8"), content=False) for page in pages}
    known = theme_scripts(pages, scans)
    hashes, bad = set(), []
    for page, found in scans.items():
        shown = page.relative_to(folder).as_posix() if folder else page.name
        bad += [f"{shown}: {met.what}" for met in found.met]
        for script in found.scripts:
            if "src" in script.attrs:
                if not our_script(script.attrs["src"], page, folder):
                    bad.append(f"{shown}: a script from {script.attrs['src']}")
                continue
            if is_data(script) and not script.in_article and script.attrs.get("id") in DATA_SCRIPTS:
                continue  # data, not code
            if script.in_article or _normal(script.body) not in known:
                bad.append(f"{shown}: a script the theme does not write ({' '.join(script.body.split())[:60]!r})")
                continue
            hashes.add(sha256(script.body))
        config = next((s for s in found.scripts if s.attrs.get("id") == "__config"), None)
        if shim and config is not None:
            worker = json.loads(config.body).get("search")
            if worker:
                hashes.add(sha256(frame_script(shim, worker)))
    if bad:
        raise UnknownScript([Finding(line.split(":", 1)[0], 1, 1, "published", line.split(": ", 1)[1],
                                     "content may not run code or redirect: find it in the page's source and remove it")
                             for line in dict.fromkeys(bad)])
    return hashes


def policy(staging: Path, shim: str | None) -> list[str]:
    """The directives, header form (with frame-ancestors)."""
    pages = sorted(staging.rglob("*.html"))
    return [
        "default-src 'self'",
        "script-src 'self' " + " ".join(sorted(script_hashes(pages, shim, staging))),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",  # the slides carry their font inside (rapport.outputs.slides)
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]


def header_policy(directives: list[str]) -> str:
    return "; ".join(directives)


def meta_policy(directives: list[str]) -> str:
    return "; ".join(d for d in directives if d.split()[0] not in META_CANNOT)


def add_meta(staging: Path, directives: list[str]) -> None:
    """Put the policy first in every page's <head>, right after the character set, before any script."""
    tag = f'{META_MARK} content="{html.escape(meta_policy(directives), quote=False)}">'
    for page in sorted(staging.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if META_MARK in text:
            continue
        new, count = RE_CHARSET.subn(lambda m: m.group(0) + "\n" + tag, text, count=1)
        script = new.lower().find("<script")
        if count != 1 or (script >= 0 and new.index(META_MARK) > script):
            raise RuntimeError(f"{page.relative_to(staging)} has no <meta charset> before its scripts to carry the security policy")
        page.write_text(new, encoding="utf-8")


# --------------------------------------------------------------------------- step


def site_policy(folder: Path) -> list[str]:
    """The policy for the pages under `folder`, with the search shim's frame script."""
    from ..model.assets import SEARCH_SHIM_URI

    shim = folder / SEARCH_SHIM_URI
    return policy(folder, shim.read_text(encoding="utf-8") if shim.is_file() else None)


def meta_policy_step(run, site, folder: Path) -> None:
    """Every page carries the policy in a <meta>, so the folder and zip copies are protected too.
    Not in the preview: its live-reload script is the engine's, not ours."""
    add_meta(folder, site_policy(folder))
