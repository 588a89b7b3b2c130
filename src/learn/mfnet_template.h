/* The element-wise loops of the network's forward pass and gradient (learn/forward.c), compiled
 * once per instruction set; a kernel template (core/simd.h), instantiated by learn/mfnetkernels.c.
 * Element-wise loops vectorise across the samples mu and keep each element's arithmetic; the one
 * reduction (g_a = sum_mu r_mu s_mu) uses 8 partial sums fixed by the code, not by the vector
 * width, so every instruction set adds in the same order. */

/* partial[mu] += a_i S[i][mu] for the n rows i in order (a_i = a[i * astride]). */
void MCK_SIMD_FN(MckMFNetAccumulateKernel)(int64_t n, int64_t P, const double *a, int64_t astride, const double *S,
                                           double *partial)
{
  for (int64_t i = 0; i < n; i++) {
    const double ai          = a[i * astride];
    const double *restrict s = S + i * P;
    double *restrict p       = partial;
    for (int64_t mu = 0; mu < P; mu++) p[mu] += ai * s[mu];
  }
}

/* Delta[i][mu] = r[mu] dS[i][mu]; Delta may be dS (in place): explicit vectors, each loaded
 * before it is stored, rather than a loop the compiler would have to prove free of aliasing. */
void MCK_SIMD_FN(MckMFNetDeltaKernel)(int64_t n, int64_t P, const double *r, const double *dS, double *Delta)
{
  for (int64_t i = 0; i < n; i++) {
    const double *ds = dS + i * P;
    double       *dl = Delta + i * P;
    int64_t       mu = 0;

    for (; mu + MCK_SIMD_W <= P; mu += MCK_SIMD_W) VStore(dl + mu, VLoad(r + mu) * VLoad(ds + mu));
    for (; mu < P; mu++) dl[mu] = r[mu] * ds[mu];
  }
}

/* dot[i] = sum_mu r[mu] S[i][mu]: lane l of 8 sums the mu = l mod 8 (the last partial block
 * included), then ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)). */
void MCK_SIMD_FN(MckMFNetDotKernel)(int64_t n, int64_t P, const double *r, const double *S, double *dot)
{
  typedef double V8 __attribute__((vector_size(64)));

  for (int64_t i = 0; i < n; i++) {
    const double *s   = S + i * P;
    V8            acc = {0}, x, y;
    int64_t       mu  = 0;

    for (; mu + 8 <= P; mu += 8) {
      memcpy(&x, r + mu, sizeof x);
      memcpy(&y, s + mu, sizeof y);
      acc += x * y;
    }
    for (int l = 0; mu + l < P; l++) acc[l] += r[mu + l] * s[mu + l];
    dot[i] = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  }
}
