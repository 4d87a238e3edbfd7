"""Regression guards for known bugs in the Qt stack we pin against (see pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

EMIT_SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Source(QObject):
        sigValue = Signal(object)

    app = QCoreApplication([])
    source = Source()
    received = []
    source.sigValue.connect(lambda value: received.append(1))
    before = sys.getrefcount(True)
    for i in range(20000):
        source.sigValue.emit(i)
    drift = sys.getrefcount(True) - before
    print(len(received), drift)
    """
)


def test_signal_emit_does_not_leak_references_to_true():
    # PySide6 6.12.0 dropped a reference to True per emit until Python aborted.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", EMIT_SCRIPT], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    count, drift = (int(part) for part in result.stdout.split())
    assert count == 20000
    assert abs(drift) < 100, f"refcount of True drifted by {drift}"


def test_svg_export_of_a_plot_parses_back_as_xml(qapp, tmp_path):
    # Qt >= 6.11 writes SVG paths that pyqtgraph 0.14's exporter cannot parse.
    import pyqtgraph as pg
    from pyqtgraph.exporters import SVGExporter

    pg.setConfigOptions(useOpenGL=False)
    plot = pg.PlotWidget()
    plot.plot([1, 3, 2, 5, 4], pen=pg.mkPen("b", width=2))
    plot.resize(400, 300)
    out = tmp_path / "plot.svg"
    SVGExporter(plot.getPlotItem()).export(str(out))
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    assert any(el.tag.endswith("path") or el.tag.endswith("polyline") for el in root.iter())
    plot.close()
    plot.deleteLater()
