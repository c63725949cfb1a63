"""Lint a partitioned JSONL data set on a Dask cluster.

    python dask_lint.py 'posts/part-*.jsonl' --workers 2 > findings.jsonl
    python dask_lint.py 'posts/part-*.jsonl' --single   > same-findings.jsonl

Each worker process loads its `postlint.Linter` once, when it starts (a
worker plugin); every partition on that worker reuses it, and `lint_many`
lints the partition on all the worker's cores with the GIL released. The
output is one JSON line per post, sorted by the records' `id`, and is the
same as a single-process run (`--single`).

Posts' own findings do not depend on the other posts. Calendar rules do
(gaps, overposting): they see one partition at a time here, so this example
leaves them out; lint a whole calendar in one `lint_many` call.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Iterable, List, Optional

import postlint


def post_rows(outcome: "postlint.Outcome") -> List[dict]:
    """One row per post: its id and findings, with positions in its text."""
    return [
        {
            "id": p.id,
            "platform": p.platform,
            "language": p.language,
            "findings": [
                [f.rule, f.severity, f.span.start, f.span.end, f.column, f.message]
                for f in p.findings
            ],
        }
        for p in outcome.posts
    ]


def lint_lines(linter: "postlint.Linter", lines: Iterable[str]) -> List[dict]:
    records = [json.loads(line) for line in lines if line.strip()]
    return post_rows(linter.lint_many(records))


def single_process(pattern: str, config: Optional[str]) -> List[dict]:
    import glob

    linter = postlint.Linter(config)
    rows: List[dict] = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            rows.extend(lint_lines(linter, f))
    return rows


def on_dask(pattern: str, config: Optional[str], workers: int, blocksize: str) -> List[dict]:
    import dask.bag as db
    from dask.distributed import Client, LocalCluster, WorkerPlugin, get_worker

    class LoadLinter(WorkerPlugin):
        """Loads the worker's Linter once, when the worker starts."""

        name = "postlint"

        def __init__(self, config: Optional[str]) -> None:
            self.config = config

        def setup(self, worker) -> None:
            worker.postlint_linter = postlint.Linter(self.config)
            worker.postlint_loads = getattr(worker, "postlint_loads", 0) + 1

    def lint_partition(lines: List[str]) -> List[dict]:
        return lint_lines(get_worker().postlint_linter, lines)

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        client.register_plugin(LoadLinter(config))
        bag = db.read_text(pattern, blocksize=blocksize)
        rows = bag.map_partitions(lint_partition).compute()
        loads = client.run(lambda dask_worker: dask_worker.postlint_loads)
        print(
            f"{bag.npartitions} partitions on {len(loads)} workers; "
            f"linters loaded per worker: {sorted(loads.values())}",
            file=sys.stderr,
        )
    return rows


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pattern", help="JSONL files, e.g. 'posts/part-*.jsonl'")
    ap.add_argument("--config", help="a .postlint.yaml")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocksize", default="64MiB", help="bytes per partition")
    ap.add_argument("--single", action="store_true", help="no Dask: one process")
    args = ap.parse_args(argv)
    if args.single:
        rows = single_process(args.pattern, args.config)
    else:
        rows = on_dask(args.pattern, args.config, args.workers, args.blocksize)
    for row in sorted(rows, key=lambda r: str(r["id"])):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
