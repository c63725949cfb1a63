"""Shared fixtures: where the wheel's `postlint` command is, and the
repository's own `postlint` binary when one was built (for comparisons)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def command() -> str:
    """The `postlint` the package installed beside this interpreter."""
    here = Path(sys.executable).parent / ("postlint.exe" if os.name == "nt" else "postlint")
    found = str(here) if here.exists() else shutil.which("postlint")
    assert found, "the package's `postlint` command is not installed"
    return found


@pytest.fixture(scope="session")
def cargo_binary() -> "str | None":
    """A `postlint` binary built by cargo (POSTLINT_BINARY, or target/)."""
    env = os.environ.get("POSTLINT_BINARY")
    if env and Path(env).exists():
        return env
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        p = target / profile / "postlint"
        if p.exists():
            return str(p)
    return None
