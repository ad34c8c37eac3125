"""The data-model dictionary is compiled once and then only loaded (checked on the cache)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "import json, pyo2bias; i = pyo2bias.load_datamodel(); "
    "print(json.dumps({'built': i.built, 'lib': str(i.library), 'key': i.key, 'source': i.source}))"
)


def run_probe() -> dict:
    import json

    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=300, check=True, env=os.environ.copy())  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_second_process_loads_without_compiling(ROOT):
    from pyo2bias import load_datamodel

    info = load_datamodel()  # this process: built or loaded, either way now in the cache
    lib = Path(info.library)
    stamp = lib.stat().st_mtime_ns
    probe = run_probe()
    assert probe == {"built": False, "lib": str(lib), "key": info.key, "source": "own"}
    assert lib.stat().st_mtime_ns == stamp  # not rewritten
    assert (lib.parent / "COMPLETE").exists()


def test_key_changes_with_header_content(ROOT):
    from pyo2bias.rootenv.aclic import content_key

    a = content_key("pyo2bias_datamodel", "src", "MCTrack.h\nint a;")
    b = content_key("pyo2bias_datamodel", "src", "MCTrack.h\nint b;")
    assert a != b
    assert a == content_key("pyo2bias_datamodel", "src", "MCTrack.h\nint a;")


def test_auto_mode_without_o2_uses_own(ROOT, monkeypatch):
    from pyo2bias.datamodel import dictionary

    monkeypatch.delenv("O2_ROOT", raising=False)
    assert dictionary._o2_available() is False
    monkeypatch.setenv("O2_ROOT", "/nonexistent/o2")
    assert dictionary._o2_available() is False  # no libO2SimulationDataFormat anywhere
