"""newsgraph: news articles → one knowledge graph (networkx, RDF, interactive HTML).

The public API for notebooks and scripts::

    import newsgraph
    kg = newsgraph.build(["seeds/"])          # KnowledgeGraph
    kg.graph                                   # networkx.MultiDiGraph
    newsgraph.export(kg, "out/", ["turtle", "html"])
    newsgraph.show(kg)                         # the explorer inline in JupyterLab or VS Code
    newsgraph.show(newsgraph.ego_view(kg, "Putin", 2))   # a view: part of the graph, saying so
"""

from __future__ import annotations

__version__ = "0.1.0"

from exports.html import notebook_view as show  # noqa: E402
from exports.registry import DEFAULT_EXPORTS, export, exporter_names  # noqa: E402
from extract.errors import InputError, ModelNotFoundError, NewsgraphError, NoArticlesError  # noqa: E402
from extract.model import Article, ArticleExtraction, Statement  # noqa: E402
from graph.model import Entity, KnowledgeGraph  # noqa: E402
from graph.views import View, ego_view, nodes_view, top_view  # noqa: E402

from .pipeline import build, build_from_texts, extract_articles, write_report  # noqa: E402
from .view import choose_view, export_with_view, query_view  # noqa: E402

__all__ = [
    "__version__",
    "build",
    "build_from_texts",
    "extract_articles",
    "export",
    "show",
    "write_report",
    "top_view",
    "ego_view",
    "nodes_view",
    "query_view",
    "choose_view",
    "export_with_view",
    "View",
    "exporter_names",
    "DEFAULT_EXPORTS",
    "Article",
    "ArticleExtraction",
    "Statement",
    "Entity",
    "KnowledgeGraph",
    "NewsgraphError",
    "InputError",
    "ModelNotFoundError",
    "NoArticlesError",
]
