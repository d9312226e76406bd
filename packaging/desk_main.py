"""Entry script of the PyInstaller bundle: the same ``desk`` command as the installed package."""
from __future__ import annotations

import sys

from desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
