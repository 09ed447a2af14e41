"""Demo content for ``manage.py load_demo``: a fictional practice, written for this project.

Each module adds one part (``site``, then the plugins' parts) and is idempotent: it looks things up
by slug or natural key and only creates what is missing.
"""
