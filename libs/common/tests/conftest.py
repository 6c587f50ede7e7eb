from pathlib import Path

import pytest
from sampleapp.app import Settings, create_app

from common.testing import ServiceSpec


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="sample",
        directory=Path(__file__).parent,
        settings_cls=Settings,
        app_factory=create_app,
    )
