"""Every sentence the build and the commands say to whoever runs them.

Editors' problems with their data are worded in generator/data/problems.py
and visitors' words in the templates and generator/site/speech.py; this is
the third audience: the person (or CI job) running `python -m generator`.
"""

from __future__ import annotations

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
