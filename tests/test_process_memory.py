"""What the processes of a build hold: a drawing process gives back the pages of vl-convert's library that only
its start-up read, and draws as before; the build's own process makes many charts in a process apart, so that
Altair never stays in its memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SHARED_CACHE

SPEC = {"data": {"values": [{"k": "a", "v": 3}, {"k": "b", "v": 5}]}, "mark": "bar",
        "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}}}
# In a process of its own, so that vl-convert starts there: draws twice, by vl_draw (which gives the pages back)
# or by vl-convert alone, and prints how much of the library is in memory after the first drawing.
DRAW = """
import json, os, sys
import vl_convert
from site_builder.render import vl_draw

library = os.path.realpath(vl_convert.vl_convert.__file__)

def library_kib():
    total, ours = 0, False
    for line in open("/proc/self/smaps"):
        first = line.split()[0]
        if "-" in first and ":" not in first:
            ours = line.rstrip().endswith(library)
        elif ours and first == "Rss:":
            total += int(line.split()[1])
    return total

draw = vl_draw.svg if sys.argv[2] == "vl_draw" else vl_convert.vegalite_to_svg
spec = json.loads(sys.argv[1])
first = draw(spec)
kib = library_kib()
print(json.dumps({"kib": kib, "same": draw(spec) == first, "drawn": first.startswith("<svg")}))
"""


def draw_twice(way: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", DRAW, json.dumps(SPEC), way], capture_output=True, text=True,
                          timeout=120, check=True, cwd=REPO)
    return json.loads(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pages are given back on Linux only")
def test_a_drawing_process_gives_back_the_start_up_pages_and_draws_the_same() -> None:
    alone, ours = draw_twice("vl_convert"), draw_twice("vl_draw")
    assert ours["drawn"] and ours["same"] and alone["same"]
    assert int(ours["kib"]) < int(alone["kib"]) - 10 * 1024, (ours, alone)


# Builds the site in this process and says whether Altair was imported by it.
BUILD = """
import sys
from site_builder.commands.cli import main
code = main(["build", "--quiet", "--site", sys.argv[1], "--out", sys.argv[2]])
print(code, "altair" in sys.modules)
"""


def test_a_build_making_or_reading_many_charts_never_imports_altair_itself(tmp_path: Path, built_sample: Path) -> None:
    # The sample's drawings, as its build (built_sample) cached them, but not its charts: those are made again.
    # Linked, not copied (the cache's files are replaced whole, never changed); leaving out the records of builds and
    # the files being written.
    cache = shutil.copytree(SHARED_CACHE, tmp_path / "cache", copy_function=os.link,
                            ignore=shutil.ignore_patterns("charts", "builds", ".*"))
    env = {**os.environ, "SITE_BUILDER_CACHE": str(cache)}
    for out in ("made", "kept"):  # the charts made (apart), then taken from the cache
        done = subprocess.run([sys.executable, "-c", BUILD, str(REPO), str(tmp_path / out)], capture_output=True,
                              text=True, timeout=300, check=True, cwd=REPO, env=env)
        assert done.stdout.split() == ["0", "False"], (out, done.stderr)
        assert len(list((cache / "charts").iterdir())) == 72
