"""Packaging of the uniqlink Python package as a wheel (see build_wheel.py).

The wheel holds the pure-Python package, the self-contained C library
(uniqlink/lib/libuniqlink-c-standalone.so, which build_wheel.py copies in
before this runs) and uniqlink-numba.pth at the top of site-packages, so that
UNIQLINK_NUMBA=1 guards numba in every interpreter of that environment. The
library is native code, so the wheel is tagged for this platform; it needs
no particular Python (ctypes only): py3-none-<platform>.
"""

import os

from setuptools import setup
from setuptools.command.build_py import build_py
from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildPy(build_py):
    """Also puts the .pth file at the root of the installed tree."""

    def run(self):
        super().run()
        self.copy_file(os.path.join(HERE, "uniqlink-numba.pth"),
                       os.path.join(self.build_lib, "uniqlink-numba.pth"))


class BdistWheel(bdist_wheel):
    """A platform wheel (it ships a shared library) for any Python 3."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(
    name="uniqlink",
    version=os.environ.get("UNIQLINK_VERSION", "0.0.0"),
    description="Guards numba's on-disk cache against same-name, "
    "different-body linkonce_odr collisions (numba/numba#10486)",
    packages=["uniqlink"],
    package_data={"uniqlink": ["lib/*.so"]},
    python_requires=">=3.7",
    cmdclass={"build_py": BuildPy, "bdist_wheel": BdistWheel},
    zip_safe=False,
)
