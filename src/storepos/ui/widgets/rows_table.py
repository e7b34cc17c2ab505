"""The table every screen lists its rows in (print jobs, pickups, orders, claims, card history,
sync problems): whole rows, one selected at a time, nothing edited in place, Tab leaves the table
(arrows move in it), alternate row colours, no row numbers, columns as wide as their contents and
one column taking the slack."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def rows_table(model: QAbstractItemModel, accessible: str, *, stretch: int, row_height: int,
               table: QTableView | None = None) -> QTableView:
    """Set up `table` (a new QTableView by default) over `model`; `stretch`: the slack column."""
    table = table if table is not None else QTableView()
    table.setModel(model)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    return table
