/* MckActivationTanh against long-double tanhl, and its position independence.
 * 1. Accuracy: < 3 ulp of the correctly rounded value over 300000 points spread over tiny
 *    (|x| < 1e-6), moderate (|x| < 3) and large (|x| < 30) arguments, and at the special
 *    values +-0 (sign kept), +-25 (+-1), NaN (NaN).
 * 2. Position independence: the same inputs evaluated at offsets 0 and 1 (so that every element
 *    moves between the vector body and the scalar remainder, and between vector lanes) give the
 *    same bits. */
#include <mckean/mckactivation.h>
#include <math.h>
#include <string.h>

#define NPTS 300000

int main(int argc, char **argv)
{
  static PetscReal x[NPTS + 1], s[NPTS + 1], s1[NPTS + 1];
  PetscReal        maxulp = 0, worst = 0;
  PetscInt         moved = 0, bad = 0;
  const PetscReal  special[] = {0.0, -0.0, 25.0, -25.0, NAN};
  PetscReal        sv[5];

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  for (PetscInt i = 0; i < NPTS; i++) {
    const PetscReal u = (PetscReal)(i / 3) / (NPTS / 3) - 0.5, scale[] = {2e-6, 6.0, 60.0};
    x[i] = u * scale[i % 3];
  }
  MckActivationTanh(NPTS, x, s);
  for (PetscInt i = 0; i < NPTS; i++) {
    const long double ref = tanhl((long double)x[i]);
    const double      rd = (double)ref, ulp = nextafter(fabs(rd), INFINITY) - fabs(rd);
    const double      e = rd == 0 ? (s[i] != 0) : (double)(fabsl((long double)s[i] - ref) / ulp);
    if (e > maxulp) {
      maxulp = e;
      worst  = x[i];
    }
  }
  memmove(x + 1, x, NPTS * sizeof(PetscReal));
  MckActivationTanh(NPTS, x + 1, s1 + 1);
  for (PetscInt i = 0; i < NPTS; i++) moved += memcmp(&s[i], &s1[i + 1], sizeof(PetscReal)) != 0;
  MckActivationTanh(5, special, sv);
  bad +=
      !(sv[0] == 0 && !signbit(sv[0]) && sv[1] == 0 && signbit(sv[1]) && sv[2] == 1.0 && sv[3] == -1.0 && isnan(sv[4]));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "MckActivationTanh: max error %.3f ulp (at x = %.6g); %" PetscInt_FMT
                        " of %d values change with their position; specials %s\n",
                        (double)maxulp, (double)worst, moved, NPTS, bad ? "WRONG" : "ok"));
  PetscCheck(maxulp < 3 && !moved && !bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "MckActivationTanh: accuracy or position independence violated");
  PetscCall(McKeanFinalize());
  return 0;
}
