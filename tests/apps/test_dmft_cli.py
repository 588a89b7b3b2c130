#!/usr/bin/env python3
"""CLI tests of mckean-dmft: every bad input gives a non-zero exit, one "mckean-dmft: error:"
line naming the option, the bad value and what is allowed, and no output file (the checker is
tests/mckcli.py). An option of a solver or model that was not chosen is refused like a typo.

    test_dmft_cli.py --app PATH --mpiexec PATH --case NAME

"ok" and "help" are the positive controls.
"""
import sys

import mckcli

BASE = ["-dmft_steps", "20", "-progress_interval", "0"]
# each solver's own options: an option of a solver (or model) that was not chosen is unused
SOLVER = {"population": ["-dmft_population", "100", "-dmft_max_it", "3"], "stationary": [], "network": ["-dmft_n", "40"]}


def simple_case(extra, option, value, allowed=(), solver="population"):
    return mckcli.refused(BASE + SOLVER[solver], extra, option, value, allowed)


def case_ok(runner, cwd):
    for solver, opts in SOLVER.items():
        r = runner.run(BASE + opts + ["-dmft_solver", solver, "-output", f"{solver}.h5"], cwd)
        mckcli.expect_ran(r, cwd, f"{solver}.h5")


def case_help(runner, cwd):
    r = runner.run(["-help"], cwd)
    mckcli.expect_help(r, cwd, ("-dmft_g", "-dmft_solver"))

CASES = {
    "g_zero": simple_case(["-dmft_g", "0"], "-dmft_g", "0", [r"positive"]),
    "g_negative": simple_case(["-dmft_g", "-1.5"], "-dmft_g", "-1.5", [r"positive"]),
    "steps_memory": simple_case(["-dmft_steps", "1000000"], "-dmft_steps", "1000000", [r"\d GB"]),
    "network_memory": simple_case(["-dmft_solver", "network", "-dmft_n", "3000000"], "-dmft_n", "3000000", [r"\d GB", r"ranks"], solver="network"),
    "not_positive_definite": simple_case(["-dmft_steps", "100", "-dmft_population", "20", "-dmft_jitter", "0"], "-dmft_population", "20",
                                         [r"not positive definite", r"-dmft_jitter"]),
    "activation_unknown": simple_case(["-dmft_activation", "softsign"], "-dmft_activation", "softsign", [r"tanh", r"erf", r"relu"]),
    "solver_unknown": simple_case(["-dmft_solver", "cavity"], "-dmft_solver", "cavity", [r"population", r"stationary", r"network"]),
    "stationary_noise": simple_case(["-dmft_solver", "stationary", "-dmft_noise", "0.5"], "-dmft_noise", "0.5", [r"population"], solver="stationary"),
    "model_unknown": simple_case(["-dmft_model", "sk"], "-dmft_model", "sk", [r"scs", r"pspin"]),
    "checkpoint_not_iterative": simple_case(["-dmft_solver", "stationary", "-checkpoint_interval", "2"], "-checkpoint_interval", "2",
                                            [r"not iterative", r"population", r"network", r"pspin"], solver="stationary"),
    # options belong to the type that reads them: the population's option with another solver,
    # and the scs model's option with the pspin model, are unused, hence refused like a typo
    "unused_solver_option": simple_case(["-dmft_solver", "stationary", "-dmft_population", "500"], "-dmft_population", "500", [], solver="stationary"),
    "unused_model_option": mckcli.refused(["-dmft_model", "pspin", "-pspin_steps", "20", "-progress_interval", "0"], ["-dmft_g", "2"], "-dmft_g", "2"),
    "ok": case_ok,
    "help": case_help,
}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
