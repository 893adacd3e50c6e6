"""stream_ages.py: ages one at a time, and their average without SQL AVG."""

from __future__ import annotations

import inspect
import re
import runpy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from generators.stream_ages import stream_user_ages

pytestmark = pytest.mark.task("generators.stream_ages")

SCRIPT = Path(__file__).resolve().parents[2] / "generators" / "stream_ages.py"
AVERAGE_LINE = re.compile(r"Average age of users: (\d+(?:\.\d+)?)")


def test_stream_user_ages_yields_every_age(users_table: Any) -> None:
    ages = [30, 20, 45, 25, 61, 30]
    users_table.add_users(ages)
    stream = stream_user_ages()
    assert inspect.isgenerator(stream)
    assert Counter(stream) == Counter(ages)


@pytest.mark.parametrize("ages", [[30, 20, 45, 25, 61, 30], [18], [7, 8]])
def test_the_script_prints_the_average_age(
    users_table: Any, capsys: pytest.CaptureFixture[str], ages: list[int]
) -> None:
    users_table.add_users(ages)
    runpy.run_path(str(SCRIPT), run_name="__main__")
    found = AVERAGE_LINE.findall(capsys.readouterr().out)
    assert len(found) == 1
    assert float(found[0]) == pytest.approx(sum(ages) / len(ages), abs=0.01)


def test_an_empty_table_has_no_average(users_table: Any) -> None:
    with pytest.raises(SystemExit, match="user_data"):
        runpy.run_path(str(SCRIPT), run_name="__main__")
