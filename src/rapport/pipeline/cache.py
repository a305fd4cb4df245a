"""Built files reused while their inputs stay the same: PDFs and LMS packages, kept in the
project's `.cache/rapport/` (git-ignored) under a hash of everything that makes them.

Every key includes the engine's own hash (our code, templates and data, the installed
versions of MkDocs, Material and WeasyPrint, and the npm lock file), so a change of code or
tools never reuses an old file. A project folder that cannot be written simply builds
without the cache.
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

PACKAGE = Path(__file__).resolve().parent.parent  # the rapport package: our code, templates and data
TOOLS = ("mkdocs", "properdocs", "mkdocs-material", "weasyprint", "pypdf", "markdown", "pymdown-extensions")
KEEP_DAYS = 30  # entries unused this long are removed


@lru_cache(maxsize=None)
def engine_hash(root: Path) -> str:
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in TOOLS:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(name.encode())
    lock = root / "package-lock.json"
    if lock.is_file():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


def files_hash(paths: Iterable[Path], base: Path) -> str:
    """A hash of files' names (relative to `base`) and contents."""
    digest = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(os.path.relpath(path, base).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.dir = self.root / ".cache" / "rapport"
        self.hits = self.misses = 0

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(engine_hash(self.root).encode())
        for part in parts:
            digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8")))
        return digest.hexdigest()

    def bytes(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The cached bytes for `key`, or `make()`'s, kept for next time."""
        path = self.dir / kind / f"{key}"
        if path.is_file():
            self.hits += 1
            os.utime(path)
            return path.read_bytes()
        self.misses += 1
        data = make()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError:
            pass  # a read-only project: build without the cache
        return data

    def prune(self) -> None:
        """Remove entries not used for KEEP_DAYS."""
        limit = time.time() - KEEP_DAYS * 86400
        for path in self.dir.rglob("*") if self.dir.is_dir() else []:
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass
