"""Which release a build is: the version and content date, in every page's footer and in the
offline zip's folder name (`SHA256SUMS` is written by rapport.outputs.checksums)."""

from __future__ import annotations

from .. import __version__
from . import strings
from .site import Site

ZIP_STEM = "building-trust-rapport"


def content_date(site: Site) -> str:
    return site.date.strftime("%Y-%m-%d")


def zip_folder(site: Site) -> str:
    """The offline zip's one folder: building-trust-rapport-<version>-<content date>."""
    return f"{ZIP_STEM}-{__version__}-{content_date(site)}"


def version_line(site: Site) -> str:
    return strings.text(site.lang, "version_line", version=__version__, date=content_date(site))
