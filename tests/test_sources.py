"""The source policy (docs/sources.md), enforced over every URL the package shows.

Every URL or bare host name in the descriptor, the CSVs, the lessons, the exercises, the teacher's
guide, the READMEs and the site's sources must fall under an entry of docs/source-registry.csv,
and no entry of a forbidden class may be cited. A partisan source must be labelled partisan in the
same field, cell or paragraph.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
import source_registry as sr  # noqa: E402

REGISTRY = sr.load_registry()


@pytest.fixture(scope="module")
def hits():
    return sr.cited(ROOT)


def _show(bad):
    return "\n".join(f"{h['file']} {h['where']}: {h['url']} ({cls})" for h, cls in bad[:40])


def test_the_scan_finds_the_urls_it_should():
    # The scan must see the descriptor's sources and the lessons; a scan that finds nothing passes
    # every rule below, so it is checked here.
    files = sr.scanned_files(ROOT)
    assert "gleap_data/datapackage.json" in files and "notebooks/00_start_here.ipynb" in files
    assert any(f.startswith("locales/") for f in files) and any(f.startswith("docs/teachers/") for f in files)
    urls = [h["url"] for h in sr.cited(ROOT, ["gleap_data/datapackage.json"])]
    assert any("pmc.ncbi.nlm.nih.gov" in u for u in urls)


def test_every_cited_domain_is_in_the_registry(hits):
    bad = [(h, "not in docs/source-registry.csv") for h in hits if sr.classify(h["url"], REGISTRY) is None]
    assert not bad, "add these domains to docs/source-registry.csv (domain, class, reason):\n" + _show(bad)


def test_no_forbidden_class_is_cited(hits):
    bad = [(h, c) for h in hits if (c := sr.classify(h["url"], REGISTRY)) in sr.FORBIDDEN]
    assert not bad, "forbidden sources (docs/sources.md) cited:\n" + _show(bad)


def test_partisan_sources_are_labelled_where_they_appear(hits):
    bad = [(h, "partisan, unlabelled") for h in hits if sr.classify(h["url"], REGISTRY) == "partisan"
           and not any(w in h["context"].lower() for w in sr.PARTISAN_LABELS)]
    assert not bad, "label these partisan wherever they appear:\n" + _show(bad)


@pytest.mark.parametrize("url, expected", [
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC1127087", "scholarly"),
    ("https://en.wikipedia.org/wiki/Lushan_Conference", "wikipedia"),
    ("https://en.m.wikipedia.org./wiki/User:Wikimedes/sandbox/GLF/tables", "user-draft"),
    ("https://zalansite.site/mediawiki/index.php?action=edit&section=11&title=Great_Leap_Forward", "edit-page"),
    ("https://github.com/xuyiqing/fdid", "replication-data"),
    ("https://github.com/ourhimalayas/txt", "partisan-repost"),
    ("blog.sina.cn/dpool/blog/s/blog_bf7e568f0102whwl.html", "blog"),
    ("https://www.stats.gov.cn/sj/ndsj/2025/html/C04-02.jpg", "official"),
    ("https://no-such-domain.example.net/page", None),
])
def test_classify_by_longest_registry_entry(url, expected):
    assert sr.classify(url, REGISTRY) == expected


def test_a_planted_forbidden_url_fails_the_check(tmp_path):
    # The same scan over a copy of one lesson with a forbidden link and an unknown domain planted.
    nb = (ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    planted = nb.replace('"## Sources', '"## Sources\\n\\nSee https://hsmt4.com/play/1.html and https://unknown-site.example.org/x\\n\\n'
                         'Cheng & Zhan: https://www.herecomeschina.com/chinas-great-famine/', 1)
    assert planted != nb
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "00_start_here.ipynb").write_text(planted, encoding="utf-8")
    hits = sr.cited(tmp_path, ["notebooks/00_start_here.ipynb"])
    classes = {h["url"]: sr.classify(h["url"], REGISTRY) for h in hits}
    assert classes["https://hsmt4.com/play/1.html"] == "video"
    assert classes["https://unknown-site.example.org/x"] is None
    # a partisan link with no label in its paragraph (the lesson's later paragraphs do not count)
    partisan = [h for h in hits if "herecomeschina" in h["url"]]
    assert partisan and not any(w in partisan[0]["context"].lower() for w in sr.PARTISAN_LABELS)


def test_the_registry_is_well_formed():
    assert all(row["class"] in sr.ALLOWED | sr.FORBIDDEN and row["reason"] for row in REGISTRY.values())
    assert sr.ALLOWED.isdisjoint(sr.FORBIDDEN)
