#!/usr/bin/env python3
"""Write a synthetic library of modules, for `make bench` and the tests: N modules of M tips,
every tip passing every check (objectives, minutes, card line, two questions, a scenario).

    python scripts/make-library.py --modules 50 --tips 6 --out /tmp/library

The project uses this repository's theme overrides and npm files (by absolute path and a
link), so it builds like the real site.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKILLS = ["listen", "ask", "wait", "name a strength", "sum up", "check in", "slow down", "say thanks",
          "share options", "plan ahead"]

TIP = """---
title: {title}
summary: Practise how to {skill} with the people you support.
card: "{card}"
reviewed: 2026-11-01
objectives:
  - Use one way to {skill} in your next meeting.
  - Notice how the person responds when you {skill}.
frameworks: [oars/reflections]
minutes: 10
---

# {title}

People want to be heard. When you {skill}, they know you care.

## Why it matters

- A person who feels heard is more likely to come back.
- You learn what matters to them.

!!! try-this "Try saying"
    - "Tell me more about that."

!!! watch-out "Watch out"
    Do not fill every pause. Give them time.

!!! in-practice "In practice"
    Sam waits while Jo finds the words. Jo says more than she planned.

!!! reflect "Reflect"
    When did someone last really listen to you?

## Check yourself

/// question | Jo stops talking. What do you do?
    id: {slug}-1

//// option | Wait and let her go on.
    correct: true
Yes. A pause gives her room.
////

//// option | Move on to the next form.
That tells her the form matters more.
////
///

/// question | Which reply shows you heard him?
    id: {slug}-2

//// option | "You want to find work close to home."
    correct: true
Yes. You say back what he said.
////

//// option | "Let us talk about your goals."
That skips what he just told you.
////
///

/// question | Kai pauses mid-story. What do you do?
    id: {slug}-final-1
    final: true
    objective: 1

//// option | Wait for him.
    correct: true
Yes. The pause is his.
////

//// option | Ask your next question.
That takes the turn from him.
////

//// option | Sum up what he said so far.
Summing up is good, but not while he is still finding words.
////
///

/// question | Lee smiles when you say back what he told you. What does it show?
    id: {slug}-final-2
    final: true
    objective: 2

//// option | He felt heard.
    correct: true
Yes. A smile often says the words landed.
////

//// option | He wants to end the meeting soon.
Nothing he did says so.
////

//// option | He is just being polite to you.
Maybe, but his smile came when he heard his own words.
////
///

/// scenario | Ana says she is tired of being asked the same things.
    id: {slug}-3
What could you say next?

//// answer
"That sounds hard. What would help today?"
////
///

## Learn more

- SAMHSA. *Guiding principles of recovery*. 2012.
"""

INDEX = """---
title: Module {n}
summary: The tips of module {n} of the library.
card:
  title: Module {n}
  subtitle: "{{Count}} ways to earn trust"
  reminder: The person decides. You listen.
  questions_title: Ask yourself
  questions:
    - Did I listen?
    - Did I ask?
    - Did I leave them with hope?
  source: A synthetic library for the benchmark
---

# Module {n}

This module has {tips} tips.
"""

PAGE = """---
title: {title}
summary: The {what} of module {n}.
---

# {title}

{body}

<!-- {marker} -->
"""


def write(out: Path, modules: int, tips: int) -> Path:
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    nav = ["nav:", "  - Home: index.md"]
    for m in range(1, modules + 1):
        slug = f"module-{m:02d}"
        (docs / slug / "tips").mkdir(parents=True)
        (docs / slug / "index.md").write_text(INDEX.format(n=m, tips=tips), encoding="utf-8")
        nav += [f"  - Module {m}:", f"      - {slug}/index.md"]
        for t in range(1, tips + 1):
            skill = SKILLS[(m + t) % len(SKILLS)]
            tip_slug = f"m{m:02d}-tip-{t:02d}"
            text = TIP.format(title=f"Tip {t} of module {m}", skill=skill, slug=tip_slug,
                              card=f"Tip {t}: {skill} with care.")
            (docs / slug / "tips" / f"{tip_slug}.md").write_text(text, encoding="utf-8")
            nav.append(f"      - {slug}/tips/{tip_slug}.md")
        for name, title, what, marker, body in [
                ("pocket-card", "Pocket card", "pocket card", "pocket-card", "Keep the tips with you."),
                ("final-check", "Final check", "final check", "final-check", "Answer every question, then score it."),
                ("certificate", "Certificate", "certificate", "certificate", "Print it when you pass.")]:
            (docs / slug / f"{name}.md").write_text(
                PAGE.format(title=title, what=what, n=m, body=body, marker=marker), encoding="utf-8")
            nav.append(f"      - {title}: {slug}/{name}.md")
    (docs / "index.md").write_text("---\ntitle: Home\nsummary: A synthetic library for the benchmark.\n---\n\n"
                                   f"# A library of {modules} modules\n\nEach module has {tips} tips.\n", encoding="utf-8")
    config = (ROOT / "tests" / "fixtures" / "tiny" / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_name: Tiny Training", "site_name: Synthetic Library")
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = config[:config.index("  card:\n")] + "\n".join(nav) + "\n"
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    (out / "node_modules").symlink_to(ROOT / "node_modules")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--tips", type=int, default=6)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(write(args.out, args.modules, args.tips))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
