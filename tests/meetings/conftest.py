import pytest

from .setting import build_meeting


@pytest.fixture
def setting(world):
    return build_meeting(world)
