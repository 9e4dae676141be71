"""Statements → one resolved networkx graph, and analysis helpers over it."""

from .build import build_graph
from .model import ArticleInfo, Entity, GraphStatement, KnowledgeGraph, MergeRecord

__all__ = ["build_graph", "ArticleInfo", "Entity", "GraphStatement", "KnowledgeGraph", "MergeRecord"]
