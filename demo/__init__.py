"""``make demo``: three practitioners consult on a case, end to end, against a real server.

``consultation.py`` is the entry point; ``stage`` starts the server and runs
the real command lines, ``story`` tells the consultation, ``seizure`` shows
what the server holds afterwards. ``sample_case.md`` is a fictional case
reflection written for the demo: its people, places and numbers are invented.
"""
