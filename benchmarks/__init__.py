"""Benchmarks of what students feel: notebook run time against a bare kernel, slider latency
against the naive way, import time, memory and the install footprint.

Run ``make bench`` (or ``python -m benchmarks.run --out build/bench.json --markdown BENCHMARKS.md``).
"""
