"""The run environment, reading events as pytest writes them, and ending a run that
hangs: at its timeout, or after its session finished."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from grader.runner import PLUGIN_DIR, PytestRun, _LineReader, module_environment, run_pytest
from grader.scoring import run_failure
from grader.tests.support import grade, write_module


def test_module_placeholder_gives_each_module_its_own_database() -> None:
    environment = module_environment(
        "django-middleware",
        {"DATABASE_URL": "mysql://root@127.0.0.1:3306/{module}", "REDIS_URL": "redis://x/0"},
    )
    assert environment["DATABASE_URL"] == "mysql://root@127.0.0.1:3306/django_middleware"
    assert environment["REDIS_URL"] == "redis://x/0"


def test_only_the_plugin_folder_is_added_to_the_path() -> None:
    assert module_environment("m", {})["PYTHONPATH"] == str(PLUGIN_DIR)
    combined = module_environment("m", {"PYTHONPATH": "/opt/lib"})["PYTHONPATH"]
    assert combined == f"{PLUGIN_DIR}{os.pathsep}/opt/lib"
    assert sorted(path.name for path in PLUGIN_DIR.iterdir() if path.suffix == ".py") == [
        "grader_report.py"
    ]


def test_a_half_written_line_waits_for_its_end() -> None:
    stream = io.StringIO()
    reader = _LineReader(stream)
    stream.write('{"event": "finish", "exit')
    stream.seek(0)
    assert reader.read() == []
    position = stream.tell()
    stream.write('status": 0}\n')
    stream.seek(position)
    assert reader.read() == [{"event": "finish", "exitstatus": 0}]


def test_events_build_the_run() -> None:
    run = PytestRun()
    run.apply({"event": "collected", "tests": [{"nodeid": "t::a", "tasks": ["u.a"]}]})
    assert (run.finished, len(run.tests)) == (0, 1)
    run.apply({"event": "result", "nodeid": "t::a", "outcome": "failed", "duration": 0.5,
               "message": "boom"})  # fmt: skip
    run.apply({"event": "finish", "exitstatus": 1})
    assert run.tests["t::a"].outcome == "failed"
    assert run.tests["t::a"].message == "boom"
    assert (run.finished, run.exitstatus) == (1, 1)


def test_a_process_left_running_after_the_session_is_ended_and_its_results_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The code under test leaves a thread waiting forever: pytest prints its summary but
    its process never exits. The grader ends it after a short grace, not at the timeout."""
    write_module(
        tmp_path,
        "lingering",
        {
            "tasks.toml": """\
                [module]
                title = "Lingering"

                [[task]]
                id = "worker.starts"
                title = "Start a worker"
                points = 1
                files = ["worker.py"]
            """,
            "worker.py": """\
                import threading


                def start():
                    worker = threading.Thread(target=threading.Event().wait)  # never set
                    worker.start()
                    return worker
            """,
            "tests/test_worker.py": """\
                import pytest

                from worker import start


                @pytest.mark.task("worker.starts")
                def test_start():
                    assert start().is_alive()
            """,
        },
    )
    status, out, _ = grade(capsys, tmp_path, "--timeout", "600")
    assert status == 0, out
    assert "worker.starts" not in out  # passed
    assert "lingering  pytest finished, but its process did not exit within 5s" in out


def test_a_timeout_names_the_test_that_was_running(tmp_path: Path) -> None:
    """The clock jumps past the deadline once the test is known to be running."""
    folder = write_module(
        tmp_path,
        "hangs",
        {
            "tests/test_hang.py": """\
                import threading
                from pathlib import Path

                import pytest


                @pytest.mark.task("hang.forever")
                def test_waits_forever():
                    Path("started").touch()
                    threading.Event().wait()
            """,
        },
    )
    started = folder / "started"

    def clock() -> float:
        return 1_000.0 if started.exists() else 0.0

    run = run_pytest(folder, environment=module_environment("hangs"), timeout=60, clock=clock)
    assert run.timed_out
    assert run_failure(run, 60) == "timed out after 60s in tests/test_hang.py::test_waits_forever"


def test_a_failure_shows_the_whole_diff(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Strings that differ at their end: pytest's short form hides the difference
    ('Bulbasaur is... 0.7m tall.'); the grader shows the whole diff, and where a bare
    AssertionError was raised."""
    write_module(
        tmp_path,
        "diffs",
        {
            "tasks.toml": """\
                [module]
                title = "Diffs"

                [[task]]
                id = "out.sentence"
                title = "A sentence"
                points = 1
                files = ["tests/test_out.py"]

                [[task]]
                id = "out.helper"
                title = "A check in a helper"
                points = 1
                files = ["tests/test_out.py"]
            """,
            "tests/checks.py": """\
                def check_positive(value):
                    assert value > 0
            """,
            "tests/test_out.py": """\
                import pytest

                from checks import check_positive

                EXPECTED = "Bulbasaur is of type Grass/Poison, weighs 6.9kg, and is 0.7m tall.\\n"


                @pytest.mark.task("out.sentence")
                def test_sentence():
                    said = "Bulbasaur is of type Grass, weighs 6.9kg, and is 0.7m tall.\\n"
                    assert said == EXPECTED


                @pytest.mark.task("out.helper")
                def test_helper():
                    check_positive(-1)
            """,
        },
    )
    json_path = tmp_path / "results.json"
    markdown_path = tmp_path / "scoreboard.md"
    status, out, _ = grade(
        capsys, tmp_path, "--json", str(json_path), "--markdown", str(markdown_path)
    )
    assert status == 1
    message = json.loads(json_path.read_text())["tests"][0]["message"]
    for shown in (out, message, markdown_path.read_text()):
        assert "Bulbasaur is of type Grass, weighs 6.9kg, and is 0.7m tall." in shown
        assert "Grass/Poison, weighs 6.9kg, and is 0.7m tall." in shown
        assert "- Bulbasaur is of type Grass/Poison" in shown
    assert "out.helper    failed   test_out.py::test_helper: AssertionError at checks.py:2" in out
    assert "assert value > 0" in out


def test_a_one_task_run_does_not_import_files_that_name_only_other_tasks(tmp_path: Path) -> None:
    """Each test file writes a mark when imported: only the files that can hold the
    task's tests are (a literal id for it, no marker, or an id computed at run time)."""

    def test_file(marker: str) -> str:
        return f"""
            import pathlib
            import pytest

            pathlib.Path(__file__).with_suffix(".imported").touch()
            TASK = "shapes.area"

            @pytest.mark.task({marker})
            def test_it():
                pass
            """

    folder = write_module(
        tmp_path,
        "shapes",
        {
            "tests/test_area.py": test_file('"shapes.area"'),
            "tests/test_other.py": test_file('"shapes.perimeter"'),
            "tests/test_computed.py": test_file("TASK"),
        },
    )
    run = run_pytest(folder, environment=module_environment("shapes"), task_ids=["shapes.area"])
    imported = sorted(path.stem for path in (folder / "tests").glob("*.imported"))
    assert imported == ["test_area", "test_computed"]
    assert sorted(run.tests) == ["tests/test_area.py::test_it", "tests/test_computed.py::test_it"]
