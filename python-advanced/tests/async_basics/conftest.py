"""Virtual time and known random draws for the async tests, whatever the code's style.

`VirtualClock` runs coroutines on `VirtualTimeLoop`, an ordinary selector event loop
whose `time()` reads a simulated clock. When the loop has nothing ready and would block
until its next timer, the selector moves the clock straight to that timer instead of
waiting. The real `asyncio.sleep` therefore works unchanged and returns at once, and the
simulated time a test observes is exactly what the code under test asked for: n delays
awaited one after the other add up, n delays awaited concurrently take the longest one.

The fixtures change the libraries, never the code under test, and reach it however it
imported them:

- every new event loop is a virtual one (an event-loop policy), so `asyncio.run`,
  `from asyncio import run` and `asyncio.new_event_loop()` alike run on simulated time,
  and the loop records the delay of every timer it is asked for (what `sleep` asked for);
- `time.time`, `time.perf_counter` and `time.monotonic` read the simulated clock, also
  where a file of the unit bound them with `from time import perf_counter`;
- the global random generator is seeded, so the draws are known in advance: a delay is
  `max_delay * random.random()`, which is exactly what `random.uniform(0, max_delay)`
  returns too. The program says "use the random module", not which function of it.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import random
import selectors
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

START = 1_000.0  # not 0.0, so an implementation that mistakes "0" for "unset" is not rewarded
SEED = 15  # its first draws are far from sorted: [9.65, 0.12, 7.36, 1.58, 9.86, 0.17] x 10
MODULE_ROOT = Path(__file__).resolve().parents[2]
CLOCKS = ("time", "perf_counter", "monotonic")
NANOSECOND_CLOCKS = ("time_ns", "perf_counter_ns", "monotonic_ns")


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

    def call_later(self, delay: float, callback: Any, *args: Any, context: Any = None) -> Any:
        """Schedule as usual, and record the delay: asyncio.sleep(d) asks for d here."""
        self._clock.sleeps.append(delay)
        return super().call_later(delay, callback, *args, context=context)


class VirtualClock:
    """Simulated seconds, shared by the virtual event loops and the patched time functions."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []  # every timer's delay, in the order they were asked for

    def time(self) -> float:
        """The current simulated time (stands in for time.perf_counter and time.time)."""
        return self.now

    def time_ns(self) -> int:
        return round(self.now * 1e9)

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += seconds

    def new_loop(self) -> VirtualTimeLoop:
        """A fresh event loop on this clock."""
        return VirtualTimeLoop(self)

    def run(self, main: Coroutine[Any, Any, T]) -> T:
        """Run main to completion on a new virtual-time loop, as asyncio.run would."""
        with asyncio.Runner(loop_factory=self.new_loop) as runner:
            return runner.run(main)

    def timed(self, main: Coroutine[Any, Any, T]) -> tuple[T, float]:
        """Run main to completion; return its result and the simulated seconds it took."""
        start = self.now
        result = self.run(main)
        return result, self.now - start


class _VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    """Every loop made through the policy (asyncio.run makes its own) runs on the clock."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self._clock = clock

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return self._clock.new_loop()


def _unit_modules() -> list[ModuleType]:
    """The imported modules of the module under test (its files, not the tests)."""
    tests = MODULE_ROOT / "tests"
    found = []
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file:
            path = Path(file).resolve()
            if path.is_relative_to(MODULE_ROOT) and not path.is_relative_to(tests):
                found.append(module)
    return found


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualClock]:
    """Virtual time for every event loop and for the time module's clocks during the test."""
    virtual = VirtualClock()
    replacements = [(getattr(time, name), virtual.time) for name in CLOCKS]
    replacements += [(getattr(time, name), virtual.time_ns) for name in NANOSECOND_CLOCKS]
    for name, (_real, fake) in zip((*CLOCKS, *NANOSECOND_CLOCKS), replacements, strict=True):
        monkeypatch.setattr(time, name, fake)
    for module in _unit_modules():  # `from time import perf_counter` bound the real one
        for name, value in list(vars(module).items()):
            for real, fake in replacements:
                if value is real:
                    monkeypatch.setattr(module, name, fake)
    asyncio.set_event_loop_policy(_VirtualPolicy(virtual))
    try:
        yield virtual
    finally:
        asyncio.set_event_loop_policy(None)


class Draws:
    """What the seeded global random generator will hand out during the test."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def delays(self, n: int, max_delay: float) -> list[float]:
        """The first n delays between 0 and max_delay: max_delay * random.random() each,
        which is also exactly what random.uniform(0, max_delay) returns."""
        generator = random.Random(self.seed)
        return [max_delay * generator.random() for _ in range(n)]


@pytest.fixture
def draws() -> Iterator[Draws]:
    """The global random generator seeded for the test (and restored after it)."""
    state = random.getstate()
    random.seed(SEED)
    try:
        yield Draws(SEED)
    finally:
        random.setstate(state)


def _referenced_names(module: ModuleType) -> set[str]:
    """Every name and attribute the module's source refers to (sorted, .sort, ...)."""
    tree = ast.parse(inspect.getsource(module))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return names | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


@pytest.fixture
def referenced_names() -> Callable[[ModuleType], set[str]]:
    """The source check, for test files (which cannot import this conftest)."""
    return _referenced_names
