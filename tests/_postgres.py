"""A throw-away PostgreSQL server for the test session (Debian's initdb/pg_ctl on loopback).

PostgreSQL refuses to run as root, so under root the cluster is owned by the ``postgres``
system user (``runuser -u postgres``). :func:`start` returns a :class:`Server` or raises
:class:`Unavailable` with the reason, which the fixture turns into a skip message.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path


class Unavailable(RuntimeError):
    """No PostgreSQL server can be started here (the message says why)."""


@dataclass
class Server:
    bindir: Path
    root: Path
    port: int
    user: str
    run_as: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{name}"

    def create_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import sqlalchemy as sa

        name = "t_" + uuid.uuid4().hex[:12]
        engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        engine.dispose()
        return self.database_url(name)

    def drop_database(self, url: str) -> None:
        import sqlalchemy as sa

        name = url.rsplit("/", 1)[1]
        engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        engine.dispose()

    def stop(self) -> None:
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True, text=True)
        shutil.rmtree(self.root, ignore_errors=True)


def find_bindir() -> Path:
    """Folder holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/*/bin, or PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl): install the Debian "
                      "package 'postgresql' (make system-deps does it as root)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> Server:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise Unavailable(f"the psycopg driver is not installed: {exc}") from None
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="csvalue-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise Unavailable("running as root and there is no 'postgres' user to own the "
                              "server (PostgreSQL refuses to run as root)") from None
        runuser = shutil.which("runuser")
        if not runuser:
            shutil.rmtree(root, ignore_errors=True)
            raise Unavailable("running as root without runuser to switch to 'postgres'")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        run_as = [runuser, "-u", "postgres", "--"]
    user = "csvalue"
    steps = [
        [str(bindir / "initdb"), "-D", str(root / "data"), "-A", "trust", "-U", user,
         "-E", "UTF8", "--no-sync", "--locale=C"],
    ]
    for _ in range(3):  # a free port can be taken between probe and bind: retry
        port = _free_port()
        start_cmd = [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"),
                     "-w", "-t", "60", "-o", f"-h 127.0.0.1 -p {port} -k {root} -F", "start"]
        for cmd in steps + [start_cmd]:
            r = subprocess.run([*run_as, *cmd], capture_output=True, text=True)
            if r.returncode != 0:
                break
        else:
            return Server(bindir, root, port, user, run_as)
        steps = []  # initdb done; only retry the start
        log = (root / "log").read_text(errors="replace")[-800:] if (root / "log").exists() else ""
        if "could not bind" not in log and "already in use" not in log:
            break
    shutil.rmtree(root, ignore_errors=True)
    raise Unavailable(f"could not start PostgreSQL ({' '.join(cmd[:1])} failed): "
                      f"{(r.stderr or r.stdout).strip()[-500:]} {log}")
