"""The run environment and reading events as pytest writes them."""

from __future__ import annotations

import io
import os

from grader.runner import PLUGIN_DIR, PytestRun, _LineReader, module_environment


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
