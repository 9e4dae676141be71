"""The exporter registry: names, options, and serial vs. forked writing."""

from __future__ import annotations

import pytest

from exports.registry import DEFAULT_EXPORTS, export, exporter_names, get_exporter
from extract.errors import UnknownNameError


def test_unknown_format_lists_every_valid_name():
    with pytest.raises(UnknownNameError) as err:
        get_exporter("pdf")
    for name in exporter_names():
        assert name in str(err.value)


def test_defaults_are_registered():
    assert set(DEFAULT_EXPORTS) <= set(exporter_names())


@pytest.mark.parametrize("processes", [1, 2])
def test_forked_and_serial_exports_write_identical_files(seed_kg, tmp_path, processes):
    reference = tmp_path / "serial"
    export(seed_kg, reference, DEFAULT_EXPORTS, processes=1)
    out = tmp_path / f"p{processes}"
    written = export(seed_kg, out, DEFAULT_EXPORTS, processes=processes)
    assert set(written) == set(DEFAULT_EXPORTS)
    for name, path in written.items():
        assert path.read_bytes() == (reference / path.name).read_bytes(), name


def test_a_failing_writer_fails_the_export_in_the_caller(seed_kg, tmp_path, monkeypatch):
    from exports import registry

    def _broken(kg, path):
        raise RuntimeError("writer exploded")

    # Registered for this test only, so the other tests' exporter_names() stay the real ones.
    monkeypatch.setitem(registry._EXPORTERS, "test-broken", registry.ExporterSpec("test-broken", "broken.txt", "always fails", _broken))
    with pytest.raises(RuntimeError, match="writer exploded"):
        export(seed_kg, tmp_path, ["statements", "test-broken"], processes=2)
    assert not (tmp_path / "broken.txt").exists()
