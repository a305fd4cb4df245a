"""One edition's engine run in a process of its own, for an engine that must be set up before
anything imports MkDocs (ProperDocs answers every `mkdocs.*` import with its own modules):
`python -m rapport.pipeline.child <engine> <context file> <lang> <out>`. The build context comes from
the file the pipeline wrote (rapport.pipeline.engine), the result goes back in `<context file>.<lang>`.
This module imports nothing of ours before the engine is set up."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    engine, ctx_file, lang, out = argv[0], Path(argv[1]), argv[2], Path(argv[3])
    if engine == "properdocs":  # before the context is read: reading it imports our model, which imports the engine
        import properdocs.replacement  # noqa: F401 - from here on, mkdocs.* is ProperDocs
    ctx = pickle.loads(ctx_file.read_bytes())

    from ..model import RapportError
    from .engine import run, said

    try:
        result = ("ok", run(ctx, ctx.edition(lang), out))
    except RapportError as exc:
        result = ("error", said(exc))
    except Exception as exc:  # noqa: BLE001 - one message for the parent
        result = ("error", f"{type(exc).__name__}: {exc}")
    Path(f"{ctx_file}.{lang}").write_bytes(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
