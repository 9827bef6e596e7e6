"""Exercises of notebook 01: images are grids of numbers."""
import numpy as np

from ..checks import Exercise, Wrong, register, returned_array


def bgr_to_rgb(image):
    """Reference: reverse the order of the colour channels (the last axis)."""
    return image[..., ::-1]


def channel_mean(image):
    """Reference: the average of each colour channel over all rows and columns."""
    return image.mean(axis=(0, 1))


def _tiny_bgr():
    # one row of three pixels, stored B, G, R: pure blue, pure green, pure red
    return np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]],
                     [[10, 20, 30], [40, 50, 60], [70, 80, 90]]], dtype=np.uint8)


def _test_bgr_to_rgb(candidate):
    bgr = _tiny_bgr()
    got = returned_array(candidate, bgr.copy(), shape=bgr.shape,
                         shape_hint="Only the order of the three numbers inside each pixel should change.")
    want = bgr[..., ::-1]
    if np.array_equal(got, bgr):
        raise Wrong("the image came back unchanged. The first pixel is stored (B, G, R) = (255, 0, 0), "
                    "pure blue; in RGB order the same blue must read (0, 0, 255).")
    if np.array_equal(got, bgr[::-1]) or np.array_equal(got, bgr[:, ::-1]):
        raise Wrong("you flipped the picture itself (its rows or columns). Leave the pixels where they "
                    "are and reorder the numbers inside each pixel: which axis holds the channels?")
    if not np.array_equal(got, want):
        raise Wrong(f"the first pixel (B, G, R) = (255, 0, 0) should become (R, G, B) = (0, 0, 255), "
                    f"yours is {tuple(int(v) for v in got[0, 0])}. Green stays in the middle.")
    rng = np.random.RandomState(1)
    big = rng.randint(0, 256, size=(5, 7, 3)).astype(np.uint8)
    if not np.array_equal(np.asarray(candidate(big.copy())), big[..., ::-1]):
        raise Wrong("right on the small example, wrong on a 5×7 image: avoid hard-coding sizes or pixels.")


def _test_channel_mean(candidate):
    img = np.zeros((2, 4, 3), dtype=np.uint8)
    img[..., 0] = 200                   # red everywhere
    img[0, :, 1] = 255                  # green on the top row only
    img[:, :2, 2] = 100                 # blue on the left half
    got = returned_array(candidate, img.copy(), dtype=np.float64)
    if got.ndim == 0:
        raise Wrong(f"you returned one number ({float(got):.4g}): the average of ALL values, channels "
                    "mixed together. Keep the channels apart: the answer has three numbers.")
    if got.shape != (3,):
        raise Wrong(f"the result has shape {got.shape}, but it should be three numbers (R, G, B). "
                    "Average over every axis except the channel axis: the mean method can take "
                    "several axes at once.")
    want = np.array([200.0, 127.5, 50.0])
    if not np.allclose(got, want, atol=1e-6):
        raise Wrong(f"this test image has red 200 everywhere, green 255 on half the pixels and blue "
                    f"100 on half; yours gave ({', '.join(f'{v:.4g}' for v in got)}). "
                    "Did you average over both the rows and the columns?")
    rng = np.random.RandomState(2)
    big = rng.randint(0, 256, size=(9, 11, 3)).astype(np.uint8)
    if not np.allclose(np.asarray(candidate(big.copy()), dtype=np.float64),
                       big.reshape(-1, 3).mean(axis=0)):
        raise Wrong("right on the small example, wrong on a 9×11 image: avoid hard-coding sizes, "
                    "and watch out for uint8 sums that wrap around above 255.")


register(Exercise("01.bgr_to_rgb", test=_test_bgr_to_rgb, reference=bgr_to_rgb,
                  hint="an image is [height, width, channels]; you only need to reorder the last axis. "
                       "Slicing with a negative step reverses an axis."))
register(Exercise("01.channel_mean", test=_test_channel_mean, reference=channel_mean,
                  hint="the channels are the last axis; average over the first two "
                       "(rows and columns) and keep the last."))
