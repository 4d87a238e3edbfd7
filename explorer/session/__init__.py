"""Training state between the engine and the window: config, runs, history, files."""
