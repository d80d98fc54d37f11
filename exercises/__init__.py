"""Exercise sets for the gleap lessons (otter-grader masters) and the tools that release and grade them.

See ``exercises/README.md`` for teachers; ``exercises.tools.assign`` and ``exercises.tools.grade``
are the command-line tools behind ``make assign`` and ``make grade``.
"""
