"""Run by pvbatch (test_xdmf_paraview.py): what ParaView sees in XDMF sidecars, as JSON.

    pvbatch xdmf_paraview.py FILE.xmf...

Opens each FILE.xmf with ParaView's "XDMF Reader" and prints one JSON line: the time steps, and
for each of them the number of points, the bounds and, per point array, its number of values,
minimum, maximum and sum; then shows the first time step in a render view with the camera
ParaView places by default (reset to the data, looking down -z) and reports which fraction of
the image's pixels are not background (a grid in the y-z plane is seen edge-on: almost none);
the image is saved as FILE.xmf.png.
"""
import json
import sys

from paraview import servermanager
from paraview.simple import Delete, GetActiveViewOrCreate, Hide, ResetCamera, SaveScreenshot, Show, XDMFReader
from vtk.numpy_interface import dataset_adapter as dsa


def describe(reader, t):
    reader.UpdatePipeline(t)
    data = dsa.WrapDataObject(servermanager.Fetch(reader))
    arrays = {}
    for name in data.PointData.keys():
        values = data.PointData[name]
        arrays[name] = {"n": int(values.size), "min": float(values.min()), "max": float(values.max()), "sum": float(values.sum())}
    return {"time": t, "points": int(data.GetNumberOfPoints()), "bounds": list(data.GetBounds()), "arrays": arrays}


def coverage(reader, image):
    view = GetActiveViewOrCreate("RenderView")
    view.ViewSize = [400, 400]
    if hasattr(view, "UseColorPaletteForBackground"):
        view.UseColorPaletteForBackground = 0
    view.Background = [0, 0, 0]
    view.OrientationAxesVisibility = 0
    display = Show(reader, view)
    display.SetRepresentationType("Surface")
    display.AmbientColor = display.DiffuseColor = [1, 1, 1]
    # ParaView's default camera: on the +z axis looking at the origin, y up; then fitted to the data
    view.CameraPosition, view.CameraFocalPoint, view.CameraViewUp = [0, 0, 1], [0, 0, 0], [0, 1, 0]
    ResetCamera(view)
    SaveScreenshot(image, view, ImageResolution=[400, 400])
    Hide(reader, view)
    from vtkmodules.vtkIOImage import vtkPNGReader
    png = vtkPNGReader()
    png.SetFileName(image)
    png.Update()
    pixels = dsa.WrapDataObject(png.GetOutput()).PointData[0]
    lit = (pixels[:, :3].max(axis=1) > 0).sum()
    return float(lit) / pixels.shape[0]


def main():
    for xmf in sys.argv[1:]:
        reader = XDMFReader(FileNames=[xmf])
        times = list(reader.TimestepValues) if reader.TimestepValues else [0.0]
        out = {"file": xmf, "times": times, "steps": [describe(reader, t) for t in times]}
        reader.UpdatePipeline(times[0])
        out["coverage"] = coverage(reader, xmf + ".png")
        Delete(reader)
        print("XDMF-JSON " + json.dumps(out), flush=True)


main()
