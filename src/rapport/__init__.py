"""Building Trust & Rapport: the engine behind the training site."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("building-trust-rapport")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
