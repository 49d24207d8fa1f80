#!/usr/bin/env python3
"""Extracts the operations this project uses, and every schema they name, from DocSpace's
OpenAPI document (ONLYOFFICE/docspace-api-spec, docspace-backend.yaml) into backup.json.

    python3 tools/demo-portal/openapi/extract.py path/to/docspace-backend.yaml COMMIT \
        > tools/demo-portal/openapi/backup.json

Needs PyYAML. Keeps, for each operation below: its operationId, summary, parameters, request
body and, per status, the description and the JSON schema; drops response headers, security
and the 429/502/503 entries (the same on every operation). Schemas are copied unchanged, with
the transitive closure of their `$ref`s. Nothing is converted: the document is OpenAPI 3.1,
whose schema objects are JSON Schema 2020-12 (`type: [null, string]` rather than 3.0's
`nullable`), and `#/components/schemas/X` references resolve inside backup.json as they did
inside the whole document.
"""
import json
import re
import sys

import yaml

# (path, method): what the app calls or will call (see shared docspace-api.md).
OPERATIONS = [
    ("/api/2.0/backup/getbackuphistory", "get"),
    ("/api/2.0/backup/getbackupschedule", "get"),
    ("/api/2.0/backup/createbackupschedule", "post"),
    ("/api/2.0/backup/deletebackupschedule", "delete"),
    ("/api/2.0/backup/getbackupprogress", "get"),
    ("/api/2.0/backup/startbackup", "post"),
    ("/api/2.0/backup/deletebackup/{id}", "delete"),
    ("/api/2.0/backup/deletebackuphistory", "delete"),
    ("/api/2.0/backup/startrestore", "post"),
    ("/api/2.0/backup/getrestoreprogress", "get"),
    # The portal's time zone, which the schedule's hour is in.
    ("/api/2.0/settings", "get"),
]
SAME_ON_EVERY_OPERATION = {"429", "502", "503"}


class Loader(yaml.SafeLoader):
    """YAML 1.1 would turn `2026-01-01T00:00:00Z` examples into dates: keep them strings."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def main():
    source, commit = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=Loader)
    schemas = doc["components"]["schemas"]
    paths, missing = {}, []
    for path, method in OPERATIONS:
        op = doc["paths"].get(path, {}).get(method)
        if op is None:
            missing.append(f"{method.upper()} {path}")
            continue
        kept = {k: op[k] for k in ("operationId", "summary", "parameters", "requestBody") if k in op}
        kept["responses"] = {
            status: {k: v for k, v in answer.items() if k in ("description", "content")}
            for status, answer in op["responses"].items()
            if status not in SAME_ON_EVERY_OPERATION
        }
        paths.setdefault(path, {})[method] = kept
    wanted, todo = {}, list(refs(paths))
    while todo:
        ref = todo.pop()
        name = re.fullmatch(r"#/components/schemas/(.+)", ref).group(1)
        if name in wanted:
            continue
        if name not in schemas:
            missing.append(ref)
            continue
        wanted[name] = schemas[name]
        todo.extend(refs(schemas[name]))
    if missing:
        sys.exit(f"not in {source}: {missing}")
    out = {
        "x-source": {
            "repository": "https://github.com/ONLYOFFICE/docspace-api-spec",
            "file": "docspace-backend.yaml",
            "commit": commit,
            "licence": "AGPL-3.0-only; see README.md beside this file",
            "extracted-by": "tools/demo-portal/openapi/extract.py",
        },
        "openapi": doc["openapi"],
        "info": {k: doc["info"][k] for k in ("title", "version")},
        "paths": paths,
        "components": {"schemas": dict(sorted(wanted.items()))},
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
