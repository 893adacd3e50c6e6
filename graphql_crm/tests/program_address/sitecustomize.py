"""Loaded by the child processes of the cron tests (this folder is on their PYTHONPATH):
the program's address of the API, http://localhost:8000, reaches the test's live server
(CRM_TEST_API_PORT) instead, whichever HTTP client the script uses."""

import os
import socket

_PORT = int(os.environ["CRM_TEST_API_PORT"])
_getaddrinfo = socket.getaddrinfo


def _to_live_server(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
    if host in ("localhost", "127.0.0.1") and str(port) == "8000":
        host, port = "127.0.0.1", _PORT
    return _getaddrinfo(host, port, *args, **kwargs)


socket.getaddrinfo = _to_live_server
