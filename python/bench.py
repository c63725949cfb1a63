"""lint_many's throughput against the command's, on the same posts.

    cargo build --release -p postlint-bench -p postlint-cli
    target/release/postlint-bench corpus --posts 100000 > posts.jsonl
    python python/bench.py posts.jsonl --cli target/release/postlint

Times, best of --repeat runs each, alternating:
- cli: `postlint check --format json posts.jsonl > /dev/null` (process start,
  reading, linting, the calendar and writing the JSON document);
- lint_many: `Linter.lint_many(records)` on the records already in Python
  as dicts (json.loads, not timed): converting them, linting, the calendar;
- lint_many+json: the same and `Outcome.to_json()`, the CLI's whole job;
- lint_jsonl: `Linter.lint_jsonl(path)`, the file read in Rust.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

# This script's folder holds the package's sources (python/postlint), not the
# built extension: import the installed package.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import postlint  # noqa: E402


def best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("posts", help="a JSONL corpus (postlint-bench corpus)")
    ap.add_argument("--cli", default="postlint", help="the postlint command to compare with")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    with open(args.posts, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    n = len(records)
    linter = postlint.Linter()
    findings = sum(len(p) for p in linter.lint_many(records).posts)

    def cli():
        with open(os.devnull, "wb") as out:
            r = subprocess.run([args.cli, "check", "--format", "json", args.posts], stdout=out)
        assert r.returncode in (0, 1), r.returncode

    runs = {
        "cli": cli,
        "lint_many": lambda: linter.lint_many(records),
        "lint_many+json": lambda: linter.lint_many(records).to_json(),
        "lint_jsonl": lambda: linter.lint_jsonl(args.posts),
    }
    results = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, f in runs.items():
            results[name].append(best(f, 1))
    print(f"{n} posts, {findings} findings, {os.cpu_count()} cores, postlint {postlint.__version__}")
    cli_rate = n / min(results["cli"])
    for name, times in results.items():
        rate = n / min(times)
        print(f"{name:<15} {min(times):6.2f} s  {rate:9,.0f} posts/s  {rate / cli_rate:6.1%} of the CLI")


if __name__ == "__main__":
    main()
