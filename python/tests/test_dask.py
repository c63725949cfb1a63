"""The documented Dask example: a LocalCluster with 2 worker processes
lints a partitioned JSONL; the result equals a single-process run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_lint.py"

TEXTS = [
    "Read this: https://example.com/report/{i}",
    "Which colour would you pick for post {i}? Tell us below!",
    "BIG NEWS!!! Our sale {i} ends TONIGHT, don't miss out, act now!!!",
    "Wij zijn trots op ons team: bedankt voor alle hulp bij project {i}.",
    "Thanks to everyone who came to meetup {i}. Slides: https://example.org/s/{i}",
]
PLATFORMS = ["x", "linkedin", "mastodon", "instagram"]


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("posts")
    n = 0
    for part in range(3):
        with open(d / f"part-{part}.jsonl", "w", encoding="utf-8") as f:
            for _ in range(400):
                rec = {"id": f"{n:05d}", "text": TEXTS[n % len(TEXTS)].format(i=n), "platform": PLATFORMS[n % 4]}
                f.write(json.dumps(rec) + "\n")
                n += 1
    return d


def run_example(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, timeout=300
    )


def test_dask_equals_single_process(parts: Path):
    pattern = str(parts / "part-*.jsonl")
    single = run_example(pattern, "--single")
    assert single.returncode == 0, single.stderr
    dask = run_example(pattern, "--workers", "2", "--blocksize", "16KiB")
    assert dask.returncode == 0, dask.stderr
    rows = [json.loads(l) for l in dask.stdout.splitlines()]
    assert len(rows) == 1200
    assert sum(len(r["findings"]) for r in rows) > 0
    assert dask.stdout == single.stdout
    # More partitions than workers, and each worker loaded one Linter.
    assert "linters loaded per worker: [1, 1]" in dask.stderr
    parts_line = dask.stderr.strip().splitlines()[-1]
    assert int(parts_line.split()[0]) > 2, parts_line


def test_docs_show_the_tested_example():
    docs = Path(__file__).resolve().parents[2] / "docs" / "python.md"
    text = docs.read_text(encoding="utf-8")
    code = EXAMPLE.read_text(encoding="utf-8")
    start = code.index("def on_dask(")
    end = code.index("\n\n\ndef main(")
    assert code[start:end] in text, "docs/python.md must show examples/dask_lint.py's on_dask as it is"
