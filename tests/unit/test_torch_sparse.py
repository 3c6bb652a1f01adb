"""torch.nn's Embedding and EmbeddingBag: one weight (num_embeddings, embedding_dim).
nn.Embedding(28, 25) has 700 parameters (issue #15); padding_idx changes no count."""

from calc import compute
from tests.unit.check import raises, shapes


def test_embedding_28_by_25():
    r = compute("nn.Embedding", {"num_embeddings": 28, "embedding_dim": 25})
    assert shapes(r) == [("weight", (28, 25), True)]
    assert r.total_params == 28 * 25 == 700


def test_padding_idx_and_max_norm_change_no_count():
    r = compute("nn.Embedding", {"num_embeddings": 10, "embedding_dim": 3, "padding_idx": -10,
                                 "max_norm": 1.0})
    assert r.total_params == 30
    raises(lambda: compute("nn.Embedding", {"num_embeddings": 10, "embedding_dim": 3, "padding_idx": 10}),
           "padding_idx must be within num_embeddings", "padding_idx=10")
    raises(lambda: compute("nn.Embedding", {"num_embeddings": 10, "embedding_dim": 3, "padding_idx": -11}),
           "padding_idx=-11")


def test_freeze_moves_the_table_to_non_trainable():
    r = compute("nn.Embedding", {"num_embeddings": 10, "embedding_dim": 3, "_freeze": True})
    assert r.trainable_params == 0 and r.non_trainable_params == 30


def test_embedding_bag():
    # torch/nn/modules/sparse.py's example: EmbeddingBag(10, 3, mode='sum')
    r = compute("nn.EmbeddingBag", {"num_embeddings": 10, "embedding_dim": 3, "mode": "sum",
                                    "include_last_offset": True, "padding_idx": 2})
    assert shapes(r) == [("weight", (10, 3), True)]
    raises(lambda: compute("nn.EmbeddingBag", {"num_embeddings": 10, "embedding_dim": 3,
                                               "mode": "median"}), "mode must be one of")


def test_weight_tensor_cannot_be_given():
    r = compute("nn.Embedding", {"num_embeddings": 10, "embedding_dim": 3, "_weight": None})
    assert r.total_params == 30
    raises(lambda: compute("nn.Embedding", {"num_embeddings": 10, "embedding_dim": 3,
                                            "_weight": "[[0.5]]"}),
           "_weight takes a tensor", "Received: _weight=[[0.5]]")
