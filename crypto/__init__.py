"""Konsil's cryptography: HPKE (RFC 9180) and MLS (RFC 9420).

This package imports no web, database or asyncio code (``tests/test_layering.py``
enforces it), so it can be audited and reused on its own.
"""
