"""Builds the uniqlink wheel: python3 build_wheel.py LIBRARY OUT_DIR VERSION.

Stages this directory (the package, setup.py, the .pth file) with LIBRARY
(libuniqlink-c-standalone.so) copied into uniqlink/lib/ in a scratch
directory, so the source tree stays clean, and runs pip's wheel builder on it
with the setuptools and wheel already installed (Debian's python3-setuptools
and python3-wheel): no index is asked for anything. Prints the wheel's path.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main(library, out_dir, version):
    os.makedirs(out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(out_dir, "uniqlink-*.whl")):
        os.remove(old)
    with tempfile.TemporaryDirectory(prefix="uniqlink-wheel-") as stage:
        src = os.path.join(stage, "src")
        shutil.copytree(HERE, src, ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc", "build", "*.egg-info", "lib"))
        lib_dir = os.path.join(src, "uniqlink", "lib")
        os.makedirs(lib_dir)
        shutil.copy2(library, os.path.join(lib_dir,
                                           "libuniqlink-c-standalone.so"))
        env = dict(os.environ, UNIQLINK_VERSION=version,
                   PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                        "--no-build-isolation", "--no-index", "-q",
                        "-w", out_dir, src], check=True, env=env,
                       cwd=stage)
    wheels = glob.glob(os.path.join(out_dir, "uniqlink-*.whl"))
    if len(wheels) != 1:
        sys.exit("build_wheel.py: expected one wheel in %s, found %r" %
                 (out_dir, wheels))
    print(wheels[0])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
