"""The figures the code cites when it picks one primitive or storage path over another.

Each line times two ways of doing one thing in the same process and prints the
ratio, so the choice can be re-checked on any machine:

- HMAC-SHA256 (the whole of HKDF): the standard library's ``hmac.digest``
  against pyca's ``HMAC`` object (``crypto/hpke/kdf.py``), and SHA-256 of
  1 KiB through ``hashlib`` and through pyca (the MLS hashes);
- Ed25519 verification: PyNaCl (libsodium) against pyca
  (``crypto/mls/signature.py``);
- one 1 KiB row per transaction into SQLite (WAL, ``synchronous=FULL``):
  SQLAlchemy Core against the SQLModel ORM (``server/models.py``), and 100
  rows per transaction against one.

    python bench/primitives.py [--rounds N]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as pyca_hmac
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, create_engine, event, insert
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel


def per_call_us(function: Callable[[], object], calls: int, rounds: int = 5) -> float:
    """The median over ``rounds`` of the time of one call, in microseconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


def report(what: str, ours: tuple[str, float], other: tuple[str, float]) -> None:
    (name, value), (other_name, other_value) = ours, other
    print(
        f"{what}: {name} {value:.2f} us, {other_name} {other_value:.2f} us,"
        f" ratio {value / other_value:.2f}"
    )


def bench_hmac(rounds: int) -> None:
    key, data = os.urandom(32), os.urandom(64)

    def with_pyca() -> bytes:
        mac = pyca_hmac.HMAC(key, hashes.SHA256())
        mac.update(data)
        return mac.finalize()

    stdlib = per_call_us(lambda: hmac.digest(key, data, "sha256"), 20_000, rounds)
    report("HMAC-SHA256", ("hmac.digest", stdlib), ("pyca", per_call_us(with_pyca, 20_000, rounds)))


def bench_sha256(rounds: int) -> None:
    data = os.urandom(1024)

    def with_pyca() -> bytes:
        digest = hashes.Hash(hashes.SHA256())
        digest.update(data)
        return digest.finalize()

    stdlib = per_call_us(lambda: hashlib.sha256(data).digest(), 20_000, rounds)
    report(
        "SHA-256 of 1 KiB", ("hashlib", stdlib), ("pyca", per_call_us(with_pyca, 20_000, rounds))
    )


def bench_ed25519(rounds: int) -> None:
    message = os.urandom(256)
    nacl_key = SigningKey.generate()
    nacl_signature = nacl_key.sign(message).signature
    pyca_key = Ed25519PrivateKey.generate()
    pyca_signature, pyca_public = pyca_key.sign(message), pyca_key.public_key()
    verify_key = nacl_key.verify_key
    nacl_us = per_call_us(lambda: verify_key.verify(message, nacl_signature), 2_000, rounds)
    pyca_us = per_call_us(lambda: pyca_public.verify(pyca_signature, message), 2_000, rounds)
    report("Ed25519 verify", ("PyNaCl", nacl_us), ("pyca", pyca_us))


class BenchRow(SQLModel, table=True):
    """One row of the ORM side of the storage comparison."""

    id: int | None = Field(default=None, primary_key=True)
    body: bytes


def _engine(folder: Path, name: str) -> Engine:
    engine = create_engine(f"sqlite:///{folder / name}")

    @event.listens_for(engine, "connect")
    def _pragmas(connection: object, _record: object) -> None:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return engine


def bench_sqlite(rounds: int, rows: int = 300) -> None:
    body = os.urandom(1024)
    table = Table("rows", MetaData(), Column("id", Integer, primary_key=True),
                  Column("body", LargeBinary))  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        core, orm = _engine(Path(folder), "core.db"), _engine(Path(folder), "orm.db")
        table.metadata.create_all(core)
        SQLModel.metadata.create_all(orm)

        def core_one() -> None:
            with core.begin() as connection:
                connection.execute(insert(table).values(body=body))

        def core_hundred() -> None:
            with core.begin() as connection:
                connection.execute(insert(table), [{"body": body}] * 100)

        def orm_one() -> None:
            with Session(orm) as session:
                session.add(BenchRow(body=body))
                session.commit()

        core_us = per_call_us(core_one, rows, rounds)
        report("SQLite row, one per transaction", ("Core", core_us),
               ("ORM", per_call_us(orm_one, rows, rounds)))  # fmt: skip
        batched = per_call_us(core_hundred, max(1, rows // 100), rounds) / 100
        report("SQLite row, Core", ("100 per transaction", batched), ("1 per transaction", core_us))
        core.dispose()
        orm.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bench_hmac(args.rounds)
    bench_sha256(args.rounds)
    bench_ed25519(args.rounds)
    bench_sqlite(args.rounds)


if __name__ == "__main__":
    main()
