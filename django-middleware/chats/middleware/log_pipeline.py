"""The request log's pipeline: the request thread only queues a record, a listener thread
writes the queue to a file rotated by size, in batches.

One sink per process (the request logger is global too), switched when REQUEST_LOG_PATH
or its limits change, and closed at exit so that no queued line is lost.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import queue
import threading
from dataclasses import dataclass
from logging.handlers import QueueHandler, QueueListener, RotatingFileHandler

logger = logging.getLogger("chats")
# The request log has its own logger, kept out of "chats" (propagate off in _switch_sink):
# its lines go to the rotating file only, never to the console.
request_logger = logging.getLogger("chats.requests")

# How long the listener waits for more lines once it has written a batch.
LOG_LINGER_S = 0.05

_warned: set[str] = set()
_warned_lock = threading.Lock()


def warn_once(key: str, message: str, *args: object) -> None:
    """A warning on the "chats" logger the first time `key` comes up in this process: a
    broken log directory must not add a warning to every request."""
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    logger.warning(message, *args)


class IsoFormatter(logging.Formatter):
    """Timestamps in ISO 8601, UTC, with the offset: unambiguous across servers."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return moment.isoformat(timespec="milliseconds")


class RequestLogFile(RotatingFileHandler):
    """The file the listener thread writes, rotated by size.

    Unlike the standard handler, it neither stats and seeks the file before each line
    (to decide on rotation) nor flushes after each one: it counts what it has written, and
    the listener flushes once its queue is empty. Syscalls per line are what made the
    listener thread, competing for the GIL, slow the requests down (see bench.py).
    A write that fails (disk full, directory gone) is reported once per file.
    """

    def __init__(self, path: str, max_bytes: int, backups: int) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        if not os.path.isfile(self.baseFilename):
            self.maxBytes = 0  # never rotate /dev/stdout and the like (renaming a device!)
        self.written = os.path.getsize(self.baseFilename) if self.maxBytes else 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record) + self.terminator
            if self.maxBytes and self.written and self.written + len(line) >= self.maxBytes:
                self.doRollover()
                self.written = 0
            if self.stream is None:  # closed by a rollover that failed half-way
                self.stream = self._open()
            self.stream.write(line)
            self.written += len(line)
        except Exception:  # as logging.Handler.emit does: a log line never fails a caller
            self.handleError(record)

    def flush(self) -> None:
        self.acquire()  # held while reporting: a flush_request_log() waits for the report
        try:
            if self.stream is not None:
                self.stream.flush()
        except OSError:  # the disk filled up since the lines were buffered
            self.handleError(None)
        finally:
            self.release()

    def close(self) -> None:
        try:
            super().close()  # the file is closed even when its last flush fails
        except OSError:
            self.handleError(None)

    def handleError(self, record: logging.LogRecord | None) -> None:
        where = self.baseFilename
        warn_once(f"request-log:{where}", "request log %s: cannot write", where)


class RequestLogListener(QueueListener):
    """Writes the lines that have queued up, flushes the file once the queue is empty,
    then lingers LOG_LINGER_S before waiting for more: under load one wake-up and one
    write per batch, not per line; a lone line is still written at once."""

    def __init__(self, records: queue.Queue[logging.LogRecord], file: RequestLogFile) -> None:
        super().__init__(records, file)
        self.records = records
        self.wake = threading.Event()

    def dequeue(self, block: bool) -> logging.LogRecord:
        try:
            return self.records.get_nowait()
        except queue.Empty:
            self.flush()
            self.wake.wait(LOG_LINGER_S)
            self.wake.clear()
            return self.records.get(block)

    def flush(self) -> None:
        for handler in self.handlers:
            handler.flush()

    def enqueue_sentinel(self) -> None:
        super().enqueue_sentinel()
        self.wake.set()  # stop() without waiting out the linger


class RequestLogQueue(QueueHandler):
    """What the request thread logs to: it only appends to the queue. Its flush() waits
    until the listener has written the queue out, as a flush means for any handler (so
    logging.shutdown() and a test that flushes every handler see the lines on disk)."""

    def flush(self) -> None:
        flush_request_log()


@dataclass
class LogSink:
    """Where the request logger's records go: a queue the request thread only appends to,
    and the listener thread that empties it into the file (none if the file won't open)."""

    key: tuple[str, int, int]
    records: queue.Queue[logging.LogRecord]
    handler: logging.Handler
    listener: RequestLogListener | None


_sink: LogSink | None = None
_sink_lock = threading.Lock()


def request_log(path: object, max_bytes: int, backups: int) -> logging.Logger:
    """The request logger, writing to `path`. Switching files (a test's new
    REQUEST_LOG_PATH) stops the old listener after it has written what it holds."""
    key = (str(path), int(max_bytes), int(backups))
    if _sink is None or _sink.key != key:
        with _sink_lock:
            if _sink is None or _sink.key != key:
                _switch_sink(key)
    return request_logger


def _switch_sink(key: tuple[str, int, int]) -> None:
    global _sink
    _close_sink()
    _sink = _open_sink(key)
    request_logger.addHandler(_sink.handler)
    request_logger.setLevel(logging.INFO)
    request_logger.propagate = False


def _open_sink(key: tuple[str, int, int]) -> LogSink:
    path, max_bytes, backups = key
    records: queue.Queue[logging.LogRecord] = queue.Queue()
    try:
        # Opened here, not lazily in the thread, so that a missing or read-only directory
        # is found now and reported once, and the requests go on without a log.
        file = RequestLogFile(path, max_bytes, backups)
    except OSError as error:
        where = os.path.abspath(path)
        warn_once(f"request-log:{where}", "request log %s: cannot open (%s)", where, error)
        return LogSink(key, records, logging.NullHandler(), None)
    file.setFormatter(IsoFormatter("%(asctime)s - %(message)s"))
    listener = RequestLogListener(records, file)
    listener.start()
    return LogSink(key, records, RequestLogQueue(records), listener)


def _close_sink() -> None:
    global _sink
    sink, _sink = _sink, None
    if sink is None:
        return
    request_logger.removeHandler(sink.handler)
    if sink.listener is not None:
        sink.listener.stop()  # writes what is queued, then joins the thread
        for handler in sink.listener.handlers:
            handler.close()


def flush_request_log(timeout: float = 5.0) -> bool:
    """Wait until the listener has written every queued line (for tests and shutdown);
    False if it did not within `timeout` seconds."""
    sink = _sink
    if sink is None or sink.listener is None:
        return True
    sink.listener.wake.set()  # no need to wait out the linger
    pending = sink.records
    with pending.all_tasks_done:
        drained = pending.all_tasks_done.wait_for(lambda: pending.unfinished_tasks == 0, timeout)
    sink.listener.flush()  # the last lines may still be in the file's buffer
    return bool(drained)


# Daemon listener threads die with the interpreter: write what they hold first.
atexit.register(_close_sink)
