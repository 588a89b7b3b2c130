/* MckStats refuses what it cannot sum exactly, and says which component:
 *  - a partial of magnitude >= 2^62, NaN or Inf is not raised by MckStatsAdd (not collective:
 *    an error on one rank would leave the others waiting) but marks the component, so that
 *    MckStatsReduce raises it on every rank (MCK_ERR_DIVERGED, naming the component);
 *  - a sum that overflows the 128-bit accumulator, on one rank or only inside the MPI
 *    reduction, is raised by MckStatsReduce on every rank (no rank left waiting);
 *  - the overflow marker is sticky: wrap-around cannot make an overflowed sum look valid;
 *  - MckStatsZero clears it; misuse (register after set-up, out-of-range offsets, duplicate
 *    names) is refused.
 * Errors are caught with a handler that records the code and the first message. */
#include <mckean/mckstats.h>

typedef struct {
  PetscErrorCode code;
  char           msg[2048];
} Caught;

static PetscErrorCode CatchError(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                 PetscErrorType p, const char *mess, void *ctx)
{
  Caught *c = (Caught *)ctx;

  (void)comm, (void)line, (void)fun, (void)file;
  if (p == PETSC_ERROR_INITIAL) {
    c->code = n;
    (void)PetscStrncpy(c->msg, mess ? mess : "", sizeof(c->msg));
  }
  return n;
}

static Caught      caught;
static PetscInt    fails;
static PetscMPIInt rank, size;

/* Record whether a call returned `want` (0: success) with a message containing each needle. */
static void Expect(PetscErrorCode got, PetscErrorCode want, const char *what, const char *needle1, const char *needle2)
{
  PetscBool good = (PetscBool)(got == want);
  if (good && want && needle1) good = (PetscBool)(strstr(caught.msg, needle1) != NULL);
  if (good && want && needle2) good = (PetscBool)(strstr(caught.msg, needle2) != NULL);
  if (!good) {
    fails++;
    printf("[rank %d] FAIL %s: got error %d, wanted %d; message: %s\n", rank, what, (int)got, (int)want,
           got ? caught.msg : "(none)");
  } else if (!rank) printf("ok   %s%s%s\n", what, want ? " -> " : "", want ? caught.msg : "");
  caught.code   = 0;
  caught.msg[0] = 0;
}

static void ExpectTrue(PetscBool cond, const char *what)
{
  if (!cond) {
    fails++;
    printf("[rank %d] FAIL %s\n", rank, what);
  } else if (!rank) printf("ok   %s\n", what);
}

/* Partials that cannot be converted are accepted by the add (no error on one rank alone) and
 * refused by the next reduction, on every rank, naming the component. */
static void TestRefusedPartials(MckStats s)
{
  const double   big[] = {0x1p63, 0x1p62, -0x1p62, 1e300}, nan2[2] = {1.0, NAN}, inf[] = {INFINITY, -INFINITY};
  const double   edge[] = {nextafter(0x1p62, 0), -nextafter(0x1p62, 0)};
  PetscErrorCode ierr;

  for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
    (void)MckStatsZero(s);
    ierr = MckStatsAdd(s, 2, 1, &big[i]);
    Expect(ierr, 0, "partial >= 2^62 not raised by the add", NULL, NULL);
    ierr = MckStatsReduce(s);
    Expect(ierr, MCK_ERR_DIVERGED, "partial >= 2^62 refused by the reduction", "'beta'[0]", "2^62");
  }
  (void)MckStatsZero(s);
  ierr = MckStatsAdd(s, 0, 2, nan2);
  Expect(ierr, 0, "NaN partial not raised by the add", NULL, NULL);
  ierr = MckStatsReduce(s);
  Expect(ierr, MCK_ERR_DIVERGED, "NaN partial refused by the reduction", "'alpha'[1]", "NaN");
  for (size_t i = 0; i < 2; i++) {
    (void)MckStatsZero(s);
    (void)MckStatsAdd(s, 0, 1, &inf[i]);
    ierr = MckStatsReduce(s);
    Expect(ierr, MCK_ERR_DIVERGED, "infinite partial refused by the reduction", "'alpha'[0]", "infinite");
  }
  (void)MckStatsZero(s);
  ierr = MckStatsAdd(s, 1, 2, edge);
  Expect(ierr, 0, "largest partials below 2^62 accepted", NULL, NULL);
  (void)MckStatsZero(s);
}

/* A NaN added on rank 0 only must fail the reduction on every rank, naming the component. */
static void TestRefusalIsCollective(MckStats s)
{
  const double     one = 1.0, nan = NAN;
  const PetscReal *sums;
  PetscErrorCode   ierr;

  (void)MckStatsZero(s);
  if (!rank) {
    ierr = MckStatsAdd(s, 2, 1, &nan);
    Expect(ierr, 0, "NaN on rank 0 not raised by the add", NULL, NULL);
  }
  (void)MckStatsAdd(s, 0, 1, &one);
  ierr = MckStatsReduce(s);
  Expect(ierr, MCK_ERR_DIVERGED, "reduction after a NaN on rank 0 fails on every rank", "'beta'[0]", "some rank");
  (void)MckStatsGetSums(s, &sums);
  ExpectTrue((PetscBool)(sums[0] == size && PetscIsNanReal(sums[2])),
             "valid components still reduced, the bad one is NaN");
}

/* 3 x (2^62 - 2^41) > 2^63 on the last rank only: the local accumulator overflows. */
static void TestLocalOverflow(MckStats s)
{
  const double   big  = 0x1.fffffp61;
  PetscErrorCode ierr = 0;

  (void)MckStatsZero(s);
  if (rank == size - 1)
    for (int i = 0; i < 3 && !ierr; i++) ierr = MckStatsAdd(s, 1, 1, &big);
  Expect(ierr, 0, "an overflowing local sum is not raised by the (non-collective) add", NULL, NULL);
  ierr = MckStatsReduce(s);
  Expect(ierr, MCK_ERR_DIVERGED, "local int128 overflow raised by the reduction on every rank", "'alpha'[1]", "2^63");
}

/* -3 big then +3 big: with wrap-around the exact integer sum would come back to 0 and look
 * valid, and POISON + big (= -2^127 + big) does not overflow again; the marker must stick. */
static void TestOverflowIsSticky(MckStats s)
{
  const double   big = 0x1.fffffp61, minus = -0x1.fffffp61;
  PetscErrorCode ierr;

  (void)MckStatsZero(s);
  for (int i = 0; i < 3; i++) (void)MckStatsAdd(s, 0, 1, &minus);
  for (int i = 0; i < 3; i++) (void)MckStatsAdd(s, 0, 1, &big);
  ierr = MckStatsReduce(s);
  Expect(ierr, MCK_ERR_DIVERGED, "overflow stays an overflow after wrapping back", "'alpha'[0]", NULL);
}

/* Each rank's sum is 1.5 * 2^62, in range; two of them overflow only inside the MPI op. */
static void TestOverflowInReduction(MckStats s)
{
  const double     y[2] = {0x1.8p61, -0x1.8p61};
  const PetscReal *sums;
  PetscErrorCode   ierr;

  for (int sign = 0; sign < 2; sign++) {
    (void)MckStatsZero(s);
    (void)MckStatsAdd(s, 2, 1, &y[sign]);
    (void)MckStatsAdd(s, 2, 1, &y[sign]);
    ierr = MckStatsReduce(s);
    if (size == 1) {
      (void)MckStatsGetSums(s, &sums);
      Expect(ierr, 0, "1.5 * 2^62 on one rank is in range", NULL, NULL);
      ExpectTrue((PetscBool)(sums[2] == 2 * y[sign]), "and exact");
    } else Expect(ierr, MCK_ERR_DIVERGED, "overflow inside the MPI reduction raised on every rank", "'beta'[0]", NULL);
  }
}

static void TestZeroClears(MckStats s)
{
  const double     ones[3] = {1, 1, 1};
  const PetscReal *sums;
  PetscErrorCode   ierr;

  (void)MckStatsZero(s);
  (void)MckStatsAdd(s, 0, 3, ones);
  ierr = MckStatsReduce(s);
  Expect(ierr, 0, "zero clears the overflow marks", NULL, NULL);
  (void)MckStatsGetSums(s, &sums);
  ExpectTrue((PetscBool)(sums[0] == size && sums[1] == size && sums[2] == size), "sums of ones equal the rank count");
  ierr = MckStatsReduce(s);
  ExpectTrue((PetscBool)(!ierr && sums[0] == size), "a second reduction without zero gives the same sums");
}

static void TestMisuse(MckStats s)
{
  MckStats       t;
  PetscInt       off;
  const double   x[2] = {1, 1};
  PetscErrorCode ierr;

  ierr = MckStatsRegister(s, "gamma", 1, &off);
  Expect(ierr, PETSC_ERR_ARG_WRONGSTATE, "register after set-up refused", "'gamma'", NULL);
  ierr = MckStatsAdd(s, 2, 2, x);
  Expect(ierr, PETSC_ERR_ARG_OUTOFRANGE, "add beyond the registered components refused", "[2, 4)", NULL);
  ierr = MckStatsAdd(s, -1, 1, x);
  Expect(ierr, PETSC_ERR_ARG_OUTOFRANGE, "negative offset refused", NULL, NULL);
  (void)MckStatsCreate(PETSC_COMM_WORLD, &t);
  ierr = MckStatsAdd(t, 0, 1, x);
  Expect(ierr, PETSC_ERR_ARG_WRONGSTATE, "add before set-up refused", "SetUp", NULL);
  (void)MckStatsRegister(t, "alpha", 2, &off);
  ierr = MckStatsRegister(t, "alpha", 1, &off);
  Expect(ierr, PETSC_ERR_ARG_WRONG, "duplicate name refused", "'alpha'", NULL);
  ierr = MckStatsRegister(t, "delta", 0, &off);
  Expect(ierr, PETSC_ERR_ARG_OUTOFRANGE, "zero components refused", "'delta'", NULL);
  (void)MckStatsDestroy(&t);
}

int main(int argc, char **argv)
{
  MckStats s;
  PetscInt off_a, off_b, total;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, "MckStats error detection.\n"));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(MckStatsCreate(PETSC_COMM_WORLD, &s));
  PetscCall(MckStatsRegister(s, "alpha", 2, &off_a));
  PetscCall(MckStatsRegister(s, "beta", 1, &off_b));
  PetscCall(MckStatsSetUp(s));
  PetscCheck(off_a == 0 && off_b == 2, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "unexpected offsets %" PetscInt_FMT " %" PetscInt_FMT, off_a, off_b);

  PetscCall(PetscPushErrorHandler(CatchError, &caught));
  TestRefusedPartials(s);
  TestRefusalIsCollective(s);
  TestLocalOverflow(s);
  TestOverflowIsSticky(s);
  TestOverflowInReduction(s);
  TestZeroClears(s);
  TestMisuse(s);
  PetscCall(PetscPopErrorHandler());

  PetscCallMPI(MPI_Allreduce(&fails, &total, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: %" PetscInt_FMT " failure(s) on %d rank(s)\n", total ? "FAIL" : "PASS",
                        total, size));
  PetscCall(MckStatsDestroy(&s));
  PetscCheck(!total, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " error-detection check(s) failed", total);
  PetscCall(McKeanFinalize());
  return 0;
}
