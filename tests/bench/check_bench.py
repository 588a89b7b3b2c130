#!/usr/bin/env python3
"""Run a benchmark (program or script) at a tiny size and check what it prints, not its timings:
every line that looks like JSON (optionally after a "json: " prefix) must parse, the machine line
(CPU model and instruction set) must be there, and so must every expected "bench" name.

    check_bench.py --expect langevin,triad -- mpiexec -n 1 bench-langevin -bench_n 2000 ...
"""
import argparse
import json
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", default="", help="comma-separated bench names that must appear")
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=a.timeout)
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        print(f"FAIL  {cmd[0]} exited with {r.returncode}")
        return 1
    objs, bad = [], []
    for line in r.stdout.splitlines():
        s = line[len("json: "):] if line.startswith("json: ") else line
        if s.startswith("{"):
            try:
                objs.append(json.loads(s))
            except json.JSONDecodeError as e:
                bad.append(f"{s[:80]}... ({e})")
    names = {o.get("bench") for o in objs}
    machine = [o for o in objs if o.get("bench") == "machine"]
    missing = [n for n in a.expect.split(",") if n and n not in names]
    ok = not bad and not missing and machine and all(m.get("cpu") and m.get("isa") for m in machine)
    print(f"{'PASS' if ok else 'FAIL'}  {len(objs)} JSON lines, benches {sorted(n for n in names if n)}; "
          f"unparsable {len(bad)}, missing {missing}, machine lines {len(machine)}")
    for b in bad:
        print("  unparsable:", b)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
