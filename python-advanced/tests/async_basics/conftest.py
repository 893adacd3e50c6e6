"""Virtual time for the async tests: delays cost nothing, and concurrency becomes measurable.

`VirtualClock` runs coroutines on `VirtualTimeLoop`, an ordinary selector event loop
whose `time()` reads a simulated clock. When the loop has nothing ready and would block
until its next timer, the selector moves the clock straight to that timer instead of
waiting. The real `asyncio.sleep` therefore works unchanged and returns at once, and the
simulated time a test observes is exactly what the code under test asked for: n delays
awaited one after the other add up, n delays awaited concurrently take the longest one.

The fixtures patch the libraries, never our modules, so the same tests grade any
implementation: `asyncio.run` runs on the virtual loop, `time.perf_counter` (and
`time.time`) read the simulated clock, `asyncio.sleep` records each requested delay, and
`random.uniform` hands out the delays a test chooses.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import random
import selectors
import time
from collections.abc import Callable, Coroutine, Sequence
from types import ModuleType
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

START = 1_000.0  # not 0.0, so an implementation that mistakes "0" for "unset" is not rewarded


class _SkipAheadSelector(selectors.DefaultSelector):
    """A real selector that never blocks: a wait for the next timer advances the clock."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self._clock = clock

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        """Report the events ready now; if none, jump the clock by the loop's timeout."""
        events = super().select(0)
        if events or timeout == 0:
            return events
        if timeout is None:
            # Nothing ready, no timer, no thread to wake us: real time would wait forever.
            raise RuntimeError("deadlock: the event loop would wait forever")
        self._clock.advance(timeout)
        return events


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock is simulated and skips ahead whenever the loop is idle."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__(_SkipAheadSelector(clock))
        self._clock = clock

    def time(self) -> float:
        """The simulated time, which timers (and so asyncio.sleep) are scheduled against."""
        return self._clock.now


class VirtualClock:
    """Simulated seconds, shared by the virtual event loops and the patched time functions."""

    def __init__(self) -> None:
        self.now = START

    def time(self) -> float:
        """The current simulated time (stands in for time.perf_counter and time.time)."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += seconds

    def new_loop(self) -> VirtualTimeLoop:
        """A fresh event loop on this clock."""
        return VirtualTimeLoop(self)

    def run(self, main: Coroutine[Any, Any, T], **_options: Any) -> T:
        """asyncio.run on a virtual-time loop (the options, such as debug, are ignored)."""
        with asyncio.Runner(loop_factory=self.new_loop) as runner:
            return runner.run(main)

    def timed(self, main: Coroutine[Any, Any, T]) -> tuple[T, float]:
        """Run main to completion; return its result and the simulated seconds it took."""
        start = self.now
        result = self.run(main)
        return result, self.now - start


class FakeUniform:
    """Stands in for random.uniform: returns the delays a test supplies, records the bounds."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.calls: list[tuple[float, float]] = []

    def supply(self, values: Sequence[float]) -> None:
        """Set the values the next calls return, in this order."""
        self.values = list(values)

    def __call__(self, a: float, b: float) -> float:
        """Return the next supplied value."""
        self.calls.append((a, b))
        if not self.values:
            raise AssertionError("random.uniform was called more often than the test expects")
        return self.values.pop(0)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> VirtualClock:
    """Virtual time for asyncio.run, time.perf_counter and time.time during the test."""
    virtual = VirtualClock()
    monkeypatch.setattr(asyncio, "run", virtual.run)
    monkeypatch.setattr(time, "perf_counter", virtual.time)
    monkeypatch.setattr(time, "time", virtual.time)
    return virtual


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays passed to asyncio.sleep, in call order; the sleep itself still happens."""
    requested: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(delay: float, result: Any = None) -> Any:
        requested.append(delay)
        return await real_sleep(delay, result)

    monkeypatch.setattr(asyncio, "sleep", recording_sleep)
    return requested


@pytest.fixture
def uniform(monkeypatch: pytest.MonkeyPatch) -> FakeUniform:
    """random.uniform replaced by a FakeUniform for the test."""
    fake = FakeUniform()
    monkeypatch.setattr(random, "uniform", fake)
    return fake


def _referenced_names(module: ModuleType) -> set[str]:
    """Every name and attribute the module's source refers to (sorted, .sort, ...)."""
    tree = ast.parse(inspect.getsource(module))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return names | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


@pytest.fixture
def referenced_names() -> Callable[[ModuleType], set[str]]:
    """The source check, for test files (which cannot import this conftest)."""
    return _referenced_names
