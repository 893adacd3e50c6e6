"""What the fault-injection tests use to break the real services and watch the app cope.

- TcpRelay: a TCP relay in front of Redis or RabbitMQ; `cut()` it and the app meets a
  refused connection, `restore()` it and the service is back on the same port.
- RealWorker: a real `celery -A config worker -P prefork` subprocess on the test database,
  a (relayed) broker and Redis, the fake SMTP server and the fake Chapa.
- kill_database_connections(): KILLs the app's MariaDB connections to the test database.
- chaos_report: a fixture writing one JSON line per fault to $CHAOS_REPORT (`make chaos`).
- until(), until_ended(): wait for another process's state, woken by what it writes and
  by processes ending, never by the clock.

A test module takes the fixture by importing it: `from tests.chaos_support import
chaos_report`.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from config.celery import app as celery_app
from tests.waiting import events

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa
    from fakes.smtp import FakeSMTP

APP_FOLDER = Path(__file__).resolve().parent.parent  # travel_app/: where `-A config` imports
NEEDS_MARIADB = "needs MariaDB (DATABASE_URL=mysql://...)"
NEEDS_RABBITMQ = "needs RabbitMQ (CELERY_BROKER_URL=amqp://...): memory:// is one process's"


def until(
    condition: Callable[[], bool],
    what: str,
    timeout: float = 60,
    explain: Callable[[], str] | None = None,
) -> None:
    """Until `condition()` holds: checked now and at each event that may have changed it
    (a line a RealWorker writes, a task of this process's worker ending, a process
    watched by `until_ended` ending). The timeout bounds a state that never comes, it is
    no speed check; `explain()` adds to the failure (a worker's log tail)."""
    try:
        events.wait_for(condition, what, timeout)
    except AssertionError as error:
        if explain is None:
            raise
        raise AssertionError(f"{error}:\n{explain()}") from None


def until_ended(pids: list[int], what: str, explain: Callable[[], str] | None = None) -> None:
    """Until every process of `pids` has ended, each end an event (a pidfd, Linux)."""
    for pid in pids:
        try:
            descriptor = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # ended already
        threading.Thread(target=_announce_end, args=(descriptor,), daemon=True).start()
    until(lambda: not any(alive(pid) for pid in pids), what, explain=explain)


def _announce_end(descriptor: int) -> None:
    """A pidfd turns readable when its process ends: then the waiters look again."""
    try:
        select.select([descriptor], [], [])
    finally:
        os.close(descriptor)
    events.notify()


# --- TcpRelay ------------------------------------------------------------------------


class TcpRelay:
    """Listens on 127.0.0.1 and forwards each connection to (host, port), both ways.

    relay = TcpRelay("127.0.0.1", 6379)
    settings.X = relay.url_for("redis://127.0.0.1:6379/0")   # redis://127.0.0.1:<relay>/0
    relay.cut()       # open connections closed, new ones refused (not a hang)
    relay.restore()   # listening again, on the same port
    relay.close()
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._listen()

    @classmethod
    def for_url(cls, url: str) -> TcpRelay:
        """A relay in front of the service a URL names (its default port if none)."""
        parts = urlsplit(url)
        default = {"redis": 6379, "rediss": 6379, "amqp": 5672, "mysql": 3306}.get(parts.scheme)
        port = parts.port or default
        if not parts.hostname or not port:
            raise ValueError(f"no host and port in {url!r}")
        return cls(parts.hostname, port)

    def url_for(self, url: str) -> str:
        """The same URL, through the relay: its host and port swapped for the relay's."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@" if credentials else ""
        return urlunsplit(parts._replace(netloc=f"{netloc}127.0.0.1:{self.port}"))

    def cut(self) -> None:
        """Close every open connection and the listening socket: the next connection is
        refused at once."""
        with self._lock:
            listener, self._listener = self._listener, None
            doomed, self._sockets = self._sockets, set()
        if listener is not None:
            _shut(listener)  # wakes the accept() of the loop, which then ends
        for sock in doomed:
            _shut(sock)

    def restore(self) -> None:
        """Listen again on the same port."""
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.cut()

    def __enter__(self) -> TcpRelay:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # The port's connections just closed linger in TIME_WAIT: bind all the same.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()  # the service itself is down: so is the relay
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        # One side ended: so does the pair (neither Redis nor AMQP half-closes).
        with self._lock:
            self._sockets -= {source, sink}
        _shut(source)
        _shut(sink)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# --- this process's broker -------------------------------------------------------------

CLOSED_BROKER = "amqp://guest:guest@127.0.0.1:9//"  # a closed port: refused at once


def reconnect_broker() -> None:
    """The broker's pools were made for the old URL: new ones for the new."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_at(url: str) -> Iterator[None]:
    """This process publishes to `url` meanwhile; afterwards to its own broker again,
    with the outbox's back-off open (a refusal meanwhile must not hold later commits)."""
    from outbox.services import broker_backoff

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(celery_app.conf, "broker_url", url)
        patch.setenv("CELERY_BROKER_URL", url)  # Celery reads it before its settings
        reconnect_broker()
        try:
            yield
        finally:
            patch.undo()
            reconnect_broker()
            broker_backoff.succeeded()


def broker_down() -> contextlib.AbstractContextManager[None]:
    """Every publish of this process refused meanwhile."""
    return broker_at(CLOSED_BROKER)


# --- RealWorker ----------------------------------------------------------------------


def require_rabbitmq(broker_url: str) -> None:
    if not broker_url.startswith("amqp://"):
        pytest.skip(NEEDS_RABBITMQ)


def worker_database_url() -> str:
    """The database this test process uses (pytest-django's test database), as a URL the
    worker's settings read (config/env.py)."""
    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(database['NAME']).resolve()}"
    if connection.vendor != "mysql":
        raise NotImplementedError(f"no worker database URL for {connection.vendor}")
    user = quote(database["USER"] or "", safe="")
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    host = database["HOST"] or "127.0.0.1"
    return f"mysql://{user}{password}@{host}{port}/{quote(database['NAME'], safe='')}"


class RealWorker:
    """`celery -A config worker -P prefork -c 2 -l info` in travel_app/, as a subprocess
    of its own session, its output in `log` (under tmp_path).

    worker = RealWorker(tmp_path, broker_url=relay.url_for(url), smtp=smtp).start()
    # queues=[...]: only those (-Q); include=["tests.chaos_support"]: its tasks too (-I)
    # events=True: task events (-E), as compose's worker sends them for Flower
    worker.children()    # the pool's processes (and -B's beat)
    worker.kill()        # SIGKILL the main process only, as the OOM killer would
    worker.stop()        # SIGTERM: a warm shutdown, then waits

    Tests using it need committed rows: pytest.mark.django_db(transaction=True).
    """

    def __init__(
        self,
        tmp_path: Path,
        *,
        broker_url: str | None = None,
        redis_url: str | None = None,
        smtp: FakeSMTP | None = None,
        chapa: FakeChapa | None = None,
        beat: bool = False,
        events: bool = False,
        concurrency: int = 2,
        queues: list[str] | None = None,
        include: list[str] | None = None,
        env: dict[str, str] | None = None,
        name: str = "worker",
    ) -> None:
        from django.conf import settings

        self.broker_url = broker_url or settings.CELERY_BROKER_URL
        require_rabbitmq(self.broker_url)
        self.hostname = f"chaos-{name}-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        self.log = tmp_path / f"{name}.log"
        self.schedule = tmp_path / f"{name}-celerybeat-schedule"
        self.command = [
            sys.executable,
            *("-m", "celery", "-A", "config", "worker", "-P", "prefork", "-c", str(concurrency)),
            *("-l", "info", "-n", self.hostname, "--without-mingle", "--without-gossip"),
            *(("-B", "-s", str(self.schedule)) if beat else ()),
            *(("-E",) if events else ()),
            *(("-Q", ",".join(queues)) if queues else ()),
            *(("-I", ",".join(include)) if include else ()),
        ]
        self.env = self._environment(redis_url, smtp, chapa, env or {})
        self.process: subprocess.Popen[bytes] | None = None

    def _environment(
        self,
        redis_url: str | None,
        smtp: FakeSMTP | None,
        chapa: FakeChapa | None,
        extra: dict[str, str],
    ) -> dict[str, str]:
        from django.conf import settings

        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env["DATABASE_URL"] = worker_database_url()
        env["CELERY_BROKER_URL"] = self.broker_url
        env["SECRET_KEY"] = settings.SECRET_KEY
        env.pop("REDIS_URL", None)  # no Redis given: the worker's own local-memory cache
        if redis_url:
            env["REDIS_URL"] = redis_url
        if smtp is not None:
            env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port))
            env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
        if chapa is not None:
            env.update(CHAPA_BASE_URL=chapa.url, CHAPA_SECRET_KEY=chapa.secret_key)
            env["CHAPA_WEBHOOK_SECRET"] = chapa.webhook_secret
        env.update(extra)
        return env

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def start(self, timeout: float = 60) -> RealWorker:
        """Returns once the worker says it is ready (it consumes its queues)."""
        self.process = subprocess.Popen(
            self.command,
            cwd=APP_FOLDER,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own: the cleanup ends it whole
        )
        threading.Thread(target=self._copy_output, daemon=True).start()
        self.wait_for_log(" ready.", timeout)
        return self

    def _copy_output(self) -> None:
        """Each line the worker writes goes to its log, then wakes the waiters: every task
        it runs logs a line when it ends, so a state it changed is looked at again then."""
        assert self.process is not None
        assert self.process.stdout is not None
        with self.log.open("ab") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                events.notify()
        events.notify()  # the worker has exited

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        """Until `text` appears in the worker's output; its tail if it never does, or if
        the worker exits first."""

        def seen() -> bool:
            assert self.process is not None, "not started"
            if text in self.output():
                return True
            exited = self.process.poll()
            assert exited is None, f"the worker exited ({exited}) before {text!r}:\n{self.tail()}"
            return False

        until(seen, f"{text!r} in the worker's log", timeout, explain=self.tail)

    def children(self) -> list[int]:
        """The main process's children: its pool (and the beat process with beat)."""
        return children_of(self.pid)

    def pool_children(self, timeout: float = 30) -> list[int]:
        """The pool's processes, as the worker reports them (`inspect stats`, through
        the real broker: -B's beat is a child too, and nothing else tells them apart)."""
        replies = celery_app.control.inspect([self.hostname], timeout=timeout).stats() or {}
        stats = replies.get(self.hostname)
        assert stats, f"the worker did not answer `inspect stats`:\n{self.tail()}"
        return sorted(int(pid) for pid in stats["pool"]["processes"])

    def kill(self) -> list[int]:
        """SIGKILL the main process alone (its children get no say); returns the
        children it had."""
        children = self.children()
        os.kill(self.pid, signal.SIGKILL)
        assert self.process is not None
        self.process.wait()
        return children

    def kill_child(self) -> int:
        """SIGKILL one pool process (as the OOM killer would): the main process replaces
        it. Returns its pid."""
        victim = self.pool_children()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self, timeout: float = 60) -> None:
        """A warm shutdown (SIGTERM: the tasks under way finish), then waits; past the
        timeout, the whole group is killed and that is an error."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.cleanup()
            raise AssertionError(
                f"the worker did not stop within {timeout} s:\n{self.tail()}"
            ) from None

    def cleanup(self) -> None:
        """Whatever is left of the worker's group (pool or beat processes of a killed
        main process included) is killed: nothing outlives the test."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(30)

    def __enter__(self) -> RealWorker:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.stop()
        finally:
            self.cleanup()


def children_of(pid: int) -> list[int]:
    """Live processes whose parent is `pid`, from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        state, parent = fields[0], int(fields[1])
        if parent == pid and state != "Z":  # a zombie is dead, only not yet reaped
            found.append(int(stat.parent.name))
    return sorted(found)


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- tasks of the tests' own ----------------------------------------------------------
# A worker started with include=["tests.chaos_support"] runs these; they go to a queue of
# the test's own (scratch_queue), which no other worker on the broker reads.


@celery_app.task(name="tests.chaos_support.busy", ignore_result=True, acks_late=False)
def busy(marker: str) -> None:
    """Keeps a pool process busy, as a slow e-mail does: writes its pid to `marker`, says
    so in the worker's log (which wakes the test), then waits for the signal that kills it."""
    Path(marker).write_text(str(os.getpid()))
    print(f"busy in {os.getpid()}")  # the worker logs a task's output
    while True:
        signal.pause()


@contextlib.contextmanager
def scratch_queue() -> Iterator[str]:
    """A queue name of this test's own, deleted from the broker afterwards."""
    name = f"travel_app.chaos-{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_delete(name)


# --- the database --------------------------------------------------------------------


def kill_database_connections(except_own: bool = False) -> list[int]:
    """KILL the connections to the test database (the app's: this process's and a
    worker's), from a connection of its own, as a failover would drop them. With
    except_own, this thread's Django connection is spared. Returns the ids killed."""
    import MySQLdb
    from django.db import connection

    if connection.vendor != "mysql":
        pytest.skip(NEEDS_MARIADB)
    spared = {own_connection_id()} if except_own else set()
    params = connection.get_connection_params()
    admin = MySQLdb.connect(
        **{key: params[key] for key in ("host", "port", "user", "password") if key in params}
    )
    killed = []
    try:
        cursor = admin.cursor()
        cursor.execute(
            "SELECT id FROM information_schema.PROCESSLIST"
            " WHERE db = %s AND id != CONNECTION_ID()",
            [connection.settings_dict["NAME"]],
        )
        for (connection_id,) in cursor.fetchall():
            if connection_id in spared:
                continue
            try:
                cursor.execute(f"KILL {int(connection_id)}")
                killed.append(int(connection_id))
            except MySQLdb.OperationalError:
                pass  # it ended meanwhile (1094: unknown thread id)
    finally:
        admin.close()
    return killed


def own_connection_id() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        (connection_id,) = cursor.fetchone()
    return int(connection_id)


# --- the report ----------------------------------------------------------------------

ChaosReport = Callable[..., None]


@pytest.fixture
def chaos_report(request: pytest.FixtureRequest) -> ChaosReport:
    """chaos_report(fault=..., requests=N, emails_expected=N, emails_sent=N,
    payments_expected=N, payments_settled=N): one JSON line in the file $CHAOS_REPORT
    names (chaos.py reads it), nothing without it. Call it once the end state is known,
    before asserting on it, so that a failing test still reports what it saw."""

    def report(
        *,
        fault: str,
        requests: int,
        emails_expected: int,
        emails_sent: int,
        payments_expected: int = 0,
        payments_settled: int = 0,
    ) -> None:
        path = os.environ.get("CHAOS_REPORT")
        if not path:
            return
        line: dict[str, Any] = {
            "test": request.node.nodeid,
            "fault": fault,
            "requests": requests,
            "emails_expected": emails_expected,
            "emails_sent": emails_sent,
            "payments_expected": payments_expected,
            "payments_settled": payments_settled,
        }
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps(line) + "\n")

    return report
