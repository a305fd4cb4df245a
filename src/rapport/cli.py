"""Command line: `rapport build`, `rapport check`, `rapport new-tip` (the Makefile calls these)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def cmd_build(args) -> int:
    from .app import SUPPORT_NOTES, build_site

    build_site(Path(args.config), Path(args.out), base=args.base, engine=args.engine)
    print(f"Built the site into {args.out}/")
    print(SUPPORT_NOTES[args.engine])
    return 0


def cmd_serve(args) -> int:
    from .app import SUPPORT_NOTES, serve

    print(SUPPORT_NOTES[args.engine])
    return serve(Path(args.config), host=args.host, port=args.port, engine=args.engine)


def cmd_check(args) -> int:
    from .checks import check_editions, errors, report
    from .model import load_site

    site = load_site(Path(args.config))
    findings = check_editions(site, site.edition_sites())  # every language, and their tips kept in step
    print(report(findings, verbose=args.verbose))
    return 1 if errors(findings) else 0


def cmd_new_tip(args) -> int:
    from .scaffold import new_tip

    from .model import load_site

    path = new_tip(Path(args.config), args.title, module=args.module or None)
    print(f"Wrote {path} and put it last in the tip order in {args.config}.")
    rel = path.relative_to(load_site(Path(args.config)).docs_dir).as_posix()
    for edition in load_site(Path(args.config)).edition_sites():
        if edition.is_pending(rel):
            print(f"Wrote {edition.shown(edition.docs_dir / rel)} with `translation: pending`: until it is translated, "
                  f"the {edition.lang} edition shows a page that links this tip (a warning, not an error).")
    print("Replace every TODO, then run `make check`.")
    return 0


def main(argv: list[str] | None = None) -> int:
    from .model.context import ENGINES

    parser = argparse.ArgumentParser(prog="rapport", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="build the site into a folder, atomically")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--out", default="site")
    p.add_argument("--base", default="/", help="the sub-path servers serve the site under, e.g. /training/")
    p.add_argument("--engine", default="mkdocs", choices=ENGINES, help="the engine that renders the pages")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="the live preview: the same build, rebuilt on every save, with problems on the pages")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--engine", default="mkdocs", choices=ENGINES)
    p.set_defaults(func=cmd_serve, out="the preview")
    p = sub.add_parser("check", help="check docs/ and print every finding")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--verbose", action="store_true", help="list every exemption with its reason")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new-tip", help="scaffold a tip page and put it last in the tip order")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--title", required=True)
    p.add_argument("--module", default="", help="the module's folder, in a library of modules")
    p.set_defaults(func=cmd_new_tip)
    args = parser.parse_args(argv)
    from .model import RapportError

    try:
        return args.func(args)
    except RapportError as exc:  # the one error type: a message for the author, never a traceback
        if getattr(exc, "exit_code", 1) == 130:  # interrupted: one line
            print(f"Interrupted ({exc.findings[0].message}); {args.out}/ holds the last complete build.", file=sys.stderr)
            return 130
        print(exc, file=sys.stderr)
        if args.command == "build":
            print(f"\nThe build failed; {args.out}/ was left as it was.", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:  # Ctrl-C outside a build (check, new-tip)
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
