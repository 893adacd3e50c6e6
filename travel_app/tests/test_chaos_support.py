"""The fault tests' helpers (tests/chaos_support.py), against real services: the relay in
front of a local echo server, Redis and RabbitMQ, a real prefork worker, KILLed MariaDB
connections, and the report lines `make chaos` reads."""

from __future__ import annotations

import json
import os
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from config.celery import wake
from config.env import database_from_url
from django.db import OperationalError, connection
from tests.chaos_support import (
    ChaosReport,
    RealWorker,
    TcpRelay,
    chaos_report,  # noqa: F401 (the fixture, taken by name)
    kill_database_connections,
    own_connection_id,
    scratch_queue,
    worker_database_url,
)

# Part of the nothing-lost work: what the fault tests stand on.
pytestmark = pytest.mark.task("extras.outbox")

WAIT = 30  # seconds: a bound for a socket that never answers, not a speed check


class _Echo(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while line := self.rfile.readline():
            self.wfile.write(line)


@pytest.fixture
def echo() -> Iterator[tuple[str, int]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server.server_address[:2]
    server.shutdown()
    server.server_close()


def say(port: int, line: bytes, sock: socket.socket | None = None) -> bytes:
    """One line through the relay and back (on `sock`, else a new connection)."""
    own = sock or socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    try:
        own.sendall(line + b"\n")
        return own.makefile("rb").readline().rstrip(b"\n")
    finally:
        if sock is None:
            own.close()


# --- TcpRelay --------------------------------------------------------------------------


def test_the_relay_forwards_cuts_and_restores_on_the_same_port(echo: tuple[str, int]) -> None:
    with TcpRelay(*echo) as relay:
        port = relay.port
        open_connection = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        assert say(port, b"hello", open_connection) == b"hello"

        relay.cut()
        assert open_connection.recv(1) == b""  # the open connection was closed
        with pytest.raises(ConnectionRefusedError):  # refused at once, no hang
            socket.create_connection(("127.0.0.1", port), timeout=WAIT)

        relay.restore()
        assert relay.port == port
        assert say(port, b"again") == b"again"
        open_connection.close()


def test_url_for_swaps_the_host_and_port_only(echo: tuple[str, int]) -> None:
    with TcpRelay(*echo) as relay:
        assert relay.url_for("amqp://guest:pass@rabbit:5672//") == (
            f"amqp://guest:pass@127.0.0.1:{relay.port}//"
        )
        assert relay.url_for("redis://127.0.0.1:6379/0?x=1") == (
            f"redis://127.0.0.1:{relay.port}/0?x=1"
        )


@pytest.mark.services("redis")
def test_the_relay_in_front_of_redis() -> None:
    with TcpRelay.for_url(os.environ["REDIS_URL"]) as relay:
        client = redis.Redis.from_url(relay.url_for(os.environ["REDIS_URL"]), socket_timeout=WAIT)
        assert client.ping()

        relay.cut()
        with pytest.raises(redis.ConnectionError):
            client.ping()

        relay.restore()
        assert client.ping()  # redis-py reconnects: the same port again


# --- RealWorker ------------------------------------------------------------------------


@pytest.mark.services("rabbitmq")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_tasks_through_a_relayed_broker_and_survives_a_cut(
    tmp_path: Path,
) -> None:
    broker = os.environ["CELERY_BROKER_URL"]
    with TcpRelay.for_url(broker) as relay, scratch_queue() as queue:
        with RealWorker(tmp_path, broker_url=relay.url_for(broker), queues=[queue]) as worker:
            assert len(worker.children()) == 2
            first = wake.apply_async(queue=queue)
            worker.wait_for_log(f"config.wake[{first.id}] succeeded")

            relay.cut()
            worker.wait_for_log("Connection to broker lost")
            relay.restore()
            again = wake.apply_async(queue=queue)  # queued directly, not through the relay
            worker.wait_for_log(f"config.wake[{again.id}] succeeded")
        assert worker.process is not None
        assert worker.process.returncode == 0  # a warm shutdown


@pytest.mark.services("rabbitmq")
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_cannot_start_shows_its_log(tmp_path: Path) -> None:
    worker = RealWorker(tmp_path, env={"DATABASE_URL": "nosuch://x/y"})
    try:
        with pytest.raises(AssertionError, match=r"(?s)exited .* unsupported scheme"):
            worker.start()
    finally:
        worker.cleanup()


@pytest.mark.django_db(transaction=True)
def test_the_worker_database_is_this_test_database() -> None:
    """What RealWorker passes as DATABASE_URL names pytest-django's test database."""
    url = worker_database_url()
    assert database_from_url(url, Path("unused"))["NAME"] == connection.settings_dict["NAME"]


# --- the database ----------------------------------------------------------------------


@pytest.mark.services("mysql")
@pytest.mark.django_db(transaction=True)
def test_kill_database_connections_kills_the_apps_connections() -> None:
    import MySQLdb

    params = connection.get_connection_params()
    other = MySQLdb.connect(**params)  # as a worker's connection to the test database
    try:
        mine = own_connection_id()
        killed = kill_database_connections(except_own=True)
        assert mine not in killed
        assert other.thread_id() in killed
        with pytest.raises(MySQLdb.OperationalError):
            other.cursor().execute("SELECT 1")

        assert mine in kill_database_connections()
        with pytest.raises(OperationalError), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        other.close()
    connection.close()  # as Django does at the end of a request: the next one reconnects
    assert own_connection_id() != mine


# --- the report ------------------------------------------------------------------------


def test_chaos_report_appends_a_json_line_to_the_named_file(
    chaos_report: ChaosReport,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chaos_report(fault="nothing set", requests=1, emails_expected=1, emails_sent=1)  # no-op

    report = tmp_path / "chaos.jsonl"
    monkeypatch.setenv("CHAOS_REPORT", str(report))
    chaos_report(fault="broker down", requests=5, emails_expected=5, emails_sent=5)
    chaos_report(
        fault="smtp 451",
        requests=2,
        emails_expected=2,
        emails_sent=1,
        payments_expected=2,
        payments_settled=2,
    )
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [line["fault"] for line in lines] == ["broker down", "smtp 451"]
    assert lines[1] == {
        "test": lines[1]["test"],
        "fault": "smtp 451",
        "requests": 2,
        "emails_expected": 2,
        "emails_sent": 1,
        "payments_expected": 2,
        "payments_settled": 2,
    }
    assert lines[0]["test"].endswith("test_chaos_report_appends_a_json_line_to_the_named_file")


# --- chaos.py: the report `make chaos` prints --------------------------------------------

SYNTHETIC = [
    {
        "fault": "broker down",
        "requests": 7,
        "emails_expected": 5,
        "emails_sent": 5,
        "payments_expected": 2,
        "payments_settled": 2,
    },
    {
        "fault": "smtp refuses",
        "requests": 5,
        "emails_expected": 5,
        "emails_sent": 3,
        "payments_expected": 0,
        "payments_settled": 0,
    },
    {
        "fault": "worker killed",
        "requests": 5,
        "emails_expected": 5,
        "emails_sent": 7,
        "payments_expected": 1,
        "payments_settled": 0,
    },
]


def test_chaos_prints_a_row_per_fault_and_a_result_line(tmp_path: Path) -> None:
    import chaos

    path = tmp_path / "chaos.jsonl"
    lines = [json.dumps({"test": f"tests/t.py::t{n}", **row}) for n, row in enumerate(SYNTHETIC)]
    path.write_text("\n".join(lines) + "\n")

    printed = chaos.report(chaos.read_report(path)).splitlines()
    assert printed[0].split("  ")[0] == "fault"
    assert [row.split()[0] for row in printed[2:5]] == ["broker", "smtp", "worker"]
    assert printed[2].endswith("ok")
    assert printed[3].endswith("2 e-mails lost")
    assert printed[4].endswith("2 e-mails duplicated, 1 payments unsettled")
    assert printed[-1] == (
        "RESULT faults=3 passed=1 emails_expected=15 emails_sent=15 payments_settled=2/3"
    )


def test_chaos_without_a_report_says_so() -> None:
    import chaos

    printed = chaos.report(chaos.read_report(Path("/nonexistent/chaos.jsonl")))
    assert printed.splitlines() == [
        "no fault test reported (none ran, or all skipped)",
        "RESULT faults=0 passed=0 emails_expected=0 emails_sent=0 payments_settled=0/0",
    ]


def test_chaos_returns_pytests_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    """A run that selects no test: pytest's 5, and the report says none reported."""
    import chaos

    assert chaos.main(["-q", "-k", "no_test_is_named_like_this"]) == 5
    assert capsys.readouterr().out.rstrip().endswith("payments_settled=0/0")
