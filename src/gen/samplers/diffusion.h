/* Private interface of the diffusion sampler, shared with the guided sampler built on it. */
#pragma once
#include "gen/genimpl.h"

typedef enum { DIFF_REVERSE_SDE, DIFF_ODE } DiffSampler;

typedef struct {
  PetscInt   sde, sampler;
  PetscReal  beta_min, beta_max, sigma_min, sigma_max, t_min;
  PetscBool  denoise;
  PetscReal *k1, *k2, *xs;
} Diffusion;

PETSC_INTERN PetscErrorCode MckGenDiffusionCreate(MckGenSampler s, Diffusion *df, MckGenSamplerOps *ops);
PETSC_INTERN PetscErrorCode MckGenDiffusionSetFromOptions(MckGenSampler s, Diffusion *df,
                                                          PetscOptionItems *PetscOptionsObject);
PETSC_INTERN PetscErrorCode MckGenDiffusionSetUp(MckGenSampler s, Diffusion *df);
PETSC_INTERN PetscErrorCode MckGenDiffusionInitialize(MckGenSampler s);
/* One probability-flow Heun step of the n row-major points X from t to t - h, in place. */
PETSC_INTERN PetscErrorCode MckGenDiffusionODEStep(MckGenSampler s, Diffusion *df, PetscReal t, PetscReal h, PetscInt n,
                                                   PetscReal X[]);
/* Tweedie's denoising at t: X <- (X - alpha eta) / beta, in place. */
PETSC_INTERN PetscErrorCode MckGenDiffusionDenoise(MckGenSampler s, Diffusion *df, PetscReal t, PetscInt n,
                                                   PetscReal X[]);
PETSC_INTERN PetscErrorCode MckGenDiffusionStepChunk(MckGenSampler s, Diffusion *df, PetscInt k, PetscInt off,
                                                     PetscInt n, PetscInt64 g0);
PETSC_INTERN PetscErrorCode MckGenDiffusionConfig(MckGenSampler s, Diffusion *df, MckIO io, PetscBool check);
PETSC_INTERN PetscErrorCode MckGenDiffusionView(MckGenSampler s, Diffusion *df, PetscViewer viewer);
PETSC_INTERN PetscErrorCode MckGenDiffusionDestroy(Diffusion *df);
