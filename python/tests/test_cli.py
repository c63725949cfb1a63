"""The `postlint` command the wheel installs: arguments, stdin, stdout,
stderr and exit codes as the Rust binary's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

LINK = "Read this: https://example.com/report\n"


def run(cmd, *args, stdin=None, cwd=None):
    return subprocess.run(
        [cmd, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_version(command):
    r = run(command, "--version")
    assert r.returncode == 0
    assert r.stdout.startswith("postlint ")


def test_check_a_draft_file(command, tmp_path: Path):
    draft = tmp_path / "draft.md"
    draft.write_text("---\nplatform: x\n---\n" + LINK)
    r = run(command, "check", "--format", "line", str(draft), cwd=tmp_path)
    assert "killers/bare-link" in r.stdout
    assert r.returncode in (0, 1)
    clean = tmp_path / "clean.md"
    clean.write_text("Thank you all for coming to the meetup last night.\n")
    r = run(command, "check", "--fail-level", "error", "--format", "json", str(clean), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["posts"][0]["source"].endswith("clean.md")


def test_stdin_json(command, tmp_path: Path):
    r = run(command, "check", "--platform", "x", "--format", "json", "-", stdin=LINK, cwd=tmp_path)
    doc = json.loads(r.stdout)
    assert doc["posts"][0]["source"] == "<stdin>"
    assert "killers/bare-link" in [f["rule"] for f in doc["posts"][0]["findings"]]


def test_usage_error_exit_2_on_stderr(command):
    r = run(command, "chek")
    assert r.returncode == 2
    assert r.stdout == ""
    assert "chek" in r.stderr


def test_bad_config_exit_2(command, tmp_path: Path):
    (tmp_path / ".postlint.yaml").write_text("rules:\n  killers/bare-lnk: off\n")
    r = run(command, "check", "-", stdin=LINK, cwd=tmp_path)
    assert r.returncode == 2
    assert "did you mean `killers/bare-link`" in r.stderr


def test_rules_list_through_a_closed_pipe(command):
    r = subprocess.run(f"'{command}' rules list | head -n 1", shell=True, capture_output=True, text=True)
    assert r.stdout.startswith("rule")
    assert "panicked" not in r.stderr


@pytest.mark.parametrize(
    "args,stdin",
    [
        (["--version"], None),
        (["check", "--platform", "x", "--format", "json", "-"], LINK),
        (["check", "--platform", "linkedin", "-"], LINK),
        (["check", "--kind", "story", "-"], LINK),
        (["rules", "explain", "killers/bare-link"], None),
        (["rules", "explain", "killers/nope"], None),
        (["nonsense"], None),
    ],
)
def test_same_as_the_cargo_binary(command, cargo_binary, tmp_path: Path, args, stdin):
    if cargo_binary is None:
        pytest.skip("no cargo-built postlint binary to compare with")
    a = run(command, *args, stdin=stdin, cwd=tmp_path)
    b = run(cargo_binary, *args, stdin=stdin, cwd=tmp_path)
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


def test_main_in_process(capfd):
    import postlint

    assert postlint.main(["--version"]) == 0
    assert capfd.readouterr().out.startswith("postlint ")


def test_outcome_json_is_the_commands_document(command, tmp_path: Path, monkeypatch):
    import postlint

    texts = [LINK.strip(), "Which colour would you pick?", "BUY NOW!!! LAST CHANCE!!!"]
    with open(tmp_path / "posts.jsonl", "w", encoding="utf-8") as f:
        for i in range(30):
            rec = {"id": i, "text": texts[i % 3], "platform": ["x", "linkedin"][i % 2],
                   "scheduled": f"2026-03-{1 + i // 3:02d} 09:{i % 3 * 10:02d}"}
            f.write(json.dumps(rec) + "\n")
        f.write("{not json}\n")
    r = run(command, "check", "--format", "json", "posts.jsonl", cwd=tmp_path)
    assert r.returncode == 2  # the input error
    monkeypatch.chdir(tmp_path)
    outcome = postlint.Linter().lint_jsonl("posts.jsonl")
    assert len(outcome.errors) == 1 and outcome.calendar is not None
    assert r.stdout.rstrip("\n") == outcome.to_json().rstrip("\n")
