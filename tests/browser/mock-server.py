#!/usr/bin/env python3
"""Dev-only stand-in for `postlint serve`: serves the page's assets and the
API by running the postlint binary. Python standard library only.

    python3 tests/browser/mock-server.py [--port 8765] [--postlint PATH]

Environment: POSTLINT_BIN (the binary, default `postlint` on PATH),
MOCK_DELAY_MS (delay every /api/v1/check answer, to try out stale answers).

API (the same the real server offers):
  GET  /api/v1/rules  -> {"rules": [...], "platforms": [...]}
  POST /api/v1/check  {"text", "platform", "kind", "lang", "in_reply_to"}
                      or {"records", "format": "csv"|"jsonl"}
                      -> the JSON of `postlint check --format json`
  Errors: HTTP 400/500 with {"error": "message"}.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ASSETS = ROOT / "crates" / "postlint-serve" / "assets"
CORE_RULES = ROOT / "rules" / "core" / "core.rules"

CONTENT_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
PLATFORMS = ["x", "linkedin", "facebook", "instagram", "mastodon", "bluesky", "threads", "tiktok"]
MAX_BODY = 5 * 1024 * 1024

POSTLINT = os.environ.get("POSTLINT_BIN", "postlint")
DELAY = int(os.environ.get("MOCK_DELAY_MS", "0") or 0) / 1000.0
_rules_cache = None
_rules_lock = threading.Lock()


def run_postlint(args, stdin=b"", cwd=None):
    proc = subprocess.run([POSTLINT, *args], input=stdin, capture_output=True, cwd=cwd, timeout=60)
    return proc


def parse_explain(text):
    """`postlint rules explain ID`: header, Message:, Help:, then the
    rationale up to Parameters:/Fires on:/Passes:."""
    out = {"message": "", "help": "", "rationale": ""}
    lines = text.splitlines()
    rationale = []
    state = "head"
    for line in lines[1:]:
        if state == "head":
            if line.startswith("Message:"):
                out["message"] = line[len("Message:"):].strip()
            elif line.startswith("Help:"):
                out["help"] = line[len("Help:"):].strip()
            elif line.strip() == "" and out["help"]:
                state = "rationale"
        elif state == "rationale":
            if re.match(r"^(Parameters|Fires on|Passes):", line):
                break
            rationale.append(line)
    paras = "\n".join(rationale).strip().split("\n\n")
    out["rationale"] = "\n\n".join(" ".join(p.split()) for p in paras if p.strip())
    return out


def parse_platforms():
    """The platform declarations of rules/core/core.rules."""
    platforms = []
    try:
        src = CORE_RULES.read_text(encoding="utf-8")
    except OSError:
        src = ""
    for m in re.finditer(r"^platform\s+(\S+)\s*\{(.*?)^\}", src, re.S | re.M):
        p = {"id": m.group(1)}
        for line in m.group(2).splitlines():
            kv = re.match(r"\s*(\w+):\s*(.+?)\s*$", line)
            if not kv:
                continue
            key, val = kv.groups()
            if val.startswith('"') and val.endswith('"'):
                val = val[1:-1]
            elif re.fullmatch(r"\d+", val):
                val = int(val)
            p[key] = val
        platforms.append(p)
    if not platforms:  # no rules folder: the ids only, names capitalised
        platforms = [{"id": p, "name": p.capitalize()} for p in PLATFORMS]
    return platforms


def rules_json():
    global _rules_cache
    with _rules_lock:
        if _rules_cache is not None:
            return _rules_cache
        proc = run_postlint(["rules", "list"])
        rules = []
        for line in proc.stdout.decode().splitlines()[1:]:
            cols = line.split()
            if len(cols) < 4:
                continue
            # rule, severity, pack, [langs], on
            rid, sev, pack = cols[0], cols[1], cols[2]
            langs = cols[3].split(",") if len(cols) == 5 else []
            enabled = cols[-1] == "yes"
            rule = {"id": rid, "severity": sev, "pack": pack, "languages": langs, "enabled": enabled}
            ex = run_postlint(["rules", "explain", rid])
            rule.update(parse_explain(ex.stdout.decode()))
            rules.append(rule)
        _rules_cache = {"rules": rules, "platforms": parse_platforms()}
        return _rules_cache


def check_json(body):
    with tempfile.TemporaryDirectory(prefix="postlint-mock-") as tmp:
        if "records" in body:
            fmt = body.get("format", "csv")
            if fmt not in ("csv", "jsonl"):
                return 400, {"error": "format must be csv or jsonl"}
            path = os.path.join(tmp, "calendar." + fmt)
            with open(path, "w", encoding="utf-8") as f:
                f.write(str(body["records"]))
            proc = run_postlint(["check", "--format", "json", path], cwd=tmp)
        else:
            text = body.get("text")
            if not isinstance(text, str):
                return 400, {"error": "text (a string) or records is required"}
            args = ["check", "--format", "json"]
            platform = body.get("platform")
            if platform:
                args += ["--platform", str(platform)]
            kind = body.get("kind")
            if kind:
                if kind not in ("post", "reply"):
                    return 400, {"error": "kind must be post or reply"}
                args += ["--kind", kind]
            lang = body.get("lang")
            if lang:
                args += ["--lang", str(lang)]
            reply = body.get("in_reply_to")
            if isinstance(reply, str) and reply.strip():
                rpath = os.path.join(tmp, "in-reply-to.txt")
                with open(rpath, "w", encoding="utf-8") as f:
                    f.write(reply)
                args += ["--reply-to", rpath]
            proc = run_postlint(args, stdin=text.encode("utf-8"), cwd=tmp)
        try:
            out = json.loads(proc.stdout.decode("utf-8"))
        except ValueError:
            msg = proc.stderr.decode("utf-8", "replace").strip() or "postlint gave no JSON"
            return 400, {"error": msg}
        # Report the upload by a neutral name, not the temp path.
        for post in out.get("posts", []):
            if post.get("source", "").startswith(tmp):
                post["source"] = "calendar." + body.get("format", "csv")
        for err in out.get("errors", []):
            if err.get("source", "").startswith(tmp):
                err["source"] = "calendar." + body.get("format", "csv")
        cal = out.get("calendar")
        if cal:
            for f in cal.get("findings", []):
                for r in f.get("records", []):
                    if r.get("source", "").startswith(tmp):
                        r["source"] = "calendar." + body.get("format", "csv")
        return 200, out


class Handler(BaseHTTPRequestHandler):
    server_version = "postlint-mock"

    def log_message(self, fmt, *args):
        if os.environ.get("MOCK_QUIET") != "1":
            sys.stderr.write("%s %s\n" % (self.command, fmt % args))

    def send(self, status, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        name = {"/": "index.html", "/index.html": "index.html", "/app.js": "app.js", "/app.css": "app.css"}.get(path)
        if name:
            try:
                data = (ASSETS / name).read_bytes()
            except OSError:
                return self.send(404, {"error": "asset missing: " + name})
            return self.send(200, data, CONTENT_TYPES[name])
        if path == "/api/v1/rules":
            return self.send(200, rules_json())
        self.send(404, {"error": "not found"})

    def do_POST(self):
        if self.path.split("?", 1)[0] != "/api/v1/check":
            return self.send(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self.send(413, {"error": "request too large"})
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return self.send(400, {"error": "the body must be a JSON object"})
        if DELAY:
            time.sleep(DELAY)
        try:
            status, out = check_json(body)
        except (OSError, subprocess.SubprocessError) as e:
            status, out = 500, {"error": str(e)}
        self.send(status, out)


def main():
    global POSTLINT
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--postlint", default=POSTLINT, help="the postlint binary")
    args = ap.parse_args()
    POSTLINT = args.postlint
    if not shutil.which(POSTLINT) and not os.path.exists(POSTLINT):
        sys.exit("postlint binary not found: %s (use --postlint or POSTLINT_BIN)" % POSTLINT)
    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    print("mock postlint serve on http://%s:%d/" % (args.host, args.port), flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
