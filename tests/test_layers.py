"""The house reads top-down: archive -> cleaners -> corpus -> reclean -> crawler -> spiders.

Every module of each package is parsed (its imports read from the syntax tree, lazy
ones inside functions included) and may import only the packages below it. A real
re-clean worker process, after it has cleaned a shard, holds no Scrapy, Twisted,
``crawler`` or ``spiders`` module.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REPO

LAYERS = ("archive", "cleaners", "corpus", "reclean", "crawler", "spiders")
ALLOWED = {
    "archive": set(),
    "cleaners": {"archive"},
    "corpus": {"archive", "cleaners"},
    "reclean": {"archive", "cleaners", "corpus"},
    "crawler": {"archive", "cleaners", "corpus", "reclean"},
    "spiders": {"archive", "cleaners", "corpus", "reclean", "crawler"},
}
SCRAPY_FREE = ("archive", "cleaners", "corpus", "reclean")
SCRAPY = ("scrapy", "twisted")


def _modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Top-level names of every absolute import in the file (relative ones stay inside)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_the_packages_below_it(package):
    assert _modules(package), f"no modules in {package}/"
    wrong = {}
    for path in _modules(package):
        above = (_imports(path) & set(LAYERS)) - ALLOWED[package] - {package}
        if above:
            wrong[str(path.relative_to(REPO))] = sorted(above)
    assert not wrong, f"imports from a package above {package}: {wrong}"


@pytest.mark.parametrize("package", SCRAPY_FREE)
def test_the_lower_packages_do_not_import_scrapy_or_twisted(package):
    wrong = {str(p.relative_to(REPO)): sorted(_imports(p) & set(SCRAPY))
             for p in _modules(package) if _imports(p) & set(SCRAPY)}
    assert not wrong


def test_the_scan_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from crawler.state import CrawlState\n    import scrapy\n",
                      encoding="utf-8")
    assert _imports(module) == {"crawler", "scrapy"}


PROBE = """
import atexit, json, os, sys
def _dump():
    names = sorted(sys.modules)
    with open(os.environ["GOVREPLY_TEST_MODULES"], "w") as fh:
        json.dump(names, fh)
atexit.register(_dump)
"""


@pytest.mark.slow
def test_a_reclean_worker_process_loads_no_scrapy_twisted_crawler_or_spiders(tmp_path,
                                                                             monkeypatch):
    """A real worker, started as the runner starts it, cleans a crawl's shard."""
    from crawler.localsite import LocalSite, recorded_portal_routes
    from reclean import RecleanOptions, run_reclean
    from reclean import runner as runner_module

    from .helpers import run_scrapy

    out = tmp_path / "crawl"
    with LocalSite(recorded_portal_routes(gzip=True)) as site:
        run_scrapy("crawl", "portal", "-a", "name=pingtan_zxta", "-a", f"base_url={site.base_url}",
                   settings={"GOVREPLY_OUTPUT_DIR": str(out)}, timeout=300)
    modules = tmp_path / "modules.json"
    monkeypatch.setenv("GOVREPLY_TEST_MODULES", str(modules))
    monkeypatch.setattr(runner_module, "_BOOT", PROBE + runner_module._BOOT)
    summary = run_reclean(RecleanOptions([str(out / "warc")], str(tmp_path / "re"),
                                         progress=False))
    assert summary.cleaned == 14 and summary.failed == 0  # the worker did the real work
    loaded = json.loads(modules.read_text(encoding="utf-8"))
    assert "reclean.worker" in loaded and "cleaners.pipeline" in loaded
    for top in (*SCRAPY, "crawler", "spiders"):
        assert not [m for m in loaded if m == top or m.startswith(top + ".")], top


def test_the_worker_module_itself_imports_no_scrapy():
    """The same, without a crawl: importing the worker as its process does."""
    code = ("import sys; import reclean.worker; "
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    tops = set(json.loads(result.stdout.replace("'", '"')))
    assert "reclean" in tops and not tops & {*SCRAPY, "crawler", "spiders"}
