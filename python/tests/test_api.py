"""The Python API: lint, Linter, rules, findings as values, errors as exceptions."""

from __future__ import annotations

import json
import pickle
import threading
from pathlib import Path

import pytest

import postlint

LINK = "Read this: https://example.com/report"


def test_lint_finds_a_bare_link():
    report = postlint.lint(LINK, platform="x")
    rules = [f.rule for f in report.findings]
    assert "killers/bare-link" in rules
    assert report.platform == "x"
    assert report.kind == "post"
    f = next(f for f in report.findings if f.rule == "killers/bare-link")
    assert f.severity in ("error", "warning", "suggestion")
    assert f.line == 1 and f.column >= 1
    assert 0 <= f.span.start < f.span.end <= len(LINK.encode())
    assert isinstance(f.message, str) and f.message


def test_findings_have_the_json_fields():
    report = postlint.lint(LINK, platform="x")
    doc = json.loads(report.to_json())
    assert [f["rule"] for f in doc["findings"]] == [f.rule for f in report.findings]
    for item, f in zip(doc["findings"], report.findings):
        assert set(item) == {"rule", "severity", "message", "help", "span", "line", "column", "fix"}
        assert item["severity"] == f.severity
        assert item["help"] == f.help
        assert item["span"] == {"start": f.span.start, "end": f.span.end}
        assert (item["line"], item["column"]) == (f.line, f.column)
        if f.fix is None:
            assert item["fix"] is None
        else:
            assert item["fix"]["replacement"] == f.fix.replacement
            assert item["fix"]["safe"] == f.fix.safe
    assert doc["metrics"]["length"] == report.metrics.length
    assert doc["platform"] == report.platform and doc["language"] == report.language


def test_findings_compare_as_values():
    a = postlint.lint(LINK, platform="x").findings
    b = postlint.lint(LINK, platform="x").findings
    assert a == b
    assert "killers/bare-link" in repr(a)


def test_arguments_set_platform_language_kind():
    report = postlint.lint("Thanks for asking! We fixed it.", platform="linkedin", lang="en", kind="reply")
    assert (report.platform, report.language, report.kind) == ("linkedin", "en", "reply")
    assert report.language_detected is False


def test_front_matter_is_read():
    draft = "---\nplatform: mastodon\n---\nHello there, friends of the fediverse.\n"
    report = postlint.lint(draft)
    assert report.platform == "mastodon"
    # Spans and lines point into the draft as given.
    assert all(f.line >= 4 for f in report.findings)


def test_linter_loads_once_and_lints_many_times(tmp_path: Path):
    config = tmp_path / ".postlint.yaml"
    config.write_text("platform: x\nrules:\n  killers/bare-link: off\n")
    linter = postlint.Linter(config)
    for _ in range(3):
        report = linter.lint(LINK)
        assert report.platform == "x"
        assert "killers/bare-link" not in [f.rule for f in report.findings]
    bare = {r.id: r.enabled for r in linter.rules()}
    assert bare["killers/bare-link"] is False
    assert "killers/bare-link" in [f.rule for f in postlint.lint(LINK, platform="x").findings]


def test_lint_with_a_config_path(tmp_path: Path):
    config = tmp_path / ".postlint.yaml"
    config.write_text("rules:\n  killers/bare-link:\n    severity: error\n")
    report = postlint.lint(LINK, platform="x", config=config)
    f = next(f for f in report.findings if f.rule == "killers/bare-link")
    assert f.severity == "error"


def test_enable_and_disable():
    linter = postlint.Linter(disable=["killers/bare-link"], platform="x")
    assert "killers/bare-link" not in [f.rule for f in linter.lint(LINK).findings]


def test_rules_lists_every_rule():
    rules = postlint.rules()
    ids = [r.id for r in rules]
    assert "killers/bare-link" in ids
    assert len(ids) == len(set(ids)) > 10
    r = next(r for r in rules if r.id == "killers/bare-link")
    assert r.pack == "killers" and r.severity in ("error", "warning", "suggestion")
    assert r.message and isinstance(r.languages, list)


def test_lint_many_texts_and_dicts():
    outcome = postlint.Linter().lint_many(
        [LINK, {"text": LINK, "platform": "linkedin", "id": 7}, {"text": "Hoi allemaal!", "lang": "nl"}]
    )
    assert len(outcome) == 3 and len(outcome.posts) == 3
    assert [p.record for p in outcome.posts] == [1, 2, 3]
    assert outcome.posts[1].platform == "linkedin" and outcome.posts[1].id == "7"
    assert outcome.posts[2].language == "nl"
    assert outcome.errors == []


def test_lint_many_10000_records_match_one_by_one():
    texts = [
        f"Post {i}: read https://example.com/{i} now!!!" if i % 3 == 0 else f"Which colour would you pick, {i}?"
        for i in range(10_000)
    ]
    linter = postlint.Linter(platform="x")
    outcome = linter.lint_many(texts)
    assert len(outcome.posts) == 10_000
    assert outcome.errors == []
    for i in (0, 1, 2, 4_999, 9_999):
        single = linter.lint(texts[i])
        assert [f.rule for f in outcome.posts[i].findings] == [f.rule for f in single.findings]
    cols = outcome.finding_columns()
    assert len(cols["rule"]) == sum(len(p) for p in outcome.posts)


def test_lint_many_releases_the_gil():
    """Another Python thread runs while a batch is linted."""
    texts = [f"Read this: https://example.com/{i}" for i in range(20_000)]
    linter = postlint.Linter(platform="x")
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    before = len(ticks)
    linter.lint_many(texts)
    during = len(ticks) - before
    stop.set()
    t.join()
    assert during > 5


def test_outcome_to_json_is_the_cli_document():
    outcome = postlint.Linter().lint_many([{"text": LINK, "platform": "x"}], source="posts.jsonl")
    doc = json.loads(outcome.to_json())
    assert doc["version"] == 1
    assert doc["posts"][0]["source"] == "posts.jsonl"
    assert doc["summary"] == {"records_read": 1, "linted": 1, "errors": 0}
    assert doc["calendar"] is not None


def test_lint_jsonl_matches_lint_many(tmp_path: Path):
    lines = [{"text": LINK, "platform": "x", "id": str(i)} for i in range(50)]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(l) + "\n" for l in lines))
    linter = postlint.Linter()
    from_file = linter.lint_jsonl(path)
    in_memory = linter.lint_many(lines, source=str(path))
    assert from_file.to_json() == in_memory.to_json()


# ---------------------------------------------------------------- errors


def test_bad_config_is_a_config_error_with_the_diagnostic(tmp_path: Path):
    config = tmp_path / ".postlint.yaml"
    config.write_text("platform: x\nrules:\n  killers/bare-lnk: off\n")
    with pytest.raises(postlint.ConfigError) as e:
        postlint.Linter(config)
    text = str(e.value)
    assert "killers/bare-lnk" in text
    assert "did you mean `killers/bare-link`" in text
    assert ".postlint.yaml" in text  # the diagnostic names the file and points into it
    assert "\x1b[" not in text  # no colours
    assert isinstance(e.value, postlint.PostlintError)


def test_unknown_platform_in_config(tmp_path: Path):
    config = tmp_path / ".postlint.yaml"
    config.write_text("platform: myspace\n")
    with pytest.raises(postlint.ConfigError, match="unknown platform `myspace`"):
        postlint.Linter(config)


def test_missing_config_file():
    with pytest.raises(postlint.ConfigError):
        postlint.Linter("/nonexistent/.postlint.yaml")


def test_unknown_rule_id_to_enable():
    with pytest.raises(postlint.SettingError, match="killers/bare-link"):
        postlint.Linter(enable=["killers/bare-lnik"])


def test_unknown_platform_argument():
    with pytest.raises(postlint.SettingError, match="unknown platform"):
        postlint.Linter(platform="myspace")
    with pytest.raises(postlint.SettingError, match="unknown platform `myspace`"):
        postlint.lint("Hello", platform="myspace")
    with pytest.raises(postlint.SettingError, match="kind must be `post` or `reply`"):
        postlint.lint("Hello", kind="story")


def test_invalid_input_raises_input_error():
    with pytest.raises(postlint.InputError) as e:
        postlint.lint("---\nplatform: x\nkind: story\n---\nHello", source="draft.md")
    assert e.value.source == "draft.md"
    assert e.value.line == 3
    assert "kind in front matter must be `post` or `reply`" in e.value.message
    assert str(e.value).startswith("draft.md:3: ")
    assert isinstance(e.value, ValueError)


def test_invalid_records_are_collected_not_raised():
    outcome = postlint.Linter().lint_many(
        [{"text": "Fine post here."}, {"platform": "x"}, {"text": "Bad", "kind": "story"}, {"text": 3}]
    )
    assert len(outcome.posts) == 1
    errors = outcome.errors
    assert [e.line for e in errors] == [2, 3, 4]
    assert all(isinstance(e, postlint.InputError) for e in errors)
    assert "missing text" in errors[0].message
    assert errors[0].source == "<records>"
    pickle.loads(pickle.dumps(errors[0]))


def test_records_of_the_wrong_type():
    with pytest.raises(TypeError):
        postlint.Linter().lint_many([1, 2])


def test_unknown_pack_path():
    with pytest.raises(postlint.PostlintError):
        postlint.Linter(packs=["/nonexistent/pack"])


def test_pillar_drift_reads_tags_and_names_the_month(tmp_path: Path):
    config = tmp_path / ".postlint.yaml"
    config.write_text(
        "pillars:\n"
        "  - name: education\n    share: 40%\n    words: [how to]\n"
        "  - name: promotion\n    share: 20%\n    tags: [promo]\n"
    )
    posts = [
        {
            "text": f"Post {day} of our spring plan.",
            "platform": "linkedin",
            "scheduled": f"2026-03-{day:02d} 09:00",
            "tags": ["promo"] if day <= 6 else "education",
        }
        for day in range(1, 9)
    ]
    outcome = postlint.Linter(config_path=str(config)).lint_many(posts)
    drift = [f for f in outcome.calendar if f.rule == "calendar/pillar-drift"]
    assert len(drift) == 1
    assert drift[0].month == "2026-03"
    assert "promotion 75% (target 20%)" in drift[0].message
    assert [r for _, r in drift[0].records] == [1, 2, 3, 4, 5, 6]
