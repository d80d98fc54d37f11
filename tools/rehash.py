#!/usr/bin/env python3
"""Recompute the ``hash`` and ``bytes`` of every resource in gleap_data/datapackage.json,
and copy the package version (``__version__`` in gleap_data/__init__.py) into its ``version``.

Run after every edit of a CSV file in gleap_data/data/, and after every version bump:

    python tools/rehash.py            # rewrite the descriptor in place
    python tools/rehash.py --check    # only report; exit 1 if anything is stale

``hash`` is "sha256:" followed by the hex digest of the file's bytes. The JSON is
rewritten with indent=2, ensure_ascii=False, key order preserved and a trailing newline.
Standard library only.
"""
import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

DESCRIPTOR = Path(__file__).resolve().parent.parent / "gleap_data" / "datapackage.json"


def file_stats(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return "sha256:" + hashlib.sha256(data).hexdigest(), len(data)


def package_version(descriptor: Path) -> str:
    """``__version__`` from the ``__init__.py`` beside the descriptor (read, not imported)."""
    text = (descriptor.parent / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, flags=re.MULTILINE)
    if not match:
        raise SystemExit(f"no __version__ = \"...\" line in {descriptor.parent / '__init__.py'}")
    return match.group(1)


def with_version(package: dict, version: str) -> dict:
    """The descriptor with ``version`` set, placed after ``name`` when it is new."""
    if "version" in package:
        return {**package, "version": version}
    out = {}
    for key, value in package.items():
        out[key] = value
        if key == "name":
            out["version"] = version
    out.setdefault("version", version)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if any hash or size is stale")
    parser.add_argument("descriptor", nargs="?", default=str(DESCRIPTOR), help="path to datapackage.json")
    args = parser.parse_args(argv)

    descriptor = Path(args.descriptor)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    stale = []
    for resource in package.get("resources", []):
        path = descriptor.parent / resource["path"]
        digest, size = file_stats(path)
        if resource.get("hash") != digest or resource.get("bytes") != size:
            stale.append(resource["name"])
        resource["hash"] = digest
        resource["bytes"] = size

    version = package_version(descriptor)
    if package.get("version") != version:
        stale.append(f"version ({package.get('version')!r}, package is {version!r})")
    package = with_version(package, version)

    if args.check:
        for name in stale:
            print(f"stale: {name}")
        return 1 if stale else 0

    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    descriptor.write_text(text, encoding="utf-8")
    print(f"updated {', '.join(stale) or 'nothing'} in {descriptor} (version {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
