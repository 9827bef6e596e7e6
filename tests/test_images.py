"""Tests for utils.images (notebook 01): layout, colour spaces, distances, challenges, datasets."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from utils import dataset_facts, images, transforms
from utils.errors import CourseInputError, CourseTypeError

FAST = settings(max_examples=25, deadline=None)


def colour_images(min_side=2, max_side=12):
    return st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side)).flatmap(
        lambda hw: arrays(np.uint8, (hw[0], hw[1], 3))
    )


def any_images(min_side=2, max_side=12):
    """Grayscale or colour, uint8 or float in [0, 1]."""
    shapes = st.tuples(
        st.integers(min_side, max_side), st.integers(min_side, max_side), st.sampled_from([(), (3,)])
    ).map(lambda t: (t[0], t[1]) + t[2])
    u8 = shapes.flatmap(lambda s: arrays(np.uint8, s))
    f = shapes.flatmap(lambda s: arrays(np.float32, s, elements=st.floats(0, 1, width=32)))
    return st.one_of(u8, f)


@pytest.fixture(scope="module")
def cat():
    from skimage import data

    return data.chelsea()


@pytest.fixture(scope="module")
def digit():
    img = np.zeros((28, 28), np.uint8)
    img[6:22, 12:16] = 255  # a "1"
    img[6:9, 9:13] = 200
    return img


# ------------------------------------------------------------------------------------- layout
@FAST
@given(colour_images())
def test_bgr_twice_is_identity(img):
    assert np.array_equal(images.bgr_to_rgb(images.rgb_to_bgr(img)), img)


def test_bgr_swaps_red_and_blue():
    px = np.array([[[255, 10, 0]]], np.uint8)
    assert images.rgb_to_bgr(px).tolist() == [[[0, 10, 255]]]
    batch = np.stack([px, px])
    assert images.rgb_to_bgr(batch).shape == (2, 1, 1, 3)


def test_bgr_rejects_grayscale():
    with pytest.raises(CourseInputError, match="grayscale"):
        images.rgb_to_bgr(np.zeros((4, 4), np.uint8))


@FAST
@given(colour_images())
def test_split_channels(img):
    r, g, b = images.split_channels(img)
    assert r.shape == img.shape[:2] and r.dtype == img.dtype
    assert np.array_equal(np.stack([r, g, b], axis=-1), img)


def test_split_channels_messages():
    with pytest.raises(CourseInputError, match="one channel"):
        images.split_channels(np.zeros((4, 4), np.uint8))
    with pytest.raises(CourseTypeError, match="NumPy array"):
        images.split_channels("cat.png")
    with pytest.raises(CourseInputError, match="empty"):
        images.split_channels(np.zeros((0, 4, 3), np.uint8))


def test_batch_helpers(cat, digit):
    assert images.to_batch(cat).shape == (1,) + cat.shape
    assert images.to_batch(digit).shape == (1, 28, 28, 1)
    assert images.add_channel_axis(digit).shape == (28, 28, 1)
    assert images.add_channel_axis(cat) is not None and images.add_channel_axis(cat).shape == cat.shape
    assert np.array_equal(images.from_batch(images.to_batch(digit)), digit)
    assert np.array_equal(images.from_batch(images.to_batch(cat)), cat)
    with pytest.raises(CourseInputError, match="4-D"):
        images.from_batch(cat)
    with pytest.raises(CourseInputError, match="between"):
        images.from_batch(images.to_batch(cat), index=3)
    with pytest.raises(CourseTypeError, match="whole number"):
        images.from_batch(images.to_batch(cat), index="first")


def test_describe_layout(cat, digit):
    assert images.describe_layout(cat, "cat") == (
        "cat: shape (300, 451, 3) uint8 -> [H, W, C] = 300 rows x 451 columns x 3 channels"
    )
    assert "[N, H, W, C] = 1 images x 28 rows" in images.describe_layout(images.to_batch(digit))
    assert "[H, W]" in images.describe_layout(digit)
    with pytest.raises(CourseInputError, match="batch"):
        images.describe_layout(np.zeros(5))


# ------------------------------------------------------------------------------ colour spaces
def test_cmyk_black_white_red():
    px = np.array([[[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 255]]], np.uint8)
    cmyk = images.rgb_to_cmyk(px)
    assert cmyk.shape == (1, 4, 4)
    np.testing.assert_allclose(cmyk[0, 0], [0, 0, 0, 1])  # black: only black ink
    np.testing.assert_allclose(cmyk[0, 1], [0, 0, 0, 0])  # white: no ink
    np.testing.assert_allclose(cmyk[0, 2], [0, 1, 1, 0])  # red = magenta + yellow
    np.testing.assert_allclose(cmyk[0, 3], [1, 0, 0, 0])  # cyan


@FAST
@given(colour_images())
def test_cmyk_in_range_and_inverts(img):
    cmyk = images.rgb_to_cmyk(img)
    assert cmyk.shape == img.shape[:2] + (4,)
    assert cmyk.min() >= 0 and cmyk.max() <= 1
    # back to RGB: r = (1 - C)(1 - K)
    rgb = (1 - cmyk[..., :3]) * (1 - cmyk[..., 3:])
    np.testing.assert_allclose(rgb * 255, img, atol=1e-6)


def test_cmyk_float_input_matches_uint8():
    px = np.array([[[51, 102, 204]]], np.uint8)
    np.testing.assert_allclose(images.rgb_to_cmyk(px), images.rgb_to_cmyk(px / 255.0))


def test_hsv():
    px = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [128, 128, 128]]], np.uint8)
    hsv = images.rgb_to_hsv(px)
    np.testing.assert_allclose(hsv[0, :3, 0], [0, 1 / 3, 2 / 3])
    np.testing.assert_allclose(hsv[0, :3, 1:], 1)
    assert hsv[0, 3, 1] == 0 and hsv[0, 3, 2] == pytest.approx(128 / 255)
    with pytest.raises(CourseInputError, match=r"\(H, W, 3\)"):
        images.rgb_to_hsv(np.zeros((4, 4)))


def test_grayscale_and_channel_mean():
    px = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]], np.uint8)
    gray = images.to_grayscale(px)
    assert gray.dtype == np.uint8 and gray.tolist() == [[76, 150, 29, 255]]
    assert images.to_grayscale(gray) is gray
    np.testing.assert_allclose(images.channel_mean(px), [127.5, 127.5, 127.5])
    with pytest.raises(CourseInputError, match="one channel"):
        images.channel_mean(gray)


@pytest.mark.parametrize("view", images.COLOUR_VIEWS)
def test_colour_views(cat, view):
    pic, cmap, vmin, vmax, note = images.colour_view(cat, view)
    assert pic.shape[:2] == cat.shape[:2] and isinstance(note, str) and note
    if cmap is not None:
        assert pic.ndim == 2 and pic.min() >= vmin and pic.max() <= vmax


def test_colour_view_mistake_and_bad_name(cat):
    pic = images.colour_view(cat, "BGR mistake")[0]
    assert np.array_equal(pic[..., 0], cat[..., 2])
    with pytest.raises(CourseInputError, match="one of"):
        images.colour_view(cat, "purple")


# ----------------------------------------------------------------------------- regions
def test_pixel_region_clipped(cat):
    assert images.pixel_region(cat, 10, 20, 8).shape == (8, 8, 3)
    assert images.pixel_region(cat, 296, 449, 8).shape == (4, 2, 3)
    assert np.array_equal(images.pixel_region(cat, 5, 6, 3), cat[5:8, 6:9])
    assert images.region_bounds(cat.shape, 296, 449, 8) == (296, 300, 449, 451)


def test_pixel_region_messages(cat):
    with pytest.raises(CourseInputError, match="between 0 and 299"):
        images.pixel_region(cat, 300, 0, 4)
    with pytest.raises(CourseInputError, match="at least 1"):
        images.pixel_region(cat, 0, 0, 0)
    with pytest.raises(CourseTypeError, match="whole number"):
        images.pixel_region(cat, "top", 0, 4)
    with pytest.raises(CourseTypeError, match="shape"):
        images.region_bounds(5, 0, 0, 1)


# ----------------------------------------------------------------------------- distances
@FAST
@given(st.integers(1, 10).flatmap(lambda n: st.tuples(arrays(np.uint8, n), arrays(np.uint8, n))))
def test_distance_symmetric_and_no_wrap(pair):
    a, b = pair
    for metric in ("l1", "l2"):
        d = images.pixel_distance(a, b, metric)
        assert d == pytest.approx(images.pixel_distance(b, a, metric))
        assert d >= 0
    wide = a.astype(np.int64) - b.astype(np.int64)
    assert images.pixel_distance(a, b, "l1") == np.abs(wide).sum()
    assert images.pixel_distance(a, b, "l2") == pytest.approx(np.sqrt((wide**2).sum()))
    assert images.pixel_distance(a, a) == 0


def test_distance_uint8_known_values():
    a = np.array([3, 0, 255], np.uint8)
    b = np.array([5, 255, 0], np.uint8)
    assert images.pixel_distance(a, b, "l1") == 2 + 255 + 255  # uint8 would say 254 + 1 + 255
    assert images.pixel_distance(a, b, "L2") == pytest.approx(np.sqrt(4 + 2 * 255**2))


def test_distance_messages():
    a = np.zeros((4, 4), np.uint8)
    with pytest.raises(CourseInputError, match="same shape"):
        images.pixel_distance(a, np.zeros((4, 5), np.uint8))
    with pytest.raises(CourseInputError, match="one of"):
        images.pixel_distance(a, a, "cosine")
    with pytest.raises(CourseTypeError, match="NumPy array"):
        images.pixel_distance("a", a)
    with pytest.raises(CourseInputError, match="empty"):
        images.pixel_distance(np.zeros(0), np.zeros(0))


def test_resize_to(cat):
    from skimage import data

    coffee = images.resize_to(data.coffee(), cat.shape)
    assert coffee.shape == cat.shape and coffee.dtype == np.uint8
    with pytest.raises(CourseTypeError, match="shape"):
        images.resize_to(cat, 28)


# ----------------------------------------------------------------------------- challenges
@FAST
@given(any_images(), st.sampled_from(sorted(transforms.CHALLENGES)), st.floats(0, 1))
def test_challenges_keep_shape_and_dtype(img, name, s):
    out = transforms.apply_challenge(img, name, s)
    assert out.shape == img.shape and out.dtype == img.dtype


@FAST
@given(any_images(), st.sampled_from(sorted(transforms.CHALLENGES)))
def test_strength_zero_is_identity(img, name):
    out = transforms.CHALLENGES[name](img, 0)
    assert np.array_equal(out, img)
    assert out is not img  # a copy: changing it leaves the original alone


@pytest.mark.parametrize("name", sorted(transforms.CHALLENGES))
def test_challenges_change_real_images(cat, digit, name):
    for img in (cat, digit):
        out = transforms.apply_challenge(img, name, 0.7)
        assert out.shape == img.shape and out.dtype == img.dtype
        assert images.pixel_distance(img, out) > 0
    # stronger means farther, at least from 0.3 to 1 (each is smooth in strength)
    assert images.pixel_distance(
        cat, transforms.apply_challenge(cat, name, 1.0), "l2"
    ) > images.pixel_distance(cat, transforms.apply_challenge(cat, name, 0.2), "l2")


def test_challenge_variants(cat):
    brighter = transforms.illumination(cat, 0.8, brighter=True)
    darker = transforms.illumination(cat, 0.8)
    assert brighter.mean() > cat.mean() > darker.mean()
    assert transforms.scale(cat, 0.5, zoom="out").shape == cat.shape
    red = transforms.occlusion(cat, 1.0, colour=(255, 0, 0))
    assert (np.all(red == [255, 0, 0], axis=-1)).mean() > 0.3
    assert not np.array_equal(transforms.clutter(cat, 0.5, seed=1), transforms.clutter(cat, 0.5, seed=2))
    assert np.array_equal(transforms.clutter(cat, 0.5, seed=1), transforms.clutter(cat, 0.5, seed=1))


def test_challenge_messages(cat):
    with pytest.raises(CourseInputError, match="between 0"):
        transforms.viewpoint(cat, 2)
    with pytest.raises(CourseTypeError, match="number between 0 and 1"):
        transforms.illumination(cat, "strong")
    with pytest.raises(CourseInputError, match="one of"):
        transforms.apply_challenge(cat, "rotation", 0.5)
    with pytest.raises(CourseInputError, match="one of"):
        transforms.scale(cat, 0.5, zoom="sideways")
    with pytest.raises(CourseInputError, match="fractions"):
        transforms.occlusion(cat, 0.5, centre=(2, 0))
    with pytest.raises(CourseInputError, match="1 or 3 values"):
        transforms.occlusion(cat, 0.5, colour=(1, 2))
    with pytest.raises(CourseTypeError, match="True or False"):
        transforms.illumination(cat, 0.5, brighter="yes")
    with pytest.raises(CourseTypeError, match="should hold"):
        transforms.deformation([["a"]], 0.5)
    with pytest.raises(CourseTypeError, match="NumPy array"):
        transforms.deformation("cat.png", 0.5)


def test_challenge_distances(cat):
    from skimage import data

    other = images.resize_to(data.coffee(), cat.shape)
    rows = transforms.challenge_distances(cat, 0.5, other, "coffee")
    assert [r["change"] for r in rows] == list(transforms.CHALLENGES) + ["coffee"]
    for r in rows:
        assert r["l1"] > 0 and r["l2"] > 0
        assert r["l1_per_value"] == pytest.approx(r["l1"] / cat.size)
    with pytest.raises(CourseInputError, match="resize_to"):
        transforms.challenge_distances(cat, 0.5, data.coffee())


def test_intra_class_pair():
    rng = np.random.RandomState(0)
    x = rng.randint(0, 50, size=(30, 6, 6)).astype(np.uint8)
    y = np.repeat(np.arange(3), 10).astype(np.uint8)
    x[12] = 255  # the odd one of class 1
    i, j = transforms.intra_class_pair(x, y, 1)
    assert i < j and y[i] == y[j] == 1 and 12 in (i, j)
    with pytest.raises(CourseInputError, match="at least 2"):
        transforms.intra_class_pair(x, y, 7)
    with pytest.raises(CourseInputError, match="same length"):
        transforms.intra_class_pair(x, y[:5], 1)
    with pytest.raises(CourseTypeError, match="whole-number label"):
        transforms.intra_class_pair(x, y.astype(float), 1)


# ------------------------------------------------------------------------------ datasets
def test_dataset_facts_match_the_lectures():
    by = {r["name"]: r for r in dataset_facts.DATASETS}
    assert by["MNIST"]["train_images"] == 50_000 and by["MNIST"]["test_images"] == 10_000
    assert "60,000" in by["MNIST"]["note"]
    assert by["CIFAR-100"]["classes"] == 100
    assert by["ImageNet (ILSVRC)"]["classes"] == 1000
    assert by["ImageNet (ILSVRC)"]["val_images"] == 50_000
    assert by["ImageNet (ILSVRC)"]["test_images"] == 100_000
    assert by["MIT Places"]["classes"] == 365 and by["MIT Places"]["test_images"] == 328_500
    assert by["MIT Places"]["val_images"] == 18_250
    for r in dataset_facts.DATASETS:
        assert r["train_pixels"] == r["train_images"] * r["height"] * r["width"] * r["channels"]
    assert by["CIFAR-10"]["train_pixels"] == 153_600_000


def test_dataset_table_and_pixels():
    table = dataset_facts.dataset_table()
    assert "MIT Places" in table and "1.573T" in table and "39.2M" in table
    assert "note:" in dataset_facts.dataset_table(notes=True)
    assert dataset_facts.training_pixels(2, 3, 4, 5) == 120
    with pytest.raises(CourseInputError, match="at least 1"):
        dataset_facts.training_pixels(0, 3, 4, 5)
    with pytest.raises(CourseTypeError, match="list of dicts"):
        dataset_facts.dataset_table("MNIST")
    with pytest.raises(CourseInputError, match="lacks"):
        dataset_facts.dataset_table([{"name": "x"}])


# ------------------------------------------------------------------------------ exercises
def test_invert_is_the_photographic_negative():
    img = np.array([[0, 255], [100, 30]], dtype=np.uint8)
    before = img.copy()
    out = images.invert(img)
    assert out.dtype == np.uint8 and out.tolist() == [[255, 0], [155, 225]]
    assert np.array_equal(img, before), "invert must not change its input"
    assert np.allclose(images.invert(np.array([[0.0, 0.25]])), [[1.0, 0.75]])
    assert np.array_equal(images.invert(images.invert(img)), img)
    with pytest.raises(CourseTypeError):
        images.invert("photo.png")
