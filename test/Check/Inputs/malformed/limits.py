"""Runs a command under limits and checks how it ended: the expected exit
status, no hang (a timeout), bounded memory (peak RSS of the child).
Output is passed through for FileCheck.

usage: limits.py [--timeout S] [--max-rss-mb N] CODE CMD ARGS...
"""
import resource
import subprocess
import sys

args = sys.argv[1:]
timeout, max_rss = 60, 512
while args[0].startswith("--"):
    opt, val = args[0], args[1]
    args = args[2:]
    if opt == "--timeout":
        timeout = int(val)
    elif opt == "--max-rss-mb":
        max_rss = int(val)
code, cmd = int(args[0]), args[1:]
try:
    rc = subprocess.call(cmd, timeout=timeout)
except subprocess.TimeoutExpired:
    sys.exit("limits.py: %s hung (more than %d s)" % (cmd[0], timeout))
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
if rss_mb > max_rss:
    sys.exit("limits.py: %s used %d MB (limit %d MB)" % (cmd[0], rss_mb, max_rss))
if rc != code:
    sys.exit("limits.py: expected exit %d, got %d" % (code, rc))
