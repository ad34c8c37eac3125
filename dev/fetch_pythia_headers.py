"""Puts the Pythia8 headers of the installed pythia8mc into <venv>/include/pythia8mc-<version>/.

The pythia8mc wheel ships the compiled Pythia8 but no headers; its source distribution on PyPI
has them. pyo2bias compiles a small C++ interface to that same Pythia against them (see
pyo2bias/generators/pythia_native.py). Does nothing when they are already there. On any
failure (no network, no sdist, a full disk) it says so and exits 0: pyo2bias then drives
Pythia8 through its Python binding, which gives the same events, more slowly.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path


def fetch(version: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
               ":all:", "--retries", "1", "--timeout", "30", "-d", tmp,
               f"pythia8mc=={version}"]  # fmt: skip
        subprocess.run(cmd, check=True)
        archives = list(Path(tmp).glob("pythia8mc-*.tar.gz"))
        if len(archives) != 1:
            msg = f"expected one pythia8mc sdist, pip gave {[a.name for a in archives]}"
            raise RuntimeError(msg)
        partial = target.with_name(f"{target.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)  # left by an interrupted run
        with tarfile.open(archives[0]) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and "/include/Pythia8/" in m.name]
            for m in members:
                m.name = "Pythia8/" + m.name.split("/include/Pythia8/", 1)[1]
            tar.extractall(partial, members=members, filter="data")
        if not (partial / "Pythia8" / "Pythia.h").is_file():
            msg = "the sdist has no include/Pythia8/Pythia.h"
            raise RuntimeError(msg)
        try:
            partial.rename(target)
        except OSError:  # another set-up put them there meanwhile
            shutil.rmtree(partial, ignore_errors=True)
            if not (target / "Pythia8" / "Pythia.h").is_file():
                raise


def main() -> int:
    try:
        version = metadata.version("pythia8mc")
    except metadata.PackageNotFoundError:
        return 0
    target = Path(sys.prefix) / "include" / f"pythia8mc-{version}"
    failed = target.with_name(f"{target.name}.failed")  # not retried at every set-up
    if (target / "Pythia8" / "Pythia.h").is_file() or failed.exists():
        return 0
    try:
        fetch(version, target)
    except Exception as err:  # noqa: BLE001 - set-up goes on without the headers
        sys.stderr.write(f"[pyo2bias] no Pythia8 headers for pythia8mc {version} ({err}): "
                         f"Pythia8 stays on its Python binding (slower); remove {failed} "
                         "to try again\n")  # fmt: skip
        try:
            failed.parent.mkdir(parents=True, exist_ok=True)
            failed.write_text(f"{err}\n")
        except OSError:
            pass
        return 0
    sys.stderr.write(f"[pyo2bias] Pythia8 headers of pythia8mc {version} in {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
