"""Tests for utils.features (notebook 03) and its figures (utils.figures.nb03)."""

from __future__ import annotations

import contextlib
import functools
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from skimage.feature import hog

from utils import datasets, features, images
from utils.errors import CourseInputError, CourseTypeError
from utils.figures import nb03


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def camera():
    return datasets.sample_photo("camera")


@pytest.fixture(scope="module")
def cat():
    return images.resize_to(datasets.sample_photo("chelsea"), (60, 90))


# ------------------------------------------------------------------------------------ colour
def test_rgb_histogram_of_pure_red():
    red = np.zeros((2, 3, 3), np.uint8)
    red[..., 0] = 255
    h = features.rgb_histogram(red, 4)
    assert h.shape == (12,) and h.dtype == np.float64
    np.testing.assert_array_equal(h, [0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0])


def test_rgb_histogram_channels_sum_to_one_and_ignore_position(cat):
    h = features.rgb_histogram(cat, 8)
    np.testing.assert_allclose(h.reshape(3, 8).sum(axis=1), 1.0)
    shuffled = np.random.RandomState(0).permutation(cat.reshape(-1, 3)).reshape(cat.shape)
    np.testing.assert_allclose(features.rgb_histogram(shuffled, 8), h)
    np.testing.assert_allclose(features.rgb_histogram(cat[:, ::-1], 8), h)


def test_rgb_histogram_float_image_matches_uint8_bins():
    img = np.array([[[0, 127, 255]]], np.uint8)
    np.testing.assert_array_equal(features.rgb_histogram(img, 2), [1, 0, 1, 0, 0, 1])
    np.testing.assert_array_equal(features.rgb_histogram(img / 255.0, 2), [1, 0, 1, 0, 0, 1])


def test_colour_histogram_spaces(cat):
    assert features.colour_histogram(cat, 8, "hsv").shape == (24,)
    hue = features.colour_histogram(cat, 12, "hue")
    assert hue.shape == (12,) and np.isclose(hue.sum(), 1.0)
    grey = np.full((4, 4, 3), 128, np.uint8)
    np.testing.assert_array_equal(features.colour_histogram(grey, 5, "hue"), np.zeros(5))
    np.testing.assert_array_equal(features.colour_histogram(cat, 8, "rgb"), features.rgb_histogram(cat, 8))


def test_darkening_moves_rgb_more_than_hue(cat):
    dark = features.transformed_copies(cat)["darker"]
    d_rgb = features.histogram_distance(
        features.colour_histogram(cat, 16), features.colour_histogram(dark, 16)
    )
    d_hue = features.histogram_distance(
        features.colour_histogram(cat, 16, "hue"), features.colour_histogram(dark, 16, "hue")
    )
    assert d_rgb > 2 * d_hue


def test_histogram_distance():
    a, b = np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])
    assert features.histogram_distance(a, b) == pytest.approx(1.0)
    assert features.histogram_distance(a, b, "chi2") == pytest.approx(0.5)
    assert features.histogram_distance(a, a, "chi2") == 0.0
    with pytest.raises(CourseInputError, match="same"):
        features.histogram_distance(a, np.ones(4))


def test_transformed_copies_keep_shape_and_dtype(cat):
    copies = features.transformed_copies(cat)
    assert set(copies) == {"mirrored", "turned", "zoomed in", "darker", "brighter"}
    for img in copies.values():
        assert img.shape == cat.shape and img.dtype == cat.dtype
    np.testing.assert_array_equal(copies["mirrored"], cat[:, ::-1])


def test_colour_mass_position():
    img = np.zeros((10, 20, 3), np.uint8)
    img[:2, :4] = (0, 0, 255)  # blue, top left
    mass = features.colour_mass(img)
    assert mass.share == pytest.approx(8 / 200)
    assert mass.row == pytest.approx(0.5 / 9) and mass.col == pytest.approx(1.5 / 19)
    flipped = features.colour_mass(img[:, ::-1])
    assert flipped.col == pytest.approx(1 - mass.col)
    assert np.isnan(features.colour_mass(img, (0.2, 0.4)).row)
    with pytest.raises(CourseInputError):
        features.colour_mass(img, (0.7, 0.2))


def test_colour_features_reject_grayscale(camera):
    with pytest.raises(CourseInputError, match="grayscale"):
        features.rgb_histogram(camera)
    with pytest.raises(CourseTypeError):
        features.rgb_histogram(np.zeros((4, 4, 3), np.uint8), "8")


# --------------------------------------------------------------------------------- gradients
def test_sobel_on_a_vertical_edge():
    img = np.zeros((6, 6), np.uint8)
    img[:, 3:] = 200
    gx, gy = features.sobel_gradients(img)
    assert gx[2, 2] == 800 and gx[2, 3] == 800 and np.all(gy == 0)
    mag = features.gradient_magnitude(img)
    np.testing.assert_allclose(mag, np.abs(gx))
    ori = features.gradient_orientation(img)
    assert np.all(ori == 0)
    ori_t = features.gradient_orientation(img.T)
    assert np.all(ori_t[mag.T > 0] == 90)


def test_orientation_is_unsigned_and_in_range(camera):
    ori = features.gradient_orientation(camera[:64, :64])
    assert ori.min() >= 0 and ori.max() < 180
    np.testing.assert_allclose(
        features.gradient_orientation(255 - camera[:64, :64].astype(float)) % 180, ori % 180, atol=1e-9
    )


def test_orientation_picture(camera):
    mag, ori = features.gradient_magnitude(camera[:32, :32]), features.gradient_orientation(camera[:32, :32])
    pic = features.orientation_picture(mag, ori)
    assert pic.shape == (32, 32, 3) and pic.min() >= 0 and pic.max() <= 1


def test_gradients_reject_colour(cat):
    with pytest.raises(CourseInputError, match="to_grayscale"):
        features.gradient_magnitude(cat)
    with pytest.raises(CourseInputError):
        features.sobel_gradients(np.zeros((2, 3, 5)))


# -------------------------------------------------------------------------------------- HOG
def test_hog_gradients_match_skimage_difference(camera):
    mag, ori = features.hog_gradients(camera[:20, :20])
    img = camera[:20, :20].astype(float)
    assert mag[5, 5] == pytest.approx(np.hypot(img[5, 6] - img[5, 4], img[6, 5] - img[4, 5]))
    assert mag[0, 0] == 0 and mag[0, 5] == pytest.approx(abs(img[0, 6] - img[0, 4])) and ori.max() < 180


@pytest.mark.parametrize("row, col", [(0, 0), (10, 10), (20, 30), (63, 63)])
def test_nearest_vote_cell_is_scikit_images(camera, row, col):
    mag, ori = features.hog_gradients(camera)
    cell = np.s_[row * 8 : (row + 1) * 8, col * 8 : (col + 1) * 8]
    mine = features.cell_histogram(mag[cell], ori[cell], vote="nearest")
    np.testing.assert_allclose(
        mine / mine.sum(), features.skimage_cell_histogram(camera, row, col), atol=1e-6
    )


def test_bilinear_vote_splits_between_centres():
    one = np.ones((1, 1))
    np.testing.assert_allclose(features.cell_histogram(one, one * 30)[:3], [0, 1, 0])
    np.testing.assert_allclose(features.cell_histogram(one, one * 25)[:2], [0.25, 0.75])
    h = features.cell_histogram(one, one * 5)
    assert h[0] == pytest.approx(0.75) and h[8] == pytest.approx(0.25)
    h = features.cell_histogram(one, one * 178)
    assert h[8] == pytest.approx(0.6) and h[0] == pytest.approx(0.4)
    rng = np.random.RandomState(0)
    m, o = rng.rand(8, 8), rng.rand(8, 8) * 180
    assert features.cell_histogram(m, o).sum() == pytest.approx(m.sum())
    assert features.cell_histogram(m, o, n_bins=4).shape == (4,)


def test_cell_histogram_checks():
    with pytest.raises(CourseInputError, match="shape"):
        features.cell_histogram(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(CourseInputError, match="% 180"):
        features.cell_histogram(np.ones(2), np.array([-30.0, 10.0]))


@pytest.mark.parametrize("shape", [(28, 28), (100, 60), (37, 53)])
@pytest.mark.parametrize("cell, block, bins", [(4, 2, 9), (8, 3, 6), (5, 1, 12), (7, 2, 9)])
def test_hog_length_is_the_vector_length(shape, cell, block, bins):
    img = np.random.RandomState(1).rand(*shape)
    try:
        n = features.hog_length(shape, cell, block, bins)
    except CourseInputError:
        return
    vec = features.hog_features(img, cell, block, bins)
    assert vec.shape == (n,)
    ref = hog(img, orientations=bins, pixels_per_cell=(cell, cell), cells_per_block=(block, block))
    np.testing.assert_allclose(vec, ref)


def test_hog_digits_is_324():
    assert features.hog_length((28, 28), **features.HOG_DIGITS) == 324
    assert features.hog_length((512, 512), 8, 2, 9) == 142_884


def test_hog_checks(cat):
    with pytest.raises(CourseInputError, match="to_grayscale"):
        features.hog_features(cat)
    with pytest.raises(CourseInputError, match="larger than the 28×28 image"):
        features.hog_features(np.zeros((28, 28)), cell_size=40)
    with pytest.raises(CourseInputError, match="block size"):
        features.hog_features(np.zeros((28, 28)), cell_size=10, block_size=3)
    with pytest.raises(CourseTypeError):
        features.hog_length((28, 28), "8")
    with pytest.raises(CourseInputError):
        features.hog_batch(np.zeros((28, 28)))


def test_hog_batch_and_picture():
    imgs = np.random.RandomState(2).randint(0, 256, (3, 28, 28)).astype(np.uint8)
    H = features.hog_batch(imgs)
    assert H.shape == (3, 324)
    vec, picture = features.hog_features(imgs[0], 7, 2, 9, visualize=True)
    np.testing.assert_allclose(vec, H[0])
    assert picture.shape == (28, 28)


def test_hog_shrugs_off_a_small_shift_better_than_pixels():
    from utils import transforms

    img = np.zeros((28, 28), np.uint8)
    img[6:22, 12:15] = 255
    moved = transforms.shift_image(img, 0, 2)
    pix = features.pixel_features(np.stack([img, moved]))
    h = features.hog_batch(np.stack([img, moved]))

    def rel(a, b):
        return np.linalg.norm(a - b) / np.linalg.norm(a)

    assert rel(h[0], h[1]) < rel(pix[0], pix[1])


# -------------------------------------------------------------------------------- keypoints
def test_sift_and_orb_match_a_turned_copy(camera):
    gray = images.resize_to(camera, (160, 160))
    moved = features.similarity_copy(gray, angle=20, scale=0.9)
    for method in ("sift", "orb"):
        a = features.detect_keypoints(gray, method, n_keypoints=150)
        b = features.detect_keypoints(moved.image, method, n_keypoints=150)
        assert a.points.shape[1] == 2 and len(a.descriptors) == len(a.points)
        m = features.match_keypoints(a, b)
        ok = features.correct_matches(a, b, m, moved.move)
        assert len(m) >= 10 and ok.mean() > 0.8, method


def test_similarity_copy_moves_the_centre_nowhere():
    img = np.zeros((41, 61))
    moved = features.similarity_copy(img, 45, 0.5)
    np.testing.assert_allclose(moved.move([[20, 30]]), [[20, 30]])
    np.testing.assert_allclose(features.similarity_copy(img, 90, 1.0).move([[20, 40]]), [[10, 30]], atol=1e-9)


def test_keypoint_checks(cat):
    with pytest.raises(CourseInputError, match="to_grayscale"):
        features.detect_keypoints(cat)
    with pytest.raises(CourseInputError, match="32"):
        features.detect_keypoints(np.zeros((20, 20)))
    with pytest.raises(CourseTypeError):
        features.match_keypoints("a", "b")


# ---------------------------------------------------------------------------- bag of words
def test_texture_patches():
    patches, labels, is_test, names = features.texture_patches(64)
    assert patches.shape == (192, 64, 64) and names == ["brick", "grass", "gravel"]
    assert np.bincount(labels).tolist() == [64, 64, 64] and is_test.sum() == 96


def test_local_descriptors_are_normalised():
    img = np.random.RandomState(3).rand(20, 20)
    d = features.local_descriptors(img, 5, 5)
    assert d.shape == (16, 25)
    np.testing.assert_allclose(d.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(features.local_descriptors(img * 0.5 + 0.2, 5, 5), d, rtol=0.01, atol=1e-3)


def test_bag_of_words_classifies_textures():
    from utils import knn, metrics

    patches, labels, is_test, _ = features.texture_patches(64)
    bow = features.BagOfVisualWords(n_words=20, seed=0).fit(patches[~is_test])
    H = bow.transform(patches)
    assert H.shape == (192, 20)
    np.testing.assert_allclose(H.sum(axis=1), 1.0)
    pred = knn.knn_predict(H[~is_test], labels[~is_test], H[is_test], k=1)
    assert metrics.accuracy(labels[is_test], pred) > 0.85
    assert bow.vocabulary.shape == (20, 7, 7)
    assert bow.words(patches[0]).shape == (225,)
    with pytest.raises(CourseInputError, match="fit"):
        features.BagOfVisualWords().transform(patches[:2])


# ------------------------------------------------------------------------------ the table
def test_test_variants_and_table():
    rng = np.random.RandomState(4)
    x = rng.randint(0, 256, (60, 28, 28)).astype(np.uint8)
    y = np.arange(60) % 3
    variants = features.test_variants(x[:20], seed=0)
    assert list(variants) == ["original", "shifted 1–2 px", "rotated ±10°"]
    for v in variants.values():
        assert v.shape == (20, 28, 28) and v.dtype == np.uint8
    assert not any(
        np.array_equal(a, b) for a, b in zip(variants["original"], variants["shifted 1–2 px"], strict=True)
    )
    rows = features.accuracy_table(
        x, y, variants, y[:20], {"pixels": features.pixel_features, "HOG": features.hog_batch}, k=1
    )
    assert [r["features"] for r in rows] == ["pixels", "HOG"]
    assert rows[0]["k-NN original"] == 1.0  # the test images are training images
    text = features.format_table(rows)
    assert text.count("\n") == 5 and "| HOG | 324 |" in text
    with pytest.raises(CourseTypeError):
        features.accuracy_table(x, y, variants, y[:20], {})


def test_pixel_features():
    x = np.full((2, 3, 3), 255, np.uint8)
    np.testing.assert_array_equal(features.pixel_features(x), np.ones((2, 9)))


# ------------------------------------------------------------------------------- figures
def _quiet(fn, *args, **kwargs):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        out = fn(*args, **kwargs)
    return out, buf.getvalue()


def test_hog_widget_prints_the_length_and_changes(camera):
    pictures = {"digit": np.zeros((28, 28), np.uint8), "photo": images.resize_to(camera, (128, 128))}
    show = functools.partial(nb03.show_hog, pictures=pictures)
    vec, text = _quiet(show, 7, 2, 9, "digit")
    assert "-> 324 numbers" in text and len(vec) == 324 and text.count("\n") == 1
    _, text2 = _quiet(show, 4, 2, 9, "digit")
    assert "-> 1,296 numbers" in text2
    vec, text3 = _quiet(show, 16, 2, 9, "digit")
    assert vec is None and "block size" in text3


def test_colour_explorer_prints_how_far_the_histograms_moved():
    photos = {"a": images.resize_to(datasets.sample_photo("coffee"), (40, 60))}
    _, text = _quiet(nb03.show_colour_histograms, "a", "none", 8, photos=photos)
    assert "RGB histogram moved 0.00, hue histogram moved 0.00" in text
    _, text = _quiet(nb03.show_colour_histograms, "a", "darker", 8, photos=photos)
    assert "a, darker" in text and "moved 0.00," not in text


def test_figures_draw(camera, cat):
    digit = np.zeros((28, 28), np.uint8)
    digit[5:20, 10:14] = 255
    nb03.plot_pipeline(digit, features.hog_features(digit, 7, 2, 9, visualize=True)[1])
    nb03.plot_colour_histograms(cat, 8)
    nb03.plot_gradients(digit)
    nb03.plot_hog(camera[:64, :64], 8, 2, 9)
    nb03.plot_cell_histograms(camera, 3, 4)
    crop = camera[200:328, 200:328]
    a = features.detect_keypoints(crop, "orb", 50)
    nb03.plot_matches(crop, crop, a, a, features.match_keypoints(a, a))
    patches, labels, is_test, _ = features.texture_patches(128)
    nb03.plot_vocabulary(features.BagOfVisualWords(5, seed=0).fit(patches[:6]))
    rows = [{"features": "f", "length": 3, "seconds": 0.1, "k-NN original": 0.5, "linear original": 0.6}]
    nb03.plot_accuracy_table(rows, classifier="linear")
