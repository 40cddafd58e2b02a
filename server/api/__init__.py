"""The HTTP API: one router per resource in ``routes``, wire models in ``schemas``."""
