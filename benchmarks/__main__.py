"""`python -m benchmarks`: run the whole suite (see benchmarks/run.py and README.md)."""

import os
import sys

from benchmarks.run import main

if __name__ == "__main__":
    code = main()
    # Leave without interpreter finalisation: tearing down the windows and Qt objects the
    # figures made can crash in PySide6's garbage collection ("none_dealloc") after
    # everything is written, which would turn a clean result into a false failure.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
