"""BPTT Explorer: see backpropagation through time, step by step."""

__version__ = "0.1.0"
APP_NAME = "BPTT Explorer"
