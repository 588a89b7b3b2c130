#!/usr/bin/python3
"""Every public function has a manual page.

    test_manpages.py ROOT HEADER...   (headers relative to ROOT/include/mckean; "all" for every one)

A public function is a PETSC_EXTERN declaration in a header; its manual page is a PETSc-style
/*@ ... @*/ (or /*@C ... @*/) comment right before its definition in src/, naming the function
and giving its collectivity ("Collective", "Not Collective" or "Logically Collective"), a
"Level:" and a ".seealso:" line. Prints each function without one and exits 1 if any.
"""
import glob
import os
import re
import sys

DECL = re.compile(r"PETSC_EXTERN\s+(?:PetscErrorCode|void|const\s+char\s*\*|PetscReal|int|PetscBool)\s*\**\s*(\w+)\s*\(")


def public_functions(header):
    text = open(header).read()
    return [m.group(1) for m in DECL.finditer(text)]


def definitions(root):
    defs = {}
    for path in glob.glob(os.path.join(root, "src", "**", "*.c"), recursive=True):
        text = open(path).read()
        for m in re.finditer(r"^(?:PetscErrorCode|void|const char \*|PetscReal|int|PetscBool)\s*\**\s*(\w+)\(", text, re.M):
            defs.setdefault(m.group(1), []).append((path, text[: m.start()]))
    return defs


def has_manpage(name, before):
    end = before.rstrip()
    if not end.endswith("@*/"):
        return "no /*@ ... @*/ comment right before the definition"
    start = end.rfind("/*@")
    page = end[start:]
    if not re.search(r"^\s*%s\s+-\s+\S" % re.escape(name), page, re.M):
        return "the manual page does not start with '%s - <summary>'" % name
    for need, what in ((r"Collective", "its collectivity"), (r"Level:", "a Level: line"), (r"\.seealso:", "a .seealso: line")):
        if not re.search(need, page):
            return "the manual page has no %s" % what
    return None


def main():
    root, headers = sys.argv[1], sys.argv[2:]
    if headers == ["all"]:
        headers = sorted(os.path.basename(h) for h in glob.glob(os.path.join(root, "include", "mckean", "*.h")))
    defs = definitions(root)
    missing = []
    count = 0
    for h in headers:
        for name in public_functions(os.path.join(root, "include", "mckean", h)):
            if name.endswith("_Private") or name not in defs:
                continue  # macros' helpers; inline or undefined declarations are not pages
            count += 1
            why = has_manpage(name, defs[name][0][1])
            if why:
                missing.append("%s (%s): %s" % (name, h, why))
    for m in missing:
        print(m)
    print("%d public functions checked, %d without a manual page" % (count, len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
