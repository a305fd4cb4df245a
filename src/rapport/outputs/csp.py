"""The Content-Security-Policy of the built site: only our own and the theme's scripts run.

- Inline scripts are allowed by hash, taken only from the theme's part of each page (never
  from the article, where content lives; the content checks refuse scripts there anyway).
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

RE_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
RE_ARTICLE = re.compile(r"<article\b.*?</article>", re.S | re.I)
RE_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
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


def script_hashes(pages: list[Path], shim: str | None) -> set[str]:
    hashes = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for attrs, body in RE_INLINE_SCRIPT.findall(RE_ARTICLE.sub("", text)):
            if re.search(r'type\s*=\s*"application/(ld\+)?json"', attrs):
                continue  # data, not code
            hashes.add(sha256(body))
        config = RE_CONFIG.search(text)
        if shim and config:
            worker = json.loads(config.group(1)).get("search")
            if worker:
                hashes.add(sha256(frame_script(shim, worker)))
    return hashes


def policy(staging: Path, shim: str | None) -> list[str]:
    """The directives, header form (with frame-ancestors)."""
    pages = sorted(staging.rglob("*.html"))
    return [
        "default-src 'self'",
        "script-src 'self' " + " ".join(sorted(script_hashes(pages, shim))),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
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
        if count != 1 or new.index(META_MARK) > new.lower().find("<script"):
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
