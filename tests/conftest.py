import pytest

from nlp.extract import extract_text


@pytest.fixture(scope="session")
def extract():
    """One article text in, the list of event dicts out (pipeline built once per test session)."""

    def run(text: str, **kw):
        return extract_text(text, **kw)

    return run


def shipments(result):
    return [e.to_json() for e in result.events if e.status == "shipment"]
