"""deploy/: what a school's administrator runs (TLJH, Z2JH) and the students' nbgitpuller links.

Neither TLJH nor Kubernetes can run here; these tests check that the files say what deploy/README.md
says they do: one environment (binder/, which tests/test_binder.py rehearses, nbgitpuller pull
included), JupyterLab by default, per-student limits, the idle culler, and a working link for every
lesson and exercise set in both languages.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
import hub_links  # noqa: E402
import student_edition  # noqa: E402

HUB, REPO = "https://hub.school.example", "https://github.com/school/gleap"


def _bytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)\s*([KMGT]?)i?", str(quantity)).groups()
    return float(number) * 1024 ** " KMGT".index(unit or " ")


# ------------------------------------------------------------------ Zero to JupyterHub

def test_z2jh_values_image_from_binder_lab_limits_and_culler():
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text("utf-8"))
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab"
    assert single["image"]["name"] and single["image"]["tag"]
    assert _bytes(single["memory"]["guarantee"]) <= _bytes(single["memory"]["limit"])
    assert 0 < float(single["cpu"]["guarantee"]) <= float(single["cpu"]["limit"])
    assert single["extraEnv"]["GLEAP_LANG"] in ("en", "pl")
    assert values["cull"]["enabled"] is True and int(values["cull"]["timeout"]) >= 600
    # the image is repo2docker's build of this repository: binder/ is its only environment definition
    build = (DEPLOY / "z2jh" / "build-image.sh").read_text("utf-8")
    assert re.search(r"jupyter-repo2docker .*--image-name \"\$IMAGE:\$TAG\".* \.$", build, re.M), build
    assert not list(DEPLOY.rglob("requirements*.txt")) and not list(DEPLOY.rglob("environment*.yml")), \
        "deploy/ must not define a second environment: binder/ is the only one"


def test_lti_option_names_the_authenticator_and_what_the_platform_gives():
    values = yaml.safe_load((DEPLOY / "z2jh" / "values-lti.yaml").read_text("utf-8"))
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "ltiauthenticator.lti13.auth.LTI13Authenticator"
    assert {"issuer", "authorize_url", "jwks_endpoint", "client_id"} <= set(config["LTI13Authenticator"])


# ------------------------------------------------------------------ The Littlest JupyterHub

def test_tljh_install_uses_binders_lock_and_postbuild_and_sets_lab_limits_culler_language():
    script = DEPLOY / "tljh" / "install.sh"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    text = script.read_text("utf-8")
    assert re.search(r"--user-requirements-txt-url \S*binder/requirements\.txt", text)
    assert "bash binder/postBuild" in text
    for line in ("tljh-config set user_environment.default_app jupyterlab", "tljh-config set limits.memory",
                 "tljh-config set limits.cpu", "tljh-config set services.cull.enabled true",
                 "tljh-config set services.cull.timeout", "tljh-config reload"):
        assert line in text, f"deploy/tljh/install.sh: no `{line}`"
    assert "jupyterhub_config.d/gleap_language.py" in text


def test_tljh_language_snippet_sets_gleap_lang(tmp_path, monkeypatch):
    class Spawner:
        environment: dict = {}

    class Config:
        pass
    code = (DEPLOY / "tljh" / "gleap_language.py").read_text("utf-8")
    for written, expected in ((None, "en"), ("pl\n", "pl")):
        language_file = tmp_path / "gleap_language"
        if written:
            language_file.write_text(written)
        c = Config()
        c.Spawner = Spawner()
        c.Spawner.environment = {}
        exec(compile(code.replace("/opt/tljh/config/gleap_language", str(language_file)), "gleap_language.py", "exec"),
             {"c": c})
        assert c.Spawner.environment == {"GLEAP_LANG": expected}


# ------------------------------------------------------------------ nbgitpuller links

@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return student_edition.build(tmp_path_factory.mktemp("student") / "edition")


def test_a_link_for_every_lesson_and_exercise_set_in_both_languages(edition):
    rows = hub_links.links(HUB, REPO, "student", root=edition)
    lessons = {lang: sorted(p.name for p in (edition / folder).glob("[0-9]*.ipynb"))
               for lang, folder in (("en", "notebooks"), ("pl", "notebooks/pl"))}
    exercises = {lang: sorted(p.name for p in (edition / folder).glob("[0-9]*.ipynb"))
                 for lang, folder in (("en", "exercises/student"), ("pl", "exercises/pl/student"))}
    for lang in ("en", "pl"):
        assert len(lessons[lang]) == 9 and len(exercises[lang]) == 8, (lessons, exercises)
        got = sorted(Path(r["path"]).name for r in rows if r["lang"] == lang)
        assert got == sorted(lessons[lang] + exercises[lang])
    for row in rows:
        url = urlsplit(row["url"])
        assert f"{url.scheme}://{url.netloc}" == HUB and url.path == "/hub/user-redirect/git-pull"
        query = {k: v[0] for k, v in parse_qs(url.query, strict_parsing=True).items()}
        assert query["repo"] == REPO and query["branch"] == "student"
        # nbgitpuller clones into a folder named after the repository: the file must be there
        app, tree, folder, path = query["urlpath"].split("/", 3)
        assert (app, tree, folder) == ("lab", "tree", "gleap")
        assert (edition / path).is_file(), f"{row['url']} opens {path}, which the student branch does not have"


def test_links_commands_output_and_bad_input():
    make = subprocess.run(["make", "--no-print-directory", "-s", "hub-links", f"HUB={HUB}", f"REPO={REPO}", "FORMAT=csv"],
                          cwd=ROOT, capture_output=True, text=True)
    assert make.returncode == 0, make.stderr
    lines = make.stdout.strip().splitlines()
    assert lines[0] == "number,lang,kind,path,url" and len(lines) == 1 + 34
    markdown = hub_links.render(hub_links.links(HUB, REPO), "markdown")
    assert "### Polski" in markdown and "05_liczenie_zmarlych" in markdown
    bad = subprocess.run([sys.executable, str(ROOT / "tools" / "hub_links.py"), "--hub", "hub.school.example",
                          "--repo", REPO], capture_output=True, text=True)
    assert bad.returncode == 2 and "give a full address" in bad.stderr and "Traceback" not in bad.stderr
    usage = subprocess.run(["make", "--no-print-directory", "-s", "hub-links"], cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode != 0 and "Usage: make hub-links" in usage.stdout
