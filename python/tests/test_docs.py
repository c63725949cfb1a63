"""docs/python.md: every ```python block runs, in order, in one namespace,
in an empty folder; a block followed by "prints:" prints exactly the
```text block after it. Blocks after a `<!-- not run` comment are skipped."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "python.md"
FENCE = re.compile(r"(<!-- not run[^\n]*\n)?```(\w+)\n(.*?)```\n(\nprints:\n\n```text\n(.*?)```\n)?", re.S)


def blocks():
    text = DOC.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        skipped, lang, code, _, prints = m.groups()
        if lang == "python" and not skipped:
            yield code, prints


def test_docs_python_blocks_run(tmp_path: Path):
    pytest.importorskip("pandas")
    found = list(blocks())
    assert len(found) >= 5
    namespace: dict = {}
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        for code, prints in found:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, str(DOC), "exec"), namespace)
            if prints is not None:
                assert out.getvalue() == prints, code
    finally:
        os.chdir(old)
