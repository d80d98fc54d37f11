"""CI, releases and their history: the GitHub workflows (checked, since they cannot run here, against
the GitHub Actions workflow schema with check-jsonschema, for security with zizmor, and their `run:`
scripts with shellcheck), the script that publishes the student edition, the release check and
CHANGELOG.md."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import gleap_data as gd

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
PUBLISH = ROOT / ".github" / "publish-student-edition.sh"
import release_check  # noqa: E402


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"


def _tool(name: str) -> Path:
    path = BIN / name
    assert path.exists(), f"{path} missing: install the test extra (make install-test)"
    return path


def _schema(*files) -> subprocess.CompletedProcess:
    """check-jsonschema with the GitHub Actions workflow schema it ships (SchemaStore's, vendored in
    the wheel: no network)."""
    return subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _zizmor(*files) -> subprocess.CompletedProcess:
    """zizmor, the GitHub Actions security audit, offline (no look-ups of actions on GitHub)."""
    return subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--config", str(ZIZMOR_CONFIG),
                           *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _run_scripts(workflow: Path) -> list[tuple[str, str]]:
    """Each `run:` step of a workflow as a bash script (the workflows' default shell), with every
    `${{ expression }}` replaced by a word, as the runner substitutes text before bash reads it."""
    data = yaml.safe_load(workflow.read_text("utf-8"))
    scripts = []
    for job_name, job in data["jobs"].items():
        for number, step in enumerate(job.get("steps", [])):
            if "run" in step:
                body = re.sub(r"\$\{\{.*?\}\}", "GITHUB_EXPRESSION", step["run"])
                scripts.append((f"{workflow.name}: {job_name}, step {number + 1}", "#!/usr/bin/env bash\n" + body))
    return scripts


def _shellcheck(workflow: Path, tmp_path: Path) -> list[str]:
    """shellcheck's findings on every `run:` script of a workflow, each named by its step."""
    found = []
    for where, script in _run_scripts(workflow):
        path = tmp_path / "step.sh"
        path.write_text(script)
        done = subprocess.run([_tool("shellcheck"), "--shell=bash", str(path)], capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0:
            found.append(f"{where}:\n{done.stdout}{done.stderr}")
    return found


# ------------------------------------------------------------------ the workflows

def test_every_workflow_passes_the_schema_zizmor_and_shellcheck(tmp_path):
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {f.name for f in files} >= {"ci.yml", "release.yml"}
    done = _schema(*files)
    assert done.returncode == 0, f"check-jsonschema (GitHub workflow schema):\n{done.stdout}{done.stderr}"
    done = _zizmor(*files)
    assert done.returncode == 0, f"zizmor:\n{done.stdout}{done.stderr}"
    for workflow in files:
        assert _run_scripts(workflow), f"{workflow.name} has no run: step"
        assert not _shellcheck(workflow, tmp_path), "\n".join(_shellcheck(workflow, tmp_path))


def test_the_workflow_checkers_do_catch_mistakes(tmp_path):
    # a misspelt key: the schema
    misspelt = tmp_path / "misspelt.yml"
    misspelt.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo hi\n")
    done = _schema(misspelt)
    assert done.returncode == 1 and "misspelt.yml" in done.stdout, done.stdout + done.stderr
    # an issue title pasted into a shell script, and a checkout that keeps its token: zizmor
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text("on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - uses: actions/checkout@v5\n"
                      "      - run: echo \"${{ github.event.issue.title }}\"\n")
    done = _zizmor(unsafe)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "template-injection" in done.stdout and "artipacked" in done.stdout, done.stdout
    # a loop over `ls` output in a run: step: shellcheck
    shell = tmp_path / "shell.yml"
    shell.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                     "      - run: for f in $(ls *.txt); do cat $f; done\n")
    found = _shellcheck(shell, tmp_path)
    assert len(found) == 1 and "shell.yml: a, step 1" in found[0] and "SC2045" in found[0], found


def test_no_pickle_or_otter_log_is_committed():
    """otter loads a .OTTER_LOG it finds in the working folder with dill: a committed one is an
    untrusted pickle in a folder students and graders run in. No file in git may be a pickle."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    paths = [ROOT / f.decode() for f in files if f]
    assert not [p for p in paths if p.name.upper() == ".OTTER_LOG"]
    pickles = [p for p in paths if p.is_file() and p.read_bytes()[:2] in {b"\x80\x02", b"\x80\x03", b"\x80\x04",
                                                                            b"\x80\x05"}]
    assert not pickles, f"pickles committed: {pickles}"
    assert subprocess.run(["git", "check-ignore", "-q", "exercises/pl/student/.OTTER_LOG"], cwd=ROOT).returncode == 0


def test_ci_runs_make_test_in_debian_and_publishes_the_student_edition_from_main():
    ci = _workflow("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["permissions"] == {"contents": "read"}
    test = ci["jobs"]["test"]
    assert "bookworm" in test["container"], "Debian, as on the project's machines (.ci/run installs Debian's Chromium)"
    assert any(s.get("run") == "bash .ci/run" for s in test["steps"]), ".ci/run runs make test"
    assert test["timeout-minutes"] <= 90
    student = ci["jobs"]["student-edition"]
    assert student["needs"] == "test"
    assert student["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert student["permissions"] == {"contents": "write"}
    runs = [s.get("run", "") for s in student["steps"]]
    assert "make student-edition" in runs
    assert any(r.startswith("bash .github/publish-student-edition.sh build/student-edition ") for r in runs)


def test_release_tests_builds_checks_and_publishes_with_trusted_publishing():
    release = _workflow("release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {"contents": "read"}
    jobs = release["jobs"]
    assert any(s.get("run") == "bash .ci/run" for s in jobs["test"]["steps"])
    build_runs = " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    for command in ("python tools/release_check.py", "python -m build", "python -m twine check --strict dist/*"):
        assert command in build_runs, command
    publish = jobs["publish"]
    assert set(publish["needs"]) == {"test", "build"}
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "password" not in json.dumps(publish), "trusted publishing needs no token"


# ------------------------------------------------------------------ publishing the student edition

def _git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_publish_script_commits_the_edition_onto_the_student_branch(tmp_path):
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    _git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    _git("init", "-q", str(work), cwd=tmp_path)
    _git("remote", "add", "origin", str(remote), cwd=work)
    edition = work / "build" / "student-edition"
    (edition / "notebooks").mkdir(parents=True)
    (edition / "README.md").write_text("student edition\n")
    (edition / "notebooks" / "00.ipynb").write_text("{}\n")
    (edition / ".gitignore").write_text("*.pyc\n")
    (edition / "stray.pyc").write_bytes(b"x")
    env = {"PATH": f"{Path(shutil.which('git')).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
           "GIT_CONFIG_NOSYSTEM": "1"}

    def publish(sha):
        return subprocess.run(["bash", str(PUBLISH), "build/student-edition", sha], cwd=work, env=env,
                              capture_output=True, text=True, check=True).stdout

    assert "Pushed" in publish("aaaa111")
    assert "nothing to push" in publish("aaaa222")           # unchanged edition: no new commit
    (edition / "README.md").write_text("student edition, changed\n")
    assert "Pushed" in publish("aaaa333")
    log = _git("log", "--format=%s", "student", cwd=remote).splitlines()
    assert log == ["Student edition built from aaaa333", "Student edition built from aaaa111"]
    files = _git("ls-tree", "-r", "--name-only", "student", cwd=remote).splitlines()
    assert files == [".gitignore", "README.md", "notebooks/00.ipynb"]  # the edition's root is the branch's root


# ------------------------------------------------------------------ one version, and its history

def _release_root(tmp_path, version="1.2.0", descriptor_version="1.2.0", changelog=None) -> Path:
    (tmp_path / "gleap_data").mkdir()
    (tmp_path / "gleap_data" / "__init__.py").write_text(f'"""x"""\n__version__ = "{version}"\n')
    (tmp_path / "gleap_data" / "datapackage.json").write_text(json.dumps({"name": "x", "version": descriptor_version}))
    (tmp_path / "CHANGELOG.md").write_text(changelog if changelog is not None else
        "# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2027-01-15\n\n### Fixed\n- a\n\n### Data\n- b\n\n"
        "## [1.1.0] - 2026-12-01\n\n### Data\n- No changes to the data.\n")
    return tmp_path


def test_release_check_accepts_a_consistent_release(tmp_path):
    assert release_check.problems("v1.2.0", _release_root(tmp_path)) == []


@pytest.mark.parametrize("tag, kwargs, expected", [
    ("v1.2.1", {}, "is not 'v1.2.0'"),
    ("1.2.0", {}, "is not 'v1.2.0'"),
    ("v1.2.0", {"descriptor_version": "1.1.0"}, "run python tools/rehash.py"),
    ("v1.3.0", {"version": "1.3.0", "descriptor_version": "1.3.0"}, "no section '## [1.3.0] - YYYY-MM-DD'"),
    ("v1.2.0", {"changelog": "## [1.2.0] - 2027-01-15\n\n### Added\n- a\n\n## [1.1.0] - 2026-12-01\n\n### Data\n- c\n"},
     "no '### Data' subsection"),
])
def test_release_check_names_what_is_wrong(tmp_path, tag, kwargs, expected):
    found = release_check.problems(tag, _release_root(tmp_path, **kwargs))
    assert len(found) == 1 and expected in found[0], found


def test_release_check_on_this_repository_agrees_on_the_version():
    found = release_check.problems(f"v{gd.__version__}")
    # before the release the changelog still says Unreleased; nothing else may be wrong
    assert all("CHANGELOG.md has no section" in p for p in found), found


def test_changelog_keeps_a_changelog_and_calls_out_the_data():
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    headings = re.findall(r"^## (.*)$", text, flags=re.MULTILINE)
    assert headings and headings[0] == "[Unreleased]", "the newest section is [Unreleased]"
    released = []
    for heading in headings[1:]:
        match = re.fullmatch(r"\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})", heading)
        assert match, f"CHANGELOG.md: a release heading is '## [X.Y.Z] - YYYY-MM-DD', not {heading!r}"
        released.append(tuple(map(int, match.group(1).split("."))))
    assert released == sorted(released, reverse=True), "releases newest first"
    assert all(v <= tuple(map(int, gd.__version__.split("."))) for v in released), "a release newer than __version__"
    sections = re.split(r"^## .*$", text, flags=re.MULTILINE)[1:]
    kinds = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security", "Data"}
    for heading, body in zip(headings, sections):
        subsections = re.findall(r"^### (.*)$", body, flags=re.MULTILINE)
        assert set(subsections) <= kinds, f"{heading}: unknown subsections {set(subsections) - kinds}"
        if heading != "[Unreleased]" or subsections:
            assert "Data" in subsections, f"CHANGELOG.md {heading}: no '### Data' subsection"
        label = re.match(r"\[[^\]]+\]", heading).group(0)
        assert re.search(rf"^{re.escape(label)}: https://", text, flags=re.MULTILINE), f"no link for {label}"


def test_readme_says_what_to_install_and_how_versions_are_bumped():
    readme = (ROOT / "README.md").read_text("utf-8")
    for text in ("pip install gleap", "gleap[widgets]", "gleap[lab]", "gleap[exercises]", "gleap[all]",
                 "## Versions and releases", "CHANGELOG.md", "tools/rehash.py", "tools/release_check.py",
                 "git tag v"):
        assert text in readme, f"README.md does not mention {text!r}"
