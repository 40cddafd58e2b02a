"""Data access in SQLAlchemy Core, one module per resource.

Functions take an open ``Connection`` (the caller owns the transaction) and
return frozen dataclasses, never rows, so storage details stay here.
"""
