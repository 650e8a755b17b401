"""Material's search language files are not published: the built-in search is off."""

from __future__ import annotations

from pathlib import Path

from generator.publish import theme_files


def test_the_sample_site_has_no_lunr_folder_and_no_page_asks_for_one(sample_site):
    site = Path(sample_site.site)
    assert (site / "assets" / "javascripts").is_dir()
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    asking = [
        str(p.relative_to(site)) for p in site.rglob("*.html") if "lunr" in p.read_text("utf-8")
    ]
    assert asking == []


def test_remove_unused_deletes_only_the_theme_folders_it_names(tmp_path: Path):
    lunr = tmp_path / "assets" / "javascripts" / "lunr" / "min"
    lunr.mkdir(parents=True)
    (lunr / "lunr.de.min.js").write_text("x", encoding="utf-8")
    kept = tmp_path / "assets" / "javascripts" / "bundle.js"
    kept.write_text("x", encoding="utf-8")
    assert theme_files.remove_unused(tmp_path) == ["assets/javascripts/lunr"]
    assert not (tmp_path / "assets" / "javascripts" / "lunr").exists()
    assert kept.is_file()
    assert theme_files.remove_unused(tmp_path) == []
