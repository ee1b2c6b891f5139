"""A static site generator for transparency reports: `python build.py` or `transparency-site`."""
