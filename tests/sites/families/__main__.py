"""Print reply-link recall and precision of discovery on every replica (in process)."""

from __future__ import annotations

from . import MIRROR_ONLY, REPLICAS, replica
from .walk import measure, registry_portal

for name in REPLICAS:
    site = replica(name)
    options = {"portal": registry_portal(site)} if name in MIRROR_ONLY else {}
    print(measure(site, **options).row())
