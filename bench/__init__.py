"""Benchmarks: synthetic sites and the plain-Pelican comparison (issue 7). Never run by pytest."""
