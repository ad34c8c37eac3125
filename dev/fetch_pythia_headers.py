"""Puts the Pythia8 headers of the installed pythia8mc into <venv>/include/pythia8mc-<version>/.

The pythia8mc wheel ships the compiled Pythia8 but no headers; its source distribution on PyPI
has them. pyo2bias compiles a small C++ interface to that same Pythia against them (see
pyo2bias/generators/pythia_native.py). Does nothing when they are already there; without
network or sdist it says so and exits 0: pyo2bias then uses pythia8mc's Python binding only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path


def main() -> int:
    try:
        version = metadata.version("pythia8mc")
    except metadata.PackageNotFoundError:
        return 0
    target = Path(sys.prefix) / "include" / f"pythia8mc-{version}"
    if (target / "Pythia8" / "Pythia.h").exists():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
               ":all:", "-d", tmp, f"pythia8mc=={version}"]  # fmt: skip
        if subprocess.run(cmd, check=False).returncode != 0:
            sys.stderr.write(f"[pyo2bias] could not download the pythia8mc {version} sdist: "
                             "Pythia8 stays on its Python binding (slower)\n")
            return 0
        (archive,) = Path(tmp).glob("pythia8mc-*.tar.gz")
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)  # left by an interrupted run
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and "/include/Pythia8/" in m.name]
            for m in members:
                m.name = "Pythia8/" + m.name.split("/include/Pythia8/", 1)[1]
            tar.extractall(partial, members=members, filter="data")
        partial.rename(target)
    sys.stderr.write(f"[pyo2bias] Pythia8 headers of pythia8mc {version} in {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
