"""Only opencsc/timescales writes due items: every other app, the demo included, opens, closes,
reassigns and agrees deadlines through timescales.services. Reading them elsewhere is fine."""

import ast
from pathlib import Path

import opencsc

SOURCE = Path(opencsc.__file__).parent
OWNER = SOURCE / "timescales"
WRITES = {
    "create",
    "bulk_create",
    "update",
    "bulk_update",
    "delete",
    "get_or_create",
    "update_or_create",
    "save",
}
# Calls that may be given the model itself without writing to it.
READS_THE_MODEL = {"isinstance", "issubclass", "get_for_model", "cast"}


def _chain(node: ast.expr) -> list[ast.expr]:
    """The links of a chain such as `DueItem.objects.filter(...).update`, last first."""
    links = [node]
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
        links.append(node)
    return links


def _is_due_item(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "DueItem") or (
        isinstance(node, ast.Attribute) and node.attr == "DueItem"
    )


def _called_name(node: ast.expr) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _gives_due_items(node: ast.expr) -> bool:
    """Whether an expression yields due items: a chain on `DueItem`, or a call to a function named
    for them (`episode_due_items(child)`, `open_pathway_due_item(...)`)."""
    return any(
        _is_due_item(link) or (isinstance(link, ast.Call) and "due_item" in _called_name(link))
        for link in _chain(node)
    )


def due_item_writes(tree: ast.AST) -> list[int]:
    """Lines of `tree` that write due items."""
    bound: set[str] = set()  # local names holding due items or querysets of them
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _gives_due_items(node.value):
            bound.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Name)
            and _gives_due_items(node.iter)
        ):
            bound.add(node.target.id)
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _is_due_item(node.func):  # DueItem(...)
            lines.append(node.lineno)
            continue
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        if (
            any(_is_due_item(arg) for arg in arguments)
            and _called_name(node) not in READS_THE_MODEL
        ):
            lines.append(node.lineno)  # build.save("due items", DueItem, rows)
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            target = node.func.value
            root = _chain(target)[-1]
            if _gives_due_items(target) or (isinstance(root, ast.Name) and root.id in bound):
                lines.append(node.lineno)
    return sorted(lines)


def test_the_scan_finds_each_kind_of_write():
    source = """
item = DueItem(rule="x")
DueItem.objects.create(rule="x")
DueItem.objects.filter(child=child).update(owner=None)
models.DueItem.objects.bulk_create(rows)
DueItem.objects.get(pk=1).delete()
episode_due_items(child).update(closed_at=now)
made = casework.open_pathway_due_item(rule, child=child)
made.save(update_fields=["due_on"])
for row in DueItem.objects.filter(closed_at=None):
    row.save()
build.save("due items", DueItem, rows)
"""

    lines = due_item_writes(ast.parse(source))

    assert lines == [2, 3, 4, 5, 6, 7, 9, 11, 12]


def test_the_scan_allows_reads_and_locks():
    source = """
items = DueItem.objects.filter(child=child).select_related("owner")
DueItem.objects.select_for_update().get(pk=1)
open_items = episode_due_items(child).exists()
ContentType.objects.get_for_model(DueItem)
isinstance(record, DueItem)
timescales.close_open_items(child=child, by=by, note="Closed")
contact.save(update_fields=["decision_due_on"])
"""

    assert due_item_writes(ast.parse(source)) == []


def test_no_due_item_is_written_outside_timescales():
    writes = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.is_relative_to(OWNER) or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        writes += [f"{path.relative_to(SOURCE.parent)}:{line}" for line in due_item_writes(tree)]

    assert writes == [], "Write due items through opencsc.timescales.services"
