#!/usr/bin/python3
"""No statement between an options block's begin and end returns without ending the block.

    test_options_blocks.py ROOT

PetscOptionsBegin() and PetscObjectOptionsBegin() allocate the block's title and prefix, which
PetscOptionsEnd() frees: a PetscCall() or PetscCheck() that returns an error from inside the block
leaks them, so a refused option would leave memory behind. Inside a block the library and the apps
use MckOptionsCall() and MckOptionsCheck() (mckean.h), which end the block first. Prints each
offending line of ROOT/src and ROOT/apps and exits 1 if any.
"""
import glob
import os
import re
import sys

BEGIN = re.compile(r"^\s*(PetscOptionsBegin|PetscObjectOptionsBegin)\([^)]")
END = re.compile(r"^\s*PetscOptionsEnd\(\);")
# what returns from the function without ending the block (a break inside the block's own loops
# does not: it is not listed)
RETURNS = re.compile(r"\b(PetscCall\w*|PetscCheck|PetscAssert|PetscValid\w*|SETERRQ|PetscFunctionReturn)\(|\b(return|goto)\b")


def offending_lines(path):
    inside, found = None, []
    for number, line in enumerate(open(path), 1):
        if BEGIN.search(line):
            inside = number
        elif END.search(line):
            inside = None
        elif inside and RETURNS.search(line):
            found.append((number, line.strip()))
    if inside:
        found.append((inside, "an options block without PetscOptionsEnd() in the same function"))
    return found


def main(root):
    paths = sorted(glob.glob(os.path.join(root, "src", "**", "*.c"), recursive=True) +
                   glob.glob(os.path.join(root, "apps", "*.c")))
    bad = [(p, n, text) for p in paths for n, text in offending_lines(p)]
    for path, number, text in bad:
        print("%s:%d: %s (inside an options block: use MckOptionsCall/MckOptionsCheck)"
              % (os.path.relpath(path, root), number, text))
    print("%d files checked, %d offending lines" % (len(paths), len(bad)))
    return 1 if bad or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
