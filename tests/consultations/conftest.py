import pytest

from .workshop import build_workshop


@pytest.fixture
def workshop(world):
    return build_workshop(world)
