"""A throw-away PostgreSQL server for the test session (Debian's initdb/pg_ctl on loopback).

PostgreSQL refuses to run as root, so under root the cluster is owned by the ``postgres``
system user (``runuser -u postgres``). :func:`start` returns a :class:`Server` or raises
:class:`Unavailable` with the reason, which the fixture turns into a skip message.

The superuser ``csvalue`` logs in without a password; every other role must give its
password (scram-sha-256 in ``pg_hba.conf``), so that tests can use a wrong one. The server can
be stopped and started again on the same port and data (:meth:`Server.halt`,
:meth:`Server.resume`) to take it away from under a running store.
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

    def execute(self, *sql: str, database: str | None = None) -> None:
        """Run statements as the superuser, each in its own transaction (``CREATE ROLE``,
        ``GRANT``, ``ALTER DATABASE`` …); ``database`` is a name or a URL (default postgres)."""
        import sqlalchemy as sa

        url = self.url if database is None else (
            database if "://" in database else self.database_url(database))
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for stmt in sql:
                conn.exec_driver_sql(stmt)
        engine.dispose()

    def role_url(self, url: str, user: str, password: str) -> str:
        """``url`` (a database of this server) logged in as ``user`` with ``password``."""
        import sqlalchemy as sa

        return sa.engine.make_url(url).set(username=user, password=password) \
            .render_as_string(hide_password=False)

    def psql(self, url: str, path: Path) -> None:
        """Run an SQL file (e.g. a pg_dump) with psql into the database of ``url``."""
        name = url.rsplit("/", 1)[1]
        r = subprocess.run([str(self.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                            "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                            "-d", name, "-f", str(path)], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"psql {path} failed: {r.stderr[-800:]}")

    def halt(self) -> None:
        """Stop the server at once, as a crash or a pulled plug would (data kept)."""
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True, text=True,
                       check=True)

    def resume(self) -> None:
        """Start the halted server again on the same port and data (it recovers its WAL)."""
        subprocess.run([*self.run_as, *_start_command(self.bindir, self.root, self.port)],
                       capture_output=True, text=True, check=True)

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


def _start_command(bindir: Path, root: Path, port: int) -> list[str]:
    return [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"),
            "-w", "-t", "60", "-o", f"-h 127.0.0.1 -p {port} -k {root} -F", "start"]


def _password_logins(hba: Path, superuser: str) -> None:
    """pg_hba.conf: the superuser in without a password (the test setup), everyone else
    over TCP with a scram-sha-256 password (first matching line wins)."""
    text = (f"local all all trust\n"
            f"host all {superuser} 127.0.0.1/32 trust\n"
            f"host all all 127.0.0.1/32 scram-sha-256\n")
    owner = hba.stat()
    hba.write_text(text)
    os.chown(hba, owner.st_uid, owner.st_gid)


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
        for cmd in steps + [_start_command(bindir, root, port)]:
            r = subprocess.run([*run_as, *cmd], capture_output=True, text=True)
            if r.returncode != 0:
                break
            if cmd[0].endswith("initdb"):
                _password_logins(root / "data" / "pg_hba.conf", user)
        else:
            return Server(bindir, root, port, user, run_as)
        steps = []  # initdb done; only retry the start
        log = (root / "log").read_text(errors="replace")[-800:] if (root / "log").exists() else ""
        if "could not bind" not in log and "already in use" not in log:
            break
    shutil.rmtree(root, ignore_errors=True)
    raise Unavailable(f"could not start PostgreSQL ({' '.join(cmd[:1])} failed): "
                      f"{(r.stderr or r.stdout).strip()[-500:]} {log}")
