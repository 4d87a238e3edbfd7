"""BPTT Explorer: see backpropagation through time, step by step."""

import os
import sys

# The engine multiplies small matrices in tight loops, where a multi-threaded BLAS is 10-100x
# slower than one thread (measured on 2 cores). The variable works if NumPy is not imported
# yet; when it is (a notebook), the BLAS already loaded is limited through threadpoolctl.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if "numpy" in sys.modules:
    from explorer.blas_threads import limit_blas_threads

    limit_blas_threads()

__version__ = "0.1.0"
APP_NAME = "BPTT Explorer"
