import pytest

from .setting import build_board


@pytest.fixture
def board(world):
    return build_board(world)
