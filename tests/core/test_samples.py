from importlib import resources
from importlib.resources.readers import MultiplexedPath

from curator.core.ingest import samples
from curator.core.ingest.samples import package_folder, sample_paths


def test_samples_are_the_two_seed_articles():
    assert [path.name for path in sample_paths()] == [
        "russia-rejects-us-call-to-cut-ties-1.txt",
        "russia-rejects-us-call-to-cut-ties-2.txt",
    ]


def test_an_installed_data_package_is_found_through_its_multiplexed_path(tmp_path, monkeypatch):
    # An installed package without __init__ comes back from resources.files as a
    # MultiplexedPath, whose str() is not a folder name.
    (tmp_path / "a.txt").write_text("x")
    monkeypatch.setattr(resources, "files", lambda package: MultiplexedPath(tmp_path))
    assert package_folder("curator.seeds", "seeds") == tmp_path


def test_a_missing_package_falls_back_to_the_checkout(monkeypatch):
    def missing(package):
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(resources, "files", missing)
    assert package_folder("curator.seeds", "seeds") == samples.REPOSITORY / "seeds"
