"""`python -m site_builder`: the same command line as `python build.py`."""

import sys

from .commands.cli import main

sys.exit(main())
