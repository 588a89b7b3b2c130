/* A minimal McKean app for the failure tests of the io layer (test_io_failures.py): claims its
 * outputs as the run driver does, writes a run file with a checkpoint in the middle, and fails
 * where it is told to.
 *
 *   io_writer -output F -checkpoint C [-fail MODE] [-fail_rank R] [-sleep S] [-record_signals]
 *
 * MODE: none; user (a user error, collective, after the run file was opened); rank (an error on
 * rank R alone while the others wait in a collective: McKeanMain aborts the job); checkpoint
 * (the same, while the checkpoint is being written); -sleep S waits S seconds (with the files
 * open) before finishing, for the tests that kill the job or start a second one;
 * -record_signals makes the ranks that wait only record SIGINT, SIGTERM and SIGHUP, as a run's
 * time loop does (src/run/signals.c): the job's end then comes from SIGKILL alone. */
#include <mckean/mckio.h>
#include <signal.h>
#include <unistd.h>

static const char help[] = "io layer failure test program\n";

static volatile sig_atomic_t signal_seen;

static void RecordSignal(int signum) { signal_seen = signum; }

static PetscErrorCode FailHere(MPI_Comm comm, const char mode[], const char here[], PetscMPIInt fail_rank,
                               PetscBool record)
{
  PetscMPIInt rank;
  PetscBool   same;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(mode, here, &same));
  if (!same) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCheck(rank != fail_rank, PETSC_COMM_SELF, PETSC_ERR_LIB, "io_writer: failing on rank %d alone (-fail %s)", rank,
             mode);
  if (record) {
    const int        signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction act;

    memset(&act, 0, sizeof(act));
    act.sa_handler = RecordSignal;
    sigemptyset(&act.sa_mask);
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) (void)sigaction(signals[i], &act, NULL);
  }
  PetscCallMPI(MPI_Barrier(comm)); /* the others wait here until the job is aborted */
  PetscFunctionReturn(0);
}

static PetscErrorCode Write(MckIO io, const char dset[], PetscInt64 n, PetscReal value)
{
  PetscInt64 dims[1] = {n};
  PetscReal *v;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n, &v));
  for (PetscInt64 i = 0; i < n; i++) v[i] = value + (PetscReal)i;
  PetscCall(MckIOWriteArray(io, dset, 1, dims, v));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm comm                       = PETSC_COMM_WORLD;
  char     output[PETSC_MAX_PATH_LEN] = "io_writer.h5", chk[PETSC_MAX_PATH_LEN] = "io_writer.chk.h5", mode[32] = "none";
  PetscInt fail_rank = 0, sleep_s = 0;
  MckIO    io, c;
  PetscBool same, record = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-output", output, sizeof(output), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-checkpoint", chk, sizeof(chk), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-fail", mode, sizeof(mode), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-fail_rank", &fail_rank, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-sleep", &sleep_s, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-record_signals", &record, NULL));
  PetscCall(MckIOClaimOutput(comm, output, "-output", MCKIO_RUN_FILE));
  PetscCall(MckIOClaimOutput(comm, chk, "-checkpoint", MCKIO_CHECKPOINT_FILE));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, output, "-output"));
  PetscCall(Write(io, "/a", 1000, 1.0));
  PetscCall(PetscStrcmp(mode, "user", &same));
  PetscCheck(!same, comm, PETSC_ERR_USER_INPUT, "-fail user: a user error after the run file was opened");
  PetscCall(MckIOCheckpointBegin(io, chk, &c));
  PetscCall(Write(c, "/checkpoint/state", 1000, 2.0));
  PetscCall(FailHere(comm, mode, "checkpoint", (PetscMPIInt)fail_rank, record));
  PetscCall(MckIOCheckpointEnd(io, &c));
  PetscCall(Write(io, "/b", 1000, 3.0));
  PetscCall(FailHere(comm, mode, "rank", (PetscMPIInt)fail_rank, record));
  for (PetscInt s = 0; s < sleep_s; s++) {
    PetscCallMPI(MPI_Barrier(comm));
    (void)sleep(1);
  }
  PetscCall(MckIOClose(io));
  PetscCall(PetscPrintf(comm, "io_writer: wrote %s\n", output));
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return McKeanMain(argc, argv, help, Run); }
