"""Network stage: ``instrument_bodies`` (and ``body_mentions``) → body–instrument and body–body networks.

Reads the processed tables ``instrument_bodies``, ``instruments``, ``body_mentions``, ``paragraphs`` and
``documents`` (see :mod:`ascc_analysis.schemas`) and returns tidy polars frames or :mod:`networkx` graphs. Nothing
here draws or reads files; the only I/O is the explicit export (:func:`write_graphml`, :func:`write_gexf`).

* :func:`body_instrument_graph` — the bipartite graph of bodies and the instruments attributed to them.
* :func:`body_ties` — the one-mode body–body edge table, weighted by shared instruments or by co-mentions in a
  paragraph, raw or normalised (Jaccard, association strength); every edge carries its evidence (the
  ``instrument_id`` or ``para_id`` values behind its count).
* :func:`backbone` — the disparity filter (Serrano, Boguñá & Vespignani 2009) or a top-k filter on a tie table.
* :func:`ties_graph`, :func:`communities` (Louvain, seeded, deterministically numbered), :func:`centralities`.
* :func:`yearly_ties`, :func:`tie_changes`, :func:`shared_layout` — per-year slices that can be compared.
* :func:`write_graphml`, :func:`write_gexf`, :func:`graph_tables` — export (atomic writes; list and set
  attributes become strings joined by :data:`LIST_SEPARATOR`).

Notation used in the docstrings: for bodies *i* and *j*, ``c_ij`` is the number of units (instruments, or
paragraphs for co-mentions) linked to both, ``s_i`` the number of units linked to *i*, and ``n`` the number of
units linked to at least one body.

Modules (everything public is re-exported here, so ``networks.body_ties`` and the like keep working):

* :mod:`~ascc_analysis.analysis.networks.common` — option checks, the year filter, the filtered links;
* :mod:`~ascc_analysis.analysis.networks.bipartite` — :func:`body_instrument_graph`;
* :mod:`~ascc_analysis.analysis.networks.ties` — :func:`body_ties` and :func:`backbone`;
* :mod:`~ascc_analysis.analysis.networks.graphs` — :func:`ties_graph`, :func:`communities`, :func:`centralities`;
* :mod:`~ascc_analysis.analysis.networks.yearly` — :func:`yearly_ties` and :func:`tie_changes`;
* :mod:`~ascc_analysis.analysis.networks.layout` — :func:`shared_layout`;
* :mod:`~ascc_analysis.analysis.networks.export` — :func:`write_graphml`, :func:`write_gexf`, :func:`graph_tables`.
"""

from __future__ import annotations

from ascc_analysis.analysis.networks.bipartite import body_instrument_graph
from ascc_analysis.analysis.networks.common import Provenance
from ascc_analysis.analysis.networks.export import LIST_SEPARATOR, graph_tables, write_gexf, write_graphml
from ascc_analysis.analysis.networks.graphs import (
    CENTRALITIES_SCHEMA,
    COMMUNITIES_SCHEMA,
    centralities,
    communities,
    ties_graph,
)
from ascc_analysis.analysis.networks.layout import shared_layout
from ascc_analysis.analysis.networks.ties import TIES_SCHEMA, BackboneMethod, Normalise, TieWeight, backbone, body_ties
from ascc_analysis.analysis.networks.yearly import TIE_CHANGES_SCHEMA, YEARLY_TIES_SCHEMA, tie_changes, yearly_ties

__all__ = [
    "CENTRALITIES_SCHEMA",
    "COMMUNITIES_SCHEMA",
    "LIST_SEPARATOR",
    "TIES_SCHEMA",
    "TIE_CHANGES_SCHEMA",
    "YEARLY_TIES_SCHEMA",
    "BackboneMethod",
    "Normalise",
    "Provenance",
    "TieWeight",
    "backbone",
    "body_instrument_graph",
    "body_ties",
    "centralities",
    "communities",
    "graph_tables",
    "shared_layout",
    "tie_changes",
    "ties_graph",
    "write_gexf",
    "write_graphml",
    "yearly_ties",
]
