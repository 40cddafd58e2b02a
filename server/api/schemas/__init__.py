"""Wire models, a family per resource (``...Create`` in, ``...Public`` out).

Table rows never leave through the API: routes build these from store values.
"""
