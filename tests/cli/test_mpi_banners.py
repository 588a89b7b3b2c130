"""scripts/mckean_mpi.py: the output of a failed job as the Python scripts (compare_decks, scaling,
study_chaos.py) show it keeps the app's lines and mpiexec's reports of a signal, and drops Open
MPI's banners about the failure itself -- measured on this machine's mpiexec, and on the texts
Open MPI 4.1 prints for MPI_Abort and for a signal.
    test_mpi_banners.py SOURCE_DIR MPIEXEC"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(sys.argv[1], "scripts"))
from mckean_mpi import without_mpi_banners  # noqa: E402
from mcktest import check, finish  # noqa: E402

RULE = "-" * 74 + "\n"
APP = "mckean-twin: error: unknown option -ens_sizee 3 (did you mean -ens_size?)\n"

# this machine's mpiexec, two processes that fail as an app does after its one error line
r = subprocess.run([sys.argv[2], "-n", "2", "sh", "-c", "printf '%s' \"$0\" >&2; exit 1", APP],
                   capture_output=True, text=True)
check(r.returncode != 0, "the failing job exits non-zero (%d)" % r.returncode)
check(without_mpi_banners(r.stderr) in (APP, APP * 2),
      "a job failing with exit 1 shows its error line only:\n" + without_mpi_banners(r.stderr))

aborted = APP + RULE + """MPI_ABORT was invoked on rank 1 in communicator MPI_COMM_WORLD
with errorcode 1.

NOTE: invoking MPI_ABORT causes Open MPI to kill all MPI processes.
You may or may not see output from other processes, depending on
exactly when Open MPI kills them.
""" + RULE + """[vm:05157] 1 more process has sent help message help-mpi-api.txt / mpi-abort
[vm:05157] Set MCA parameter "orte_base_help_aggregate" to 0 to see all help / error messages
"""
check(without_mpi_banners(aborted) == APP, "MPI_Abort's banner is dropped:\n" + without_mpi_banners(aborted))

signal = RULE + """mpiexec noticed that process rank 0 with PID 0 on node vm exited on signal 11 (Segmentation fault).
""" + RULE
segv = "[vm:05125] *** Process received signal ***\n" + RULE + """\
Primary job  terminated normally, but 1 process returned
a non-zero exit code. Per user-direction, the job has been aborted.
""" + RULE + signal
check(without_mpi_banners(segv) == "[vm:05125] *** Process received signal ***\n" + signal,
      "of a signal, the process's line and mpiexec's report are kept, the banner dropped:\n"
      + without_mpi_banners(segv))

missing = RULE + "mpiexec was unable to launch the specified application as it could not access\n" + RULE
check(without_mpi_banners(missing) == missing, "the report of a missing executable is kept")
check(without_mpi_banners("a\n" + RULE + "b") == "a\n" + RULE + "b", "an unclosed block is kept")
finish()
