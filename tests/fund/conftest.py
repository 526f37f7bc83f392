import pytest

from .setting import build_foundation


@pytest.fixture
def fund(world):
    return build_foundation(world)
