"""Issue 17: a build host with no internet. `make offline-kit` (online) gathers every wheel and
npm tarball the lock files name; a fresh copy of the project then builds with
`make site OFFLINE_KIT=...` inside `unshare -n` (no network at all) and gets the same site as a
normal build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BASE, ROOT


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fresh_copy(dest: Path) -> Path:
    """A clone of this project, with any change not yet committed laid over it (on CI, none)."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--modified", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


def clean_env() -> dict[str, str]:
    """The environment of someone at a shell: no virtualenv of ours, no pip settings of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTEST"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(str(ROOT / ".venv")))
    return env


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    kit = tmp_path_factory.mktemp("kit") / "offline-kit"
    proc = subprocess.run(["make", "-C", str(ROOT), "--no-print-directory", "offline-kit", f"KIT={kit}"],
                          capture_output=True, text=True, env=clean_env(), timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return kit


def test_the_kit_holds_every_package_the_locks_name(kit):
    wheels = {p.name.split("-")[0].lower().replace("_", "-") for p in (kit / "python").glob("*.whl")}
    pinned = {line.split("==")[0] for line in (ROOT / "requirements.lock").read_text().splitlines()
              if "==" in line and not line.startswith((" ", "#"))}
    assert pinned and pinned == wheels
    lock = json.loads((ROOT / "package-lock.json").read_text())
    # One tarball per name and version: a package the lock holds twice (nested) is one file; of a
    # package made for one OS and CPU (esbuild's binary), the one for this machine alone.
    import importlib.util

    spec = importlib.util.spec_from_file_location("offline_kit", ROOT / "scripts" / "offline-kit.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    packages = {(k.rsplit("node_modules/", 1)[1], v["version"]) for k, v in lock["packages"].items()
                if k and script.for_this_machine(v)}
    elsewhere = [k for k, v in lock["packages"].items() if k and not script.for_this_machine(v)]
    assert elsewhere and all("@esbuild/" in k for k in elsewhere), "the other platforms' esbuild, left out"
    names = {p.name for p in (kit / "npm").glob("*.tgz")}
    assert len(names) == len(packages) > 0 and not [n for n in names if n.startswith("esbuild-") and "linux-x64" not in n
                                                    and n != f"esbuild-{lock['packages']['node_modules/esbuild']['version']}.tgz"]


def test_a_tampered_tarball_is_refused_by_name(kit, tmp_path):
    copy = tmp_path / "kit"
    shutil.copytree(kit, copy)
    tarball = next((copy / "npm").glob("iframe-worker-*.tgz"))
    tarball.write_bytes(tarball.read_bytes() + b"\0")
    proc = subprocess.run(["python3", str(ROOT / "scripts" / "offline-kit.py"), "npm-install", str(copy)],
                          capture_output=True, text=True, env=clean_env())
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert tarball.name in proc.stderr and "does not match the hash in package-lock.json" in proc.stderr


def test_a_fresh_copy_builds_from_the_kit_with_no_network_the_same_site(kit, built_site, tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not permitted here, so a network-less build cannot be tried")
    project = fresh_copy(tmp_path / "project")
    proc = subprocess.run(["unshare", "-n", "make", "-C", str(project), "--no-print-directory", "site",
                           f"BASE={BASE}", f"OFFLINE_KIT={kit}"],
                          capture_output=True, text=True, env=clean_env(), timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    ours, normal = tree(project / "site"), tree(built_site)
    assert sorted(ours) == sorted(normal), set(ours) ^ set(normal)
    differ = [rel for rel in normal if ours[rel] != normal[rel]]
    assert differ == [], f"files that differ from a normal build: {differ}"


def test_a_missing_kit_is_one_clear_message(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    (project / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "offline-kit.py", project / "scripts")
    proc = subprocess.run(["make", "-C", str(project), "--no-print-directory", ".venv/.stamp-site",
                           f"OFFLINE_KIT={tmp_path / 'nowhere'}"], capture_output=True, text=True, env=clean_env())
    assert proc.returncode != 0
    assert f"OFFLINE_KIT={tmp_path / 'nowhere'}: no kit there; make one with `make offline-kit`" in proc.stderr


def test_two_clones_on_differently_prepared_hosts_build_the_same_bytes(built_site, tmp_path):
    """Another folder, another time zone, locale, umask and home, no cache at all: every file of
    the site is byte for byte the one the normal build made (the PDFs' fonts, the zips, sw.js,
    SHA256SUMS included)."""
    project = fresh_copy(tmp_path / "elsewhere")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    env = dict(clean_env(), TZ="America/Los_Angeles", LANG="es_MX.UTF-8", LC_ALL="C.UTF-8", HOME=str(tmp_path / "home"))
    proc = subprocess.run(["bash", "-c", f'umask 027 && "$0" -m rapport.cli build --config mkdocs.yml --out site --base {BASE}',
                           str(ROOT / ".venv" / "bin" / "python")],
                          cwd=project, capture_output=True, text=True, env=env, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    ours, normal = tree(project / "site"), tree(built_site)
    assert sorted(ours) == sorted(normal), set(ours) ^ set(normal)
    differ = [rel for rel in normal if ours[rel] != normal[rel]]
    assert differ == [], f"files that differ between the two hosts: {differ}"
