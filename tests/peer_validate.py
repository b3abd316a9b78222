#!/usr/bin/env python3
"""A second opinion on pmo's schema validation: python3-jsonschema (Debian).

usage: peer_validate.py SCHEMA_DIR TREE PMO_JSON

Validates every pmo file of TREE with jsonschema's Draft7Validator (formats
checked as assertions, as pmo does) against the schemas in SCHEMA_DIR, each
registered by its $id so that "$ref": "calendar.json" resolves, and compares
the verdict file by file with pmo's (`pmo validate --format json`, saved in
PMO_JSON): a file is schema-invalid for pmo when it has a finding of the
rule "schema". Files pmo cannot load (rule "yaml": pmo refuses duplicate
keys, anchors … which PyYAML accepts) or that match no kind are not
compared.

YAML is read with PyYAML's SafeLoader re-typed to the YAML 1.2 core schema
that pmo uses: dates stay strings, yes/no/on/off are strings.

Prints one line per compared file ("valid PATH" / "invalid PATH"), then
"agree: N files (V valid, I invalid)"; a disagreement is printed as
"DISAGREE PATH: pmo …, jsonschema …" and the exit status is 1.
"""
import json
import os
import re
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types."""


CoreLoader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
]:
    CoreLoader.add_implicit_resolver(tag, re.compile(regexp), first)


def _int(loader, node):
    v = loader.construct_scalar(node)
    if v.startswith("0o"):
        return int(v[2:], 8)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v)


CoreLoader.add_constructor("tag:yaml.org,2002:int", _int)
CoreLoader.add_constructor("tag:yaml.org,2002:bool",
                           lambda l, n: l.construct_scalar(n).lower() == "true")


def load_schemas(schema_dir):
    schemas = {}
    for name in sorted(os.listdir(schema_dir)):
        if name.endswith(".json"):
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                schemas[name[:-5]] = json.load(f)
    return schemas


def validators(schemas):
    """A Draft7Validator per schema, with every schema known by its $id."""
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER \
        if hasattr(jsonschema.Draft7Validator, "FORMAT_CHECKER") else jsonschema.FormatChecker()
    out = {}
    try:  # jsonschema >= 4.18: the referencing registry
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s, default_specification=DRAFT7))
            for s in schemas.values())
        for name, s in schemas.items():
            out[name] = jsonschema.Draft7Validator(s, registry=registry, format_checker=checker)
    except ImportError:  # Debian 12's 4.10: a RefResolver with a store
        store = {s["$id"]: s for s in schemas.values()}
        for name, s in schemas.items():
            resolver = jsonschema.RefResolver(s["$id"], s, store=store)
            out[name] = jsonschema.Draft7Validator(s, resolver=resolver, format_checker=checker)
    return out


def places(schemas):
    """(regex over the tree-relative path, schema name) from the x-pmo layout."""
    rules = [(re.compile(r"^pmo\.yaml$"), "pmo")]
    if "plan" in schemas:
        rules.append((re.compile(r"^projects/[^/]+/plan\.yaml$"), "plan"))
    for name, s in schemas.items():
        x = s.get("x-pmo", {})
        folder = x.get("folder")
        if not folder:
            continue
        base = "projects/[^/]+/" if x.get("scope") == "project" else ""
        tail = "/[^/]+/" + re.escape(x["file"]) if x.get("file") else r"/[^/]+\.yaml"
        rules.append((re.compile("^" + base + re.escape(folder) + tail + "$"), name))
    return rules


def main():
    schema_dir, tree, pmo_json = sys.argv[1:4]
    schemas = load_schemas(schema_dir)
    vals = validators(schemas)
    rules = places(schemas)
    with open(pmo_json, encoding="utf-8") as f:
        report = json.load(f)
    pmo_rules = {}
    for finding in report["findings"]:
        pmo_rules.setdefault(finding["path"], set()).add(finding["rule"])
    agree = valid = invalid = 0
    bad = 0
    for dirpath, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.relpath(os.path.join(dirpath, name), tree)
            schema = next((s for r, s in rules if r.match(path)), None)
            if schema is None:
                continue
            rules_here = pmo_rules.get(path, set())
            if "yaml" in rules_here:
                continue
            if "schema" in rules_here and any(
                    f["path"] == path and f["rule"] == "schema" and "is not a pmo file" in f["message"]
                    for f in report["findings"]):
                continue
            with open(os.path.join(tree, path), encoding="utf-8") as f:
                doc = yaml.load(f, Loader=CoreLoader)
            peer_ok = vals[schema].is_valid(doc)
            pmo_ok = "schema" not in rules_here
            if peer_ok != pmo_ok:
                errors = "; ".join(e.message for e in vals[schema].iter_errors(doc))
                print(f"DISAGREE {path}: pmo {'valid' if pmo_ok else 'invalid'}, "
                      f"jsonschema {'valid' if peer_ok else 'invalid: ' + errors}")
                bad += 1
                continue
            print(f"{'valid' if pmo_ok else 'invalid'} {path}")
            agree += 1
            valid += pmo_ok
            invalid += not pmo_ok
    print(f"agree: {agree} files ({valid} valid, {invalid} invalid)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
