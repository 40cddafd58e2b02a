"""``make demo``: three practitioners consult on a case, end to end, against a real server.

Run it with the project's interpreter after ``make`` created ``.venv``::

    .venv/bin/python demo/consultation.py [--keep] [--room-messages]

It starts ``konsil-server run`` on a free loopback port with a SQLite database
in a temporary folder, gives alice (the case-giver), bob (the moderator) and
carol (a consultant) a temporary ``KONSIL_HOME`` each, and drives the real
``konsil`` command line as subprocesses, as a person would type it. Nothing
outside the temporary folder is read or written: not ``konsil.db``, not
``~/.konsil``. The folder is removed at the end unless ``--keep`` is given.

The case is shared with ``konsil case`` when the installed CLI has it, and
otherwise (or with ``--room-messages``) as plain room messages.

Every claim the story makes is checked on the way (carol cannot read what
follows her removal; the database holds none of the texts), and any failing
step stops the demo with a one-line error and exit status 1. The server is
stopped in every case.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `demo` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.seizure import show_server_holdings  # after the path set-up above
from demo.stage import (
    BIN,
    DemoError,
    Narrator,
    Server,
    clean_environment,
    has_case_commands,
    temporary_folder,
)
from demo.story import Story

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Three practitioners consult on a case.")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--room-messages", action="store_true", help="share the case as room messages"
    )
    options = parser.parse_args(argv)
    for tool in ("konsil", "konsil-server"):
        if not (BIN / tool).exists():
            print(f"demo: {BIN / tool} is missing; run `make` first", file=sys.stderr)
            return 1
    cases = not options.room_messages and has_case_commands()
    say = Narrator()
    started = time.monotonic()
    env = clean_environment()
    with temporary_folder(options.keep) as workdir:
        print("Konsil demo: three practitioners consult on a case, end to end, on a real server.")
        print(f"All of it happens in {workdir}: a SQLite database, one profile per person.")
        print("The stores use the cheap test KDF profile (KONSIL_KDF_PROFILE=test) for speed;")
        print("a real profile derives its key with Argon2id and 64 MiB of memory.")
        how = "with `konsil case`" if cases else "as room messages"
        print("alice is the case-giver, bob the moderator, carol a consultant;")
        print(f"the case is shared {how}.\n")
        server = Server(workdir, env)
        try:
            Story(say, server, workdir, env, cases=cases).run()
            show_server_holdings(say, server)
        except DemoError as error:
            print(f"demo: {say.current} failed: {error}", file=sys.stderr, flush=True)
            return 1
        except KeyboardInterrupt:
            print(f"demo: interrupted at {say.current}", file=sys.stderr, flush=True)
            return 130
        finally:
            status = server.stop()
        if status != 0:
            print(f"demo: the server did not stop cleanly (exit {status})", file=sys.stderr)
            return 1
        seconds = time.monotonic() - started
        print(f"\nserver stopped (exit 0); the demo took {seconds:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
