#!/usr/bin/env python3
"""A build host with no internet: the offline kit.

    offline-kit.py make KIT         (online) every wheel in requirements.lock and every npm
                                    tarball in package-lock.json, checked against the locks'
                                    hashes, into KIT/python and KIT/npm
    offline-kit.py npm-install KIT  (offline) check KIT/npm against package-lock.json, then
                                    install exactly those tarballs into node_modules/

The Python side needs no script: with `make site OFFLINE_KIT=KIT`, the Makefile points pip at
KIT/python only (PIP_NO_INDEX, PIP_FIND_LINKS) and pip checks the lock's hashes itself.
Wheels fit one platform: the kit serves machines with the same Debian release, CPU type and
Python version as the one that made it. Standard library only: it runs before any install.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class KitError(Exception):
    pass


NODE_CPU = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def for_this_machine(entry: dict) -> bool:
    """A package for this OS and CPU (esbuild's binary comes in one package per platform, each
    marked `os` and `cpu` in the lock; npm installs only the one that fits, and so do we)."""
    import platform

    fits = lambda wanted, here: not wanted or (here in wanted if not all(w.startswith("!") for w in wanted)  # noqa: E731
                                               else f"!{here}" not in wanted)
    return fits(entry.get("os"), sys.platform) and fits(entry.get("cpu"), NODE_CPU.get(platform.machine().lower(), ""))


def lock_entries() -> list[tuple[str, dict]]:
    """(path, entry) of every package package-lock.json installs on this machine."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return [(path, entry) for path, entry in lock["packages"].items()
            if path and not entry.get("link") and for_this_machine(entry)]


def npm_packages() -> list[tuple[str, str, str]]:
    """(name, version, integrity) of every package package-lock.json installs."""
    found = []
    for path, entry in lock_entries():
        name = path.rsplit("node_modules/", 1)[1]
        if "integrity" not in entry:
            raise KitError(f"package-lock.json: {path} has no integrity hash; run `npm install` to refresh the lock")
        found.append((name, entry["version"], entry["integrity"]))
    return found


def tarball_name(name: str, version: str) -> str:
    """What `npm pack` calls it: @scope/name 1.0.0 -> scope-name-1.0.0.tgz."""
    return f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"


def integrity_of(path: Path, algorithm: str) -> str:
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, path.read_bytes()).digest()).decode()


def checked_tarballs(folder: Path) -> list[Path]:
    """Every tarball the lock names, each matching the lock's hash; one clear error otherwise."""
    tarballs, problems = [], []
    for name, version, integrity in npm_packages():
        tarball = folder / tarball_name(name, version)
        algorithm = integrity.split("-", 1)[0]
        if not tarball.is_file():
            problems.append(f"{tarball} is missing ({name}@{version}); make the kit again with `make offline-kit`")
        elif integrity_of(tarball, algorithm) != integrity:
            problems.append(f"{tarball} does not match the hash in package-lock.json ({name}@{version})")
        else:
            tarballs.append(tarball)
    if problems:
        raise KitError("\n".join(problems))
    return tarballs


def make_kit(kit: Path) -> None:
    if kit.exists():
        shutil.rmtree(kit)
    (kit / "python").mkdir(parents=True)
    (kit / "npm").mkdir()
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                    "--require-hashes", "--no-deps", "--only-binary=:all:",
                    "--requirement", str(ROOT / "requirements.lock"), "--dest", str(kit / "python")], check=True)
    for name, version, _ in npm_packages():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(kit / "npm")],
                       check=True, stdout=subprocess.DEVNULL)
    checked_tarballs(kit / "npm")
    shutil.copy2(ROOT / "requirements.lock", kit / "requirements.lock")
    shutil.copy2(ROOT / "package-lock.json", kit / "package-lock.json")
    wheels = sorted(p.name for p in (kit / "python").iterdir())
    print(f"Wrote {kit}/: {len(wheels)} Python wheels, {len(npm_packages())} npm tarballs "
          f"(for Python {sys.version_info.major}.{sys.version_info.minor} on this CPU and Debian release).")


def npm_install(kit: Path) -> None:
    """Exactly the lock, offline: each package's tarball from the kit (checked against the
    lock's hash) unpacked where package-lock.json puts it, a nested second version included
    (`node_modules/cosmiconfig/node_modules/js-yaml`). No npm, so no registry to ask and no
    install script to run (the build runs none: `npm ci --ignore-scripts`)."""
    import tarfile

    checked_tarballs(kit / "npm")
    target = ROOT / "node_modules"
    if target.exists():
        shutil.rmtree(target)
    for path, entry in lock_entries():
        name = path.rsplit("node_modules/", 1)[1]
        dest = (ROOT / path).resolve()
        if not dest.is_relative_to(target.resolve()):
            raise KitError(f"package-lock.json: {path} is outside node_modules/")
        with tarfile.open(kit / "npm" / tarball_name(name, entry["version"])) as tar:
            members = []
            for member in tar.getmembers():
                parts = member.name.split("/", 1)  # npm packs under package/ (some under another folder)
                if len(parts) < 2 or not parts[1] or not (member.isfile() or member.isdir()):
                    continue
                member.name = parts[1]
                members.append(member)
            tar.extractall(dest, members=members, filter="data")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("make", "npm-install"):
        print(__doc__, file=sys.stderr)
        return 2
    kit = Path(argv[1]).resolve()
    try:
        if argv[0] == "make":
            make_kit(kit)
        else:
            if not kit.is_dir():
                raise KitError(f"OFFLINE_KIT={argv[1]}: no such folder; make one with `make offline-kit` on a "
                               "machine with internet, and copy it here")
            npm_install(kit)
    except KitError as exc:
        print(f"offline kit: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"offline kit: `{' '.join(map(str, exc.cmd[:4]))} …` failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
