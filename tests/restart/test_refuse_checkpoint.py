#!/usr/bin/env python3
"""A checkpoint of another configuration or another McKean version is refused: non-zero exit,
one "<app>: error:" line naming what differs (the option or the version, with both values),
no run file written, the checkpoint left as it was.

    test_refuse_checkpoint.py --app PATH --mpiexec PATH --case option|version|unversioned

  option       the run continues with another -lgv_temperature;
  version      the checkpoint says it was written by McKean 0.0.0-other;
  unversioned  the checkpoint records no version (written before versions were recorded).
The bad-input machinery (runner, the one-message rule, "nothing left behind") is tests/mckcli.py.
"""
import os
import sys

import h5py

import mckcli
from mckcli import check, refused_restart

BASE = ["-particles_n", "100", "-lgv_steps", "5", "-progress_interval", "0"]
CONFIG = "/checkpoint/config"
VERSION = "mckean_version"
OTHER_VERSION = "0.0.0-other"


def write_checkpoint(runner, cwd):
    r = runner.run(BASE + ["-lgv_dt", "0.01", "-checkpoint_interval", "5", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: the run writing a.chk.h5 failed")
    with h5py.File(os.path.join(cwd, "a.chk.h5"), "r") as f:
        v = f[CONFIG].attrs.get(VERSION)
    check(v is not None, "the checkpoint records no %s in %s" % (VERSION, CONFIG))
    return v.decode() if isinstance(v, bytes) else str(v)


def restart(runner, cwd, extra, option, value, allowed):
    args = ["-particles_n", "100", "-lgv_steps", "10", "-progress_interval", "0", "-lgv_dt", "0.01",
            "-output", "b.h5", "-restart", "a.chk.h5"] + extra
    refused_restart(runner, cwd, args, option, value, allowed, "b.h5")


def case_option(runner, cwd):
    write_checkpoint(runner, cwd)
    restart(runner, cwd, ["-lgv_temperature", "2"], "-lgv_temperature", "2", [r"(?<![\w.])1(?![\w.])"])


def set_version(cwd, value):
    with h5py.File(os.path.join(cwd, "a.chk.h5"), "r+") as f:
        if value is None:
            del f[CONFIG].attrs[VERSION]
        else:
            f[CONFIG].attrs[VERSION] = value


def case_version(runner, cwd):
    mine = write_checkpoint(runner, cwd)
    set_version(cwd, OTHER_VERSION)
    restart(runner, cwd, [], "-restart", "a.chk.h5", [OTHER_VERSION.replace(".", r"\."), mine.replace(".", r"\."), r"version"])


def case_unversioned(runner, cwd):
    write_checkpoint(runner, cwd)
    set_version(cwd, None)
    restart(runner, cwd, [], "-restart", "a.chk.h5", [r"no McKean version"])


CASES = {"option": case_option, "version": case_version, "unversioned": case_unversioned}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
