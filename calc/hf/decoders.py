"""The weights transformers creates for decoder-only language models: the Llama family
(llama, mistral, mixtral, qwen2, qwen3, gemma, gemma2, phi3), gpt2 and gpt_neox.

Each builder takes the config's Fields and the head ("base", "causal_lm", "seq_cls") and
returns (parts, KV-cache elements per token, parameters one token uses or None). Shapes
are PyTorch's: nn.Linear(in, out).weight is (out, in); GPT-2's Conv1D keeps (in, out).
"""

from calc.dims import sym
from calc.hf import MAX_EXPERTS, MAX_LAYERS, MAX_SEQ_LEN, MAX_VOCAB, Part, linear, norm, stacked
from calc.weights import Weight

# How the Llama family's members differ, in their modeling_*.py.
#   qkv_bias: q/k/v projections have biases ("config": as attention_bias says);
#   o_bias: the output projection has one; mlp_bias: gate/up/down have them;
#   qk_norm: RMSNorms of head_dim on queries and keys (Qwen3);
#   extra_norms: pre/post feed-forward norms (Gemma 2); fused: one qkv_proj and one
#   gate_up_proj (Phi-3); experts: a mixture of experts in place of the MLP (Mixtral).
LLAMA_VARIANTS = {
    "llama": {"qkv_bias": "config", "o_bias": "config", "mlp_bias": "config"},
    "mistral": {},
    "mixtral": {"experts": True},
    "qwen2": {"qkv_bias": True},
    "qwen3": {"qkv_bias": "config", "o_bias": "config", "qk_norm": True},
    "gemma": {"qkv_bias": "config", "o_bias": "config"},
    "gemma2": {"qkv_bias": "config", "o_bias": "config", "extra_norms": True},
    "phi3": {"fused": True},
}


def _bias(f, option):
    return f.flag("attention_bias", False) if option == "config" else bool(option)


def llama_family(f, head, model_type, prefix):
    variant = LLAMA_VARIANTS[model_type]
    vocab, hidden = f.dim("vocab_size", high=MAX_VOCAB), f.dim("hidden_size")
    layers = f.dim("num_hidden_layers", high=MAX_LAYERS)
    heads = f.dim("num_attention_heads")
    kv_heads = f.dim("num_key_value_heads", f.defaults.get("num_key_value_heads", heads.value))
    if heads.value % kv_heads.value:
        raise ValueError("config.json: num_attention_heads must be a multiple of num_key_value_heads. "
                         "Received: num_attention_heads=%d, num_key_value_heads=%d" % (heads.value, kv_heads.value))
    head_dim = _head_dim(f, hidden, heads)
    inner = f.dim("intermediate_size")
    q_out, kv_out = heads * head_dim, kv_heads * head_dim
    qkv_bias, o_bias = _bias(f, variant.get("qkv_bias")), _bias(f, variant.get("o_bias"))
    mlp_bias = variant.get("mlp_bias") == "config" and f.flag("mlp_bias", False)
    if variant.get("fused"):
        layer = linear("self_attn.qkv_proj", hidden, q_out + 2 * kv_out, False)
    else:
        layer = (linear("self_attn.q_proj", hidden, q_out, qkv_bias) + linear("self_attn.k_proj", hidden, kv_out, qkv_bias)
                 + linear("self_attn.v_proj", hidden, kv_out, qkv_bias))
    layer += linear("self_attn.o_proj", q_out, hidden, o_bias)
    if variant.get("qk_norm"):
        layer += norm("self_attn.q_norm", head_dim, False) + norm("self_attn.k_norm", head_dim, False)
    active = None
    if variant.get("experts"):
        experts = f.dim("num_local_experts", high=MAX_EXPERTS)
        top_k = f.int("num_experts_per_tok", high=experts.value)
        layer += [Weight("mlp.gate.weight", (experts, hidden)),
                  Weight("mlp.experts.gate_up_proj", (experts, 2 * inner, hidden)),
                  Weight("mlp.experts.down_proj", (experts, hidden, inner))]
        unused_experts = (experts.value - top_k) * 3 * hidden.value * inner.value * layers.value
    elif variant.get("fused"):
        layer += linear("mlp.gate_up_proj", hidden, 2 * inner, False) + linear("mlp.down_proj", inner, hidden, False)
    else:
        layer += (linear("mlp.gate_proj", hidden, inner, mlp_bias) + linear("mlp.up_proj", hidden, inner, mlp_bias)
                  + linear("mlp.down_proj", inner, hidden, mlp_bias))
    layer += norm("input_layernorm", hidden, False) + norm("post_attention_layernorm", hidden, False)
    if variant.get("extra_norms"):
        layer += norm("pre_feedforward_layernorm", hidden, False) + norm("post_feedforward_layernorm", hidden, False)
    base = "" if head == "base" else "model."
    parts = [Part(base + "embed_tokens", "Embedding", [Weight("weight", (vocab, hidden))]),
             Part(base + "layers", "%d x %sDecoderLayer" % (layers.value, prefix), stacked(layers, layer)),
             Part(base + "norm", prefix + "RMSNorm", norm("", hidden, False))]
    parts += _lm_head(f, head, vocab, hidden, base + "embed_tokens")
    if variant.get("experts"):
        active = sum(w.count for p in parts for w in p.weights) - unused_experts
    _sliding_window_note(f, model_type)
    return parts, 2 * layers.value * kv_heads.value * head_dim.value, active


def _sliding_window_note(f, model_type):
    window = f.config.get("sliding_window")
    used = model_type != "qwen2" or f.config.get("use_sliding_window") is True
    if isinstance(window, int) and not isinstance(window, bool) and used:
        f.notes.append("The KV cache counts every layer at the whole sequence length; with sliding_window=%d, "
                       "a sliding-window layer's cache may keep only its last %d tokens." % (window, window))


def _head_dim(f, hidden, heads):
    if f.config.get("head_dim") is not None or "head_dim" in f.defaults:
        return f.dim("head_dim")
    if hidden.value % heads.value:
        raise ValueError("config.json: hidden_size must be a multiple of num_attention_heads when head_dim is "
                         "not given. Received: hidden_size=%d, num_attention_heads=%d" % (hidden.value, heads.value))
    return sym("head_dim", hidden.value // heads.value, meaning="hidden_size / num_attention_heads")


def _lm_head(f, head, vocab, hidden, embedding):
    """The causal LM's output projection (absent when tied to the embedding), or the
    sequence classifier's score layer."""
    if head == "causal_lm":
        if f.flag("tie_word_embeddings"):
            return [Part("lm_head", "Linear, tied to " + embedding, [])]
        return [Part("lm_head", "Linear", linear("", hidden, vocab, False))]
    if head == "seq_cls":
        return [Part("score", "Linear", linear("", hidden, f.labels(), False))]
    return []


def gpt2(f, head, model_type, prefix):
    vocab, hidden = f.dim("vocab_size", high=MAX_VOCAB), f.dim("n_embd")
    positions, layers = f.dim("n_positions", high=MAX_SEQ_LEN), f.dim("n_layer", high=MAX_LAYERS)
    f.int("n_head")
    if f.config.get("n_inner") is not None:
        inner = f.dim("n_inner")
    else:
        inner = sym("n_inner", 4 * hidden.value, meaning="4 * n_embd, as n_inner is null")
    # Conv1D(nf, nx).weight is (nx, nf): input first, unlike nn.Linear.
    layer = (norm("ln_1", hidden) + [Weight("attn.c_attn.weight", (hidden, 3 * hidden)), Weight("attn.c_attn.bias", (3 * hidden,)),
             Weight("attn.c_proj.weight", (hidden, hidden)), Weight("attn.c_proj.bias", (hidden,))]
             + norm("ln_2", hidden) + [Weight("mlp.c_fc.weight", (hidden, inner)), Weight("mlp.c_fc.bias", (inner,)),
                                       Weight("mlp.c_proj.weight", (inner, hidden)), Weight("mlp.c_proj.bias", (hidden,))])
    base = "" if head == "base" else "transformer."
    parts = [Part(base + "wte", "Embedding", [Weight("weight", (vocab, hidden))]),
             Part(base + "wpe", "Embedding", [Weight("weight", (positions, hidden))]),
             Part(base + "h", "%d x GPT2Block" % layers.value, stacked(layers, layer)),
             Part(base + "ln_f", "LayerNorm", norm("", hidden))]
    parts += _lm_head(f, head, vocab, hidden, base + "wte")
    return parts, 2 * layers.value * hidden.value, None


def gpt_neox(f, head, model_type, prefix):
    vocab, hidden = f.dim("vocab_size", high=MAX_VOCAB), f.dim("hidden_size")
    layers, inner = f.dim("num_hidden_layers", high=MAX_LAYERS), f.dim("intermediate_size")
    f.int("num_attention_heads")
    bias = f.flag("attention_bias")
    layer = (norm("input_layernorm", hidden) + norm("post_attention_layernorm", hidden)
             + linear("attention.query_key_value", hidden, 3 * hidden, bias) + linear("attention.dense", hidden, hidden, bias)
             + linear("mlp.dense_h_to_4h", hidden, inner) + linear("mlp.dense_4h_to_h", inner, hidden))
    base = "" if head == "base" else "gpt_neox."
    parts = [Part(base + "embed_in", "Embedding", [Weight("weight", (vocab, hidden))]),
             Part(base + "layers", "%d x GPTNeoXLayer" % layers.value, stacked(layers, layer)),
             Part(base + "final_layer_norm", "LayerNorm", norm("", hidden))]
    parts += _lm_head(f, head, vocab, hidden, base + "embed_in")
    return parts, 2 * layers.value * hidden.value, None
