"""The table every screen lists its rows in (print jobs, pickups, orders, claims, card history,
sync problems): whole rows, one selected at a time, nothing edited in place, Tab leaves the table
(arrows move in it), alternate row colours, no row numbers, columns as wide as their contents and
one column taking the slack."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel
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


def selected_table_row(table: QTableView) -> int:
    """The selected row, or -1."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def select_table_row(table: QTableView, row: int) -> None:
    """Select `row` (-1: none), make it current and scroll to it; no signal when it already is."""
    if row == selected_table_row(table):
        return
    selection = table.selectionModel()
    if row < 0:
        selection.clearSelection()
        return
    index = table.model().index(row, 0)
    selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
    selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
    table.scrollTo(index)
