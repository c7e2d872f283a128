"""Materialised-path arithmetic for treebeard trees (Wagtail pages, org units).

A node's path is its parent's path plus one step of ``steplen`` characters. Code that
needs the parent or the ancestors of many nodes at once (a course of each module hit, the
units above an employee's unit) reads them off the path instead of one query per node;
these helpers keep that slicing in one place, in Python and in SQL.
"""

from __future__ import annotations

from django.db.models import Func
from django.db.models.functions import Left, Length
from wagtail.models import Page


def parent_path(path: str, steplen: int = Page.steplen) -> str:
    """The path of a node's parent (empty for a root node)."""
    return path[:-steplen]


def ancestor_paths(path: str, steplen: int = Page.steplen) -> list[str]:
    """The paths of a node and of every node above it, root first."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def ParentPath(field: str, steplen: int = Page.steplen) -> Func:  # noqa: N802 (an expression)
    """The parent's path of the node in ``field``, as an SQL expression."""
    return Left(field, Length(field) - steplen)


__all__ = ["ParentPath", "ancestor_paths", "parent_path"]
