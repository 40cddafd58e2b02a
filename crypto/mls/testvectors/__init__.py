"""Run the official RFC 9420 test vectors: ``python -m crypto.mls.testvectors FILE...``.

Files may be plain JSON or compressed (``.json.gz``, ``.json.xz``). Each
file's kind is recognised from the field names of its first case (not from
the file name), every case is checked, and one line per file is printed::

    tree-math.json: 10 passed, 0 failed, 0 unsupported

The exit status is non-zero when any case failed or a file was not
recognised. Cases of cipher suites other than 1, 2 and 3 count as
unsupported.

Adding a kind
-------------
Write ``check_<kind>.py`` in this package with ``check(case: dict[str, Any])
-> None`` that raises on any mismatch (:class:`~.common.VectorMismatchError` via
:func:`~.common.expect`) and lets :class:`~crypto.errors.UnsupportedError`
escape for unsupported suites (``suite_of(case)`` does that), then add one
line to ``KINDS`` in :mod:`.kinds`: the kind's name, the field names that
identify it, and the module that holds ``check``. More specific detectors
go first.
"""

from crypto.mls.testvectors.runner import FileResult, read_vector_file, run_file

__all__ = ["FileResult", "read_vector_file", "run_file"]
