"""postlint: a linter for social media posts.

The same rules, findings and errors as the ``postlint`` command, from Python::

    import postlint

    report = postlint.lint("Read this: https://example.com/report", platform="x")
    for f in report.findings:
        print(f.rule, f.severity, f.line, f.column, f.message)

    linter = postlint.Linter("team/.postlint.yaml")   # load once
    outcome = linter.lint_many(records)                # all cores, GIL released

See docs/python.md.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

from postlint import _native
from postlint._errors import (
    ConfigError,
    InputError,
    PackError,
    PostlintError,
    RuleError,
    SettingError,
)
from postlint._native import (
    CalendarFinding,
    Finding,
    Fix,
    Metrics,
    Outcome,
    Report,
    Rule,
    Span,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__version__: str = _native.__version__

PathLike = Union[str, "os.PathLike[str]"]


class Linter(_native.Linter):
    """A project's rule set (a config file, packs), loaded once, and the
    defaults for posts that do not say their platform, language or kind."""

    def lint_frame(
        self,
        df: "pandas.DataFrame",
        text: str = "text",
        platform: Optional[str] = "platform",
        lang: Optional[str] = "lang",
        kind: Optional[str] = "kind",
        in_reply_to: Optional[str] = "in_reply_to",
        media: Optional[str] = "media",
        scheduled: Optional[str] = "scheduled",
        id: Optional[str] = None,
        per: str = "finding",
    ) -> "pandas.DataFrame":
        """Lint a DataFrame's posts; see ``postlint.frame.lint_frame``."""
        from postlint.frame import lint_frame

        return lint_frame(
            self,
            df,
            text=text,
            platform=platform,
            lang=lang,
            kind=kind,
            in_reply_to=in_reply_to,
            media=media,
            scheduled=scheduled,
            id=id,
            per=per,
        )


@functools.lru_cache(maxsize=8)
def _linter(config: Optional[str]) -> Linter:
    return Linter(config)


def lint(
    text: str,
    platform: Optional[str] = None,
    lang: Optional[str] = None,
    kind: Optional[str] = None,
    in_reply_to: Optional[str] = None,
    config: Optional[PathLike] = None,
    *,
    media: Optional[bool] = None,
    source: str = "<text>",
) -> Report:
    """Lint one draft (plain text, or Markdown with front matter) with the
    built-in rules, or those of ``config`` (a ``.postlint.yaml``; loaded once
    and kept)."""
    linter = _linter(None if config is None else os.fspath(config))
    return linter.lint(
        text,
        platform=platform,
        lang=lang,
        kind=kind,
        in_reply_to=in_reply_to,
        media=media,
        source=source,
    )


def rules(
    config: Optional[PathLike] = None, packs: Optional[Sequence[PathLike]] = None
) -> "list[Rule]":
    """Every rule the built-in packs, ``config`` and ``packs`` (paths) define,
    with whether it is on."""
    return _native.rules(
        None if config is None else os.fspath(config),
        None if packs is None else [os.fspath(p) for p in packs],
    )


def main(argv: Optional[Iterable[str]] = None) -> int:
    """Run the ``postlint`` command in this process; returns its exit code."""
    import sys

    return _native.main(list(sys.argv[1:] if argv is None else argv))


__all__ = [
    "lint",
    "rules",
    "main",
    "Linter",
    "Report",
    "Finding",
    "Span",
    "Fix",
    "Metrics",
    "Outcome",
    "CalendarFinding",
    "Rule",
    "PostlintError",
    "ConfigError",
    "PackError",
    "RuleError",
    "SettingError",
    "InputError",
]
