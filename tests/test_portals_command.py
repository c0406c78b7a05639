"""``scrapy portals`` as a user runs it: the listing, validation, and ``check NAME``.

``check`` is meant for a user with network access; here it is pointed at the loopback
replicas of the seed portals with ``-a base_url=``, and at a registry of one's own.
"""

from __future__ import annotations

import re
import socket

import pytest

from crawler.commands.portals import EXIT_CONFIG, EXIT_NO_LINKS, EXIT_UNREACHABLE, EXIT_USAGE
from crawler.localsite import LocalSite, Route

from .helpers import run_scrapy
from .sites.families import replica
from .sites.families.kit import serve


def portals(*args: str, env: dict[str, str] | None = None, **settings: str):
    return run_scrapy("portals", *args, settings=settings, check=False, env=env)


def test_listing_names_every_entry_with_its_family_and_checked_state(tmp_path):
    result = portals(GOVREPLY_OUTPUT_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(r"registry: .*corpus/portals.toml \(7 entries, all valid\)", lines[0])
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert rows["honghe_mzj"][1:5] == ["vsb", "no", "1", "never"]
    assert rows["zj_mzt"][1:4] == ["hanweb", "no", "2"]
    assert rows["pingtan_zxta"][1:3] == ["detect", "yes"]
    assert "Traceback" not in result.stderr and "INFO" not in result.stderr


def test_listing_shows_the_last_run_and_its_counts(tmp_path):
    site_replica = replica("vsb")
    with serve(site_replica) as site:
        crawl = run_scrapy("crawl", "portal", "-a", "name=honghe_mzj", "-a",
                           f"base_url={site.base_url}",
                           settings={"GOVREPLY_OUTPUT_DIR": str(tmp_path)})
    assert crawl.returncode == 0
    result = portals(GOVREPLY_OUTPUT_DIR=str(tmp_path))
    row = next(line for line in result.stdout.splitlines() if line.startswith("honghe_mzj"))
    assert re.search(r"\d{4}-\d\d-\d\dT[\d:.]+\S* finished\s+9\s+9/0/0/0/0$", row), row
    never = next(line for line in result.stdout.splitlines() if line.startswith("zj_mzt"))
    assert " never " in never


def test_every_error_of_an_own_registry_is_reported(tmp_path):
    own = tmp_path / "portals.toml"
    own.write_text(
        '[[portal]]\nname = "a"\nkind = "答复"\nstart_urls = []\nallowed_hosts = []\n'
        'checked = false\n\n[[portal]]\nname = "b"\nkind = "其他"\nstart_urls = []\n'
        'allowed_hosts = []\nplatform = "nosuch"\n', encoding="utf-8")
    result = portals(env={"GOVREPLY_PORTALS": str(own)})
    assert result.returncode == EXIT_CONFIG
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2, result.stderr
    assert "portal #1 ('a'): kind '答复'" in errors[0]
    assert "portal #2 ('b'): missing key 'checked'" in errors[1]
    assert all(e.startswith("govreply: ") for e in errors) and result.stdout == ""


@pytest.mark.parametrize(("seed_portal", "name"), [("honghe_mzj", "vsb"), ("zj_mzt", "hanweb"),
                                                    ("puyang_mzj", "asp")])
def test_check_finds_reply_links_on_a_seed_portals_replica(seed_portal, name):
    site_replica = replica(name)
    with serve(site_replica) as site:
        result = portals("check", seed_portal, "-a", f"base_url={site.base_url}")
        fetched = [h.path for h in site.hits]
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"platform: {site_replica.family} (registry: given)" in result.stdout
    assert f"the start page shows: {site_replica.family}" in result.stdout
    assert re.search(r"result: discovery finds \d+ reply links", result.stdout)
    assert fetched[0] == "/robots.txt" and set(fetched[1:]) <= set(site_replica.lists)
    if name == "hanweb":  # the column lists nothing itself: its first API page is read
        assert any("/api-gateway/" in path for path in fetched)
        assert "0 reply links, 1 further list pages" in result.stdout


def test_check_says_so_when_no_reply_link_is_found():
    routes = {"/zfxxgk/fdzdgknr/jyta/zxwyta.htm": Route(
        "<html><body><p>栏目正在建设中</p></body></html>".encode())}
    with LocalSite(routes) as site:
        result = portals("check", "honghe_mzj", "-a", f"base_url={site.base_url}")
    assert result.returncode == EXIT_NO_LINKS
    assert "result: NO reply links" in result.stdout


def test_check_obeys_robots_txt():
    routes = {"/robots.txt": Route(b"User-agent: *\nDisallow: /zfxxgk/\n",
                                   content_type="text/plain")}
    with LocalSite(routes) as site:
        result = portals("check", "honghe_mzj", "-a", f"base_url={site.base_url}")
        paths = [h.path for h in site.hits]
    assert paths == ["/robots.txt"]
    assert "not fetched: robots.txt disallows it" in result.stdout
    assert result.returncode == EXIT_UNREACHABLE


def test_check_of_an_unreachable_portal():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = portals("check", "gz_mzj", "-a", f"base_url=http://127.0.0.1:{port}")
    assert result.returncode == EXIT_UNREACHABLE
    assert "result: no start page could be fetched" in result.stdout


@pytest.mark.parametrize("args", [("check",), ("check", "nosuch"), ("frob",),
                                  ("check", "gz_mzj", "-a", "colour=red"),
                                  ("check", "gz_mzj", "-a", "platform=wordpress")])
def test_check_usage_errors(args):
    result = portals(*args)
    assert result.returncode == EXIT_USAGE
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("govreply: ") and "Traceback" not in result.stderr
