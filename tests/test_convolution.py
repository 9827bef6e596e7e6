"""utils.convolution: the lecture's numbers, agreement with NumPy/SciPy/Keras, and the input checks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from utils import convolution as cv
from utils import lecture_examples as L
from utils.errors import CourseInputError, CourseTypeError

RNG = np.random.RandomState(0)


# ---------------------------------------------------------------------------------------- 1-D
def test_deck_004_one_dimension():
    assert cv.correlate1d(L.CONV1D_A, L.CONV1D_B).tolist() == L.CONV1D_RESULT.tolist() == [17, 22, 39, 44]
    assert cv.conv1d(L.CONV1D_A, L.CONV1D_B).tolist() == [17, 22, 39, 44]


def test_correlation_and_convolution_match_numpy():
    a, b = RNG.randn(12), RNG.randn(4)
    np.testing.assert_allclose(cv.correlate1d(a, b), np.correlate(a, b, "valid"))
    np.testing.assert_allclose(cv.convolve1d(a, b), np.convolve(a, b, "valid"))
    np.testing.assert_allclose(cv.convolve1d(a, b), cv.correlate1d(a, b[::-1]))
    np.testing.assert_allclose(cv.correlate1d(a, b, padding="same"), cv.correlate1d(np.pad(a, (1, 2)), b))
    np.testing.assert_allclose(cv.correlate1d(a, b, padding=3, stride=2), np.correlate(np.pad(a, 3), b)[::2])


# ---------------------------------------------------------------------------------- sizes
@pytest.mark.parametrize(
    "w, f, padding, stride, out",
    [(32, 5, "valid", 1, 28), (7, 3, "valid", 1, 5), (7, 3, 0, 2, 3), (7, 3, 1, 1, 7),
     (224, 3, "same", 2, 112), (7, 3, "same", 3, 3), (5, 5, "valid", 1, 1), (28, 3, 1, 1, 28)],
)  # fmt: skip
def test_output_size(w, f, padding, stride, out):
    assert cv.output_size(w, f, padding, stride) == out


def test_stride_that_does_not_fit_is_explained():
    with pytest.raises(CourseInputError, match=r"Stride 3 does not fit.*2\.333.*divides 4"):
        cv.output_size(7, 3, "valid", 3)
    with pytest.raises(CourseInputError, match="does not fit"):
        cv.conv2d(np.ones((7, 7)), np.ones((3, 3)), stride=3)


def test_keras_same_padding_puts_the_odd_zero_after():
    assert cv.padding_amounts(7, 3, "same", 1) == (1, 1)
    assert cv.padding_amounts(8, 3, "same", 2) == (0, 1)
    assert cv.padding_amounts(8, 4, "same", 1) == (1, 2)
    assert cv.padding_amounts(8, 4, 2) == (2, 2)
    assert cv.padding_amounts(8, 4, "valid") == (0, 0)


# ------------------------------------------------------------------------------------ 2-D
def test_deck_002_feature_map():
    got = cv.conv2d(L.CONV_IMAGE_DECK002, L.CONV_KERNEL_DECK002)
    diff = np.argwhere(got != L.CONV_MAP_DECK002)
    assert diff.tolist() == [[4, 2]]  # the deck's one misprint: row 5, column 3 is 2, not 1
    assert got[4, 2] == 2 and L.CONV_MAP_DECK002[4, 2] == 1


@pytest.mark.parametrize("stride", [1, 2])
@pytest.mark.parametrize("padding", ["valid", "same", 1])
def test_vectorised_equals_loops(stride, padding):
    x = RNG.randn(9, 11, 3)
    k = RNG.randn(3, 3, 3, 4)
    want = cv.conv2d_loops(x, k, np.arange(4.0), stride=stride, padding=padding)
    np.testing.assert_allclose(cv.conv2d(x, k, np.arange(4.0), stride=stride, padding=padding), want)


def test_matches_scipy():
    x, k = RNG.randn(12, 10), RNG.randn(3, 3)
    np.testing.assert_allclose(cv.conv2d(x, k), signal.correlate2d(x, k, "valid"))
    np.testing.assert_allclose(cv.conv2d(x, k, padding=1), signal.correlate2d(x, k, "same"))
    np.testing.assert_allclose(cv.conv2d(x, k[::-1, ::-1]), signal.convolve2d(x, k, "valid"))
    x = RNG.randn(11, 11)
    np.testing.assert_allclose(cv.correlate2d(x, k, 2, 1), signal.correlate2d(x, k, "same")[::2, ::2])


def test_shapes_of_the_kernel_layouts():
    gray, colour = RNG.rand(8, 8), RNG.rand(8, 8, 3)
    assert cv.conv2d(gray, np.ones((3, 3))).shape == (6, 6)
    assert cv.conv2d(colour, np.ones((3, 3, 3))).shape == (6, 6)
    assert cv.conv2d(colour, np.ones((3, 3, 3, 5))).shape == (6, 6, 5)
    assert cv.conv2d(gray, np.ones((3, 3, 1, 2)), padding="same").shape == (8, 8, 2)
    deck000 = cv.conv2d(np.zeros((32, 32, 3)), np.zeros((5, 5, 3, 6)))
    assert deck000.shape == (28, 28, 6)
    np.testing.assert_allclose(
        cv.conv2d(colour, np.ones((3, 3, 3))), cv.conv2d(colour.sum(-1), np.ones((3, 3)))
    )


def test_bias_and_uint8():
    img = np.full((4, 4), 200, dtype=np.uint8)
    out = cv.conv2d(img, np.ones((2, 2)), bias=-1)
    assert out.dtype == np.float64 and np.all(out == 799)  # no uint8 wrap-around
    out = cv.conv2d(img, np.ones((2, 2, 1, 2)), bias=[0, 1])
    assert out[0, 0].tolist() == [800, 801]


@pytest.mark.parametrize(
    "image, kernel, kwargs, words",
    [
        (np.ones((2, 2)), np.ones((3, 3)), {}, "larger than the input"),
        (np.ones((5, 5, 3)), np.ones((3, 3)), {}, "3 channels"),
        (np.ones((5, 5, 3)), np.ones((3, 3, 2, 4)), {}, "Channel mismatch"),
        (np.ones(5), np.ones((3, 3)), {}, "2-D or 3-D"),
        (np.ones((5, 5)), np.ones(3), {}, "2-D or 3-D or 4-D"),
        (np.ones((5, 5)), np.ones((3, 3)), {"padding": "full"}, "'valid', 'same'"),
        (np.ones((5, 5)), np.ones((3, 3)), {"stride": 0}, "at least 1"),
        (np.ones((5, 5)), np.ones((3, 3)), {"padding": -1}, "at least 0"),
        (np.ones((5, 5)), np.ones((3, 3, 1, 2)), {"bias": [1, 2, 3]}, "one number per filter"),
        (np.full((5, 5), np.nan), np.ones((3, 3)), {}, "NaN"),
    ],
)
def test_bad_input_gets_a_message(image, kernel, kwargs, words):
    with pytest.raises((CourseInputError, CourseTypeError), match=words):
        cv.conv2d(image, kernel, **kwargs)


def test_text_is_not_an_image():
    with pytest.raises(CourseTypeError):
        cv.conv2d("photo.png", np.ones((3, 3)))
    with pytest.raises(CourseTypeError):
        cv.conv2d(np.ones((4, 4)), np.ones((3, 3)), padding=[1])


def test_same_padding_lets_a_kernel_overhang():
    assert cv.conv2d(np.ones((2, 2)), np.ones((3, 3)), padding="same").tolist() == [[4, 4], [4, 4]]


def test_explain_pixel_adds_up_to_the_output():
    x, k = RNG.randn(9, 9), RNG.randn(3, 3)
    for stride, padding in [(1, "valid"), (2, "same"), (1, 1)]:
        out = cv.conv2d(x, k, stride=stride, padding=padding)
        e = cv.explain_pixel(x, k, 2, 3, stride=stride, padding=padding)
        assert e.patch.shape == e.products.shape == (3, 3)
        assert np.isclose(e.total, out[2, 3])
        np.testing.assert_allclose(e.products, e.patch * k)
    e = cv.explain_pixel(x, k, 0, 0, padding="same")
    assert e.patch[0].tolist() == [0, 0, 0]  # the padding's zeros
    colour = RNG.randn(6, 6, 3)
    e = cv.explain_pixel(colour, np.ones((3, 3, 3)), 1, 1)
    assert e.patch.shape == (3, 3, 3) and np.isclose(e.total, colour[1:4, 1:4].sum())
    with pytest.raises(CourseInputError, match="between 0 and 6"):
        cv.explain_pixel(x, k, 7, 0)


# -------------------------------------------------------------------------------- pooling
def test_pooling():
    x = np.arange(16.0).reshape(4, 4)
    assert cv.max_pool2d(x).tolist() == [[5, 7], [13, 15]]
    assert cv.avg_pool2d(x).tolist() == [[2.5, 4.5], [10.5, 12.5]]
    odd = np.arange(25.0).reshape(5, 5)
    assert cv.max_pool2d(odd).shape == (2, 2)  # Keras' "valid": the last row and column are dropped
    same = cv.max_pool2d(odd, padding="same")
    assert same.shape == (3, 3) and same[2].tolist() == [21, 23, 24]
    assert cv.avg_pool2d(odd, padding="same")[2, 2] == 24  # only the real number counts
    assert cv.max_pool2d(RNG.rand(6, 6, 3), 3).shape == (2, 2, 3)
    assert cv.max_pool2d(x, 2, 1).shape == (3, 3)
    with pytest.raises(CourseInputError, match="larger than the map"):
        cv.max_pool2d(np.ones((1, 4)))


def test_pooling_matches_keras():
    keras = pytest.importorskip("keras")
    m = RNG.randn(7, 9, 2).astype(np.float32)
    for padding in ["valid", "same"]:
        for size, stride in [(2, None), (3, 2)]:
            mp = keras.layers.MaxPooling2D(size, strides=stride, padding=padding)(m[None])
            ap = keras.layers.AveragePooling2D(size, strides=stride, padding=padding)(m[None])
            np.testing.assert_allclose(cv.max_pool2d(m, size, stride, padding), np.asarray(mp)[0], atol=1e-6)
            np.testing.assert_allclose(cv.avg_pool2d(m, size, stride, padding), np.asarray(ap)[0], atol=1e-6)


def test_conv2d_matches_keras():
    keras = pytest.importorskip("keras")
    for h, w, c, k, f, s, p in [
        (9, 11, 3, 4, 3, 1, "valid"),
        (9, 11, 3, 4, 3, 2, "same"),
        (10, 12, 2, 3, 4, 3, "same"),
    ]:
        x, kern, b = RNG.randn(h, w, c), RNG.randn(f, f, c, k), RNG.randn(k)
        layer = keras.layers.Conv2D(k, f, strides=s, padding=p)
        layer.build((1, h, w, c))
        layer.set_weights([kern, b])
        want = np.asarray(layer(x[None].astype("float32")))[0]
        np.testing.assert_allclose(cv.conv2d(x, kern, b, stride=s, padding=p), want, atol=1e-4)


# ------------------------------------------------------------------------ deck 004: X vs O
def test_deck_004_x_vs_o_tables():
    r = cv.xo_forward(L.XO_X, L.XO_FILTERS)
    assert r.maps.shape == (3, 7, 7) and r.pooled.shape == (3, 4, 4) and r.features.shape == (48,)
    np.testing.assert_array_equal(np.round(r.maps[0], 2), L.XO_MAP1_DECK)
    np.testing.assert_array_equal(np.round(r.rectified, 2), L.XO_RELU_DECK)
    np.testing.assert_array_equal(np.round(r.pooled, 2), L.XO_POOLED_DECK)
    assert r.maps[0, 0, 0] == pytest.approx(7 / 9)  # 0.78: seven of the nine pixels agree


def test_deck_004_small_map_has_one_misprint():
    got = np.round(cv.normalised_feature_map(L.XO_SMALL_X, L.XO_FILTERS[0]), 2)
    assert np.argwhere(got != L.XO_SMALL_MAP_DECK).tolist() == [[3, 0]]
    assert got[3, 0] == -0.11 and got[0, 3] == -0.11  # the map is symmetric, as the picture is


def test_votes_pick_the_right_letter_even_when_moved():
    weights = cv.xo_vote_weights({"X": L.XO_X, "O": L.XO_O}, L.XO_FILTERS)
    for img, want in [(L.XO_X, "X"), (L.XO_O, "O"), (np.roll(L.XO_X, 1, axis=1), "X")]:
        scores = cv.xo_forward(img, L.XO_FILTERS, weights).scores
        assert max(scores, key=scores.get) == want
    with pytest.raises(CourseInputError, match="48 features"):
        cv.xo_forward(L.XO_X, L.XO_FILTERS, {"X": np.ones(12)})


def test_relu():
    assert cv.relu([-1, 0, 2]).tolist() == [0, 0, 2]


# ----------------------------------------------------------------------- kernels and editor
def test_presets():
    for name in cv.KERNELS:
        for size in (3, 5):
            k = cv.kernel_preset(name, size)
            assert k.shape == (size, size)
    assert cv.kernel_preset("box blur", 5).sum() == pytest.approx(1)
    assert cv.kernel_preset("gaussian blur", 5)[2, 2] == pytest.approx(36 / 256)
    assert cv.kernel_preset("sobel x", 5)[2].tolist() == [0, -2, 0, 2, 0]
    with pytest.raises(CourseInputError):
        cv.kernel_preset("blurry")
    with pytest.raises(CourseInputError, match="3 or 5"):
        cv.kernel_preset("identity", 4)
    with pytest.raises(ValueError):
        cv.KERNELS["identity"][0, 0] = 5


def test_parse_kernel():
    k = cv.parse_kernel([["1", "-2", "1/9"], ["", " 0.5 ", "−1"], ["2", "3", "4"]])
    np.testing.assert_allclose(k, [[1, -2, 1 / 9], [0, 0.5, -1], [2, 3, 4]])
    assert cv.parse_kernel(["0"] * 25).shape == (5, 5)
    with pytest.raises(CourseInputError, match=r"row 1, column 2.*'x'.*not a number"):
        cv.parse_kernel(["1", "x", "0", "0", "0", "0", "0", "0", "0"])
    with pytest.raises(CourseInputError, match="not a number"):
        cv.parse_kernel(["1/0"] + ["0"] * 8)
    with pytest.raises(CourseInputError, match="n×n"):
        cv.parse_kernel(["1"] * 8)


def test_parameter_counts():
    assert cv.conv_parameters(5, 3, 6) == 456  # deck 000's six 5×5×3 filters, with biases
    assert cv.dense_parameters(32 * 32 * 3, 1) == 3073
    assert cv.dense_parameters(32 * 32 * 3, 28 * 28 * 6, bias=False) == 3072 * 4704


def test_im2col_times_the_kernel_is_the_convolution():
    x, k = RNG.randn(9, 8, 3), RNG.randn(3, 3, 3, 5)
    for stride, padding in [(1, "valid"), (2, "same"), (1, 2)]:
        cols = cv.im2col(x, 3, 3, stride, padding)
        out = cv.conv2d(x, k, stride=stride, padding=padding)
        assert cols.shape == (out.shape[0] * out.shape[1], 27)
        np.testing.assert_allclose((cols @ k.reshape(27, 5)).reshape(out.shape), out)
    assert cv.im2col(np.arange(16.0).reshape(4, 4), 3, 3)[0].tolist() == [0, 1, 2, 4, 5, 6, 8, 9, 10]
