"""What every interop check script does on a mismatch: say it on stderr and exit with status 1.
The scripts beside this file import it (Python puts a script's own folder on its path)."""
import sys


def fail(message):
    sys.stderr.write(message + '\n')
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)
