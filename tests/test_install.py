"""A stock Debian 12 can install it: the lock installs on Debian's own python3 (3.11.2), and
`make` names the Python floor in one line when the Python is too old."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DEBIAN_PYTHON = Path("/usr/bin/python3")


@pytest.mark.network
def test_a_venv_of_debians_own_python_installs_the_lock(tmp_path):
    if not DEBIAN_PYTHON.exists():
        pytest.fail("/usr/bin/python3 is missing: this test needs Debian's own python3")
    version = subprocess.run([str(DEBIAN_PYTHON), "-c", "import sys; print(sys.version_info[:3])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    venv = tmp_path / "venv"
    subprocess.run([str(DEBIAN_PYTHON), "-m", "venv", str(venv)], check=True, timeout=120)
    proc = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                           "--require-hashes", "--requirement", str(ROOT / "requirements.lock")],
                          capture_output=True, text=True, timeout=900)
    said = "\n".join(l for l in (proc.stdout + proc.stderr).splitlines() if "is ignored: it is neither" not in l)
    assert proc.returncode == 0, f"Debian's python3 {version} cannot install the lock:\n{said[-3000:]}"
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the project
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    proc = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--disable-pip-version-check", str(source)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    proc = subprocess.run([str(venv / "bin" / "rapport"), "check", "--config", str(ROOT / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_make_names_the_python_floor_in_one_line(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'Python 3.9.2'; exit 0; fi\nexit 1\n")
    old.chmod(0o755)
    proc = subprocess.run(["make", "-s", "-C", str(ROOT), f"PYTHON={old}", f"VENV={tmp_path / 'venv'}",
                           f"{tmp_path / 'venv'}/.stamp-base"], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    lines = [l for l in proc.stderr.splitlines() if l.strip() and not l.startswith("make")]
    assert lines == [f"Python 3.11 or newer is needed; '{old}' is Python 3.9.2. On Debian 12: apt-get install python3 "
                     "python3-venv, or make site PYTHON=python3.11"], proc.stderr
    assert not (tmp_path / "venv").exists()


def test_readme_and_pyproject_state_the_floor_the_lock_needs():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11"' in text
    readme = (ROOT / "README.md").read_text()
    assert "Python 3.11" in readme and "3.10+" not in readme
    assert sys.version_info >= (3, 11)


@pytest.mark.parametrize("target, variable", [("site", "BASE"), ("check", "CONFIG"), ("site", "ENGINE")])
def test_make_variables_reach_our_code_as_data_never_as_shell(tmp_path, target, variable):
    marker = tmp_path / "ran"
    for value in (f'/x/"; touch {marker}; echo "', f"/x/$$(touch {marker})/", f"/x/`touch {marker}`/"):
        proc = subprocess.run(["make", "-s", "-C", str(ROOT), target, f"{variable}={value}"],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode != 0, proc.stdout
        assert not marker.exists(), f"{variable}={value!r} ran a command"
        assert "Traceback" not in proc.stderr


def test_make_flags_are_not_expanded_as_make_functions(tmp_path):
    marker = tmp_path / "ran"
    for variable in ("VERBOSE", "OFFLINE_KIT", "BENCH_STRICT"):
        subprocess.run(["make", "-n", "-s", "-C", str(ROOT), "check", f"{variable}=$(shell touch {marker})"],
                       capture_output=True, text=True, timeout=60)
        assert not marker.exists(), variable
