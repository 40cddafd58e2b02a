"""Honest clients beside attackers (issue 13): ``python -m bench.abuse``, or ``make bench-abuse``.

Real ``konsil-server`` processes on loopback (one on SQLite; two on
PostgreSQL sharing Redis limits) serve 8 rooms of 3 honest members while,
phase by phase, one attack runs beside them in a process of its own. Each
phase reports the honest success rate, the honest p99 against the
attack-free phase of the same run, the servers' peak RSS and descriptors,
5xx answers and log lines off the allowlist, and which of the issue's
goals it misses.

Modules: ``config`` (sizes, rates, goals), ``servers`` (deployments),
``population`` (accounts and rooms), ``honest``, ``receivers`` and
``polite`` (the honest clients), ``attacker``, ``attacks_http`` and
``attacks_sockets`` (the attacks), ``phases``, ``measure``, ``stats`` and
``report``.
"""
