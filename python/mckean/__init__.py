"""McKean from Python: thin bindings over the C library (cffi, API mode).

Importing the package starts MPI (mpi4py) and McKean; every object takes an mpi4py communicator
(default COMM_WORLD) and options as keywords named like the C options without the dash."""
from ._core import Error, initialize, finalize, version, cpu_model, isa
from ._core import shared_options as options
from .particles import RNG, Particles, Langevin, Drift, register_drift
from .ensemble import Model, Ensemble, model_failures, register_obs_operator
from .field import Field
from .dmft import DMFT
from .mfnet import MFNet
from .gen import GenSampler
from .run import run, apps
from .runfile import open_run

initialize()

__all__ = ["Error", "options", "initialize", "finalize", "version", "cpu_model", "isa", "RNG", "Particles", "Langevin",
           "Drift", "register_drift", "Model", "Ensemble", "model_failures",
           "register_obs_operator", "Field", "DMFT", "MFNet", "GenSampler",
           "run", "apps", "open_run"]
