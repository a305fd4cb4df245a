"""Independent PDFs rendered side by side: each job runs in its own worker process (spawned,
so it starts clean and shares nothing), as many as the machine has cores and memory for.
Every job renders from its own inputs alone (fresh fonts, no state kept between documents),
so the bytes are the same whether one process or several did the work."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Sequence

PER_WORKER = 1_000_000_000  # bytes of memory one WeasyPrint render of a large book may take


def available_memory() -> int | None:
    """MemAvailable from /proc/meminfo (Linux), in bytes; None elsewhere."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def worker_count(jobs: int) -> int:
    """As many workers as cores, jobs and memory allow (at least one)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    memory = available_memory()
    by_memory = max(1, memory // PER_WORKER) if memory is not None else cores
    return max(1, min(cores, jobs, by_memory))


def _call(job: tuple[Callable[..., Any], tuple]) -> Any:
    fn, args = job
    return fn(*args)


def run_all(fn: Callable[..., Any], jobs: Sequence[tuple], workers: int | None = None) -> list[Any]:
    """`fn(*args)` for each args of `jobs`, in order; in worker processes when more than one
    worker is allowed (`workers`: how many at most; None: worker_count). `fn` must be a
    module-level function, its arguments and result picklable. An exception in a job is
    raised here, as it would be in one process."""
    count = min(workers, len(jobs)) if workers is not None else worker_count(len(jobs))
    if count <= 1 or not spawnable():
        return [fn(*args) for args in jobs]
    from ..pipeline.build import signals_deferred

    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
            futures: list = []
            try:
                with signals_deferred():  # each worker starts whole (Ctrl-C then stops the build, quietly)
                    futures += [pool.submit(_call, (fn, tuple(args))) for args in jobs]
                return [future.result() for future in futures]
            finally:
                for future in futures:  # stopped: the jobs not started yet never start
                    future.cancel()
    except BrokenProcessPool:  # a worker was killed (out of memory, a signal): one by one, here
        return [fn(*args) for args in jobs]


def spawnable() -> bool:
    """Whether a spawned worker can start: it imports the program's main module again, which
    needs a file or a module name (not `python -c` or a script read from standard input)."""
    main = sys.modules.get("__main__")
    return getattr(main, "__spec__", None) is not None or Path(getattr(main, "__file__", "") or "").is_file()
