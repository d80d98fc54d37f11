"""gleap_data: sourced datasets and tested analysis functions on China's Great Leap Forward.

Start here::

    import gleap_data as gd
    gd.datasets()                 # names of every dataset
    gd.load("vital_rates")        # a pandas DataFrame
    gd.describe("vital_rates")    # title, description, sources, units of every column
    gd.cite("vital_rates")        # a citation to copy
    gd.excess_deaths(baseline=1957, years=(1959, 1961))
    gd.labour_allocation(0.2)     # the what-if model of 1958

Charts (plotly) and interactive widgets live in ``gd.charts`` and ``gd.widgets``; they are
imported on first use, so ``import gleap_data`` stays quick.
"""
import importlib

__version__ = "0.1.0"

# Everything is imported on first use (PEP 562), so `import gleap_data` does not pay for pandas,
# plotly or ipywidgets until a function needs them; tab completion and help() still see every name.
_EXPORTS = {
    "datasets": "_data", "load": "_data", "describe": "_data", "cite": "_data",
    "UnknownDatasetError": "_data", "DataIntegrityError": "_data",
    "excess_deaths": "analysis", "lost_births": "analysis",
    "labour_allocation": "labour", "labour_calibration": "labour", "labour_actuals": "labour",
}
_SUBMODULES = ("charts", "widgets", "labels", "analysis", "labour")

__all__ = [*_EXPORTS, "charts", "widgets"]


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'gleap_data' has no attribute '{name}'")
    globals()[name] = value
    return value


def __dir__():
    return sorted([*__all__, "__version__"])
