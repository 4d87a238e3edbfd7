"""Run BPTT Explorer: ``python main.py`` (same as the ``bptt-explorer`` command)."""

import sys

from explorer.app import main

if __name__ == "__main__":
    sys.exit(main())
