"""calc.hf on small configs whose counts are derived by hand in the comments (the oracle,
tests/test_hf_config.py, compares real and generated configs with transformers)."""

import json

from calc.hf import is_hf_config, summarize_config
from calc.model_source import summarize_text
from tests.unit.check import raises

# A two-layer Llama: vocab 10, hidden 8, 2 heads of 4, 1 key/value head, MLP 12.
TINY_LLAMA = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8,
              "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1,
              "intermediate_size": 12, "tie_word_embeddings": False}
# Per layer: q 8·8 = 64, k and v 8·(1·4) = 32 each, o 64, gate/up/down 3·8·12 = 288, two
# RMSNorms 2·8 = 16: 496. Embedding 10·8 = 80, two layers 992, final norm 8, lm_head 80.
TINY_LLAMA_TOTAL = 80 + 2 * 496 + 8 + 80


def test_llama_rows_and_total():
    summary = summarize_config(TINY_LLAMA)
    assert [(r.name, r.params) for r in summary.rows] == [
        ("model.embed_tokens", 80), ("model.layers", 992), ("model.norm", 8), ("lm_head", 80)]
    assert summary.total_params == TINY_LLAMA_TOTAL == 1160
    assert summary.class_name == "LlamaForCausalLM" and summary.framework == "torch"
    assert summary.buffers == 0


def test_tied_head_counts_once_and_biases_follow_the_flags():
    tied = summarize_config(dict(TINY_LLAMA, tie_word_embeddings=True))
    assert tied.total_params == TINY_LLAMA_TOTAL - 80
    # attention_bias adds q 8 + k 4 + v 4 + o 8 per layer; mlp_bias 12 + 12 + 8.
    biased = summarize_config(dict(TINY_LLAMA, attention_bias=True, mlp_bias=True))
    assert biased.total_params == TINY_LLAMA_TOTAL + 2 * (24 + 32)


def test_base_model_and_classifier():
    base = summarize_config(dict(TINY_LLAMA, architectures=["LlamaModel"]))
    assert [r.name for r in base.rows] == ["embed_tokens", "layers", "norm"]
    assert base.total_params == TINY_LLAMA_TOTAL - 80
    # id2label's three labels: score 8·3, no bias.
    classifier = summarize_config(dict(TINY_LLAMA, architectures=["LlamaForSequenceClassification"],
                                       id2label={"0": "a", "1": "b", "2": "c"}))
    assert classifier.total_params == TINY_LLAMA_TOTAL - 80 + 24


def test_kv_cache_and_int4():
    # Keys and values: 2 · 2 layers · 1 head · 4 = 16 elements per token, 2 bytes each;
    # 10 tokens of 3 sequences: 16 · 10 · 3 · 2 = 960 bytes.
    summary = summarize_config(TINY_LLAMA, seq_len=10, batch=3)
    memory = summary.memory()
    assert memory["kv_cache"]["bytes"] == 960
    assert memory["weights"][-1] == {"dtype": "int4", "bytes": 1160 // 2}
    assert summary.with_cache(20, 3).memory()["kv_cache"]["bytes"] == 1920
    raises(lambda: summary.with_cache(0, 1), "seq_len", "Received: seq_len=0")


def test_mixtral_total_and_active():
    config = dict(TINY_LLAMA, model_type="mixtral", architectures=["MixtralForCausalLM"],
                  num_local_experts=4, num_experts_per_tok=2)
    # Per layer: attention 192, router 4·8 = 32, 4 experts of 2·12·8 + 8·12 = 288, norms
    # 16: 1392. Two layers 2784, plus 80 + 8 + 80. A token uses 2 of the 4 experts.
    summary = summarize_config(config)
    assert summary.total_params == 2784 + 168 == 2952
    assert summary.active_params == 2952 - 2 * 288 * 2
    assert summary.to_json()["active_params_per_token"] == 1800


def test_gpt2_conv1d_layout_and_tied_head():
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 10, "n_embd": 4,
              "n_layer": 1, "n_head": 2, "n_positions": 6}
    # wte 40, wpe 24; block: ln_1 8, c_attn 4·12 + 12 = 60, c_proj 16 + 4 = 20, ln_2 8,
    # c_fc 4·16 + 16 = 80 (n_inner null: 4·4), c_proj 16·4 + 4 = 68, 244 in all; ln_f 8;
    # lm_head tied to wte.
    summary = summarize_config(config)
    assert summary.total_params == 40 + 24 + 244 + 8
    assert summary.rows[-1].params == 0 and "tied" in summary.rows[-1].class_name


def test_bert_heads():
    config = {"model_type": "bert", "architectures": ["BertForPreTraining"], "vocab_size": 10, "hidden_size": 4,
              "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 6,
              "max_position_embeddings": 5, "type_vocab_size": 2}
    # Embeddings 40 + 20 + 8 + 8 = 76; layer 4·(16+4) + 8 + (24+6) + (24+4) + 8 = 154;
    # pooler 20; predictions: dense 20, LayerNorm 8, bias 10 (decoder tied); NSP 4·2 + 2.
    assert summarize_config(config).total_params == 76 + 154 + 20 + 38 + 10
    assert summarize_config(dict(config, architectures=["BertModel"])).total_params == 76 + 154 + 20


def test_whisper_frozen_positions():
    config = {"model_type": "whisper", "architectures": ["WhisperModel"], "max_source_positions": 7, "d_model": 4}
    summary = summarize_config(config)
    # The encoder's sinusoidal positions, 7·4, are a frozen parameter.
    assert summary.non_trainable_params == 28
    assert any("WhisperConfig's default" in n for n in summary.config_notes)


def test_defaults_are_noted():
    config = dict(TINY_LLAMA)
    del config["num_key_value_heads"]
    summary = summarize_config(config)
    assert "num_key_value_heads is not in config.json: LlamaConfig's default, 2, is used." in summary.config_notes
    assert "notes" in summary.to_json() and summary.to_json()["notes"]["config"] == summary.config_notes


def test_recognised_by_content():
    assert is_hf_config({"model_type": "bert"}) and is_hf_config({"architectures": ["BertModel"]})
    assert not is_hf_config({"class_name": "Sequential", "config": {"layers": []}})
    assert summarize_text(json.dumps(TINY_LLAMA)).total_params == TINY_LLAMA_TOTAL
    assert summarize_text(json.dumps(TINY_LLAMA), seq_len=10, batch=3).memory()["kv_cache"]["bytes"] == 960


def test_bad_configs_get_one_line_messages():
    raises(lambda: summarize_config(dict(TINY_LLAMA, model_type="llama9")), "model_type 'llama9'", "Known: bert")
    raises(lambda: summarize_config({"architectures": ["LlamaForCausalLM"]}), "no model_type")
    raises(lambda: summarize_config(dict(TINY_LLAMA, hidden_size=-8)), "hidden_size", "Received: hidden_size=-8")
    raises(lambda: summarize_config(dict(TINY_LLAMA, hidden_size=True)), "whole number", "hidden_size=True")
    raises(lambda: summarize_config(dict(TINY_LLAMA, vocab_size=10 ** 12)), "vocab_size must be from 1")
    raises(lambda: summarize_config(dict(TINY_LLAMA, num_hidden_layers="2")), "num_hidden_layers")
    raises(lambda: summarize_config(dict(TINY_LLAMA, num_key_value_heads=3)), "multiple of num_key_value_heads")
    raises(lambda: summarize_config(dict(TINY_LLAMA, tie_word_embeddings="yes")), "true or false")
    raises(lambda: summarize_config(dict(TINY_LLAMA, architectures=["LlamaForVision"])),
           "LlamaForVision", "Known: LlamaForCausalLM")
    raises(lambda: summarize_config(dict(TINY_LLAMA, architectures="LlamaForCausalLM")), "list of class names")
    raises(lambda: summarize_text('{"model_type": "llama", '), "not valid JSON")


def test_page_view_of_a_config():
    # What web/summary.js receives: the KV cache sized by the page's inputs (960 bytes, as
    # derived above), int4 among the weights, the config's notes, no layer-page links.
    from web import summaryview

    answer = json.loads(summaryview.summarize_text_json(json.dumps(TINY_LLAMA), '{"seq_len": 10, "batch": 3}'))
    assert answer["ok"] and answer["total_params"] == str(TINY_LLAMA_TOTAL)
    assert answer["kv_cache"]["bytes"] == "960" and answer["kv_cache"]["seq_len"] == 10
    assert answer["memory"][-1]["label"] == "Weights in int4"
    assert answer["framework"] == "torch" and all(r["slug"] is None for r in summaryview.rows_of(answer))
    assert any("rotary" in n for n in answer["config_notes"])
    bad = json.loads(summaryview.summarize_text_json(json.dumps(TINY_LLAMA), '{"seq_len": 0, "batch": 1}'))
    assert not bad["ok"] and "seq_len must be a whole number" in bad["error"]
    keras = json.loads(summaryview.summarize_text_json('{"class_name": "Sequential", "config": {"layers": []}}'))
    assert keras["kv_cache"] is None and keras["config_notes"] == []
