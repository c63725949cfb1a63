"""pandas: lint_frame per finding and per post."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")

import postlint  # noqa: E402

LINK = "Read this: https://example.com/report"


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "text": [LINK, "Which colour would you pick?", LINK, "Broken"],
            "platform": ["x", "x", None, "x"],
            "kind": ["post", None, "post", "story"],
            "author": ["a", "b", "c", "d"],
        },
        index=pd.Index([10, 11, 12, 13], name="post_id"),
    )


def test_per_finding(frame):
    linter = postlint.Linter()
    out = linter.lint_frame(frame)
    assert list(out.columns) == ["rule", "severity", "message", "help", "line", "column", "start", "end"]
    assert out.index.name == "post_id"
    assert set(out.index) <= {10, 11, 12}
    bare = out[out["rule"] == "killers/bare-link"]
    assert set(bare.index) == {10, 12}
    # The same findings as one by one.
    expected = [f.rule for f in linter.lint(LINK, platform="x").findings]
    assert list(out.loc[[10], "rule"]) == expected


def test_per_post(frame):
    out = postlint.Linter().lint_frame(frame, per="post")
    assert list(out.index) == [10, 11, 12, 13]
    assert out.loc[10, "platform"] == "x"
    assert out.loc[10, "findings"] >= 1
    assert out.loc[10, "findings"] == out.loc[10, ["errors", "warnings", "suggestions"]].sum()
    assert out.loc[13, "error"] and "kind" in out.loc[13, "error"]
    assert out.loc[10, "error"] is None


def test_column_names_and_unused_columns(frame):
    renamed = frame.rename(columns={"text": "body", "platform": "network"})
    out = postlint.Linter().lint_frame(renamed, text="body", platform="network", kind=None, per="post")
    assert out.loc[11, "platform"] == "x"
    assert out["error"].isna().all()


def test_missing_text_column(frame):
    with pytest.raises(KeyError):
        postlint.Linter().lint_frame(frame, text="body")


def test_bad_per(frame):
    with pytest.raises(postlint.SettingError):
        postlint.Linter().lint_frame(frame, per="row")


def test_duplicate_index_labels():
    df = pd.DataFrame({"text": [LINK, LINK]}, index=["same", "same"])
    out = postlint.Linter(platform="x").lint_frame(df, per="post")
    assert list(out.index) == ["same", "same"]
    assert (out["findings"] >= 1).all()


def test_positions_are_in_the_text_and_line_is_the_row_number(frame):
    out = postlint.Linter().lint_frame(frame)
    bare = out[out["rule"] == "killers/bare-link"]
    assert list(bare["line"]) == [1, 3]
    for label, row in bare.iterrows():
        text = frame.loc[label, "text"].encode()
        assert 0 <= row["start"] < row["end"] <= len(text)
