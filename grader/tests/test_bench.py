"""`make bench`: a module's bench.py is shown as it runs and its RESULT line collected."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from grader.bench import module_bench


def write_bench(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "bench.py").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def test_prints_every_line_and_returns_the_result_pairs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_bench(
        tmp_path,
        """
        print("step one")
        print("step two")
        print("RESULT speedup=12.5 total_s=3.0")
        print()
        """,
    )
    assert module_bench(folder)() == {"speedup": "12.5", "total_s": "3.0"}
    assert capsys.readouterr().out.splitlines()[:3] == [
        "step one",
        "step two",
        "RESULT speedup=12.5 total_s=3.0",
    ]


@pytest.mark.parametrize(
    "body",
    [
        'print("RESULT speedup=1.0")\nraise SystemExit(1)',  # a missed goal
        'print("RESULT speedup=1.0")\nprint("done")',  # RESULT not last
        "pass",  # nothing printed
    ],
    ids=["non-zero exit", "result not last", "no output"],
)
def test_a_failed_bench_or_a_missing_result_line_stops(tmp_path: Path, body: str) -> None:
    folder = write_bench(tmp_path, body)
    with pytest.raises(SystemExit, match=r"bench\.py failed or printed no RESULT line"):
        module_bench(folder)()


def test_a_module_placeholder_in_a_service_url_names_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root@127.0.0.1:3306/{module}")
    folder = write_bench(
        tmp_path / "sql-advanced",
        'import os\nprint("RESULT url=" + os.environ["DATABASE_URL"])',
    )
    assert module_bench(folder)() == {"url": "mysql://root@127.0.0.1:3306/sql_advanced"}
