"""The pieces of the graph view (``explorer.ui.graph_view.GraphView``).

``style``: colours, pens and texts; ``items``: the scene items (nodes, edges with arrows,
weight tags, truncation marks, one model's lane); ``fader``: eased node fills;
``layout``: where a Topology's rows, nodes and edges go; ``colouring``: what colour each
node and edge has in a frame; ``canvas``: the zoomable view and the overview strip.
"""
