#!/usr/bin/env python3
"""The source registry (docs/source-registry.csv) and a scan of every URL the package shows.

    .venv/bin/python tools/source_registry.py           # counts by class of the domains cited now
    .venv/bin/python tools/source_registry.py --list    # every cited URL with its class

The policy is in docs/sources.md. Each registry row is a domain (``wikipedia.org`` also covers
``en.wikipedia.org``) or a domain with a path prefix (``github.com/xuyiqing/fdid``); the longest
matching entry wins. ``tests/test_sources.py`` fails on a URL whose class is forbidden and on a
domain that is not in the registry.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "docs" / "source-registry.csv"

#: May carry a figure (in an authorised copy), may be linked as a pointer or a tool, may be studied.
ALLOWED = {"official", "archival", "scholarly", "replication-data", "press", "wikipedia", "project", "partisan"}
#: Never linked, never a channel for a figure.
FORBIDDEN = {"blog", "forum", "video", "exam-bank", "content-farm", "weak-site", "repost", "partisan-repost",
             "mirror", "proxy", "edit-page", "user-draft"}
#: A partisan source must be labelled so wherever it appears (same field, cell or line).
PARTISAN_LABELS = ("partisan", "stronnicz")

URL = re.compile(r"""https?://[^\s<>"'\)\]\|`\\]+""")
#: Bare host names in prose and in the CSVs' source columns ("read at blog.sina.cn/...").
TLDS = "com|cn|org|net|hk|ca|cc|site|nl|in|pl|uk|tw|info|edu|gov|de|jp|ru|eu|us|au|xyz|id|ie"
BARE = re.compile(rf"(?<![\w@/.:-])((?:[a-z0-9-]+\.)+(?:{TLDS}))(?=[/\s,;:)\]\[]|$)(/[^\s,;)\]\"'<>`]*)?", re.I)

#: What the test scans: the descriptor, the data, the lessons, the exercises, the teacher's guide,
#: READMEs and the site's sources (the Polish editions are built from the .po catalogues).
SCANNED = ("gleap_data/datapackage.json", "gleap_data/bibliography.json", "gleap_data/data/", "notebooks/", "exercises/", "docs/", "locales/",
           "README", "LICENSE-content.md", "CITATION.cff", "binder/README.md", "tools/make_site.py", "site/conf.py", "site/site.toml",
           "tools/site_render.py")
SKIPPED = ("docs/source-registry.csv", "docs/sources.md", "docs/bibliography.json")


def load_registry(path: Path = REGISTRY) -> dict[str, dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    registry = {}
    for row in rows:
        key = row["domain"].strip().lower()
        if key in registry:
            raise ValueError(f"{path.name}: {key} is listed twice")
        if row["class"] not in ALLOWED | FORBIDDEN:
            raise ValueError(f"{path.name}: unknown class {row['class']!r} for {key}")
        if not row["reason"].strip():
            raise ValueError(f"{path.name}: {key} has no reason")
        registry[key] = row
    return registry


def normalise(url: str) -> tuple[str, str]:
    """Host (lower case, no ``www.``, no trailing dot) and path (lower case) of a URL or bare host."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    return host, (parts.path or "").lower()


def classify(url: str, registry: dict[str, dict]) -> str | None:
    """The class of a URL: the longest matching registry entry (host + path prefix, then parent
    domains); None if no entry matches. A MediaWiki edit URL is an edit page on any host."""
    return entry(url, registry)[1]


def entry(url: str, registry: dict[str, dict]) -> tuple[str | None, str | None]:
    """The registry key and class that a URL falls under (None, None if none)."""
    if "action=edit" in url:
        return "action=edit", "edit-page"
    host, path = normalise(url)
    best, best_key, best_len = None, None, -1
    labels = host.split(".")
    for i in range(len(labels) - 1 if len(labels) > 1 else 1):
        domain = ".".join(labels[i:])
        for key, row in registry.items():
            k_host, _, k_path = key.partition("/")
            if k_host != domain:
                continue
            if k_path and not path.lstrip("/").startswith(k_path):
                continue
            length = len(key) + (100 if i == 0 else 0)
            if length > best_len:
                best, best_key, best_len = row["class"], key, length
    return best_key, best


def _texts(rel: str, text: str):
    """(location, text) pieces of a file: cells of a notebook, fields of a CSV, entries of a .po."""
    if rel.endswith(".ipynb"):
        nb = json.loads(text)
        for i, cell in enumerate(nb.get("cells", [])):
            src = "".join(cell.get("source", ""))
            yield f"cell {i}", src, cell.get("cell_type") == "markdown"
    elif rel.endswith(".csv"):
        for n, row in enumerate(csv.reader(text.splitlines()), start=1):
            for field in row:
                yield f"row {n}", field, True
    elif rel.endswith(".po"):
        # gettext wraps long strings over several quoted lines: join them before looking for URLs.
        for n, block in enumerate(re.sub(r'"\n"', "", text).split("\n\n")):
            yield f"entry {n}", block, True
    elif rel.endswith(".json"):
        # The descriptor: each source entry (title, path, quality, note) is one piece, so a label
        # in its quality field covers its path; the rest line by line.
        doc = json.loads(text)
        if isinstance(doc, list):  # the bibliography (CSL-JSON): each work is one piece
            for work in doc:
                yield f"work {work.get('id')}", json.dumps(work, ensure_ascii=False), True
            return
        for res in doc.get("resources", []):
            for i, src in enumerate(res.pop("sources", [])):
                yield f"{res.get('name')} sources[{i}]", json.dumps(src, ensure_ascii=False), True
        for n, line in enumerate(json.dumps(doc, ensure_ascii=False, indent=1).splitlines(), start=1):
            yield f"line {n}", line, True
    else:
        for n, para in enumerate(text.split("\n\n")):
            yield f"block {n}", para, True


def scanned_files(root: Path = ROOT) -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    files = [f for f in out.split() if f.startswith(SCANNED) and f not in SKIPPED]
    return [f for f in files if f.endswith((".json", ".csv", ".ipynb", ".md", ".po", ".py", ".cff"))
            and (root / f).exists()]


def cited(root: Path = ROOT, files: list[str] | None = None) -> list[dict]:
    """Every URL or bare host name in the scanned files: file, location, url, and the text around it."""
    found = []
    for rel in files if files is not None else scanned_files(root):
        text = (root / rel).read_text(encoding="utf-8")
        for where, piece, prose in _texts(rel, text):
            seen = set()
            for m in URL.finditer(piece):
                url = m.group(0).rstrip(".,;:")
                seen.add(normalise(url)[0])
                found.append({"file": rel, "where": where, "url": url, "context": piece})
            if prose:
                for m in BARE.finditer(piece):
                    url = m.group(0).rstrip(".,;:")
                    if normalise(url)[0] in seen:
                        continue
                    found.append({"file": rel, "where": where, "url": url, "context": piece})
    return found


def counts(root: Path = ROOT) -> Counter:
    """Registry entries cited now, counted by class (a domain not in the registry counts by host)."""
    registry = load_registry()
    entries = {}
    for hit in cited(root):
        key, cls = entry(hit["url"], registry)
        entries[key or normalise(hit["url"])[0]] = cls or "NOT IN REGISTRY"
    return Counter(entries.values())


if __name__ == "__main__":
    registry = load_registry()
    if "--list" in sys.argv:
        for hit in cited():
            print(f"{classify(hit['url'], registry) or 'NOT IN REGISTRY':16} {hit['file']} {hit['where']}: {hit['url']}")
    c = counts()
    print(f"{sum(c.values())} registry entries cited; by class: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
