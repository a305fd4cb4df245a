"""What a build publishes besides the pages, one module (or small package) each, and the one
list of steps every profile runs (rapport.pipeline.steps.Step says how each is declared):

| step | per edition | profiles |
| --- | --- | --- |
| not_found_step (404.html under the sub-path) | yes | site, preview |
| minify_step (our scripts and styles, with esbuild) | yes | site, preview, lms |
| card_step (pocket card PDFs) ⇣ | yes | site, preview |
| paper_step (handbook, handouts, sheets) ⇣ | yes | site, preview |
| slides_step (a deck per session plan: HTML, PDF, presenter notes) ⇣ | yes | site, preview |
| meta_policy_step (the CSP in every page; a package's own in it) | no | site |
| lms_package_step (SCORM 1.2 per edition and module: one more engine run, profile lms) ⇣ | yes | site, preview |
| zip_step (the offline zip) ⇣ | no | site, preview |
| stand_in_step (a pages-first preview: the last preview's downloads) | no | preview, pages first only |
| check_sizes_step (every download's size filled) ⇣ | no | site, preview |
| checksums_step (SHA256SUMS) ⇣ | no | site, preview |
| headers_step (server files) | no | site, preview |
| service_worker_step (sw.js) | no | site, preview |
| panel_step (the preview's problems on every page) | no | preview |

⇣ makes the downloads: a preview that serves its pages first (rapport.pipeline.preview) leaves
it to the whole build that follows.
"""

from __future__ import annotations

from ..pipeline.steps import ALL, PAGES, Step
from .card import card_step
from .checksums import checksums_step
from .csp import meta_policy_step
from .hosting import headers_step, not_found_step
from .lms import lms_package_step
from .minify import minify_step
from .offline_zip import zip_step
from .panel import panel_step
from .paper import paper_step
from .service_worker import service_worker_step
from .slides import slides_step
from .sizes import check_sizes_step, stand_in_step

STEPS: tuple[Step, ...] = (
    Step(not_found_step, per_edition=True),
    Step(minify_step, per_edition=True, profiles=ALL),
    Step(card_step, per_edition=True, downloads=True),
    Step(paper_step, per_edition=True, downloads=True),
    Step(slides_step, per_edition=True, downloads=True),
    Step(meta_policy_step, profiles=frozenset({"site"})),
    Step(lms_package_step, per_edition=True, downloads=True),
    Step(zip_step, downloads=True),
    Step(stand_in_step, profiles=frozenset({"preview"}), stand_in=True),
    Step(check_sizes_step, downloads=True),
    Step(checksums_step, downloads=True),
    Step(headers_step),
    Step(service_worker_step),
    Step(panel_step, profiles=frozenset({"preview"}), after_failure=True),
)

__all__ = ["PAGES", "STEPS", "Step"]
