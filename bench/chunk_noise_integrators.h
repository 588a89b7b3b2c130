/* The Langevin integrators as they were before their noise moved into sub-blocks: the noise of a
 * whole chunk first (MckLangevinChunkNoise: its own pass over a chunk-sized buffer), then the
 * chunk's update. Registered as the integrator types "baoab_chunk_noise" and
 * "euler_maruyama_chunk_noise", written against mcklangevin.h alone, with the arithmetic of the
 * built-in baoab and euler_maruyama: bench-langevin times them side by side with the library's
 * types, and tests/particles/test_external_integrator.c requires the same bits (header only; not
 * part of the library). */
#pragma once
#include <mckean/mcklangevin.h>

static PetscErrorCode ChunkNoiseMove_BAOAB(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal         dt, gamma, mass, T;
  PetscReal *const *xi, *const *F;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParameters(l, &dt, &gamma, &mass));
  PetscCall(MckLangevinGetTemperature(l, ((PetscReal)step + 0.5) * dt, &T));
  PetscCall(MckLangevinChunkNoise(l, c, step, &xi));
  PetscCall(MckLangevinGetForces(l, &F));
  const PetscReal kick = 0.5 * dt / mass, drift = 0.5 * dt;
  const PetscReal damp = PetscExpReal(-gamma * dt), sigma = PetscSqrtReal((1 - damp * damp) * T / mass);
  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict x        = c->x[a] + c->offset;
    PetscReal *restrict v        = c->v[a] + c->offset;
    const PetscReal *restrict G  = F[a] + c->offset;
    const PetscReal *restrict xa = xi[a];
    for (PetscInt i = 0; i < c->n; i++) {
      PetscReal vi      = v[i] + kick * G[i];
      PetscReal xi_half = x[i] + drift * vi;
      vi                = damp * vi + sigma * xa[i];
      x[i]              = xi_half + drift * vi;
      v[i]              = vi;
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ChunkNoiseFinish_BAOAB(MckLangevin l, const MckChunk *c)
{
  PetscReal         dt, mass;
  PetscReal *const *F;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParameters(l, &dt, NULL, &mass));
  PetscCall(MckLangevinGetForces(l, &F));
  const PetscReal kick = 0.5 * dt / mass;
  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict v       = c->v[a] + c->offset;
    const PetscReal *restrict G = F[a] + c->offset;
    for (PetscInt i = 0; i < c->n; i++) v[i] += kick * G[i];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ChunkNoiseMove_EulerMaruyama(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal         dt, gamma, T;
  PetscReal *const *xi, *const *F;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParameters(l, &dt, &gamma, NULL));
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * dt, &T));
  PetscCall(MckLangevinChunkNoise(l, c, step, &xi));
  PetscCall(MckLangevinGetForces(l, &F));
  const PetscReal h = dt / gamma, sigma = PetscSqrtReal(2 * T * dt / gamma);
  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict x        = c->x[a] + c->offset;
    const PetscReal *restrict G  = F[a] + c->offset;
    const PetscReal *restrict xa = xi[a];
    for (PetscInt i = 0; i < c->n; i++) x[i] += h * G[i] + sigma * xa[i];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ChunkNoiseCreate_BAOAB(MckLangevin l, MckIntegratorOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)l;
  *data                 = NULL;
  ops->move             = ChunkNoiseMove_BAOAB;
  ops->finish           = ChunkNoiseFinish_BAOAB;
  ops->needs_velocities = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode ChunkNoiseCreate_EulerMaruyama(MckLangevin l, MckIntegratorOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)l;
  *data                 = NULL;
  ops->move             = ChunkNoiseMove_EulerMaruyama;
  ops->finish           = NULL;
  ops->needs_velocities = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Registers "baoab_chunk_noise" and "euler_maruyama_chunk_noise" (after McKeanInitialize). */
static inline PetscErrorCode ChunkNoiseIntegratorsRegister(void)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinRegister("baoab_chunk_noise", ChunkNoiseCreate_BAOAB));
  PetscCall(MckLangevinRegister("euler_maruyama_chunk_noise", ChunkNoiseCreate_EulerMaruyama));
  PetscFunctionReturn(0);
}
