"""Shared fixtures: a project-local compile cache, ROOT with the data model, the real O2 sample."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
# One compile cache for the whole session (and later local runs); CI starts with none.
os.environ.setdefault("PYO2BIAS_CACHE_DIR", str(PROJECT / "build" / "test-cache"))
os.environ.setdefault("PYO2BIAS_DATAMODEL", "own")

REAL_DATA = PROJECT.parent / "shared" / "data" / "o2-real-2021"
MACROS = PROJECT / "macros"


@pytest.fixture(scope="session")
def ROOT():
    from pyo2bias.datamodel import load_datamodel
    from pyo2bias.rootenv import import_root

    load_datamodel()
    return import_root()


@pytest.fixture(scope="session")
def real_prefix() -> str:
    """Prefix of the real 2021 O2 files; skips when ../shared is not beside the project."""
    if not (REAL_DATA / "o2sim_Kine.root").exists():
        pytest.skip(
            f"real O2 sample not found at {REAL_DATA} (../shared is absent in a user's clone)"
        )
    return str(REAL_DATA / "o2sim")
