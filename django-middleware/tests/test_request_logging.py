"""RequestLoggingMiddleware as this project builds it (beyond the program's text, which
tests/test_program_request_logging.py grades): one line per request in a rotating
file, written by a listener thread; safe against log injection; a broken log directory
reported once."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from chats.middleware import log_pipeline, request_logging
from django.conf import LazySettings
from django.http import HttpResponse
from django.test import Client, RequestFactory

pytestmark = pytest.mark.task("extras.request_log")

ReadLog = Callable[[], list[str]]
MakeUser = Callable[..., Any]


def fields(line: str) -> tuple[dt.datetime, str]:
    """The line's timestamp, parsed, and the rest after the program's ` - ` separator."""
    timestamp, rest = line.split(" - ", 1)
    return dt.datetime.fromisoformat(timestamp), rest


def test_one_line_per_request_with_user_path_and_request_id(
    client: Client, db: None, request_log: ReadLog
):
    before = dt.datetime.now(dt.UTC)
    response = client.get("/api/messages/")

    [line] = request_log()
    moment, rest = fields(line)
    request_id = response["X-Request-ID"]
    assert rest == f"User: AnonymousUser - Path: /api/messages/ - Request-ID: {request_id}"
    assert before - dt.timedelta(seconds=1) <= moment <= dt.datetime.now(dt.UTC)


def test_a_signed_in_user_is_logged_by_name(
    client: Client, make_user: MakeUser, request_log: ReadLog
):
    client.force_login(make_user("host", username="ada"))

    client.post("/api/messages/", {"body": "hello"}, content_type="application/json")

    [line] = request_log()
    assert " - User: ada - Path: /api/messages/ - Request-ID: " in line


def test_a_request_refused_below_is_logged_too(client: Client, request_log: ReadLog):
    assert client.get("/api/moderation/messages/").status_code == 401

    [line] = request_log()
    assert "Path: /api/moderation/messages/" in line


def test_the_query_string_is_not_logged(client: Client, db: None, request_log: ReadLog):
    client.get("/api/messages/?token=s3cret&page=2")

    [line] = request_log()
    assert "s3cret" not in line
    assert "Path: /api/messages/ - " in line


@pytest.mark.parametrize(
    "path",
    [
        "/api/%0D%0A2024-01-01T00:00:00+00:00 - User: admin - Path: /forged",
        "/api/%0Aforged",
        "/api/%E2%80%A8forged",  # U+2028, a line separator to some log viewers
        "/api/%1B%5B2Kforged",  # an ANSI escape that would erase the terminal line
    ],
)
def test_a_client_cannot_inject_a_line(client: Client, request_log: ReadLog, path: str):
    client.get(path)

    [line] = request_log()  # one line, whatever the path holds
    assert "forged" in line
    assert not any(character in line for character in "\r\n\x1b\u2028")


@pytest.mark.parametrize(
    ("raw", "logged"),
    [
        ("plain /path", "plain /path"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("\x00\x1b\x7f\x85", "\\x00\\x1b\\x7f\\x85"),
        ("\u2028\u202e", "\\u2028\\u202e"),
        ("back\\slash", "back\\\\slash"),  # so that "\\n" in the log always means a newline
        ("caf\u00e9 \u4e2d", "caf\u00e9 \u4e2d"),  # printable Unicode is kept as it is
    ],
)
def test_log_safe_escapes_what_could_split_or_disguise_a_line(raw: str, logged: str):
    assert request_logging.log_safe(raw) == logged


def test_without_a_request_id_the_line_says_dash(rf: RequestFactory, request_log: ReadLog):
    request_logging.RequestLoggingMiddleware(lambda request: HttpResponse())(rf.get("/plain/"))

    [line] = request_log()
    assert line.endswith(" - User: AnonymousUser - Path: /plain/ - Request-ID: -")


def test_nothing_is_printed(
    client: Client, db: None, request_log: ReadLog, capsys: pytest.CaptureFixture[str]
):
    client.get("/api/messages/")
    request_log()

    assert capsys.readouterr() == ("", "")


def test_a_slow_disk_does_not_hold_the_response(client: Client, db: None, request_log: ReadLog):
    """The file write is stuck until we release it; the response comes back anyway."""
    client.get("/api/messages/")  # the listener for this test's file is running
    request_log()
    release, writing = threading.Event(), threading.Event()
    original_emit = log_pipeline.RequestLogFile.emit

    def stuck_emit(handler: logging.Handler, record: logging.LogRecord) -> None:
        writing.set()
        release.wait(10)
        original_emit(handler, record)

    with mock.patch.object(log_pipeline.RequestLogFile, "emit", stuck_emit):
        response = client.get("/api/messages/", HTTP_X_REQUEST_ID="while-stuck")
        assert writing.wait(10), "the listener never tried to write"
        assert response.status_code == 200  # answered while the write is still stuck
        release.set()
        lines = request_log()

    assert lines[-1].endswith("Request-ID: while-stuck")


def test_a_line_reaches_the_file_without_an_explicit_flush(
    client: Client, db: None, settings: LazySettings
):
    """The listener flushes whenever its queue runs empty: on a quiet server a line does
    not wait in a buffer for the next requests. The test waits for the listener's own
    flush (an event), never for a length of time."""
    flushed = threading.Event()
    original_flush = log_pipeline.RequestLogFile.flush

    def flush_and_tell(handler: log_pipeline.RequestLogFile) -> None:
        original_flush(handler)
        if "quiet-server" in Path(handler.baseFilename).read_text():
            flushed.set()

    with mock.patch.object(log_pipeline.RequestLogFile, "flush", flush_and_tell):
        client.get("/api/messages/", HTTP_X_REQUEST_ID="quiet-server")
        assert flushed.wait(30), "the listener never flushed the line to the file"

    path = Path(settings.REQUEST_LOG_PATH)
    assert path.read_text().endswith("Request-ID: quiet-server\n")


def test_a_new_log_path_is_honoured(
    client: Client, db: None, settings: LazySettings, tmp_path: Path
):
    first, second = tmp_path / "first.log", tmp_path / "second.log"
    settings.REQUEST_LOG_PATH = first
    client.get("/api/messages/", HTTP_X_REQUEST_ID="to-first")
    settings.REQUEST_LOG_PATH = second
    client.get("/api/messages/", HTTP_X_REQUEST_ID="to-second")
    assert log_pipeline.flush_request_log()

    assert first.read_text().endswith("Request-ID: to-first\n")
    assert second.read_text().endswith("Request-ID: to-second\n")
    assert len(first.read_text().splitlines()) == len(second.read_text().splitlines()) == 1


def test_the_log_rotates_and_keeps_the_configured_backups(
    client: Client, db: None, settings: LazySettings, tmp_path: Path
):
    settings.REQUEST_LOG_MAX_BYTES = 400  # a line is about 100 bytes: four per file
    settings.REQUEST_LOG_BACKUPS = 2
    for number in range(20):
        client.get("/api/messages/", HTTP_X_REQUEST_ID=f"request-{number}")
    assert log_pipeline.flush_request_log()

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["requests.log", "requests.log.1", "requests.log.2"]
    for path in tmp_path.iterdir():
        assert path.stat().st_size <= 400
    assert Path(settings.REQUEST_LOG_PATH).read_text().endswith("Request-ID: request-19\n")


def request_log_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "chats" and record.levelno == logging.WARNING
    ]


@pytest.mark.parametrize("broken", ["missing-directory/requests.log", "a-file/requests.log"])
def test_a_log_directory_that_cannot_be_used_is_reported_once(
    client: Client,
    make_user: MakeUser,
    settings: LazySettings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    broken: str,
):
    (tmp_path / "a-file").write_text("a file where the directory should be")
    settings.REQUEST_LOG_PATH = tmp_path / broken
    client.force_login(make_user("host"))

    statuses = [client.get("/api/messages/").status_code for _ in range(3)]
    statuses += [
        client.post("/api/messages/", {"body": "hi"}, content_type="application/json").status_code
        for _ in range(2)
    ]

    assert statuses == [200, 200, 200, 201, 201]
    [warning] = request_log_warnings(caplog)
    assert str(tmp_path / broken) in warning.getMessage()


def test_a_rotation_that_fails_is_reported_once(
    client: Client,
    db: None,
    settings: LazySettings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    request_log: ReadLog,
):
    """The backup's name is taken by a directory, so the rotation cannot remove it."""
    settings.REQUEST_LOG_MAX_BYTES = 150  # a rotation from the second line on
    settings.REQUEST_LOG_BACKUPS = 1
    (tmp_path / "requests.log.1").mkdir()
    (tmp_path / "requests.log.1" / "keep").write_text("")

    statuses = [client.get("/api/messages/").status_code for _ in range(4)]
    request_log()

    assert statuses == [200] * 4
    [warning] = request_log_warnings(caplog)
    assert "cannot write" in warning.getMessage()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_is_reported_once(
    client: Client, db: None, settings: LazySettings, caplog: pytest.LogCaptureFixture
):
    """/dev/full accepts the open and fails every write with ENOSPC. Not a regular file,
    so it is never rotated (renamed) either."""
    settings.REQUEST_LOG_PATH = "/dev/full"

    statuses = [client.get("/api/messages/").status_code for _ in range(4)]
    assert log_pipeline.flush_request_log()

    assert statuses == [200] * 4
    [warning] = request_log_warnings(caplog)
    assert warning.getMessage() == "request log /dev/full: cannot write"
    assert Path("/dev/full").is_char_device()
