"""Graph → files: RDF, HTML, GraphML, statements. One module per format, one registry."""

from .registry import DEFAULT_EXPORTS, ExporterSpec, export, exporter_names, get_exporter, register_exporter

__all__ = ["DEFAULT_EXPORTS", "ExporterSpec", "export", "exporter_names", "get_exporter", "register_exporter"]
