#!/usr/bin/env python3
"""`postlint serve` through a real LanguageTool client: language-tool-python
in its remote-server mode, which talks to /v2/languages and /v2/check and
never downloads or starts LanguageTool itself.

    POSTLINT_URL=http://127.0.0.1:8081 python3 tests/languagetool/test_client.py

Plain Python (no pytest): prints one line per test and `N passed, N failed`.
"""

import os
import sys
import tempfile
import traceback

# Where language-tool-python would put a LanguageTool download: an empty
# folder of our own, checked at the end to be still empty.
DOWNLOADS = tempfile.mkdtemp(prefix="ltp-no-download-")
os.environ["LTP_PATH"] = DOWNLOADS

import language_tool_python  # noqa: E402

URL = os.environ.get("POSTLINT_URL", "http://127.0.0.1:8081")
BARE = "Read this: https://example.com/report"


def tool(lang="en-US"):
    return language_tool_python.LanguageTool(lang, remote_server=URL)


def rule_ids(matches):
    return [m.rule_id for m in matches]


def test_finds_a_bare_link():
    with tool() as t:
        matches = t.check(BARE)
    assert "killers/bare-link" in rule_ids(matches), rule_ids(matches)
    m = next(m for m in matches if m.rule_id == "killers/bare-link")
    assert m.category == "KILLERS", m.category
    assert m.rule_issue_type in ("style", "nonconformance"), m.rule_issue_type
    assert "https://example.com/report" in BARE[m.offset:m.offset + m.error_length]
    assert m.message and m.context


def test_emoji_offsets_land_on_the_text():
    # Two emoji of 2 UTF-16 units each before the link: the server counts
    # UTF-16 units as LanguageTool does, and the client turns them into
    # Python's code points; both must agree on where the link is.
    text = "🎉🎉 Big news! " + BARE
    with tool() as t:
        matches = t.check(text)
    m = next(m for m in matches if m.rule_id == "killers/bare-link")
    flagged = text[m.offset:m.offset + m.error_length]
    assert "https://example.com/report" in flagged, repr(flagged)


def test_enabled_only():
    text = "Read this!!! https://example.com/report"
    with tool() as t:
        everything = rule_ids(t.check(text))
        t.enabled_rules = {"killers/bare-link"}
        t.enabled_rules_only = True
        only = rule_ids(t.check(text))
    assert len(everything) > 1, everything
    assert only == ["killers/bare-link"], only


def test_disabled_rules_and_categories():
    text = "Read this!!! https://example.com/report"
    with tool() as t:
        t.disabled_rules = {"killers/bare-link"}
        ids = rule_ids(t.check(text))
        assert "killers/bare-link" not in ids, ids
        t.disabled_rules = set()
        t.disabled_categories = {"KILLERS"}
        ids = rule_ids(t.check(text))
        assert not any(i.startswith("killers/") for i in ids), ids


def test_dutch():
    with tool("nl-NL") as t:
        matches = t.check("Lees dit: https://example.com/rapport")
    assert "killers/bare-link" in rule_ids(matches), rule_ids(matches)


def test_correct_applies_replacements():
    # killers/shouting offers one `!` for `!!!`; the client applies it at the offset given.
    with tool() as t:
        fixed = t.correct("🎉 Read this!!! https://example.com/report")
    assert fixed == "🎉 Read this! https://example.com/report", repr(fixed)


def test_no_languagetool_was_downloaded():
    assert os.listdir(DOWNLOADS) == [], os.listdir(DOWNLOADS)


def main():
    tests = [(k, v) for k, v in globals().items() if k.startswith("test_") and callable(v)]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            passed += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
