# TLJH loads this file (/opt/tljh/config/jupyterhub_config.d/) after its own settings; deploy/tljh/install.sh
# puts it there. The course language for every student, from /opt/tljh/config/gleap_language
# ("en" or "pl"): gleap_data reads GLEAP_LANG (explorers, chart labels, numbers, friendly errors).
from pathlib import Path

_language = (Path("/opt/tljh/config/gleap_language").read_text().strip() or "en") \
    if Path("/opt/tljh/config/gleap_language").exists() else "en"
c.Spawner.environment.update({"GLEAP_LANG": _language})  # noqa: F821 (c: JupyterHub's config)
