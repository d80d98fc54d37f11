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

from ._data import DataIntegrityError, UnknownDatasetError, cite, datasets, describe, load
from .analysis import excess_deaths, lost_births
from .labour import labour_actuals, labour_allocation, labour_calibration

_LAZY = ("charts", "widgets")

__all__ = [
    "datasets", "load", "describe", "cite",
    "excess_deaths", "lost_births",
    "labour_allocation", "labour_calibration", "labour_actuals",
    "UnknownDatasetError", "DataIntegrityError",
    *_LAZY,
]


def __getattr__(name):
    if name in _LAZY:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'gleap_data' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | set(__all__))
