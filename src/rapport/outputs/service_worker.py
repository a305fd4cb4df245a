"""sw.js: a small service worker that keeps the site readable offline after a first visit."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .offline_zip import shipped_files

TEMPLATES = Path(__file__).parent.parent / "templates"


def service_worker_step(run, site, staging: Path) -> None:
    """sw.js precaching every shipped file, its cache named after a hash of this build."""
    files = [p for p in shipped_files(staging) if p.name != "sw.js"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(staging).as_posix().encode() + b"\0" + path.read_bytes())
    names = [p.relative_to(staging).as_posix() for p in files]
    script = (TEMPLATES / "sw.js").read_text(encoding="utf-8")
    script = script.replace("__VERSION__", digest.hexdigest()[:16]).replace("__FILES__", json.dumps(names, indent=0))
    (staging / "sw.js").write_text(script, encoding="utf-8")
