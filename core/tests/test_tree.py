from wagtail.models import Page

from core.tree import ParentPath, ancestor_paths, parent_path


def test_parent_path_drops_one_step():
    assert parent_path("000100020003") == "00010002"
    assert parent_path("0001") == ""
    assert parent_path("0001000A", steplen=4) == "0001"


def test_ancestor_paths_run_from_the_root_to_the_node():
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]
    assert ancestor_paths("") == []


def test_parent_path_in_sql_matches_python(db):
    root = Page.objects.get(depth=1)
    child = Page.objects.filter(depth=2).first()
    row = Page.objects.filter(pk=child.pk).annotate(up=ParentPath("path")).get()
    assert row.up == parent_path(child.path) == root.path
