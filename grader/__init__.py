"""The portfolio's exercise grader: runs each module's pytest and scores its tasks."""
