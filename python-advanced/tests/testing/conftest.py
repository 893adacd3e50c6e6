"""Shared by the testing unit's tests: no test here may reach the network."""

from __future__ import annotations

import socket
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt fails at once: GitHub is always replaced, never called."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("the testing unit's tests must not use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
