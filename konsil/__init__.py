"""The distribution's front door: the console scripts, before any program loads.

Konsil installs in parts (``pyproject.toml``): the base holds ``crypto``, the
extra ``server`` the delivery service, the extra ``client`` the practitioner's
command line and anonymiser. This package imports only the standard library,
so it runs whichever parts are installed and can say which one is missing.
"""
