#!/bin/bash
# The Littlest JupyterHub (TLJH) with the gleap course, on a fresh Ubuntu server (22.04 or 24.04),
# run as a user who may sudo. What it installs in the students' environment is binder/requirements.txt,
# the same exact versions Binder installs and tests/test_binder.py rehearses: one environment definition.
#
#   ADMIN=teacher REPO=https://github.com/<owner>/gleap bash deploy/tljh/install.sh
#
# Optional: LANGUAGE=pl (Polish explorers, labels and numbers by default, Polish JupyterLab menus),
# MEMORY=1G and CPU=1 per student (deploy/README.md says where these figures come from),
# CULL_TIMEOUT=3600 (seconds without activity before a student's server is stopped).
set -euo pipefail
: "${ADMIN:?set ADMIN, the user name of the hub administrator}"
: "${REPO:?set REPO, the address of the gleap repository (the main branch is installed)}"
LANGUAGE="${LANGUAGE:-en}"
MEMORY="${MEMORY:-1G}"
CPU="${CPU:-1}"
CULL_TIMEOUT="${CULL_TIMEOUT:-3600}"
RAW="${REPO%.git}"

# 1. TLJH itself (its documented installer), with the course's exact versions in the user environment.
#    (For a GitHub repository the raw file is at https://raw.githubusercontent.com/<owner>/gleap/main/...)
curl -L https://tljh.jupyter.org/bootstrap.py | sudo -E python3 - \
    --admin "$ADMIN" \
    --user-requirements-txt-url "${REQUIREMENTS_URL:-${RAW/github.com/raw.githubusercontent.com}/main/binder/requirements.txt}"

# 2. The package itself and JupyterLab's settings: binder/postBuild, as Binder runs it, in TLJH's
#    user environment (/opt/tljh/user).
sudo rm -rf /opt/gleap
sudo git clone --depth 1 "$REPO" /opt/gleap
(cd /opt/gleap && sudo env PATH="/opt/tljh/user/bin:$PATH" bash binder/postBuild)

# 3. The hub's settings.
sudo tljh-config set user_environment.default_app jupyterlab   # the default interface: JupyterLab
sudo tljh-config set limits.memory "$MEMORY"                   # per student
sudo tljh-config set limits.cpu "$CPU"
sudo tljh-config set services.cull.enabled true                # the idle culler
sudo tljh-config set services.cull.timeout "$CULL_TIMEOUT"
sudo tljh-config set services.cull.every 300
# The language: TLJH has no tljh-config key for the students' environment variables, so the
# course language (GLEAP_LANG, read by gleap_data) goes into a jupyterhub_config.d snippet, which
# TLJH loads after its own settings. JupyterLab's menus in Polish: the Polish language pack
# (in binder/requirements.txt) chosen in JupyterLab's default settings (overrides.json).
sudo install -D -m 644 /opt/gleap/deploy/tljh/gleap_language.py /opt/tljh/config/jupyterhub_config.d/gleap_language.py
echo "$LANGUAGE" | sudo tee /opt/tljh/config/gleap_language >/dev/null
if [ "$LANGUAGE" = pl ]; then
    sudo /opt/tljh/user/bin/python - <<'PY'
import json, sys
from pathlib import Path
path = Path(sys.prefix) / "share/jupyter/lab/settings/overrides.json"
settings = json.loads(path.read_text()) if path.exists() else {}
settings["@jupyterlab/translation-extension:plugin"] = {"locale": "pl_PL"}
path.write_text(json.dumps(settings, indent=2))
PY
fi
sudo tljh-config reload
echo "Done. Links for the students: make hub-links HUB=https://<this server> REPO=$REPO (deploy/README.md)"
