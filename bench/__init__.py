"""Benchmarks that print figures (run each as a script: ``python bench/bench_x.py``); never part of the tests."""
