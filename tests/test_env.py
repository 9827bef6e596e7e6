import random

import numpy as np
import pytest

import utils
from utils import env
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
    env.seed_everything(3, keras=False)
    a = (np.random.rand(3), random.random())
    env.seed_everything(3, keras=False)
    b = (np.random.rand(3), random.random())
    assert np.array_equal(a[0], b[0]) and a[1] == b[1]


def test_seed_everything_seeds_keras():
    keras = utils.import_keras()
    env.seed_everything(1)
    x = np.asarray(keras.random.uniform((3,)))
    env.seed_everything(1)
    y = np.asarray(keras.random.uniform((3,)))
    assert np.allclose(x, y)


@pytest.mark.parametrize("bad, err", [("zero", CourseTypeError), (-1, CourseInputError), (1.5, CourseTypeError)])
def test_seed_everything_rejects_bad_seeds(bad, err):
    with pytest.raises(err, match="seed"):
        env.seed_everything(bad, keras=False)


def test_import_keras_prints_nothing(capfd):
    utils.import_keras()
    out, errs = capfd.readouterr()
    assert "absl" not in errs and "cuda" not in errs.lower()


def test_environment_report_has_the_essentials(capsys):
    report = utils.environment_report(check_gpu=True)
    for key in ("Python", "TensorFlow", "Keras", "ipywidgets", "Devices", "Data", "Download cache"):
        assert key in report
    assert "offline stand-ins" in report["Data"]
    assert "CPU" in report["Devices"]
    assert "TensorFlow" in capsys.readouterr().out


def test_start_prints_one_status_line(capsys):
    utils.start()
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "offline stand-ins" in out[0] and "seed 0" in out[0]
