"""4-stream_ages.py: ages one at a time, and their average without SQL AVG."""

from __future__ import annotations

import inspect
import re
import runpy
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("generators.stream_ages")

UNDER_TEST = Path(__file__).resolve().parents[2] / "generators" / "stream_ages.py"
AVERAGE_LINE = re.compile(r"Average age of users: (\d+(?:\.\d+)?)")


def test_stream_user_ages_yields_every_age(
    users_table: Any, load: Callable[[str], ModuleType]
) -> None:
    ages = [30, 20, 45, 25, 61, 30]
    users_table.add_users(ages)
    stream = load("generators.stream_ages").stream_user_ages()
    assert inspect.isgenerator(stream)
    assert Counter(int(age) for age in stream) == Counter(ages)


@pytest.mark.parametrize("ages", [[30, 20, 45, 25, 61, 30], [18], [7, 8]])
def test_the_script_prints_the_average_age(
    users_table: Any, capsys: pytest.CaptureFixture[str], ages: list[int]
) -> None:
    users_table.add_users(ages)
    runpy.run_path(str(UNDER_TEST), run_name="__main__")
    found = AVERAGE_LINE.findall(capsys.readouterr().out)
    assert len(found) == 1, "one 'Average age of users: ...' line"
    assert float(found[0]) == pytest.approx(sum(ages) / len(ages), abs=0.01)
