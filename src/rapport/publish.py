"""Publishing steps run on the built site before it is swapped into place.

Each step takes (site, staging folder), in the order of `STEPS`:
404.html's links under the sub-path, card PDFs, the handbook and session paper, the security policy in every page, the SCORM 1.2
package for an LMS (rapport.lms), the offline zip (with every download's size written into its links), a check
that every size was filled, the server files with their security headers (rapport.hosting), and the service worker.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

from . import csp, hosting, lms, release
from .assets import SEARCH_SHIM_URI
from .card import build_cards
from .model import Site, strings

TEMPLATES = Path(__file__).parent / "templates"

ZIP_NAME = "building-trust-rapport.zip"
ZIP_FOLDER = "building-trust-rapport"

# <span class="rp-size" data-file="pocket-card.pdf">PDF</span> -> PDF, 18 KB
RE_SIZE = re.compile(r'(<span class="rp-size" data-file="([^"]+)">)([^<]*)(</span>)')


# --------------------------------------------------------------------------- sizes


RE_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')


def human_size(n: int, lang: str = "en") -> str:
    """A rounded size as people read it: 18 KB, 1.2 MB (1,2 MB in Spanish)."""
    if n < 1000 * 1000:
        return f"{max(1, round(n / 1000))} KB"
    return f"{strings.number_text(lang, n / 1000 / 1000)} MB"


def kind_of(name: str) -> str:
    return {".pdf": "PDF", ".zip": "ZIP"}.get(Path(name).suffix.lower(), Path(name).suffix.lstrip(".").upper())


def fill_sizes(site_dir: Path, missing_ok: bool = False) -> bool:
    """Write 'PDF, 18 KB' into every size placeholder; return True if any page changed."""
    changed = False
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="rp-size"' not in text:
            continue
        lang = (RE_LANG.search(text) or re.match("()", "")).group(1) or "en"

        def repl(m: re.Match) -> str:
            target = (page.parent / m.group(2)).resolve()
            if not target.is_file():
                if missing_ok:
                    return m.group(0)
                raise FileNotFoundError(f"{page.relative_to(site_dir)} links {m.group(2)}, which the build did not write")
            return f"{m.group(1)}{kind_of(m.group(2))}, {human_size(target.stat().st_size, lang)}{m.group(4)}"

        new = RE_SIZE.sub(repl, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed = True
    return changed


# --------------------------------------------------------------------------- steps


def part_file(staging: Path) -> Path:
    """Where a step writes a file before moving it into staging; the build removes it on failure."""
    return staging.parent / f"{staging.name}.part"



def card_step(site: Site, staging: Path) -> None:
    """Each edition's pocket cards, in its own folder (site/es/pocket-card.pdf, ...)."""
    build_cards(site, staging)
    for edition in site.editions:
        build_cards(edition, staging / edition.language.folder)


def paper_step(site: Site, staging: Path) -> None:
    """The handbook, handouts, role cards, checklists and attendance sheet (rapport.paper)."""
    from . import paper

    paper.write(site, staging)


def shipped_files(staging: Path) -> list[Path]:
    """The files a reader gets: everything but the zips and the server files (rapport.hosting)."""
    return sorted(p for p in staging.rglob("*") if p.is_file()
                  and p.name not in (ZIP_NAME, release.SUMS) and not p.name.endswith("-scorm12.zip")
                  and not hosting.is_server_file(p.relative_to(staging)))


def write_zip(folder: Path, target: Path, when: tuple[int, ...], files: list[Path] | None = None,
              top: str = ZIP_FOLDER) -> None:
    """A reproducible zip of `files` (default: the shipped files): in order, fixed dates,
    under one top folder (none when `top` is empty)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in shipped_files(folder) if files is None else files:
            name = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(f"{top}/{name}" if top else name, date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


def zip_step(site: Site, staging: Path) -> None:
    """Zip the site for offline use; the size shown on the home page is the zip's own."""
    when = site.date.timetuple()[:6]
    target = staging / ZIP_NAME
    fill_sizes(staging, missing_ok=True)
    for _ in range(5):  # the home page inside the zip shows the zip's size: settle it
        tmp = part_file(staging)
        write_zip(staging, tmp, when, top=release.zip_folder(site))
        tmp.replace(target)
        if not fill_sizes(staging):
            return
    raise RuntimeError("the zip size shown on the home page did not settle")


def linked_downloads(folder: Path) -> set[str]:
    """The download files (PDFs) the pages of `folder` link, relative to it."""
    found = set()
    for page in folder.rglob("*.html"):
        for target in re.findall(r'href="([^"#?]+\.pdf)"', page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            if path.is_relative_to(folder.resolve()):
                found.add(path.relative_to(folder.resolve()).as_posix())
    return found


def lms_package_step(site: Site, staging: Path) -> None:
    """The SCORM 1.2 package (one per module in a library): the LMS edition built into a folder
    beside staging, with the print files its pages link, the launch page and imsmanifest.xml,
    zipped with the manifest at its root."""
    for module in site.modules or [None]:
        lms_package(site, staging, module)


def lms_package(site: Site, staging: Path, module=None) -> None:
    """One package, reused from the cache while the content, theme, settings and engine are unchanged."""
    from .cache import Cache, files_hash

    cache = Cache(site.root)
    inputs = [p for folder in (site.docs_dir, site.custom_dir) if folder for p in folder.rglob("*")]
    key = cache.key("lms", files_hash(inputs + [site.config_file], site.root), module.slug if module else "",
                    site.date.isoformat())
    target = staging / lms.package_name(module.slug if module is not None else "")
    target.write_bytes(cache.bytes("lms", key, lambda: make_lms_package(site, staging, module)))


def make_lms_package(site: Site, staging: Path, module=None) -> bytes:
    from .build import mkdocs_build
    from .teaching import pass_mark

    work = staging.parent / f"{staging.name}.lms"
    env = {lms.EDITION_ENV: lms.SCORM12, lms.MODULE_ENV: module.slug if module is not None else ""}
    try:
        mkdocs_build(site.config_file, work, env=env)
        for rel in sorted(linked_downloads(work)):  # the card and handouts the pages link to
            if (staging / rel).is_file():
                shutil.copy2(staging / rel, work / rel)
        for rel, text in lms.launch_files(site, module).items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).write_text(text, encoding="utf-8")
        meta_policy_step(site, work)
        fill_sizes(work)
        paths = lms.package_paths(work)
        (work / lms.MANIFEST).write_text(lms.manifest(site, paths, pass_mark(site), module), encoding="utf-8")
        files = [work / lms.MANIFEST] + [work / rel for rel in paths]
        tmp = part_file(staging)
        write_zip(work, tmp, site.date.timetuple()[:6], files=files, top="")
        data = tmp.read_bytes()
        tmp.unlink()
        return data
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _policy(site: Site, staging: Path) -> list[str]:
    shim = staging / SEARCH_SHIM_URI
    return csp.policy(staging, shim.read_text(encoding="utf-8") if shim.is_file() else None)


def meta_policy_step(site: Site, staging: Path) -> None:
    """Every page carries the policy in a <meta>, so the folder and zip copies are protected too."""
    csp.add_meta(staging, _policy(site, staging))


def headers_step(site: Site, staging: Path) -> None:
    """Server files (nginx, Apache, .htaccess, IIS) for the build's sub-path, with the policy
    for this build's inline scripts."""
    hosting.write(staging, csp.header_policy(_policy(site, staging)), site.base)


def not_found_step(site: Site, staging: Path) -> None:
    """404.html, served for a missing page at any depth, links from the server's root under the sub-path."""
    for folder in [""] + [edition.language.folder for edition in site.editions]:
        page = staging / folder / "404.html"
        if page.is_file():
            page.write_text(hosting.rebase_not_found(page.read_text(encoding="utf-8"), site.base + folder),
                            encoding="utf-8")


def service_worker_step(site: Site, staging: Path) -> None:
    """sw.js precaching every shipped file, its cache named after a hash of this build."""
    files = [p for p in shipped_files(staging) if p.name != "sw.js"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(staging).as_posix().encode() + b"\0" + path.read_bytes())
    names = [p.relative_to(staging).as_posix() for p in files]
    script = (TEMPLATES / "sw.js").read_text(encoding="utf-8")
    script = script.replace("__VERSION__", digest.hexdigest()[:16]).replace("__FILES__", json.dumps(names, indent=0))
    (staging / "sw.js").write_text(script, encoding="utf-8")


def check_sizes_step(site: Site, staging: Path) -> None:
    fill_sizes(staging)  # raises if a page links a download the build did not write


def checksums_step(site: Site, staging: Path) -> None:
    """SHA256SUMS for the zips and every PDF (not itself in the zip or the service worker)."""
    release.write_sums(staging)


STEPS = [not_found_step, card_step, paper_step, meta_policy_step, lms_package_step, zip_step, check_sizes_step, checksums_step,
         headers_step, service_worker_step]
