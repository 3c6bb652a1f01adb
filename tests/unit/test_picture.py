"""web/picture.py: each tensor drawn to its shape, one 8 px cell per parameter, capped at 16
cells a side and 6 slices. The expected sizes are worked out by hand from those rules."""

from web.picture import picture


def rects(pic):
    return [i for i in pic["items"] if i["kind"] == "rect"]


def texts(pic):
    return [i["text"] for i in pic["items"] if i["kind"] == "text"]


def test_dense_kernel_is_a_grid_and_bias_a_row():
    # Dense(4) on 3 features: kernel (3, 4) is 3 rows x 4 columns of 8 px; bias (4,) one row.
    pic = picture([("kernel", (3, 4), True, "12"), ("bias", (4,), True, "4")])
    kernel, bias = rects(pic)
    assert (kernel["w"], kernel["h"], kernel["tone"]) == (32, 24, 0)
    assert (bias["w"], bias["h"], bias["tone"]) == (32, 8, 1)
    # The bias is below the kernel's row: its label (2 lines of 15 px) is taller than 24 px.
    assert bias["y"] == 30 + 14
    assert "kernel (3, 4)" in texts(pic) and "bias (4,)" in texts(pic)
    assert "12 parameters, trainable" in texts(pic)
    assert not [i for i in pic["items"] if i["kind"] == "cut"]
    assert pic["desc"] == "kernel, shape (3, 4): 12 parameters, trainable; bias, shape (4,): 4 parameters, trainable."


def test_convolution_kernel_is_a_stack_of_filters_drawn_in_part():
    # Conv2D(64, 3) on 3 channels: kernel (3, 3, 3, 64): 64 slices of 3 x 3 (x 3 channels);
    # 6 are drawn, 5 px apart, so the stack is 24 + 25 px on each side, and a cut mark says so.
    pic = picture([("kernel", (3, 3, 3, 64), True, "1,728")])
    stack = rects(pic)
    assert len(stack) == 6
    assert {(r["w"], r["h"]) for r in stack} == {(24, 24)}
    assert [r["x"] for r in stack] == [25, 20, 15, 10, 5, 0]  # back to front
    cut = [i for i in pic["items"] if i["kind"] == "cut"]
    assert cut == [{"kind": "cut", "x": 49, "y": 49}]
    assert "64 slices of 3 x 3 x 3" in texts(pic)
    assert pic["height"] == 49


def test_large_and_frozen_tensors():
    # Embedding(20000, 100): 16 x 16 cells drawn of 20,000 x 100, cut; frozen: grey.
    pic = picture([("embeddings", (20000, 100), False, "2,000,000")])
    (grid,) = rects(pic)
    assert (grid["w"], grid["h"], grid["frozen"]) == (128, 128, True)
    assert "2,000,000 parameters, non-trainable" in texts(pic)


def test_many_tensors_are_counted_not_drawn():
    weights = [("w%d" % i, (2,), True, "2") for i in range(14)]
    pic = picture(weights)
    assert len(rects(pic)) == 12
    assert texts(pic)[-1] == "and 2 more tensors, in the table"
    assert picture([])["desc"] == "No weights."
