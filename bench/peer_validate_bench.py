#!/usr/bin/env python3
"""The python peer of `pmo validate` for bench/validate.sh: every pmo file of
a tree validated by python3-jsonschema (Draft7Validator, formats checked)
against pmo's schemas, YAML read with PyYAML's libyaml loader (CSafeLoader)
with timestamps left as strings, as JSON Schema expects.

usage: peer_validate_bench.py SCHEMA_DIR TREE
prints "N files, E invalid"; exit 1 when a file is invalid.
"""
import json
import os
import re
import sys

import jsonschema
import yaml


class Loader(yaml.CSafeLoader):
    """libyaml's parser; dates stay strings."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, r) for tag, r in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def main():
    schema_dir, tree = sys.argv[1:3]
    schemas = {}
    for name in os.listdir(schema_dir):
        if name.endswith(".json"):
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                schemas[name[:-5]] = json.load(f)
    checker = jsonschema.FormatChecker()
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s, default_specification=DRAFT7))
            for s in schemas.values())
        vals = {n: jsonschema.Draft7Validator(s, registry=registry, format_checker=checker)
                for n, s in schemas.items()}
    except ImportError:
        store = {s["$id"]: s for s in schemas.values()}
        vals = {n: jsonschema.Draft7Validator(
                    s, resolver=jsonschema.RefResolver(s["$id"], s, store=store),
                    format_checker=checker)
                for n, s in schemas.items()}
    # where each kind's files live, from the schemas' x-pmo
    rules = [(re.compile(r"^pmo\.yaml$"), "pmo"),
             (re.compile(r"^projects/[^/]+/plan\.yaml$"), "plan")]
    for name, s in schemas.items():
        x = s.get("x-pmo", {})
        if not x.get("folder"):
            continue
        base = "projects/[^/]+/" if x.get("scope") == "project" else ""
        tail = "/[^/]+/" + re.escape(x["file"]) if x.get("file") else r"/[^/]+\.yaml"
        rules.append((re.compile("^" + base + re.escape(x["folder"]) + tail + "$"), name))
    files = invalid = 0
    for dirpath, dirs, names in os.walk(tree):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.endswith(".yaml"):
                continue
            full = os.path.join(dirpath, name)
            path = os.path.relpath(full, tree)
            schema = next((s for r, s in rules if r.match(path)), None)
            if schema is None:
                continue
            with open(full, "rb") as f:
                doc = yaml.load(f, Loader=Loader)
            files += 1
            if not vals[schema].is_valid(doc):
                invalid += 1
    print(f"{files} files, {invalid} invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
