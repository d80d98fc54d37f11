"""Command-line tools: ``python -m exercises.tools.assign`` and ``python -m exercises.tools.grade``."""
