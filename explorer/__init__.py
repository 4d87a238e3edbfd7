"""BPTT Explorer: see backpropagation through time, step by step."""

import os

# The engine multiplies small matrices in tight loops, where a multi-threaded BLAS is 10-100x
# slower than one thread (measured on 2 cores). Takes effect if NumPy is not imported yet.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
APP_NAME = "BPTT Explorer"
