"""What every part of the benchmark shares: sizes, rates, addresses and the goals."""

from __future__ import annotations

CIPHERTEXT_BYTES = 1024
"""Ciphertext of every honest envelope (and of setup commits): one padding bucket.

The server may refuse ciphertexts that are not a padding bucket; change this
one value (to 2048, say) if the buckets change."""

LARGE_CIPHERTEXT_BYTES = 256 * 1024
"""Ciphertext of the attackers' large envelopes: the default message limit, a bucket too."""

ROOMS = 8
MEMBERS_PER_ROOM = 3
POST_INTERVAL_SECONDS = 2.5  # each honest member: about 10 posts/s for all 24
PAGE_INTERVAL_SECONDS = 5.0
LOGIN_INTERVAL_SECONDS = 3.0  # a device of the login victim starts up (20/min < 30/min)
DELIVERY_DEADLINE_SECONDS = 5.0
HTTP_TIMEOUT_SECONDS = 10.0
MAX_HONOURED_PAUSE_SECONDS = 5  # as client_lib/api/session.py: longer pauses are failures
WARM_UP_SECONDS = 1.0  # honest load on freshly started servers before each phase, not measured

KEYPACKAGES_PER_MEMBER = 20
KEYPACKAGE_BYTES = 512

# Goals (issue 13).
GOAL_SUCCESS = 1.0
GOAL_P99_RATIO = 2.0
GOAL_RSS_MIB = 300.0

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


def honest_source(index: int) -> str:
    """Each honest member connects from an address of its own, as practitioners at home do."""
    return f"127.0.1.{index + 1}"


def attacker_account_source(index: int) -> str:
    """Where attacker account ``index`` registered and logs in from."""
    return f"127.0.3.{index + 1}"


def attack_sources(block: int, count: int) -> list[str]:
    """``count`` anonymous attacker addresses; each attack gets its own ``block``."""
    return [f"127.0.{10 + block}.{n + 1}" for n in range(count)]
