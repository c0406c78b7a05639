"""Issue 12 item 3: every bad argument is one clear line and a distinct exit code, for
``crawl portal`` and ``nightly`` alike: no traceback, no second error, no lock left."""

from __future__ import annotations

import pytest

from .helpers import REPO, run_scrapy

USAGE, CANTCREAT, CONFIG = 64, 73, 78
SEED_ONLY = """
[[portal]]
name = "seed_only"
kind = "政协提案办理答复"
start_urls = []
allowed_hosts = []
checked = false
notes = "known from a seed document only: no address"
"""

CASES = [  # (-a arguments and -s settings, exit code, words of the line)
    ([], USAGE, "needs -a start_url=URL or -a name=NAME|all"),
    (["-a", "start_url=not-a-url"], USAGE, "must be an http:// or https:// URL"),
    (["-a", "start_url=ftp://example.org/jyta/"], USAGE, "must be an http:// or https://"),
    (["-a", "start_url=http://../jyta/"], USAGE, "'..' is not a host name"),
    (["-a", "start_url=http://./jyta/"], USAGE, "is not a host name"),
    (["-a", "name=nosuch"], USAGE, "no portal named 'nosuch'"),
    (["-a", "name=seed_only"], USAGE, "has no start URL"),  # a portal known by its seeds
    (["-a", "name=all", "{broken}"], CONFIG, "the portal registry cannot be used"),
    (["-a", "name=all", "-s", "GOVREPLY_CONTACT="], USAGE, "GOVREPLY_CONTACT is empty"),
    (["-a", "name=all", "-a", "base_url=notaurl"], USAGE, "base_url must be an http://"),
    (["-a", "start_url=http://127.0.0.1:9/jyta/", "-a", "kind=nonsense"], USAGE,
     "kind 'nonsense' is not one of"),
    (["-a", "name=all", "extra"], USAGE, "unexpected argument 'extra'"),
    (["-a", "name=all", "--bogus"], USAGE, "unexpected argument '--bogus'"),
    (["-a", "noequals"], USAGE, "spider arguments are -a NAME=VALUE"),
    (["-a", "name=all", "-a", "nmae=x"], USAGE, "takes no argument nmae"),
    (["-a", "name=all", "-s", "GOVREPLY_OUTPUT_DIR={file}/out",
      "-s", "GOVREPLY_CONTACT=mailto:ops@example.org"], CANTCREAT,
     "cannot write to the output directory"),
    (["-a", "name=all"], USAGE, "GOVREPLY_CONTACT is the project's default"),
]


def _run(command: list[str], tmp_path, arguments: list[str]):
    """The command with a registry of one's own: the bundled one and a portal with no
    start URL (``{broken}``: a registry with a syntax error instead)."""
    (tmp_path / "a-file").write_text("not a directory")
    registry = tmp_path / "portals.toml"
    bundled = (REPO / "corpus" / "portals.toml").read_text("utf-8")
    if "{broken}" in arguments:
        arguments = [a for a in arguments if a != "{broken}"]
        registry.write_text(bundled + "\n[[portal]\nname = \n", encoding="utf-8")
    else:
        registry.write_text(bundled + SEED_ONLY, encoding="utf-8")
    arguments = [a.replace("{file}", str(tmp_path / "a-file")) for a in arguments]
    settings = {"GOVREPLY_OUTPUT_DIR": str(tmp_path / "out")}
    if any(a.startswith("GOVREPLY_OUTPUT_DIR=") for a in arguments):
        settings = {}
    return run_scrapy(*command, *arguments, settings=settings, check=False, timeout=120,
                      env={"GOVREPLY_PORTALS": str(registry)})


@pytest.mark.slow
@pytest.mark.parametrize("command", [["nightly"], ["crawl", "portal"]], ids=["nightly", "crawl"])
@pytest.mark.parametrize(("arguments", "code", "words"), CASES,
                         ids=[" ".join(c[0]) or "none" for c in CASES])
def test_a_bad_argument_is_one_line_and_a_distinct_exit_code(tmp_path, command, arguments,
                                                             code, words):
    result = _run(command, tmp_path, arguments)
    assert result.returncode == code, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("govreply: error: ") and words in lines[0], lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    out = tmp_path / "out"
    assert not (out / "locks").exists() or not list((out / "locks").iterdir())
    assert not (out / "reports").exists()


@pytest.mark.slow
def test_the_other_spiders_refuse_bad_arguments_too(tmp_path):
    fetch = run_scrapy("crawl", "fetch", "-a", "urls=not-a-url",
                       settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)}, check=False)
    assert fetch.returncode == USAGE and "not-a-url" in fetch.stderr
    pingtan = run_scrapy("crawl", "pingtan", "-a", "name=x",
                         settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)}, check=False)
    assert pingtan.returncode == USAGE and "takes no argument name" in pingtan.stderr
    nosuch = run_scrapy("crawl", "nosuch", settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)},
                        check=False)
    assert nosuch.returncode == USAGE and "no spider named 'nosuch'" in nosuch.stderr
