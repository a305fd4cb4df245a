"""`make new-tip TITLE='...' [MODULE=...]`: a new tip page with every required part, last in
the tip order (of its module, in a library of modules); in each other edition, a page marked
`translation: pending`, last in its tip order, which that edition publishes as a page linking
the new tip until it is translated (a warning, never an error).

The nav in mkdocs.yml is edited as text (one line inserted after the last tip), never
parsed and rewritten: the file holds `!!python/name` tags that a YAML round trip would
lose. The result is then read back with MkDocs' own loader to prove the tip is last.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from .model import TIPS_DIR, RapportError, load_site

DATA = Path(__file__).parent / "data"  # the scaffold's text, also read by the placeholder check


def tip_line(folder: str) -> re.Pattern:
    """A nav line naming a tip of `folder` (tips/, or first-meetings/tips/)."""
    return re.compile(r"^(\s*)-\s+(?:[^:\n]+:\s*)?" + re.escape(folder) + r"[\w./-]+\.md\s*$")


TEMPLATE = (DATA / "tip-template.md").read_text(encoding="utf-8")
QUESTION = (DATA / "tip-question.md").read_text(encoding="utf-8")


class ScaffoldError(RapportError):
    heading = "make new-tip cannot write the tip"


def slugify(title: str) -> str:
    """An ASCII file name from the title (accents dropped); empty when nothing is left."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-")


def yaml_text(text: str) -> str:
    """Text as a YAML double-quoted scalar (JSON's string syntax is valid YAML), whatever it holds."""
    return json.dumps(text, ensure_ascii=False)


RE_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def markdown_text(text: str) -> str:
    """Text shown as itself in a Markdown heading: Markdown's marks escaped, no raw HTML."""
    return RE_MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def insert_in_nav(config_text: str, rel: str) -> str:
    """The config with `- rel` added after the last tip line of its folder in the nav."""
    lines = config_text.splitlines(keepends=True)
    pattern = tip_line(rel.rsplit("/", 1)[0] + "/")
    last = max((i for i, line in enumerate(lines) if pattern.match(line)), default=None)
    if last is None:
        raise ScaffoldError("could not find the list of tips in the nav of mkdocs.yml; "
                            f"add `- {rel}` under Tips by hand")
    indent = pattern.match(lines[last]).group(1)
    newline = "\n" if lines[last].endswith("\n") else ""
    if not newline:
        lines[last] += "\n"
    lines.insert(last + 1, f"{indent}- {rel}\n")
    return "".join(lines)


def tips_folder(site, module: str | None) -> str:
    """tips/, or <module>/tips/ for a module the site has (named in the message when not)."""
    slugs = [m.slug for m in site.modules]
    if module:
        if module not in slugs:
            known = ", ".join(slugs) or "none: this site has no modules"
            raise ScaffoldError(f"there is no module '{module}' (modules: {known})")
        return f"{module}/{TIPS_DIR}"
    if slugs and not site.tips(None):
        raise ScaffoldError(f"this site's tips are in modules: name one, e.g. make new-tip TITLE='…' MODULE={slugs[0]} "
                            f"(modules: {', '.join(slugs)})")
    return TIPS_DIR


def new_tip(config_file: Path, title: str, today: dt.date | None = None, module: str | None = None) -> Path:
    """Write docs/tips/<slug>.md (or docs/<module>/tips/<slug>.md) and put it last in the tip
    order; return its path."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("give the tip a title: make new-tip TITLE='Notice small wins'")
    config_file = Path(config_file)
    site = load_site(config_file)
    folder = tips_folder(site, module)
    slug = slugify(title)
    if not slug:  # a title in another script: tip-N, the first number free
        slug = next(f"tip-{n}" for n in range(1, 10000) if not (site.docs_dir / f"{folder}tip-{n}.md").exists())
    rel = f"{folder}{slug}.md"
    path = site.docs_dir / rel
    if path.exists():
        raise ScaffoldError(f"{site.shown(path)} already exists; choose another title")
    before = config_file.read_text(encoding="utf-8")
    after = insert_in_nav(before, rel)
    questions = "".join(QUESTION.format(nth=nth, slug=slug, n=n) for n, nth in enumerate(("first", "second"), start=1))
    path.write_text(TEMPLATE.format(title_yaml=yaml_text(title), title_md=markdown_text(title), slug=slug, questions=questions,
                                    today=(today or dt.date.today()).isoformat()), encoding="utf-8")
    config_file.write_text(after, encoding="utf-8")
    # Read it back as MkDocs does: the new tip must now be the last one.
    tips = [t for t in load_site(config_file).tip_paths() if t.startswith(folder)]
    if not tips or tips[-1] != rel:
        config_file.write_text(before, encoding="utf-8")
        path.unlink()
        raise ScaffoldError(f"could not place {rel} last in the nav; add it under Tips by hand")
    try:
        pending_translations(site, rel, title)
    except RapportError:
        config_file.write_text(before, encoding="utf-8")
        path.unlink()
        raise
    return path


def pending_translations(site, rel: str, title: str) -> list[Path]:
    """For each other edition: the tip's page marked `translation: pending` (the edition shows
    a page that links the new tip until it is translated), last in that edition's tip order.
    All or nothing: on a failure, every edition is left as it was."""
    from .adapter.editions import stub

    done: list[tuple[Path, str, Path]] = []
    try:
        for edition in site.edition_sites():
            path = edition.docs_dir / rel
            if path.exists():
                continue
            before = edition.config_file.read_text(encoding="utf-8")
            after = insert_in_nav(before, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(stub(title), encoding="utf-8")
            edition.config_file.write_text(after, encoding="utf-8")
            done.append((edition.config_file, before, path))
            folder = rel.rsplit("/", 1)[0] + "/"
            tips = [t for t in load_site(edition.config_file).tip_paths() if t.startswith(folder)]
            if not tips or tips[-1] != rel:
                raise ScaffoldError(f"could not place {rel} last in the nav of {edition.shown(edition.config_file)}; "
                                    "add it under the tips there by hand")
    except RapportError:
        for config, before, path in done:
            config.write_text(before, encoding="utf-8")
            path.unlink(missing_ok=True)
        raise
    return [path for _, _, path in done]
