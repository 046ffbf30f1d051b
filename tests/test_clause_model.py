"""The learned clause model: training is reproducible, a saved model loads, and the extractor honours its
decisions only when it is given one (the rules alone stay the default)."""

from devtools.evaluate import load_set
from devtools.train_clause import clause_examples, train_model
from nlp.clause_model import ClauseModel, load_model, save_model
from nlp.extract import extract_articles

SHIP = "Bupati melepas ekspor perdana 5 ton kopi milik KUB Tani Jaya ke Jepang, Senin (1/7/2024)."


def _small_model():
    rows = load_set("devset")[:12]
    examples = clause_examples(rows)
    assert examples and {y for _t, y in examples} == {0, 1}
    return examples, train_model(examples, epochs=3)


def test_training_is_reproducible_and_a_saved_model_loads(tmp_path):
    examples, net = _small_model()
    again = train_model(examples, epochs=3)
    text = examples[0][0]
    assert net(text).cats == again(text).cats
    save_model(ClauseModel(net, 0.2, 0.95), tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert (loaded.veto_below, loaded.upgrade_above) == (0.2, 0.95)
    assert abs(loaded.probability(text) - net(text).cats["SHIP"]) < 1e-6


def test_extractor_uses_a_model_only_when_given_one(tmp_path):
    _examples, net = _small_model()
    save_model(ClauseModel(net, veto_below=1.01, upgrade_above=2.0), tmp_path / "veto-all")
    rec = [{"id": "a", "text": SHIP}]
    (plain,) = extract_articles(rec)
    (vetoed,) = extract_articles(rec, clause_model=str(tmp_path / "veto-all"))
    assert plain.is_export_story and [e.destination_iso2 for e in plain.events] == ["JP"]
    assert not vetoed.is_export_story and all(e.status != "shipment" for e in vetoed.events)


def test_loading_something_else_is_a_clear_error(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError, match="not a clause model"):
        load_model(tmp_path)
