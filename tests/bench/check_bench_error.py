#!/usr/bin/env python3
"""Every benchmark with a main of its own ends a failing run the way the apps do: one error line
on stderr, exit status 1, MPI finalized (no Open MPI banner about a process that exited without
finalizing or called MPI_ABORT). Each is run as a singleton (no mpiexec) with an option value
it refuses while reading its options, so the check takes well under a second per benchmark.

    check_bench_error.py BENCH_DIR
"""
import os
import subprocess
import sys

# the benchmark and an option value it must refuse
CASES = [
    ("bench-da", ["-bench_reps", "x"]),
    ("bench-darcy", ["-bench_reps", "0"]),
    ("bench-dmft", ["-bench_steps", "x"]),
    ("bench-ensemble", ["-bench_part", "nonsense"]),
    ("bench-field", ["-bench_parts", "nonsense"]),
    ("bench-gen", ["-bench_what", "nonsense"]),
    ("bench-pspin", ["-bench_reps", "x"]),
]
BANNER = ("MPI_ABORT", "mpirun", "mpiexec", "prterun", "without calling", "finalize")


def main():
    bench_dir = sys.argv[1]
    failures = 0
    for prog, options in CASES:
        cmd = [os.path.join(bench_dir, prog)] + options
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        banner = [line for line in lines if any(b in line for b in BANNER)]
        ok = r.returncode == 1 and len(lines) == 1 and not banner
        print(("ok    " if ok else "FAIL  ") + f"{' '.join([prog] + options)}: exit {r.returncode}, stderr {lines}")
        failures += not ok
    if failures:
        sys.exit(f"{failures} benchmark(s) did not end with one line and exit status 1")
    print("all checks passed")


if __name__ == "__main__":
    main()
