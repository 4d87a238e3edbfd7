"""CSV and NPZ export of the curves and the displayed trace."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from explorer.atomic_file import FileWriteError
from explorer.session.export import CURVE_COLUMNS, write_curves_csv, write_view_npz
from explorer.session.session import Session


def test_csv_has_a_row_per_iteration_and_model(small_config, tmp_path):
    session = Session(small_config)
    session.run(6)
    path = tmp_path / "curves.csv"
    write_curves_csv(session.view(), path)
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[: len(CURVE_COLUMNS)] == list(CURVE_COLUMNS)
    assert "metric:mse" in rows[0]
    assert len(rows) == 12
    lstm = [r for r in rows if r["model"] == "lstm"]
    assert float(lstm[2]["loss"]) == pytest.approx(session.view().curves["lstm"].loss[2])
    assert lstm[0]["metric:mse"] != "" and lstm[1]["metric:mse"] == ""


def test_npz_holds_the_trace_and_curves(small_config, tmp_path):
    session = Session(small_config)
    session.run(3)
    path = tmp_path / "trace.npz"
    write_view_npz(session.view(), path)
    with np.load(path, allow_pickle=False) as data:
        np.testing.assert_array_equal(data["lstm/hidden"], session.view().records["lstm"].hidden)
        assert data["rnn/curves/loss"].shape == (3,)
        assert "lstm/gates/f" in data.files


def test_npz_of_a_training_frame_names_what_it_left_out(small_config, tmp_path):
    session = Session(small_config)
    session.shown_parts = frozenset({"contrib"})
    session.run(3)
    path = tmp_path / "trace.npz"
    write_view_npz(session.view(running=True), path)
    with np.load(path, allow_pickle=False) as data:
        assert list(data["rnn/missing"]) == ["jacobian", "weight_terms"]
        assert "rnn/contrib" in data.files
        assert not any(name.startswith("rnn/weight_grad_by_step") for name in data.files)
    write_view_npz(session.view(), path)  # stopped: everything, nothing missing
    with np.load(path, allow_pickle=False) as data:
        assert "rnn/missing" not in data.files and "rnn/weight_grad_by_step/W_hh" in data.files


def test_unwritable_export_is_a_clear_error(small_config, tmp_path):
    session = Session(small_config)
    with pytest.raises(FileWriteError, match="does not exist"):
        write_curves_csv(session.view(), tmp_path / "no" / "c.csv")
