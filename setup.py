"""Only the package list lives here; everything else is in pyproject.toml.

resources/ at the top of the tree is installed as ``mentordesk.resources`` (pyproject's
``package-dir``). pyproject's automatic discovery cannot add a package that lives outside
mentordesk/, so the packages are found here: every package under mentordesk/, plus that one.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["mentordesk", "mentordesk.*"]), "mentordesk.resources"])
