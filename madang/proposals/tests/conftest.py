import pytest

from .factories import ProposalFactory, proposals_process, resident


@pytest.fixture
def process(gangbuk):
    return proposals_process(gangbuk)


@pytest.fixture
def proposal(process, gangbuk):
    return ProposalFactory(process=process, district=gangbuk, author=resident(gangbuk))
