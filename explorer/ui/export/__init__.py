"""Figures and animations out of the window: PNG (2×), SVG, an animated GIF (MP4 with the
optional imageio-ffmpeg), and the curves and trace as CSV / NPZ.

``figures`` paints a widget to PNG or SVG; ``frames`` replays one iteration's step-through
from the displayed ``SessionView`` into an offscreen ``FigurePane``; ``encoder`` encodes
frames in a thread; ``animation`` drives the two; ``dialog`` asks for the animation's
options; ``menu`` is File → Export. Every file goes through ``atomic_path``: a failed or
cancelled export leaves no partial file.
"""

from explorer.ui.export.animation import DEFAULT_FPS, AnimationExport
from explorer.ui.export.dialog import MAX_FPS, AnimationDialog, AnimationOptions
from explorer.ui.export.encoder import FrameEncoder, mp4_available
from explorer.ui.export.figures import (
    FIGURE_SCALE,
    figure_only,
    image_to_rgb,
    save_png,
    save_svg,
    widget_image,
)
from explorer.ui.export.frames import DEFAULT_ANIMATION_SIZE, FigurePane, pass_views
from explorer.ui.export.menu import ExportActions, Exporter

__all__ = [
    "DEFAULT_ANIMATION_SIZE",
    "DEFAULT_FPS",
    "FIGURE_SCALE",
    "MAX_FPS",
    "AnimationDialog",
    "AnimationExport",
    "AnimationOptions",
    "ExportActions",
    "Exporter",
    "FigurePane",
    "FrameEncoder",
    "figure_only",
    "image_to_rgb",
    "mp4_available",
    "pass_views",
    "save_png",
    "save_svg",
    "widget_image",
]
