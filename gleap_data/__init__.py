"""gleap_data: sourced datasets and tested analysis functions on China's Great Leap Forward.

Start here::

    import gleap_data as gd
    gd.datasets()                 # names of every dataset
    gd.load("vital_rates")        # a pandas DataFrame
    gd.describe("vital_rates")    # title, description, sources, units of every column
    gd.cite("vital_rates")        # a citation to copy
    gd.excess_deaths(baseline=1957, years=(1959, 1961))
    gd.labour_allocation(0.2)     # the what-if model of 1958
    gd.readable(table)            # a table's codes and texts in the session's language (for a chart)

Charts (plotly) and interactive widgets live in ``gd.charts`` and ``gd.widgets``; they are
imported on first use, so ``import gleap_data`` stays quick. ``gd.widgets`` needs the ``widgets``
extra: ``pip install 'gleap[widgets]'`` (``gleap[lab]`` also brings JupyterLab).
"""
import importlib
import importlib.util

__version__ = "0.1.0"

# Everything is imported on first use (PEP 562), so `import gleap_data` does not pay for pandas,
# plotly or ipywidgets until a function needs them; tab completion and help() still see every name.
_EXPORTS = {
    "datasets": "_data", "load": "_data", "describe": "_data", "cite": "_data",
    "UnknownDatasetError": "_data", "DataIntegrityError": "_data",
    "excess_deaths": "analysis", "lost_births": "analysis", "source_type": "criteria",
    "labour_allocation": "labour", "labour_calibration": "labour", "labour_actuals": "labour",
    "show": "display", "readable": "display", "set_language": "labels", "get_language": "labels",
}
_SUBMODULES = ("charts", "widgets", "labels", "analysis", "labour", "criteria")

__all__ = [*_EXPORTS, "charts", "widgets", "MissingExtraError"]

# Submodules that need an optional extra: {submodule: (extra, the packages it installs)}.
_EXTRAS = {"widgets": ("widgets", ("ipywidgets", "anywidget"))}


class MissingExtraError(ImportError):
    """Raised when a part of gleap_data needs an optional extra that is not installed."""


def _require_extra(name):
    extra, packages = _EXTRAS[name]
    missing = [p for p in packages if importlib.util.find_spec(p) is None]
    if missing:
        raise MissingExtraError(
            f"gd.{name} needs {' and '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} "
            f"not installed: run pip install 'gleap[{extra}]' (or 'gleap[lab]' for JupyterLab too) "
            "and restart the kernel.",
            name=missing[0],
        )


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _SUBMODULES:
        if name in _EXTRAS:
            _require_extra(name)
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'gleap_data' has no attribute '{name}'")
    globals()[name] = value
    return value


def __dir__():
    return sorted([*__all__, "__version__"])


def _inside_a_kernel():
    """In a Jupyter kernel: one-line errors for a student's slips, plain numbers (gleap_data._kernel)."""
    import sys

    if "IPython" in sys.modules:  # IPython is already running; a plain `import gleap_data` stays quick
        from . import _kernel

        _kernel.install()


_inside_a_kernel()
