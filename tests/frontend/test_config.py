"""theano.config: defaults, THEANO_FLAGS and .theanorc (read in a real subprocess), unknown flags."""
import os
import subprocess
import sys
import textwrap

import pytest

import theano
from theano import config
from theano.frontend.config import ConfigError, TheanoConfig


def run_python(code: str, env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("THEANO_FLAGS", None)
    env["THEANORC"] = str(tmp_path / "absent.rc")
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          cwd=str(tmp_path), timeout=120)


def test_defaults():
    fresh = TheanoConfig()
    assert fresh.floatX == "float64"
    assert fresh.device == "cpu"
    assert fresh.cast_policy == "custom"
    assert fresh.compute_test_value == "off"
    assert fresh.mode == "Mode"


def test_theano_flags_and_theanorc_in_subprocess(tmp_path):
    rc = tmp_path / "my.theanorc"
    rc.write_text("[global]\nfloatX = float32\ndevice = cpu\n\n[blas]\nldflags =\n")
    code = """
        import theano, theano.tensor as T
        print(theano.config.floatX, theano.config.mode, T.matrix().dtype, theano.config.blas.ldflags == '')
    """
    res = run_python(code, {"THEANORC": str(rc), "THEANO_FLAGS": "mode=FAST_COMPILE"}, tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["float32", "FAST_COMPILE", "float32", "True"]
    # THEANO_FLAGS wins over the file
    res = run_python(code, {"THEANORC": str(rc), "THEANO_FLAGS": "floatX=float64"}, tmp_path)
    assert res.stdout.split()[0] == "float64"


def test_unknown_flag_in_theano_flags_is_an_error(tmp_path):
    res = run_python("import theano", {"THEANO_FLAGS": "floatx=float32"}, tmp_path)
    assert res.returncode != 0
    assert "unknown Theano flag 'floatx'" in res.stderr


def test_bad_value_is_an_error(tmp_path):
    res = run_python("import theano", {"THEANO_FLAGS": "floatX=float8"}, tmp_path)
    assert res.returncode != 0 and "floatX" in res.stderr and "float8" in res.stderr


def test_setting_unknown_attribute_raises():
    with pytest.raises(ConfigError, match="unknown Theano flag 'not_a_flag'"):
        config.not_a_flag = 1
    with pytest.raises(AttributeError):
        config.not_a_flag  # noqa: B018


def test_device_flag_values():
    for ok in ["cpu", "cuda", "cuda0", "gpu", "gpu1"]:
        config.device = ok
    with pytest.raises(ConfigError):
        config.device = "tpu7"


def test_change_flags_restores():
    with theano.change_flags(floatX="float32"):
        assert config.floatX == "float32"
    assert config.floatX == "float64"


def test_floatX_drives_constructors():
    import theano.tensor as T

    config.floatX = "float32"
    assert T.matrix().dtype == "float32"
    assert T.scalar().dtype == "float32"
    assert T.dmatrix().dtype == "float64"
