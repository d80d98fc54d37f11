#!/usr/bin/env python3
"""Before a release: the tag, the package, the data descriptor and the changelog name one version.

    python tools/release_check.py v0.2.0      # run by .github/workflows/release.yml on a tag

Checks that the tag is ``v`` + ``gleap_data.__version__``, that ``gleap_data/datapackage.json``
carries the same ``version`` (``tools/rehash.py`` writes it), and that ``CHANGELOG.md`` has a dated
section for it (``## [0.2.0] - 2026-12-01``) with a ``### Data`` subsection. Exit 1 and say what
is wrong otherwise. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_version(root: Path) -> str:
    text = (root / "gleap_data" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, flags=re.MULTILINE)
    return match.group(1) if match else ""


def changelog_section(root: Path, version: str) -> str | None:
    """The text of the changelog section for ``version``, from its heading to the next one."""
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$(.*?)(?=^## |\Z)", text,
                      flags=re.MULTILINE | re.DOTALL)
    return match.group(1) if match else None


def problems(tag: str, root: Path = ROOT) -> list[str]:
    found = []
    version = package_version(root)
    if not version:
        return ["no __version__ = \"...\" line in gleap_data/__init__.py"]
    if tag != f"v{version}":
        found.append(f"the tag {tag!r} is not 'v{version}' (gleap_data.__version__ is {version!r})")
    descriptor = json.loads((root / "gleap_data" / "datapackage.json").read_text(encoding="utf-8"))
    if descriptor.get("version") != version:
        found.append(f"gleap_data/datapackage.json says version {descriptor.get('version')!r}, not {version!r}: "
                     "run python tools/rehash.py")
    section = changelog_section(root, version)
    if section is None:
        found.append(f"CHANGELOG.md has no section '## [{version}] - YYYY-MM-DD': move the Unreleased "
                     "entries under it")
    elif not re.search(r"^### Data$", section, flags=re.MULTILINE):
        found.append(f"CHANGELOG.md, section {version}: no '### Data' subsection (write 'No changes to the "
                     "data.' if none)")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag", help="the git tag being released, such as v0.2.0")
    args = parser.parse_args(argv)
    found = problems(args.tag)
    for problem in found:
        print(f"release check: {problem}", file=sys.stderr)
    if not found:
        print(f"release check: {args.tag} matches the package, the descriptor and CHANGELOG.md")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
