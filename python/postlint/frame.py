"""pandas: lint the posts of a DataFrame, one row per finding or per post.

Only imported when used; pandas is the ``postlint[pandas]`` extra."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from postlint import Linter

#: The record fields a DataFrame column can fill, as in a JSONL line.
FIELDS = ("text", "platform", "lang", "kind", "in_reply_to", "media", "scheduled", "id")

FINDING_COLUMNS = ["rule", "severity", "message", "help", "line", "column", "start", "end"]
POST_COLUMNS = [
    "platform",
    "language",
    "kind",
    "length",
    "limit",
    "findings",
    "errors",
    "warnings",
    "suggestions",
    "error",
]


def _values(series: "pandas.Series") -> list:
    """A column as Python values, missing ones (NaN, NA, NaT) as None."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    return series.astype(object).where(series.notna(), None).tolist()


def records(df: "pandas.DataFrame", columns: Dict[str, Optional[str]]) -> List[dict]:
    """The rows of ``df`` as records: field name to value, for the columns
    named in ``columns`` (field -> column; absent columns are skipped)."""
    text = columns.get("text") or "text"
    if text not in df.columns:
        raise KeyError(f"the DataFrame has no text column {text!r}")
    used = {
        field: name
        for field, name in columns.items()
        if name is not None and name in df.columns
    }
    keys = list(used)
    values = [_values(df[name]) for name in used.values()]
    return [dict(zip(keys, row)) for row in zip(*values)]


def lint_frame(
    linter: "Linter",
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
    """Lint every row of ``df``.

    Column arguments name the column that holds each field (``None``, or a
    column the frame does not have: not used). ``per="finding"`` gives one
    row per finding, indexed by the post's row label (``line`` is the row's
    number from 1, as for a JSONL file's records); ``per="post"`` one row
    per input row (same index) with the post's platform, language, length and
    finding counts, and ``error`` for rows that could not be linted.
    """
    import pandas as pd

    if per not in ("finding", "post"):
        from postlint._errors import SettingError

        raise SettingError(f'per must be "finding" or "post", not {per!r}')
    columns = {
        "text": text,
        "platform": platform,
        "lang": lang,
        "kind": kind,
        "in_reply_to": in_reply_to,
        "media": media,
        "scheduled": scheduled,
        "id": id,
    }
    # Records are numbered from 1 like a JSONL file's lines (a finding's
    # `line`); number - 1 is the row's position, which maps back to the index.
    outcome = linter.lint_many(records(df, columns), source="<frame>", start=1)
    positions = [r - 1 for r in outcome.records()]
    if per == "finding":
        cols = outcome.finding_columns()
        post = cols.pop("post")
        labels = df.index.take([positions[i] for i in post])
        out = pd.DataFrame(cols, columns=FINDING_COLUMNS, index=labels)
        out.index.name = df.index.name
        return out
    cols = outcome.post_columns()
    # By position, then the frame's own labels (which need not be unique).
    out = pd.DataFrame(cols, index=positions).reindex(range(len(df)))
    out["error"] = None
    for e in outcome.errors:
        out.at[e.line - 1, "error"] = e.message
    for c in ("length", "limit", "findings", "errors", "warnings", "suggestions"):
        if not out[c].isna().any():
            out[c] = out[c].astype("int64")
    out.index = df.index
    out.index.name = df.index.name
    return out[POST_COLUMNS]
