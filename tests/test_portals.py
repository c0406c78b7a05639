"""The portal registry: the shipped file, its checked entries, validation errors."""

from __future__ import annotations

import copy
import csv
import re

import lxml.html
import pytest

from cleaners.document import PortalHints
from cleaners.kind import KINDS
from corpus.discovery import find_reply_links
from corpus.registry import Registry, RegistryError, load_registry, parse_registry
from tests.sites.shapes import CORPUS

REGISTRY = load_registry()
SEED_PORTALS = ("honghe_mzj", "zj_mzt", "bengbu_mzj", "puyang_mzj", "gz_mzj")


def manifest(prefix: str) -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["id"].startswith(prefix)]


def cjk(text: str) -> str:
    """Only the CJK ideographs: compares text across markup, spacing and punctuation."""
    return "".join(re.findall(r"[\u4e00-\u9fff]", text))


def gold_lines(doc_id: str) -> list[str]:
    return (CORPUS / "gold" / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")


def test_shipped_registry_entries():
    assert isinstance(REGISTRY, Registry)
    names = [p.name for p in REGISTRY.all()]
    assert names == ["pingtan_zxta", "pingtan_rdya", *SEED_PORTALS]
    assert all(p.kind in KINDS for p in REGISTRY)
    assert REGISTRY.get("pingtan_zxta").kind == "政协提案办理答复"
    assert REGISTRY.get("pingtan_rdya").kind == "人大代表建议办理答复"
    with pytest.raises(KeyError, match="no portal named 'nope'"):
        REGISTRY.get("nope")


SEED_PLATFORMS = {"honghe_mzj": "vsb", "zj_mzt": "hanweb", "bengbu_mzj": "anhui",
                  "puyang_mzj": "asp", "gz_mzj": "guangzhou"}


@pytest.mark.parametrize("name", SEED_PORTALS)
def test_seed_portals_are_honestly_unchecked(name):
    portal = REGISTRY.get(name)
    assert portal.checked is False
    assert portal.platform == SEED_PLATFORMS[name]
    assert portal.start_urls and all(portal.covers(u) for u in portal.start_urls)
    notes = portal.notes.lower()
    assert "seed" in notes and ("inferred" in notes or "placeholder" in notes)
    assert f"scrapy portals check {name}" in portal.notes  # what would check it


@pytest.mark.parametrize("name", ["pingtan_zxta", "pingtan_rdya"])
def test_checked_entry_covers_every_recorded_page(name):
    portal = REGISTRY.get(name)
    assert portal.checked
    rows = manifest(name + "_")
    assert len(rows) == 14
    for row in rows:
        assert portal.covers(row["url"]), row["id"]
        assert REGISTRY.hints_for_url(row["url"]) == PortalHints(
            name, portal.container, portal.title, portal.metadata, portal.kind)


@pytest.mark.parametrize("name", ["pingtan_zxta", "pingtan_rdya"])
def test_checked_selectors_work_on_recorded_pages(name):
    portal = REGISTRY.get(name)
    for row in manifest(name + "_"):
        doc = lxml.html.fromstring((CORPUS / row["html"]).read_text(encoding="utf-8"))
        gold = gold_lines(row["id"])
        title, first_body_line = gold[6], gold[7]
        [container] = doc.cssselect(portal.container)
        assert cjk(first_body_line) in cjk(container.text_content()), row["id"]
        [heading] = doc.cssselect(portal.title)
        assert cjk(heading.text_content()) == cjk(title), row["id"]
        info = " ".join(e.text_content() for e in doc.cssselect(portal.metadata))
        assert gold[4].removeprefix("- 发布日期: ") in info, row["id"]


@pytest.mark.parametrize(("name", "count"), [("pingtan_zxta", 59), ("pingtan_rdya", 45)])
def test_checked_link_selector_on_recorded_lists(name, count):
    portal = REGISTRY.get(name)
    [start] = portal.start_urls
    html = (CORPUS / "lists" / f"{name}.html").read_text(encoding="utf-8")
    chosen = find_reply_links(html, start, link_selector=portal.link_selector,
                              section_prefix=portal.section_prefix)
    assert len(chosen) == count
    assert chosen == find_reply_links(html, start, section_prefix=portal.section_prefix)


def test_hints_for_url_misses():
    assert REGISTRY.hints_for_url("https://www.pingtan.gov.cn/zwgk/yw/202401/t1_2.htm") is None
    assert REGISTRY.hints_for_url("https://example.gov.cn/zwgk/zdlyxxgk/yata/zxta/") is None


def test_longest_section_prefix_wins():
    base = {"kind": "其他", "allowed_hosts": ["a.gov.cn"], "start_urls": [], "checked": False}
    registry = parse_registry({"portal": [
        {**base, "name": "whole", "container": "#all"},
        {**base, "name": "part", "section_prefix": "/yata/", "container": "#part"},
    ]})
    assert registry.hints_for_url("http://a.gov.cn/yata/t1.html").name == "part"
    assert registry.hints_for_url("http://a.gov.cn/news/t1.html").container == "#all"


GOOD = {
    "name": "x_portal",
    "kind": "其他",
    "start_urls": ["https://www.x.gov.cn/yata/"],
    "allowed_hosts": ["www.x.gov.cn"],
    "section_prefix": "/yata/",
    "container": ".content",
    "checked": True,
    "notes": "",
}


def with_changes(**changes):
    entry = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            entry.pop(key)
        else:
            entry[key] = value
    return {"portal": [entry]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (with_changes(colour="red"), r"unknown keys \['colour'\]"),
        (with_changes(kind=None), r"missing key 'kind'"),
        (with_changes(kind="答复"), r"kind '答复' is not one of"),
        (with_changes(name="X Portal"), r"name must match"),
        (with_changes(checked="yes"), r"'checked' must be a bool"),
        (with_changes(start_urls="https://www.x.gov.cn/"), r"'start_urls' must be a list"),
        (with_changes(start_urls=["/yata/"]), r"not an absolute http\(s\) URL"),
        (with_changes(start_urls=["https://evil.cn/yata/"]), r"not on an allowed host"),
        (with_changes(start_urls=["https://www.x.gov.cn/news/"]), r"outside section_prefix"),
        (with_changes(allowed_hosts=["http://www.x.gov.cn"]), r"is not a host name"),
        (with_changes(section_prefix="yata/"), r"must start with '/'"),
        (with_changes(container="div[["), r"container 'div\[\[' is not valid CSS"),
        (with_changes(start_urls=[]), r"checked = true needs start_urls"),
        ({"portal": [GOOD, GOOD]}, r"portal #2 \('x_portal'\): duplicate name"),
        ({"portal": []}, r"no \[\[portal\]\] entries"),
        ({"portal": [GOOD], "extra": 1}, r"unknown top-level keys"),
        ({"portal": ["x"]}, r"an entry must be a table"),
        (with_changes(platform="wordpress"), r"platform 'wordpress' is not one of \['gkmlpt'"),
        (with_changes(platform=3), r"'platform' must be a str"),
    ],
)
def test_validation_errors(data, message):
    with pytest.raises(RegistryError, match=message):
        parse_registry(data)


def test_good_entry_and_file_errors(tmp_path):
    assert parse_registry({"portal": [GOOD]}).get("x_portal").section_prefix == "/yata/"
    broken = tmp_path / "portals.toml"
    broken.write_text("[[portal]]\nname = \n", encoding="utf-8")
    with pytest.raises(RegistryError, match="cannot read the registry"):
        load_registry(broken)
    with pytest.raises(RegistryError, match="cannot read the registry"):
        load_registry(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[portal]]\nname = "a"\nkind = "其他"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=rf"{re.escape(str(bad))}: portal #1 \('a'\): missing"):
        load_registry(bad)


def test_every_problem_of_every_entry_is_reported():
    bad = [dict(GOOD, name="first", kind="答复"), dict(GOOD, name="second", platform="x"),
           dict(GOOD, name="third", checked="yes")]
    with pytest.raises(RegistryError) as caught:
        parse_registry({"portal": [GOOD, *bad]})
    lines = str(caught.value).splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "portal #2 ('first')", "portal #3 ('second')", "portal #4 ('third')"]


def test_a_registry_of_ones_own(tmp_path, monkeypatch):
    own = tmp_path / "portals.toml"
    own.write_text('[[portal]]\nname = "mine"\nkind = "其他"\nstart_urls = []\n'
                   'allowed_hosts = []\nchecked = false\nplatform = "vsb"\n', encoding="utf-8")
    monkeypatch.setenv("GOVREPLY_PORTALS", str(own))
    registry = load_registry()
    assert [p.name for p in registry] == ["mine"] and registry.get("mine").platform == "vsb"
    monkeypatch.setenv("GOVREPLY_PORTALS", "")
    assert len(load_registry()) == len(REGISTRY)
    monkeypatch.setenv("GOVREPLY_PORTALS", str(tmp_path / "none.toml"))
    with pytest.raises(RegistryError, match=r"none\.toml: cannot read the registry"):
        load_registry()


def test_every_problem_of_every_entry_is_reported_at_once():
    bad_selector = with_changes(metadata="div:has(", title="h1[[")["portal"][0]
    bad_kind = {**copy.deepcopy(GOOD), "name": "y_portal", "kind": "答复",
                "link_selector": "li > a:first-letter("}
    with pytest.raises(RegistryError) as caught:
        parse_registry({"portal": [bad_selector, bad_kind]})
    lines = str(caught.value).splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith("<registry>: portal #1 ('x_portal'): title 'h1[[' is not valid")
    assert lines[1].startswith("<registry>: portal #1 ('x_portal'): metadata 'div:has('")
    assert "portal #2 ('y_portal'): kind '答复'" in lines[2]
    assert "portal #2 ('y_portal'): link_selector" in lines[3]
