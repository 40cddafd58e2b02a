"""Everything a practitioner's device does: keys, MLS group state, anonymisation,
the sealed local store, the HTTP and websocket client and the ``konsil`` CLI.

``client_lib`` never imports ``server`` (``tests/test_layering.py`` enforces it).
"""
