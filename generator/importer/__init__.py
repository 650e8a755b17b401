"""Bring a council's existing directory in: foreign records -> listings in data/.

A stage before `generator.data`: it reads an Open Referral UK feed (v1 or
HSDS 3.0), or the project's own open-data export, cleans the text, maps the
source's taxonomy through the editable crosswalk, and writes YAML listings
that the loader then checks like any an editor writes. Only `cli.py` imports
it (see the import-linter contracts in pyproject.toml).

Modules, in the order a run uses them: `sources` (file or URL, paging, size
and time limits), `oruk` and `export` (records -> listing dicts),
`clean` (HTML, phones, addresses, ages), `crosswalk`, `writer` (YAML text,
state, all-or-nothing), `run` (one import and its report).
"""
