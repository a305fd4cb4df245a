"""Our HTML templates (src/rapport/templates/), each of which an agency may replace by a file
of the same name under `overrides/rapport/` (the theme's custom_dir): directives, the preview's
panel. Values are escaped unless marked safe."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..model import Site, strings

TEMPLATES = Path(__file__).parent.parent / "templates"
OVERRIDES = "rapport"  # the folder under the theme's custom_dir


@lru_cache(maxsize=None)
def environment(custom_dir: Path | None) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(custom_dir / OVERRIDES)] if custom_dir else []
    loaders.append(jinja2.FileSystemLoader(TEMPLATES))
    # HTML templates escape their values; Markdown templates (*.md.j2) write Markdown as it is,
    # which the Markdown engine then reads like the rest of the page.
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=jinja2.select_autoescape(["html.j2"]),
                              undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)


def render(site: Site, name: str, **values) -> str:
    """Template `name` for `site` (its overrides first), with `ui`: our text in its language."""
    return render_text(site.lang, site.custom_dir, name, **values)


def render_text(lang: str, custom_dir: Path | None, name: str, **values) -> str:
    return environment(custom_dir).get_template(name).render(ui=strings.ui(lang), **values)
