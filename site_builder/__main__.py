"""`python -m site_builder`: the same command line as `python build.py`."""

from .commands.cli import run

run()
