"""Benchmarks of practice-cms (``make bench``): they print figures, they are not tests.

See docs/benchmarks.md for how to run them and what each figure means.
"""
