"""Let plain `pytest` run the suite from any folder of the repository.

pytest uses ``testpaths`` only when it runs from the root folder; from a
subfolder with no arguments it would collect that folder alone (usually no
tests). Shared fixtures live in tests/conftest.py.
"""

from pathlib import Path

import pytest


def pytest_configure(config):
    """No arguments, run from a subfolder: collect the configured test paths."""
    invoked = Path(config.invocation_params.dir)
    if config.args_source == pytest.Config.ArgsSource.INVOCATION_DIR and invoked != config.rootpath:
        config.args[:] = [str(config.rootpath / p) for p in config.getini("testpaths")]
