"""calc.hf against transformers itself: each config is built into the class it names on
PyTorch's meta device (no weights allocated, nothing downloaded) and the totals compared
exactly: parameters as model.parameters() counts them (tied weights once), the trainable
ones, and the persistent buffers (state_dict entries that are not parameters).

Real inputs: tests/data/hf_configs/*.json, published models' config.json files copied from
public repositories (tests/data/hf_configs/README.md names each source). Generated inputs:
each architecture at several sizes, with its options (kv heads, head_dim, biases, ties,
experts, labels) varied by a seeded random generator.
"""

import glob
import json
import os
import random

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from calc.hf import summarize_config  # noqa: E402
from calc.hf.architectures import ARCHITECTURES  # noqa: E402
from calc.model_source import summarize_text  # noqa: E402
from tests.hf_models import build  # noqa: E402

HERE = os.path.dirname(__file__)
REAL = sorted(glob.glob(os.path.join(HERE, "data", "hf_configs", "*.json")))


def oracle(config):
    """(parameters, trainable parameters, persistent buffer elements) of the model built
    from the config."""
    model = build(config)
    params = dict(model.named_parameters(remove_duplicate=False))
    buffers = sum(v.numel() for k, v in model.state_dict().items() if k not in params)
    return (sum(p.numel() for p in model.parameters()),
            sum(p.numel() for p in model.parameters() if p.requires_grad), buffers)


def ours(config):
    summary = summarize_config(config)
    return summary.total_params, summary.trainable_params, summary.buffers


@pytest.mark.parametrize("path", REAL, ids=[os.path.basename(p)[:-5] for p in REAL])
def test_real_config_matches_transformers(path):
    with open(path) as f:
        text = f.read()
    summary = summarize_text(text)  # recognised by its content, as the CLI and page read it
    config = json.loads(text)
    assert (summary.total_params, summary.trainable_params, summary.buffers) == oracle(config)


def _load(name):
    with open(os.path.join(HERE, "data", "hf_configs", name + ".json")) as f:
        return json.load(f)


def test_published_totals():
    # Totals published on the models' pages and in their papers.
    assert summarize_config(_load("Llama-3.1-8B")).total_params == 8030261248
    # Llama-3.3-70B has Llama-3.1-70B's architecture and sizes: 70,553,706,496.
    assert summarize_config(_load("Llama-3.1-70B")).total_params == 70553706496
    # GemmaConfig's defaults are gemma-7b's sizes (its docstring says so): 8,537,680,896.
    assert summarize_config({"model_type": "gemma", "architectures": ["GemmaForCausalLM"]}).total_params == 8537680896
    bert = _load("bert-base-uncased")
    assert summarize_config(dict(bert, architectures=["BertForPreTraining"])).total_params == 110106428
    assert summarize_config(dict(bert, architectures=["BertModel"])).total_params == 109482240


def test_mixtral_active_parameters():
    # Mixtral-8x7B: 46.7B in all, 12.9B used per token (two of eight experts), as Mistral
    # AI's announcement gives them. Derived: the six unused experts of each of 32 layers
    # hold 3 * 4096 * 14336 weights each.
    summary = summarize_config(_load("Mixtral-8x7B-v0.1"))
    assert summary.total_params - summary.active_params == 6 * 3 * 4096 * 14336 * 32
    assert round(summary.active_params / 1e9, 1) == 12.9


def _choice(rng, values):
    return values[rng.randrange(len(values))]


def _decoder(rng, model_type):
    heads = _choice(rng, [2, 4, 6])
    kv = _choice(rng, [d for d in (1, 2, 3, 6) if heads % d == 0])
    head_dim = _choice(rng, [4, 8])
    cfg = {"vocab_size": rng.randrange(20, 300), "hidden_size": heads * head_dim + _choice(rng, [0, 0, 2]) * heads,
           "intermediate_size": rng.randrange(4, 60), "num_hidden_layers": rng.randrange(1, 4),
           "num_attention_heads": heads, "num_key_value_heads": kv, "tie_word_embeddings": rng.random() < 0.5,
           "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2}
    if rng.random() < 0.5:
        cfg["head_dim"] = head_dim
    if model_type in ("llama", "qwen3", "gemma", "gemma2"):
        cfg["attention_bias"] = rng.random() < 0.5
    if model_type == "llama":
        cfg["mlp_bias"] = rng.random() < 0.5
    if model_type in ("gemma", "gemma2", "qwen3"):
        cfg["head_dim"] = head_dim  # their config classes default it to 256 / 128
    if model_type == "mixtral":
        cfg["num_local_experts"] = rng.randrange(1, 6)
        cfg["num_experts_per_tok"] = rng.randrange(1, cfg["num_local_experts"] + 1)
    return cfg


def _generated(rng, model_type):
    if model_type in ("llama", "mistral", "mixtral", "qwen2", "qwen3", "gemma", "gemma2", "phi3"):
        cfg = _decoder(rng, model_type)
    elif model_type == "gpt2":
        cfg = {"vocab_size": rng.randrange(20, 300), "n_embd": 8 * rng.randrange(1, 4), "n_head": 2,
               "n_layer": rng.randrange(1, 4), "n_positions": rng.randrange(4, 40),
               "n_inner": _choice(rng, [None, rng.randrange(4, 50)]), "tie_word_embeddings": rng.random() < 0.5}
    elif model_type == "gpt_neox":
        cfg = {"vocab_size": rng.randrange(20, 300), "hidden_size": 8 * rng.randrange(1, 4), "num_attention_heads": 2,
               "intermediate_size": rng.randrange(4, 50), "num_hidden_layers": rng.randrange(1, 4),
               "attention_bias": rng.random() < 0.5, "tie_word_embeddings": rng.random() < 0.5,
               "max_position_embeddings": 64}
    elif model_type in ("bert", "roberta"):
        cfg = {"vocab_size": rng.randrange(20, 300), "hidden_size": 4 * rng.randrange(1, 5), "num_attention_heads": 2,
               "intermediate_size": rng.randrange(4, 50), "num_hidden_layers": rng.randrange(1, 4),
               "max_position_embeddings": rng.randrange(8, 60), "type_vocab_size": rng.randrange(1, 4),
               "tie_word_embeddings": rng.random() < 0.5, "num_labels": rng.randrange(1, 5), "pad_token_id": 1}
    elif model_type == "distilbert":
        cfg = {"vocab_size": rng.randrange(20, 300), "dim": 4 * rng.randrange(1, 5), "n_heads": 2,
               "hidden_dim": rng.randrange(4, 50), "n_layers": rng.randrange(1, 4),
               "max_position_embeddings": rng.randrange(8, 60), "sinusoidal_pos_embds": rng.random() < 0.5,
               "tie_word_embeddings": rng.random() < 0.5, "num_labels": rng.randrange(1, 5)}
    elif model_type == "vit":
        patch = _choice(rng, [2, 4])
        cfg = {"hidden_size": 4 * rng.randrange(1, 5), "num_attention_heads": 2, "intermediate_size": rng.randrange(4, 50),
               "num_hidden_layers": rng.randrange(1, 4), "patch_size": patch, "image_size": patch * rng.randrange(1, 5),
               "num_channels": rng.randrange(1, 4), "qkv_bias": rng.random() < 0.5, "num_labels": rng.randrange(1, 5)}
    elif model_type == "t5":
        layers = rng.randrange(1, 4)
        cfg = {"vocab_size": rng.randrange(20, 300), "d_model": 4 * rng.randrange(1, 5), "d_kv": rng.randrange(2, 6),
               "d_ff": rng.randrange(4, 50), "num_layers": layers, "num_decoder_layers": _choice(rng, [layers, layers + 1]),
               "num_heads": rng.randrange(1, 4), "relative_attention_num_buckets": rng.randrange(4, 40),
               "feed_forward_proj": _choice(rng, ["relu", "gated-gelu"]), "tie_word_embeddings": rng.random() < 0.5}
    else:  # whisper
        cfg = {"vocab_size": rng.randrange(20, 300), "d_model": 4 * rng.randrange(1, 5), "encoder_layers": rng.randrange(1, 3),
               "decoder_layers": rng.randrange(1, 3), "encoder_ffn_dim": rng.randrange(4, 40),
               "decoder_ffn_dim": rng.randrange(4, 40), "encoder_attention_heads": 2, "decoder_attention_heads": 2,
               "num_mel_bins": rng.randrange(1, 10), "max_source_positions": rng.randrange(4, 40),
               "max_target_positions": rng.randrange(4, 40), "tie_word_embeddings": rng.random() < 0.5,
               "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 1}
    cfg["model_type"] = model_type
    return cfg


GENERATED_PER_CLASS = 8


@pytest.mark.parametrize("model_type", sorted(ARCHITECTURES))
def test_generated_configs_match_transformers(model_type):
    rng = random.Random("hf-" + model_type)
    family = ARCHITECTURES[model_type]
    for suffix, _ in family.heads:
        if suffix == "WithLMHeadModel":
            continue  # the same class as ForConditionalGeneration, under its 2019 name
        for _ in range(GENERATED_PER_CLASS):
            cfg = dict(_generated(rng, model_type), architectures=[family.prefix + suffix])
            assert ours(cfg) == oracle(cfg), cfg


@pytest.mark.parametrize("path", REAL, ids=[os.path.basename(p)[:-5] for p in REAL])
def test_files_written_by_transformers_5_read_the_same(path):
    # transformers 5 writes `dtype` for `torch_dtype`, `rope_parameters` for `rope_scaling`,
    # `layer_types`; with use_diff (save_pretrained's way) it leaves out every field equal
    # to the config class's default, which calc must then take from that class.
    config = _load(os.path.basename(path)[:-5])
    cfg = dict(config)
    model_type = cfg.pop("model_type")
    hf_config = transformers.AutoConfig.for_model(model_type, **cfg)
    expected = oracle(config)
    for use_diff in (True, False):
        written = hf_config.to_json_string(use_diff=use_diff)
        assert '"transformers_version": "5.' in written
        summary = summarize_text(written)
        assert (summary.total_params, summary.trainable_params, summary.buffers) == expected


def test_cli_summary_json(capsys):
    from calc.__main__ import main

    path = os.path.join(HERE, "data", "hf_configs", "Llama-3.1-8B.json")
    assert main(["summary", path, "--json", "--seq-len", "8192", "--batch", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["framework"], data["buffers"], data["total_params"]) == ("torch", 0, 8030261248)
    # 32 layers · 8 kv heads · 128 · keys and values · 2 bytes, per token: 131,072 bytes.
    assert data["memory"]["kv_cache"]["bytes"] == 131072 * 8192 * 2
    assert main(["summary", path, "--seq-len", "0"]) == 2
    assert "seq_len must be a whole number from 1" in capsys.readouterr().err


@pytest.mark.parametrize("model_type", sorted(ARCHITECTURES))
def test_config_class_defaults_match_transformers(model_type):
    # A config.json naming only its model_type and class: every size is the config class's
    # default (most of them a published model's: GemmaConfig's are gemma-7b's, WhisperConfig's
    # whisper-tiny's, DistilBertConfig's distilbert-base-uncased's, ViTConfig's vit-base's).
    family = ARCHITECTURES[model_type]
    for suffix, _ in family.heads:
        if suffix != "WithLMHeadModel":
            config = {"model_type": model_type, "architectures": [family.prefix + suffix]}
            assert ours(config) == oracle(config), config
