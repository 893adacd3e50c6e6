"""`python -m fakepokeapi [--host H] [--port P] [--latency S] [--fail-first NAME=N ...]`.

Prints the base URL (what POKEAPI_BASE_URL should be) on its first line, then serves
until SIGINT or SIGTERM. `--port 0` (the default) picks a free port.

    POKEAPI_BASE_URL=$(python -m fakepokeapi | head -n 1) ...   # or read the first line
"""

from __future__ import annotations

import argparse
import signal
import sys

from fakepokeapi.server import FakePokeApi

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    # Blocked before the server's threads exist, so they inherit the mask and the signal
    # reaches sigwait() below, never a handler thread; SIGINT reset first, as a shell
    # starts background commands with it ignored (and sigwait never sees an ignored signal).
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    api = FakePokeApi(
        options.host, options.port, latency=options.latency, fail_first=dict(options.fail_first)
    )
    with api:
        print(api.url, flush=True)
        signal.sigwait(STOP_SIGNALS)
    return 0


def _failure(text: str) -> tuple[str, int]:
    name, _, count = text.partition("=")
    if not name or not count.isdigit():
        raise argparse.ArgumentTypeError(f"expected NAME=N (e.g. charmander=2), got {text!r}")
    return name, int(count)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected seconds (0 or more), got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fakepokeapi",
        description="A fake PokeAPI: prints its base URL, then serves until SIGINT/SIGTERM.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (0: any free port)")
    parser.add_argument(
        "--latency", type=_seconds, default=0.0, help="seconds added to every response"
    )
    parser.add_argument(
        "--fail-first",
        type=_failure,
        action="append",
        default=[],
        metavar="NAME=N",
        help="answer 500 to the first N requests for NAME (repeatable)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
