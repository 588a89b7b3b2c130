"""Run files as xarray Datasets: mckean.open_run(path).

The layout of a run file (docs/output.md) becomes names and dimensions:
- a time series /timeseries/<s> with attribute ``columns`` gives one variable "<s>/<column>" per
  column along the dimension "<s>/<first column>" (t, step, cycle, iteration: the coordinate);
- grid fields (snapshots, points, 1) become (snapshot, [z, y,] x), a single field (points, 1)
  ([z, y,] x), with coordinates x, y, z
  (the grid from /fields/shape and /fields/box, the XDMF sidecar, or the run's options), and
  their snapshot dimension is the one of /timeseries/snapshot_times (its times are the coordinate);
- particles (N, d) and their snapshots (snapshots, N, d) have dimensions particle, dim;
- ensembles /ensemble/members (components, members) have dimensions component, member, and
  vectors of that many components or members share them;
- any other dataset keeps its path as its name, with dimensions "<path>/dim<k>";
- attributes of "/" are the Dataset's attributes, those of a group g are "g/<name>"."""
import os
import re
import xml.etree.ElementTree as ElementTree

import numpy as np

TIME_COLUMNS = ("t", "time", "step", "cycle", "iteration", "st")


def _text(value):
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray) and value.dtype.kind == "S":
        return [v.decode() for v in value]
    return value


def _options(attrs):
    """The run's options database (the root attribute "options") as a dict of strings."""
    words = _text(attrs.get("options", "")).split()
    options, name = {}, None
    for w in words:
        if re.match(r"^-[a-zA-Z_]", w):
            name = w[1:]
            options[name] = None
        elif name is not None:
            options[name] = w if options[name] is None else options[name] + " " + w
    return options


def _grid_from_xdmf(path):
    """(shape slowest first, spacing slowest first) of the first grid in the XDMF sidecar."""
    xmf = os.path.splitext(path)[0] + ".xmf"
    if not os.path.exists(xmf):
        return None
    topology = geometry = None
    for element in ElementTree.parse(xmf).iter():
        if element.tag == "Topology" and topology is None:
            topology = [int(v) for v in element.get("Dimensions").split()]
        if element.tag == "Geometry" and geometry is None:
            items = [[float(v) for v in item.text.split()] for item in element.findall("DataItem")]
            geometry = items[1] if len(items) > 1 else None
    if topology is None:
        return None
    return topology, geometry


def _grid(h5, path, options):
    """The grid of the file's fields: (shape, box) per axis x, y, z, or None."""
    if "fields/shape" in h5 and "fields/box" in h5:
        return [int(n) for n in h5["fields/shape"][()]], [float(L) for L in h5["fields/box"][()]]
    xdmf = _grid_from_xdmf(path)
    if xdmf:
        shape, spacing = xdmf
        shape = shape[::-1]
        # a 1D or 2D grid is written as one point thick along the axes it does not have
        spacing = spacing[::-1] if spacing else [1.0] * len(shape)
        return shape, [n * h for n, h in zip(shape, spacing)]
    if "grid_n" in options:
        dim = int(options.get("grid_dim") or 1)
        n = [int(v) for v in options["grid_n"].split(",")]
        n = n * dim if len(n) == 1 else n
        L = options.get("grid_L") or options.get("particles_box")
        L = [float(v) for v in L.split(",")] if L else [float(v) for v in n]
        L = L * dim if len(L) == 1 else L
        return n, L
    return None


def _series(ds, name, data, columns):
    coord = columns[0] if columns[0] in TIME_COLUMNS else None
    dim = f"{name}/{coord}" if coord else f"{name}/row"
    for k, col in enumerate(columns):
        values = data[:, k] if data.shape[0] else np.empty(0)
        if col == coord:
            ds.coords[dim] = (dim, values)
        else:
            ds[f"{name}/{col}"] = (dim, values)
    return dim


def open_run(path):
    """The run file at path as an xarray.Dataset (read in full, file closed on return)."""
    import h5py  # here, not at import: xarray alone takes about a second to import
    import xarray as xr

    ds = xr.Dataset()
    with h5py.File(path, "r") as h5:
        options = _options(h5.attrs)
        ds.attrs.update({k: _text(v) for k, v in h5.attrs.items()})
        datasets = {}
        h5.visititems(lambda name, obj: datasets.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else
                      ds.attrs.update({f"{name}/{k}": _text(v) for k, v in obj.attrs.items()}))
        columns = {name: _text(h5[name].attrs["columns"]).split(",")
                   for name in datasets if "columns" in h5[name].attrs}
        grid = _grid(h5, path, options)

    # time series first: their time dimensions are the snapshot dimensions of the rest
    snapshot_dims = {}
    for name, cols in columns.items():
        data = datasets.pop(name)
        short = name.split("/", 1)[1] if name.startswith("timeseries/") else name
        dim = _series(ds, short, data.reshape(-1, len(cols)), cols)
        if short.startswith("snapshot_"):
            snapshot_dims[data.shape[0]] = dim

    members = datasets.get("ensemble/members")
    ncomp, nmember = members.shape if members is not None and members.ndim == 2 else (None, None)
    npoints = int(np.prod(grid[0])) if grid else None
    axes = "xyz"
    for name, data in datasets.items():
        leaf = name.rsplit("/", 1)[-1]
        if grid and data.ndim in (2, 3) and data.shape[-2:] == (npoints, 1):  # snapshots, or one field
            space = [axes[a] for a in reversed(range(len(grid[0])))]
            snap = [snapshot_dims.get(data.shape[0], "snapshot")] if data.ndim == 3 else []
            ds[name] = (snap + space, data.reshape(list(data.shape[:-2]) + list(reversed(grid[0]))))
        elif name.startswith("particles/") and data.ndim == 2:
            ds[name] = (("particle", "dim"), data)
        elif name.startswith("particles/") and data.ndim == 3 and leaf == "snapshots":
            ds[name] = ((snapshot_dims.get(data.shape[0], "snapshot"), "particle", "dim"), data)
        elif name == "ensemble/members":
            ds[name] = (("component", "member"), data)
        elif name.startswith("ensemble/") and data.ndim == 1 and data.shape[0] in (ncomp, nmember):
            ds[name] = (("component" if data.shape[0] == ncomp else "member",), data)
        elif name.startswith("ensemble/") and data.ndim == 2 and data.shape == (ncomp, ncomp):
            ds[name] = (("component", "component_"), data)
        elif data.ndim == 3 and data.shape[0] in snapshot_dims and leaf == "snapshots":
            ds[name] = ([snapshot_dims[data.shape[0]]] + [f"{name}/dim{k}" for k in (1, 2)], data)
        else:
            ds[name] = ([f"{name}/dim{k}" for k in range(data.ndim)], data)
    if grid:
        for a, (n, L) in enumerate(zip(*grid)):
            if axes[a] in ds.dims:
                ds.coords[axes[a]] = (axes[a], np.arange(n) * (L / n))
    return ds
