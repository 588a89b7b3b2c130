/* MckIO checkpoint configuration fingerprint, attributes and run attributes on P ranks.
 *
 * Checks: (1) a config written and checked with identical values passes; a different value,
 * a real that differs in its last bit, and an option the checkpoint does not record each
 * return PETSC_ERR_USER_INPUT; reals are stored in their shortest exact form ("0.01", "1,0.1");
 * (2) string/real/int attributes round-trip, replace an earlier attribute of another type,
 * report found = false for a missing attribute or object, refuse a too-small buffer, and hold a
 * 100 kB string; (3) ranks passing different attribute values produce rank 0's value (no
 * hang, no corrupt file); (4) the run attributes mckean_version, options (the whole options
 * database), nranks, seed and created (ISO 8601 UTC) are on "/". */
#include "iotest.h"
#include <math.h>

static const char help[] = "MckIO config fingerprint and attribute test\n";

#define BIG (100 * 1000)

static PetscErrorCode WriteFile(MPI_Comm comm, const char path[], PetscMPIInt rank)
{
  const PetscReal box[2] = {1.0, 0.1};
  char           *big, mine[32];
  MckIO           io;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, path, "-checkpoint"));
  PetscCall(MckIOConfigWrite(io, "-lgv_dt", "0.01"));
  PetscCall(MckIOConfigInt(io, PETSC_FALSE, "-particles_n", 1001));
  PetscCall(MckIOConfigReals(io, PETSC_FALSE, "-particles_box", 2, box));
  PetscCall(MckIOConfigReals(io, PETSC_FALSE, "-particles_nobox", 0, NULL));
  PetscCall(MckIOConfigString(io, PETSC_FALSE, "-lgv_integrator", "baoab"));

  PetscCall(MckIOWriteAttributeInt(io, "/meta", "answer", 42));
  PetscCall(MckIOWriteAttributeString(io, "/meta", "answer", "forty-two")); /* replaces the int */
  PetscCall(MckIOWriteAttributeReal(io, "/meta/deeper", "pi", PETSC_PI));
  PetscCall(MckIOWriteAttributeInt(io, "/meta/deeper", "big", (PetscInt64)1 << 40));
  PetscCall(MckIOWriteAttributeString(io, "/meta", "empty", ""));
  PetscCall(PetscMalloc1(BIG + 1, &big));
  for (int i = 0; i < BIG; i++) big[i] = (char)('a' + i % 26);
  big[BIG] = 0;
  PetscCall(MckIOWriteAttributeString(io, "/meta", "big", big));
  PetscCall(PetscFree(big));
  PetscCall(PetscSNPrintf(mine, sizeof(mine), "rank %d", rank)); /* ranks disagree */
  PetscCall(MckIOWriteAttributeString(io, "/meta", "who", mine));
  PetscCall(MckIOWriteAttributeReal(io, "/meta", "r", (PetscReal)rank));
  {
    const PetscInt64 ints[3] = {32, (PetscInt64)1 << 40, rank}; /* ranks disagree on the last */
    PetscCall(MckIOWriteAttributeInts(io, "/meta", "ints", 3, ints));
    PetscCall(MckIOWriteAttributeInts(io, "/meta", "noints", 0, NULL));
    PetscCall(MckIOWriteAttributeString(io, "/meta", "ints_text", " 16  12 7"));
    PetscCall(MckIOWriteAttributeString(io, "/meta", "ints_bad", "16 x"));
  }

  PetscCall(PetscOptionsSetValue(NULL, "-io_test_marker", "xyzzy"));
  PetscCall(MckIOWriteRunAttributes(io, 1234));
  PetscCall(PetscOptionsClearValue(NULL, "-io_test_marker"));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckConfig(MPI_Comm comm, MckIO io)
{
  const PetscReal box[2] = {1.0, 0.1};
  PetscReal       box2[2];
  PetscErrorCode  ierr;
  PetscBool       found, same;
  char            buf[64];

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigCheck(io, "-lgv_dt", "0.01"));
  PetscCall(MckIOConfigInt(io, PETSC_TRUE, "-particles_n", 1001));
  PetscCall(MckIOConfigReals(io, PETSC_TRUE, "-particles_box", 2, box));
  PetscCall(MckIOConfigReals(io, PETSC_TRUE, "-particles_nobox", 0, NULL));
  PetscCall(MckIOConfigString(io, PETSC_TRUE, "-lgv_integrator", "baoab"));

  QUIET(ierr, MckIOConfigCheck(io, "-lgv_dt", "0.02"));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a different value is a user error"));
  QUIET(ierr, MckIOConfigCheck(io, "-lgv_gamma", "1"));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT),
                   "an option the checkpoint does not record is a user error"));
  box2[0] = box[0];
  box2[1] = nextafter(box[1], 1.0);
  QUIET(ierr, MckIOConfigReals(io, PETSC_TRUE, "-particles_box", 2, box2));
  PetscCall(
      Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a real one bit away is a different configuration"));
  QUIET(ierr, MckIOConfigReals(io, PETSC_TRUE, "-particles_box", 1, box));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "fewer reals are a different configuration"));
  QUIET(ierr, MckIOConfigInt(io, PETSC_TRUE, "-particles_n", 1000));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a different integer is a user error"));

  PetscCall(MckIOReadAttributeString(io, "/checkpoint/config", "-particles_box", sizeof(buf), buf, &found));
  PetscCall(PetscStrcmp(buf, "1,0.1", &same));
  PetscCall(Expect(comm, (PetscBool)(found && same), "reals are stored in their shortest exact form"));
  PetscFunctionReturn(0);
}

/* Integer arrays: round trip (rank 0's values), a scalar read as one value, the older string
 * form read as its integers, and the refusals (too many values, not integers). */
static PetscErrorCode CheckIntArrays(MPI_Comm comm, MckIO io)
{
  PetscInt64     v[4] = {-1, -1, -1, -1};
  PetscInt       n    = -1;
  PetscBool      found;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeInts(io, "/meta", "ints", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(found && n == 3 && v[0] == 32 && v[1] == (PetscInt64)1 << 40 && v[2] == 0),
                   "an integer array attribute round-trips (rank 0's values)"));
  PetscCall(MckIOReadAttributeInts(io, "/meta", "noints", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(found && n == 0), "an empty integer array round-trips"));
  PetscCall(MckIOReadAttributeInts(io, "/meta/deeper", "big", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(found && n == 1 && v[0] == (PetscInt64)1 << 40), "a scalar integer is one value"));
  PetscCall(MckIOReadAttributeInts(io, "/meta", "ints_text", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(found && n == 3 && v[0] == 16 && v[1] == 12 && v[2] == 7),
                   "a string of blank-separated integers (the older form) is read as the integers"));
  PetscCall(MckIOReadAttributeInts(io, "/meta", "none", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)!found, "a missing integer array is found = false"));
  QUIET(ierr, MckIOReadAttributeInts(io, "/meta", "ints", 2, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "more values than the capacity are an error"));
  QUIET(ierr, MckIOReadAttributeInts(io, "/meta", "ints_text", 2, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a string of too many integers is an error"));
  QUIET(ierr, MckIOReadAttributeInts(io, "/meta", "ints_bad", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a string that is not integers is an error"));
  QUIET(ierr, MckIOReadAttributeInts(io, "/meta/deeper", "pi", 4, v, &n, &found));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a real attribute is not integers"));
  QUIET(ierr, MckIOReadAttributeInt(io, "/meta", "ints", &v[0], &found));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "an array read as one integer is an error"));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckAttributes(MPI_Comm comm, MckIO io, PetscMPIInt size)
{
  char           buf[64], *big;
  PetscReal      r;
  PetscInt64     i;
  PetscBool      found, same;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeString(io, "/meta", "answer", sizeof(buf), buf, &found));
  PetscCall(PetscStrcmp(buf, "forty-two", &same));
  PetscCall(Expect(comm, (PetscBool)(found && same), "a string attribute replaces an int one of the same name"));
  PetscCall(MckIOReadAttributeReal(io, "/meta/deeper", "pi", &r, &found));
  PetscCall(Expect(comm, (PetscBool)(found && r == PETSC_PI), "a real attribute round-trips exactly"));
  PetscCall(MckIOReadAttributeInt(io, "/meta/deeper", "big", &i, &found));
  PetscCall(Expect(comm, (PetscBool)(found && i == (PetscInt64)1 << 40), "a 64-bit int attribute round-trips"));
  PetscCall(MckIOReadAttributeString(io, "/meta", "empty", sizeof(buf), buf, &found));
  PetscCall(Expect(comm, (PetscBool)(found && buf[0] == 0), "an empty string attribute round-trips"));
  PetscCall(MckIOReadAttributeInt(io, "/meta", "nothing", &i, &found));
  PetscCall(Expect(comm, (PetscBool)!found, "a missing attribute is found = false"));
  PetscCall(MckIOReadAttributeReal(io, "/no/such/group", "pi", &r, &found));
  PetscCall(Expect(comm, (PetscBool)!found, "an attribute of a missing object is found = false"));
  QUIET(ierr, MckIOReadAttributeString(io, "/meta", "answer", 4, buf, &found));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_ARG_SIZ),
                   "a buffer too small for the string is an error, not a truncation"));

  PetscCall(PetscMalloc1(BIG + 1, &big));
  PetscCall(MckIOReadAttributeString(io, "/meta", "big", BIG + 1, big, &found));
  same = found;
  for (int k = 0; k < BIG && same; k++)
    if (big[k] != (char)('a' + k % 26)) same = PETSC_FALSE;
  PetscCall(PetscFree(big));
  PetscCall(Expect(comm, same, "a 100 kB string attribute round-trips"));

  PetscCall(MckIOReadAttributeString(io, "/meta", "who", sizeof(buf), buf, &found));
  PetscCall(PetscStrcmp(buf, "rank 0", &same));
  PetscCall(Expect(comm, (PetscBool)(found && same), "ranks passing different strings write rank 0's"));
  PetscCall(MckIOReadAttributeReal(io, "/meta", "r", &r, &found));
  PetscCall(Expect(comm, (PetscBool)(found && r == 0), "ranks passing different reals write rank 0's"));
  PetscCall(CheckIntArrays(comm, io));

  /* run attributes */
  PetscCall(MckIOReadAttributeString(io, "/", "mckean_version", sizeof(buf), buf, &found));
  PetscCall(PetscStrcmp(buf, McKeanVersion(), &same));
  PetscCall(Expect(comm, (PetscBool)(found && same), "mckean_version is McKeanVersion()"));
  PetscCall(MckIOReadAttributeInt(io, "/", "nranks", &i, &found));
  PetscCall(Expect(comm, (PetscBool)(found && i == size), "nranks is the size of the run"));
  PetscCall(MckIOReadAttributeInt(io, "/", "seed", &i, &found));
  PetscCall(Expect(comm, (PetscBool)(found && i == 1234), "seed is recorded"));
  PetscCall(MckIOReadAttributeString(io, "/", "created", sizeof(buf), buf, &found));
  same = (PetscBool)(found && strlen(buf) == 20 && buf[4] == '-' && buf[10] == 'T' && buf[19] == 'Z');
  PetscCall(Expect(comm, same, "created is an ISO 8601 UTC date"));
  {
    char *opts;

    PetscCall(PetscMalloc1(1 << 16, &opts));
    PetscCall(MckIOReadAttributeString(io, "/", "options", 1 << 16, opts, &found));
    PetscCall(PetscStrstr(opts, "-io_test_marker xyzzy", &big));
    PetscCall(Expect(comm, (PetscBool)(found && big), "options holds the options database"));
    PetscCall(PetscFree(opts));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscMPIInt    size, rank;
  MPI_Comm       comm;
  char           path[64];
  MckIO          io;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_config_np%d.h5", size));
  ierr = WriteFile(comm, path, rank);
  if (!ierr) ierr = MckIOCreate(comm, &io);
  if (!ierr) ierr = MckIOOpenRead(io, path, "-restart");
  if (!ierr) ierr = CheckConfig(comm, io);
  if (!ierr) ierr = CheckAttributes(comm, io, size);
  if (!ierr) ierr = MckIODestroy(&io);
  if (!ierr && !rank) (void)remove(path);
  PetscCall(McKeanFinalize());
  return ierr ? 1 : 0;
}
