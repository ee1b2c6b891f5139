"""Build the transparency report site: `python build.py --help` lists the commands."""

import sys

from site_builder.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
