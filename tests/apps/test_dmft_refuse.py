#!/usr/bin/env python3
"""mckean-dmft refuses a p-spin checkpoint continued with another -pspin_temperature: non-zero
exit, one "mckean-dmft: error:" line naming the option and both temperatures, no run file
written, the checkpoint left as it was (the checker is tests/mckcli.py). The stationary
solver's refusal of -checkpoint_interval is a CLI case (cli.dmft.checkpoint_not_iterative).

    test_dmft_refuse.py --app PATH --mpiexec PATH --case pspin_temperature
"""
import os
import sys

import mckcli

PSPIN = ["-dmft_model", "pspin", "-pspin_steps", "40", "-pspin_tmax", "2", "-pspin_temperature", "0.5", "-progress_interval", "0"]


def case_pspin_temperature(runner, cwd):
    r = runner.run(PSPIN + ["-checkpoint_interval", "10", "-output", "a.h5"], cwd)
    mckcli.check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: the p-spin run writing a.chk.h5 failed")
    mckcli.refused_restart(runner, cwd, PSPIN + ["-pspin_temperature", "0.7", "-output", "b.h5", "-restart", "a.chk.h5"],
                           "-pspin_temperature", "0.7", [r"(?<![\w.])0\.5(?![\w.])"], "b.h5")


if __name__ == "__main__":
    sys.exit(mckcli.main({"pspin_temperature": case_pspin_temperature}))
