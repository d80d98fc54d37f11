#!/usr/bin/env python3
"""nbgitpuller links to every lesson and exercise set, in both languages, for one school's hub.

    .venv/bin/python tools/hub_links.py --hub https://hub.school.example \\
        --repo https://github.com/<owner>/gleap [--branch student] [--format markdown|csv|json]
    make hub-links HUB=https://hub.school.example REPO=https://github.com/<owner>/gleap

A link logs the student in, copies (first time) or updates (later) the repository's ``branch`` into
a folder of their home named after the repository, keeps every file they changed, and opens the
notebook in JupyterLab. Students get the ``student`` branch (lessons and exercise copies, no
solutions: ``make student-edition``, exercises/README.md). The files listed are those of the
student edition in this checkout (tools/student_edition.py), so every link names a file the
branch has. Link format: nbgitpuller's documentation, "Constructing the nbgitpuller URL"
(``/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...``), as Berkeley's Data 8 uses.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
#: what a student opens, by language: (kind, folder in the student edition)
FOLDERS = {"en": [("lesson", "notebooks"), ("exercises", "exercises/student")],
           "pl": [("lesson", "notebooks/pl"), ("exercises", "exercises/pl/student")]}


class LinkError(ValueError):
    """Bad input: a clear sentence, no traceback."""


def student_files(root: Path = ROOT) -> list[dict]:
    """Every lesson and exercise set of the student edition: number, language, kind, path."""
    out = []
    for lang, folders in FOLDERS.items():
        for kind, folder in folders:
            for path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")):
                out.append({"number": path.name[:2], "lang": lang, "kind": kind,
                            "path": f"{folder}/{path.name}"})
    if not out:
        raise LinkError(f"no lessons found under {root}/notebooks")
    return out


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the repository's name (its default ``targetpath``)."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if not name:
        raise LinkError(f"--repo {repo!r}: no repository name in it")
    return name


def link(hub: str, repo: str, branch: str, path: str, app: str = "lab") -> str:
    """One nbgitpuller link that opens ``path`` (relative to the repository) in JupyterLab."""
    urlpath = f"{app}/tree/{repo_folder(repo)}/{path}"
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath}, quote_via=quote, safe="")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def _check(hub: str, repo: str, branch: str) -> None:
    for name, url in (("--hub", hub), ("--repo", repo)):
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http", "file") or (parts.scheme != "file" and not parts.netloc):
            raise LinkError(f"{name} {url!r}: give a full address, e.g. https://hub.school.example")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        raise LinkError(f"--branch {branch!r}: not a branch name")


def links(hub: str, repo: str, branch: str = "student", root: Path = ROOT) -> list[dict]:
    _check(hub, repo, branch)
    return [{**f, "url": link(hub, repo, branch, f["path"])} for f in student_files(root)]


def render(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=["number", "lang", "kind", "path", "url"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    heading = {"en": "English", "pl": "Polski"}
    out = []
    for lang in FOLDERS:
        out += [f"### {heading[lang]}", "", "| | lesson | exercises |", "|---|---|---|"]
        numbers = sorted({r["number"] for r in rows if r["lang"] == lang})
        for n in numbers:
            cell = {r["kind"]: r for r in rows if r["lang"] == lang and r["number"] == n}
            row = [n] + [f"[{Path(cell[k]['path']).stem}]({cell[k]['url']})" if k in cell else ""
                         for k in ("lesson", "exercises")]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.school.example")
    parser.add_argument("--repo", required=True, help="the repository students pull, e.g. https://github.com/<owner>/gleap")
    parser.add_argument("--branch", default="student", help="default: student (no solutions)")
    parser.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown")
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(render(links(args.hub, args.repo, args.branch), args.format))
    except LinkError as exc:
        print(f"hub_links: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
