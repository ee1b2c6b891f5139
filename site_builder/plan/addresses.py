"""No content page takes an address the builder writes itself: a report, the data, the search index..."""

from __future__ import annotations

from ..model.objects import Site
from ..problems import Location, Problems
from .page_kinds import CONTENT
from .plan import Plan

# Folders written beside the planned pages: assets, licence notices and, after writing, the search index.
RESERVED = {"assets": "the site's styles and scripts", "licenses": "the licence notices",
            "pagefind": "the search index", "data": "the downloads", "charts": "the charts' downloads"}


def check_addresses(site: Site, plan: Plan, problems: Problems) -> None:
    """An error for each content page whose address is, or lies inside, one the builder writes."""
    taken = {p.output: f"the {p.kind.name} page {p.url}" for p in plan.pages if p.kind is not CONTENT}
    taken |= {f.output: f"the file {f.url}" for f in (*plan.files, *plan.downloads)}
    for page in site.pages:
        output = f"{page.slug}/index.html"
        clash = taken.get(output) or next((f"the folder /{top}/ of {what}" for top, what in RESERVED.items()
                                           if page.slug.split("/")[0] == top), None)
        if clash is None:
            clash = next((f"the file /{path}" for path in taken if output.startswith(path + "/")), None)
        if clash is not None:
            problems.error(Location(page.source.path), f"this page would be published at /{page.slug}/, "
                           f"which is {clash}", "rename the file (its name is the page's address)")
