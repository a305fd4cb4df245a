#!/usr/bin/env python3
"""Build only the pocket card PDFs: `scripts/build-card.py [--config mkdocs.yml] [--out DIR]`.

`make site` runs the same step (rapport.outputs.card.card_step) after the MkDocs build; this
script is for trying a card line quickly. It prints file:line problems and exits 1 when
the card does not fit.
"""

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from rapport.outputs.card import build_cards  # noqa: E402
from rapport.model import RapportError, load_site  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--out", default="build/card")
    args = parser.parse_args()
    try:
        written = build_cards(load_site(args.config), Path(args.out))
    except RapportError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
