"""Every sentence the build and the commands say to whoever runs them.

Editors' problems with their data are worded in generator/data/problems.py
and visitors' words in the templates and generator/site/speech.py; this is
the third audience: the person (or CI job) running `python -m generator`.
"""

from __future__ import annotations

from typing import Any

NOT_BUILT = "The site was not built."
KEPT = "The last site built is still there."
NOT_BUILT_FIX_DATA = f"{NOT_BUILT} Put the data right, then build again."

PAGEFIND_MISSING = (
    "Pagefind, which makes the site's search, is not installed. "
    "Run the set-up again (see README.md)."
)
INDEX_FAILED = "Pagefind could not index the site"
INDEX_STOPPED = "Pagefind stopped while indexing the site"


def not_built(*, had_site: bool) -> str:
    return f"{NOT_BUILT} {KEPT}" if had_site else NOT_BUILT


def built(seconds: float, index_html: str) -> str:
    return (
        f"Built the site in {seconds:.1f} seconds:\n"
        f"  {index_html}\n"
        "To preview it, run: make serve\n"
        "then open http://127.0.0.1:8000/ in your browser."
    )


def finished(site: str) -> str:
    return f"Finished the site in {site}: it is ready to publish."


def wrote_file(path: str) -> str:
    return f"Wrote {path}"


def wrote(count: int, folder: str) -> str:
    return f"Wrote {count} files to {folder}"


EDITOR_NOT_INSTALLED = (
    "WARNING -  The browser editor (/admin/) was left out: its npm package is not installed. "
    "Run: make node_modules/.installed"
)
QR_SCRIPT_NOT_INSTALLED = (
    "WARNING -  My list will print its addresses without QR codes: the npm package "
    "qrcode-generator, which draws them, is not installed. Run: make node_modules/.installed"
)
EDITOR_NO_REPO = (
    "WARNING -  The browser editor (/admin/) was left out: mkdocs.yml names no repository "
    "for it to save to. Set extra.editor.repo (or extra.history.url)."
)


def editor_list_files(files: str) -> str:
    return (
        "WARNING -  The browser editor lists every file in data/services/, and these hold "
        f"lists of services, which it cannot edit: {files}. "
        "Split each one with: python -m generator split FILE"
    )


def split_done(count: int, folder: str, list_file: str) -> str:
    return (
        f"Split {list_file} into {count} files in {folder}/, one for each listing, "
        f"and removed {list_file}. Commit them together."
    )


def index_failed_exit(returncode: int, output: str) -> str:
    return f"{INDEX_FAILED} (exit {returncode}):\n{output}"


def index_layout(error: object) -> str:
    return (
        f"The search index is not laid out as this generator expects ({error}). "
        "Install the Pagefind version pyproject.toml names, then build again."
    )


def redirect_is_a_page(from_path: str, to_uri: str) -> str:
    return (
        f"The old address {from_path} is still a page of the site, "
        f"so it cannot redirect to {to_uri}."
    )


def same_address(docs_dir: str, src_uri: str) -> str:
    return (
        f"{docs_dir}/{src_uri} has the same address as a page made "
        f"from the data. Rename or remove {src_uri}."
    )


def shell_refused(kind: object, folder: object) -> str:
    return (
        f"Pages of the kind {kind} (in {folder}/) are drawn by the theme one by one, which is "
        "slower: its templates print a page's values in a way generator/publish/shell.py "
        "cannot fill in."
    )


def bad_epoch(value: str) -> str:
    return (
        f"SOURCE_DATE_EPOCH must be a whole number of seconds, like 1767225600. It is {value!r}."
    )


def not_a_site(folder: str) -> str:
    return f"There is no site in {folder}: it has no index.html. Build the pages first."


# --- check-urls: addresses published before (generator/publish/urls.py) ---

URLS_MISSING = "These addresses were published before and now lead nowhere:"
URLS_SERVICE_HELP = (
    "Add the old id to previous_ids of the service that replaced it, or set status: retired."
)
URLS_PAGE_HELP = "Put back the pages that were removed, or keep a page at each old address."
URLS_OUTSIDE_DATES = (
    "These addresses are off the site on purpose, because the visible_from or visible_to "
    "dates of their listing leave it out on the day of this build:"
)
URLS_SUMMARY_OK = "Every address published before still leads somewhere"
URLS_SUMMARY_FAILED = "Not published: addresses published before would lead nowhere"


def summary_unwritable(path: str, error: OSError) -> str:
    reason = (error.strerror or "it could not be written").lower()
    return f"Could not add the summary to {path} ({reason}). Check its folder exists."


def urls_all_lead(count: int) -> str:
    return f"All {count} addresses published before still lead to a page or a redirect."


def urls_others_lead(count: int) -> str:
    return f"The other {count} addresses published before still lead to a page or a redirect."


# --- import: bring an existing directory in (generator/importer/) ---

IMPORT_TWICE = "the source gives this record twice; the first one was imported"
IMPORT_NOTHING_WRITTEN = "Nothing was written."
IMPORT_HOSTILE = (
    "its description held code that could run in a browser (a script, a javascript: link "
    "or an event attribute), which was removed. Read the listing before you publish it"
)


def _bytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def import_no_file(path: str) -> str:
    return f"There is no file at {path}. Give the path of a saved feed, or its web address."


def import_no_data(path: str) -> str:
    return (
        f"There is no data folder at {path}. Run the import in the project folder, or give --data."
    )


def import_lists_broken(path: str) -> str:
    return (
        f"The lists in {path} (themes, needs, accessibility) have problems, and the import "
        f"needs them. Run: python -m generator check --data {path}"
    )


def import_crosswalk_broken(problems: list[str]) -> str:
    return "The crosswalk cannot be used:\n" + "\n".join(f"  {p}" for p in problems)


def crosswalk_not_a_map(label: str, line: int | None = None, key: str | None = None) -> str:
    where = f"{label}, line {line}" if line else label
    what = (
        f"{key} must list our ids, each with terms: and words:"
        if key
        else ("it must hold fallback_theme, themes, needs and accessibility")
    )
    return f"{where}: {what}. The starter crosswalk shows how."


def crosswalk_unknown_id(label: str, line: int, value: str, list_name: str, ids: list[str]) -> str:
    shown = ", ".join(ids[:4]) + (", ..." if len(ids) > 4 else "")
    return (
        f"{label}, line {line}: \"{value}\" is not one of our {list_name}. "
        f"Use an id from {list_name}.yaml, like {shown}."
    )


def crosswalk_unknown_key(label: str, line: int, key: str) -> str:
    return f"{label}, line {line}: \"{key}\" is not a part of the crosswalk. Use terms: or words:."


def crosswalk_no_fallback(label: str) -> str:
    return f"{label}: give a fallback_theme, like fallback_theme: advice-support-advocacy."


def import_too_big(source: str, size: int, limit: int) -> str:
    return (
        f"{source} is too big to import: {_bytes(size)} or more, and the limit is {_bytes(limit)}. "
        "Split it, or give a larger --max-size."
    )


def import_not_utf8(source: str) -> str:
    return f"{source} is not UTF-8 text. Save it as UTF-8 and import it again."


def import_not_json(source: str, line: int, column: int) -> str:
    return (
        f"{source} is not JSON: the text stops making sense at line {line}, column {column}. "
        "Import an Open Referral feed (JSON) or our services.csv."
    )


def import_unknown_csv(source: str) -> str:
    return (
        f"{source} is not a services.csv from this generator: its first row must name the "
        "columns, starting id,hsds_id,url,name."
    )


def import_unknown_shape(source: str, keys: list[str]) -> str:
    found = f" It has {', '.join(keys)}." if keys else ""
    return (
        f"{source} is JSON, but not in a shape the import knows.{found} Give an Open Referral UK "
        "v1 page (with content), an HSDS 3.0 page (with contents), one service, "
        "or a list of services."
    )


def import_http_status(url: str, status: int) -> str:
    return f"{url} answered with HTTP status {status}, not the feed. Check the address."


def import_timed_out(url: str, seconds: float) -> str:
    return (
        f"{url} did not answer within {seconds:g} seconds. "
        "Try again later, or give a longer --timeout."
    )


def import_unreachable(url: str, reason: str) -> str:
    return f"Could not reach {url} ({reason}). Check the address and your connection."


def import_answered_html(url: str) -> str:
    return (
        f"{url} answered with a web page, not JSON. Give the address of the feed itself "
        "(its /services), not of the directory's website."
    )


def import_record(name: object, source_id: object, position: int | None) -> str:
    named = f'"{name}"' if isinstance(name, str) and name.strip() else None
    ident = f"id {source_id}" if source_id else None
    if named and ident:
        return f"{named} ({ident})"
    if named or ident:
        return str(named or ident)
    return f"Record {position}"


def import_listing(name: str, file: str) -> str:
    return f'"{name}" ({file})'


def import_id_taken(listing_id: str, file: str) -> str:
    return f"a listing with the id {listing_id} is already in {file}"


def import_header(system: str, source_id: str) -> str:
    return (
        f"Imported from {system} (record {source_id}) by python -m generator import.\n"
        "You can edit it: the next import keeps your edits and says so (docs/importing.md)."
    )


def import_header_own(source: str) -> str:
    return (
        f"Imported from {source}, a services.csv of this generator, by python -m generator import."
    )


def import_placeholder_email(address: str | None) -> str:
    return f"the placeholder email {address} was left out"


def import_bad_email(address: str | None) -> str:
    return f"the email \"{address}\" is not an address, so it was left out"


def import_bad_url(address: str | None) -> str:
    return f"the web address \"{address}\" was left out: it is not one we can link to"


def import_bad_phone(text: str | None) -> str:
    return f"the phone number \"{text}\" is not a UK number, so it was left out"


def import_check_failed(message: str) -> str:
    return (
        f"The listings made from the source could not be checked: {message} "
        + IMPORT_NOTHING_WRITTEN
    )


def import_bad_system(system: str) -> str:
    return (
        f"--system \"{system}\" cannot name a source: use small letters, numbers and single "
        "hyphens, like placecube-hollinbrook."
    )


def import_bad_position(key: str, value: object) -> str:
    return f"the {key} {value} is not on Earth, so the place's position was left out"


def import_nothing(source: str, skipped: list[tuple[str, str]]) -> str:
    lines = [f"No service in {source} could be imported. {IMPORT_NOTHING_WRITTEN}"]
    lines += [f"  {record}: {reason}" for record, reason in skipped[:20]]
    if len(skipped) > 20:
        lines.append(f"  and {len(skipped) - 20} more")
    return "\n".join(lines)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def import_summary(r: Any) -> str:
    """The import's report (`generator.importer.run.Report`), like sqlite-utils' and GOV.UK's:
    counts first, then what to look at."""
    lines = [
        f"Read {_count(r.read, 'service')} from {r.source} ({r.shape}).",
        f"Imported {r.imported}: {len(r.created)} new, {len(r.updated)} updated, "
        f"{len(r.unchanged)} unchanged"
        + (f", {len(r.conflicts)} kept as edited here" if r.conflicts else "")
        + (f", {len(r.overwritten)} edits replaced" if r.overwritten else "")
        + ".",
    ]
    if r.wrote_crosswalk:
        lines.append(
            f"Wrote {r.crosswalk}, the starter crosswalk: adjust it to your source, "
            "then import again."
        )
    skipped = r.skipped
    if skipped:
        lines += ["", f"Skipped {_count(len(skipped), 'record')}:"]
        lines += [f"  {record}: {reason}" for record, reason in skipped]
    conflicts = r.conflicts
    if conflicts:
        lines += [
            "",
            f"{_count(len(conflicts), 'listing was', 'listings were')} edited here since the last "
            "import and changed in the source too. Your version was kept; to take the source's "
            "instead, import again with --overwrite:",
        ]
        lines += [f"  {file}" for file in conflicts]
    if r.gone:
        lines += [
            "",
            f"{_count(len(r.gone), 'listing')} imported before "
            f"{'is' if len(r.gone) == 1 else 'are'} no longer in the source. They were kept: "
            "if the service has closed, set its status to retired or remove it:",
        ]
        lines += [f"  {file}" for file in r.gone]
    fallback = r.fallback
    warnings = r.warnings
    if fallback or warnings:
        lines += ["", "Warnings:"]
    if fallback:
        lines.append(
            f"  {_count(len(fallback), 'listing matched', 'listings matched')} no theme in the "
            f"crosswalk and got the theme {r.fallback_theme}. Add their terms to "
            f"{r.crosswalk} and import again:"
        )
        lines += [f"    {listing}" for listing in fallback]
    for name, warning in warnings:
        lines.append(f'  "{name}": {warning}')
    return "\n".join(lines)
