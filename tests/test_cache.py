import hashlib

import pytest

from utils import cache


def _entry(tmp_content: bytes, name="demo.bin", **kw):
    return cache.CachedFile(name, "https://example.invalid/" + name, "datasets", len(tmp_content),
                            sha256=hashlib.sha256(tmp_content).hexdigest(), **kw)


def test_cache_dir_follows_keras_home(keras_home):
    assert cache.cache_dir() == keras_home


def test_every_registered_file_is_pinned_by_size_and_url():
    for e in cache.REGISTRY.values():
        assert e.url.startswith("https://") and e.size > 0 and e.subdir in ("datasets", "datasets/fashion-mnist", "models")
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
    e.path.write_bytes(b"hello")                     # truncated download
    status, detail = cache.verify(e)
    assert status == "corrupt" and "cut-off" in detail
    e.path.write_bytes(b"HELLO WORLD")               # same size, wrong bytes
    status, detail = cache.verify(e)
    assert status == "corrupt" and "SHA-256" in detail
    unpinned = cache.CachedFile("demo.bin", "https://example.invalid", "datasets", 11)
    assert cache.verify(unpinned)[0] == "unpinned"


def test_md5_pins_are_checked(keras_home):
    e = cache.CachedFile("m.json", "https://example.invalid", "datasets", 2, md5=hashlib.md5(b"{}").hexdigest())
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
    e.path.write_bytes(b"again broken!!")          # a second damaged copy gets its own name
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
    monkeypatch.setenv("COURSE_OFFLINE", "1")
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

    import utils.env
    monkeypatch.setattr(utils.env, "import_keras", lambda: FakeKeras)
    assert cache.fetch(e).read_bytes() == payload


def test_main_check_exit_code(keras_home, capsys):
    assert cache.main(["--check"]) == 1              # nothing cached in an empty KERAS_HOME
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
