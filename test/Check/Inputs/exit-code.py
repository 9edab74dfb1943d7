"""Runs a command, passes its output through, and fails unless it exits
with the expected status. usage: exit-code.py CODE CMD ARGS..."""
import subprocess
import sys

rc = subprocess.call(sys.argv[2:])
if rc != int(sys.argv[1]):
    sys.exit("exit-code.py: expected exit %s, got %d" % (sys.argv[1], rc))
