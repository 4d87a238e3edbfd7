"""The pieces of the graph view (``explorer.ui.graph_view.GraphView``).

``style``: colours, pens and texts; ``items``: the scene items (nodes, edges with arrow
heads, weight tags, truncation marks, one model's lane); ``layout``: where a Topology's
rows, nodes and edges go; ``colouring``: what colour each node and edge has in a frame;
``fitting``: step and text sizes that fill the pane; ``canvas``: the zoomable view and the
overview strip; ``fader``: eased node fills; ``header``: the colour keys and zoom buttons;
``highlight``: what another view lights up and where a target is; ``tooltips``.
"""
