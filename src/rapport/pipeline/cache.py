"""Built files reused while their inputs stay the same: PDFs and LMS packages, kept in the
project's `.cache/rapport/` (git-ignored) under a hash of everything that makes them.

Every key includes the engine's own hash (our code, templates and data, the installed
versions of MkDocs, Material, WeasyPrint, pypdf and pikepdf with the qpdf it runs, the system
libraries that shape PDFs, and both lock files), so a change of code or tools never reuses an old file. A project folder that cannot be written simply builds
without the cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

PACKAGE = Path(__file__).resolve().parent.parent  # the rapport package: our code, templates and data
TOOLS = ("mkdocs", "properdocs", "mkdocs-material", "weasyprint", "pypdf", "pikepdf", "markdown", "pymdown-extensions")
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
    for name in ("package-lock.json", "requirements.lock"):
        lock = root / name
        if lock.is_file():
            digest.update(name.encode() + b"\0" + lock.read_bytes())
    digest.update(system_libraries().encode())
    return digest.hexdigest()


SYSTEM_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libharfbuzz-subset0", "libfontconfig1",
                   "libfreetype6",
                   "chromium")  # Chromium renders the slides' PDF (rapport.outputs.slides)


@lru_cache(maxsize=None)
def system_libraries() -> str:
    """The versions of the system libraries that shape the PDFs' bytes (Debian's packages),
    whether WeasyPrint found HarfBuzz's subsetter (without it, fonts are subset another way), and qpdf's."""
    import subprocess

    try:
        proc = subprocess.run(["dpkg-query", "-W", "-f", "${Package}=${Version}\n", *SYSTEM_PACKAGES],
                              capture_output=True, text=True, timeout=30)
        said = proc.stdout
    except (OSError, subprocess.SubprocessError):
        said = "no dpkg"
    try:
        from weasyprint.text import ffi

        said += f"hb-subset={ffi.harfbuzz_subset is not None}"
    except (ImportError, OSError):
        said += "no weasyprint"
    try:  # the qpdf that writes every PDF last (rapport.outputs.pdfua): in pikepdf's wheel, or the system's
        import pikepdf

        said += f"libqpdf={pikepdf.__libqpdf_version__}"
    except ImportError:
        said += "no pikepdf"
    return said


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
        """The cached bytes for `key`, or `make()`'s, kept for next time. Each entry is stored
        with its own checksum and checked on read: a damaged entry is made again (said in one
        line), never published. A cache that cannot be read or written is simply not used."""
        data = self.lookup(kind, key)
        if data is None:
            data = make()
            self.store(kind, key, data)
        return data

    def lookup(self, kind: str, key: str) -> bytes | None:
        """The cached bytes for `key`, or None (counted as a hit or a miss)."""
        data = self._read(self.dir / kind / f"{key}", kind)
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def store(self, kind: str, key: str, data: bytes) -> None:
        """Keep `data` for `key` (written whole, then renamed: a reader never sees half of it)."""
        path = self.dir / kind / f"{key}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for target, content in ((path, data), (checksum_file(path), hashlib.sha256(data).hexdigest().encode())):
                tmp = target.with_name(f".{target.name}.{os.getpid()}")
                tmp.write_bytes(content)
                tmp.replace(target)
        except OSError:
            pass  # a read-only project or cache: build without the cache

    def _read(self, path: Path, kind: str) -> bytes | None:
        try:
            if not path.is_file():
                return None
            data = path.read_bytes()
            kept = checksum_file(path).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            kept, data = "", b""
        if hashlib.sha256(data).hexdigest() != kept:
            print(f"The cache's copy of a {kind} file was damaged ({path.name[:12]}…); it is made again.", file=sys.stderr)
            return None
        try:
            os.utime(path)  # kept while in use (prune), with its checksum
            os.utime(checksum_file(path))
        except OSError:
            pass
        return data

    def prune(self, since: float | None = None) -> None:
        """Remove entries not used for KEEP_DAYS; and, given the start of a build that has just
        succeeded (`since`), every entry of a kind that build used but not that entry: what an
        edit superseded, so the cache holds about one build's files, not one per edit."""
        limit = time.time() - KEEP_DAYS * 86400
        kinds = [d for d in self.dir.iterdir() if d.is_dir()] if self.dir.is_dir() else []
        for kind in kinds:
            try:
                stamps = {p: p.stat().st_mtime for p in kind.iterdir() if p.is_file()}
            except OSError:
                continue
            used = since is not None and any(t >= since for t in stamps.values())
            for path, stamp in stamps.items():
                if stamp < limit or (used and stamp < since):
                    try:
                        path.unlink()
                    except OSError:
                        pass

    def size(self) -> int:
        """The bytes the cache holds."""
        return sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file()) if self.dir.is_dir() else 0


def checksum_file(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")
