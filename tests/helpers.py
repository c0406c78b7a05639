"""Shared test helpers: run Scrapy in a subprocess, check WARCs with warcio."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
CORPUS = DATA / "corpus"

# Settings every test crawl uses: nothing slows a crawl of 127.0.0.1 down.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
}


def run_scrapy(*args: str, settings: dict[str, str] | None = None, timeout: float = 120,
               check: bool = True, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy ARGS`` from the repository root (a fresh reactor per run); ``env`` is
    added to the environment."""
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(REPO)}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"scrapy {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result


def warcio_check(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    """``warcio check -v`` over ``paths``; the result's returncode is 0 when all pass.

    Stricter than ``warcio check`` itself, which exits 0 on a file whose damage stops its
    reading (the zlib error goes to stderr and no record past it is listed): any error
    on stderr counts as a failure here."""
    warcio = Path(sys.executable).with_name("warcio")
    result = subprocess.run([str(warcio), "check", "-v", *map(str, paths)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode == 0 and "Error" in result.stderr:
        return subprocess.CompletedProcess(result.args, 1, result.stdout, result.stderr)
    return result


def fetch(url: str) -> bytes:
    """GET ``url`` (a server on 127.0.0.1) and return the body."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


GOV_ARTICLE_URL = "https://www.example.gov.cn/zwgk/202406/t20240618_1.html"


def gov_article(inner: str, title: str, head: str = "") -> str:
    """A made-up county government article page: navigation, heading, body, footer."""
    return f"""<html><head><title>{title}_某某县人民政府</title>{head}</head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<h1>{title}</h1><div class="article-content">{inner}</div>
<div class="footer">网站标识码：1234567890</div></body></html>"""


def clean_gov_article(inner: str, prose: list[str], title: str, head: str = ""):
    """``clean_page`` on ``gov_article`` with ``prose`` paragraphs after ``inner``."""
    from cleaners import clean_page

    body = inner + "".join(f"<p>{p}</p>" for p in prose)
    return clean_page(gov_article(body, title, head).encode(), GOV_ARTICLE_URL)


def cut(text: str, title: str = "") -> tuple[str, list[str]]:
    """``cut_title_stacks`` over ``text``: the text and what it removed."""
    from cleaners.endorsements import cut_title_stacks
    from cleaners.steps import StepContext

    ctx = StepContext(title=title)
    return cut_title_stacks(text, ctx), ctx.removed


def bios(text: str, title: str = "") -> tuple[str, list[str]]:
    """``drop_injected_bios`` over ``text``: the text and what it removed."""
    from cleaners.bios import drop_injected_bios
    from cleaners.steps import StepContext

    ctx = StepContext(title=title)
    return drop_injected_bios(text, ctx), ctx.removed
