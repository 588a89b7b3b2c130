"""The output of a failed MPI job as McKean's Python scripts show it: without the banners Open MPI's
mpiexec adds about the failure itself ("Primary job terminated normally, but 1 process returned a
non-zero exit code", "mpiexec detected that one or more processes exited with non-zero status",
"MPI_ABORT was invoked"), which follow the app's own one-line error and bury it. mpiexec's other
reports (a missing executable, a process killed by a signal) are kept: they are the only account
of those failures. The scripts capture the output, so the text is filtered after the job; a job a
script runs in the user's terminal uses mckean_mpiexec (scripts/env.sh) instead."""
import re

_RULE = re.compile(r"^-{20,}\s*$")
_BANNERS = ("terminated normally, but", "exited with non-zero status", "MPI_ABORT was invoked")
# the lines Open MPI adds when it folds one help message of several processes into one
_FOLDED = re.compile(r"^\[[^\]]*\] (\d+ more process(es)? ha(s|ve) sent help message|Set MCA parameter "
                     r"\"orte_base_help_aggregate\")")


def without_mpi_banners(text):
    """text without Open MPI's blocks (between two rules of dashes) about the job's failure."""
    out, block = [], None
    for line in text.splitlines(keepends=True):
        if block is not None:
            block.append(line)
            if _RULE.match(line):
                if not any(b in "".join(block) for b in _BANNERS):
                    out.extend(block)
                block = None
        elif _RULE.match(line):
            block = [line]
        elif not _FOLDED.match(line):
            out.append(line)
    out.extend(block or [])
    return "".join(out)
