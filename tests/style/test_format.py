#!/usr/bin/python3
"""The C sources are formatted by the project's .clang-format.

    test_format.py ROOT

Runs clang-format (version 14, Debian 12's, which scripts/setup.sh installs: another version
formats some constructs differently) in --dry-run --Werror mode on every .c and .h file under
src, include, apps, tests, bench and python, and prints the files it would change with the command that
fixes them. Exits 77 (skipped) when clang-format 14 is not installed.
"""
import glob
import os
import shutil
import subprocess
import sys

DIRS = ("src", "include", "apps", "tests", "bench", "python")


def clang_format():
    for name in ("clang-format-14", "clang-format"):
        exe = shutil.which(name)
        if exe:
            out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
            if "version 14." in out:
                return exe
    return None


def main():
    root = os.path.abspath(sys.argv[1])
    exe = clang_format()
    if not exe:
        print("SKIP: clang-format 14 not found (scripts/setup.sh installs it)")
        return 77
    files = sorted(f for d in DIRS for ext in ("c", "h") for f in glob.glob(os.path.join(root, d, "**", "*." + ext), recursive=True))
    # one process for every file (one per file takes minutes on a loaded machine); each file it
    # would change is named in its "path:line:col: error: code should be clang-formatted" lines
    out = subprocess.run([exe, "--dry-run", "--Werror", "--style=file"] + files, capture_output=True, text=True, cwd=root)
    bad = sorted({line.split(":")[0] for line in out.stderr.splitlines() if "code should be clang-formatted" in line})
    if out.returncode != 0 and not bad:
        print("FAIL: clang-format failed: %s" % out.stderr.strip()[:2000])
        return 1
    for f in bad:
        print("not formatted: %s" % os.path.relpath(f, root))
    if bad:
        print("FAIL: %d of %d files; fix with: %s -i --style=file %s" % (len(bad), len(files), os.path.basename(exe), " ".join(os.path.relpath(f, root) for f in bad[:5]) + (" ..." if len(bad) > 5 else "")))
        return 1
    print("PASS: %d files formatted" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
