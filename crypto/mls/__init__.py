"""MLS (RFC 9420) building blocks, one concept per module.

``ciphersuite`` and ``labelled`` (the cryptographic primitives and their
labelled forms), ``treemath`` (array tree arithmetic), ``secret_tree`` and
``key_schedule`` (per-epoch secrets), ``group_context`` and ``extension``
(the wire structures the key schedule needs), ``psk_secret`` (PSK combination) and
``testvectors`` (the runner for the official vectors).
"""
