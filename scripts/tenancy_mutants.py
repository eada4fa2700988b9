"""Mutation check for tenancy: remove one district filter at a time and see a test turn red.

For every call of `.in_district(…)`, `get_in_district(…)` and `ensure_in_district(…)` in the app code
(not tests, not core/tenancy.py), this writes a mutant without that scoping, runs the tenancy walk
plus the tests of the mutated app (stopping at the first failure), and restores the file. A mutant that
leaves every test green "survived": that district filter is not covered by any test.

    .venv/bin/python scripts/tenancy_mutants.py [--only PATH_SUBSTRING]

Prints one line per mutant and a summary; exits 1 if any mutant survived.
"""

from __future__ import annotations

import argparse
import io
import re
import signal
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(
    r"\.in_district\((?P<a>[^()]*)\)|(?<![\w.])get_in_district\(|(?<![\w.])ensure_in_district\("
)


def _close(src: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(src)):
        if src[i] == "(":
            depth += 1
        elif src[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced")


def _code_only(src: str) -> list[tuple[int, int]]:
    """Character spans of strings and comments (a call named in a docstring is no call)."""
    lines = src.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    spans = []
    for token in tokenize.generate_tokens(io.StringIO(src).readline):
        if token.type in (tokenize.STRING, tokenize.COMMENT):
            (srow, scol), (erow, ecol) = token.start, token.end
            spans.append((offsets[srow - 1] + scol, offsets[erow - 1] + ecol))
    return spans


def mutants(src: str):
    """(line number, mutated source) for each scoping call."""
    skip = _code_only(src)
    for match in CALL.finditer(src):
        if any(start <= match.start() < end for start, end in skip):
            continue
        line = src.count("\n", 0, match.start()) + 1
        text = match.group(0)
        if text.startswith(".in_district("):
            yield line, src[: match.start()] + ".all()" + src[match.end() :]
        elif text.startswith("get_in_district("):
            open_at = match.end() - 1
            close_at = _close(src, open_at)
            args = src[open_at + 1 : close_at]
            first, _district, *rest = [a.strip() for a in _split(args)]
            unscoped = (
                f"(lambda __qs, **__kw: (__qs.all() if hasattr(__qs, 'all') else __qs._default_manager.all())"
                f".get(**__kw))({first}, {', '.join(rest)})"
            )
            yield line, src[: match.start()] + unscoped + src[close_at + 1 :]
        else:
            open_at = match.end() - 1
            close_at = _close(src, open_at)
            yield line, src[: match.start()] + "(lambda *a, **k: None)()" + src[close_at + 1 :]


def _split(args: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in args:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


def _pytest(*args):
    return subprocess.run(  # noqa: S603 — our own test command
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    options = parser.parse_args()
    files = [
        p
        for p in sorted((ROOT / "madang").rglob("*.py"))
        if "/tests/" not in str(p)
        and "/migrations/" not in str(p)
        and p.name != "tenancy.py"
        and options.only in str(p)
    ]
    survived, killed = [], 0
    for path in files:
        original = path.read_text()
        app = path.relative_to(ROOT / "madang").parts[0]
        for line, mutated in mutants(original):
            path.write_text(mutated)
            signal.signal(signal.SIGTERM, lambda *_, p=path, o=original: (p.write_text(o), sys.exit(143)))
            try:
                # the walk first (fast); only a mutant it misses runs the app's own tests
                result = _pytest("madang/core/tests/test_tenancy.py")
                if result.returncode == 0:
                    result = _pytest("-n", "2", f"madang/{app}/tests")
            finally:
                path.write_text(original)
            where = f"{path.relative_to(ROOT)}:{line}"
            if result.returncode == 0:
                survived.append(where)
                print(f"SURVIVED  {where}", flush=True)
            else:
                killed += 1
                failed = [ln for ln in result.stdout.splitlines() if ln.startswith("FAILED")][:1]
                print(f"killed    {where}  {failed[0] if failed else ''}", flush=True)
    print(f"\n{killed} killed, {len(survived)} survived")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
