"""Build the transparency report site: `python build.py --help` lists the commands."""

from site_builder.commands.cli import run

if __name__ == "__main__":
    run()
