import os
import sys

from grader.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # the reader stopped early (`--list | head`): nothing went wrong
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
