"""Loopback replicas of portal sections, one per CMS family, and a held-out one.

Each module builds a ``kit.Replica`` (its docstring says what is recorded, what comes
from PLATFORMS.md and what is inferred). The five seed portals' replicas serve their
seed text as one of their reply pages. ``REPLICAS`` maps a replica's name to its
builder; ``HELD_OUT`` is the replica built on another template of a family the tests
use, whose rules were not written on it. ``python -m tests.sites.families`` prints the
discovery figures of every replica (``walk.measure``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from . import anhui, asp, gkmlpt, guangzhou, hanweb, heldout, sessions, trs, ucap, vsb, ylcms
from .kit import Replica

BUILDERS: dict[str, Callable[[], Replica]] = {
    m.__name__.rsplit(".", 1)[1]: m.build
    for m in (vsb, hanweb, anhui, guangzhou, gkmlpt, trs, ylcms, asp, sessions, ucap, heldout)
}
REPLICAS = tuple(BUILDERS)
HELD_OUT = "heldout"
SEED_REPLICAS = {"000": "vsb", "001": "hanweb", "002": "anhui", "003": "asp", "004": "guangzhou"}
# replicas whose lists link reply pages by absolute URLs on the portal's own host: crawled
# through a registry entry fetched from the replica (-a base_url), not ad hoc
MIRROR_ONLY = frozenset({"gkmlpt"})


@cache
def replica(name: str) -> Replica:
    """The replica called ``name`` (built once per process; do not mutate it)."""
    return BUILDERS[name]()
