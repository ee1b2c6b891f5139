"""Chart records made in a process of their own: Altair, which makes the specs, weighs about 30 MB that a build
would otherwise hold to its end, so a build that makes many charts has them made apart (workers.py `alone`)."""

from __future__ import annotations

import pickle

from ..model.objects import Site
from ..plan.charts import PlannedChart


def chart_records(site: Site, planned: list[PlannedChart]) -> list[bytes]:
    """Each planned chart made, as the pickled record the cache keeps."""
    from .charts import make_chart  # imported here, in the process that makes the charts

    return [pickle.dumps(make_chart(site, p), pickle.HIGHEST_PROTOCOL) for p in planned]
