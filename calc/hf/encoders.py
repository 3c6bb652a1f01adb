"""The weights transformers creates for encoders (bert, roberta, distilbert, vit) and
encoder-decoders (t5, whisper). Builders as in decoders.py: (parts, KV-cache elements per
token or None, None)."""

from calc.dims import sym
from calc.hf import MAX_LAYERS, MAX_SEQ_LEN, MAX_VOCAB, Part, linear, norm, stacked
from calc.weights import Weight


CROSS_ATTENTION = ("The KV cache counts the decoder's self-attention; the cross-attention keys and values "
                   "of the encoder's output (kept once per sequence) come on top.")


def _bert_layer(hidden, inner):
    """BertLayer and RobertaLayer: self-attention, its output, the feed-forward block."""
    return (linear("attention.self.query", hidden, hidden) + linear("attention.self.key", hidden, hidden)
            + linear("attention.self.value", hidden, hidden) + linear("attention.output.dense", hidden, hidden)
            + norm("attention.output.LayerNorm", hidden) + linear("intermediate.dense", hidden, inner)
            + linear("output.dense", inner, hidden) + norm("output.LayerNorm", hidden))


def bert(f, head, model_type, prefix):
    """BERT and RoBERTa: same embeddings and layers; their heads differ."""
    vocab, hidden = f.dim("vocab_size", high=MAX_VOCAB), f.dim("hidden_size")
    layers, inner = f.dim("num_hidden_layers", high=MAX_LAYERS), f.dim("intermediate_size")
    f.int("num_attention_heads")
    positions, types = f.dim("max_position_embeddings", high=MAX_SEQ_LEN), f.dim("type_vocab_size", high=MAX_VOCAB)
    base = "" if head == "base" else model_type + "."
    parts = [Part(base + "embeddings", prefix + "Embeddings",
                  [Weight("word_embeddings.weight", (vocab, hidden)), Weight("position_embeddings.weight", (positions, hidden)),
                   Weight("token_type_embeddings.weight", (types, hidden))] + norm("LayerNorm", hidden)),
             Part(base + "encoder.layer", "%d x %sLayer" % (layers.value, prefix), stacked(layers, _bert_layer(hidden, inner)))]
    # BertModel has a pooler, and so do the BERT heads that read it; RoBERTa's heads do not.
    if head == "base" or model_type == "bert" and head in ("pretraining", "seq_cls"):
        parts.append(Part(base + "pooler", prefix + "Pooler", linear("dense", hidden, hidden)))
    tied = f.flag("tie_word_embeddings")
    if head in ("masked_lm", "pretraining"):
        name = "cls.predictions" if model_type == "bert" else "lm_head"
        transform = "transform." if model_type == "bert" else ""
        layer_norm = "transform.LayerNorm" if model_type == "bert" else "layer_norm"
        weights = linear(transform + "dense", hidden, hidden) + norm(layer_norm, hidden) + [Weight("bias", (vocab,))]
        if not tied:  # an untied decoder keeps its own bias too, beside the head's
            weights += linear("decoder", hidden, vocab)
        parts.append(Part(name, prefix + ("LMPredictionHead" if model_type == "bert" else "LMHead")
                          + (", decoder tied to word_embeddings" if tied else ""), weights))
    if head == "pretraining":
        parts.append(Part("cls.seq_relationship", "Linear", linear("", hidden, sym("2", 2))))
    if head == "seq_cls":
        labels = f.labels()
        if model_type == "bert":
            parts.append(Part("classifier", "Linear", linear("", hidden, labels)))
        else:
            parts.append(Part("classifier", "RobertaClassificationHead",
                              linear("dense", hidden, hidden) + linear("out_proj", hidden, labels)))
    return parts, None, None


def distilbert(f, head, model_type, prefix):
    vocab, hidden = f.dim("vocab_size", high=MAX_VOCAB), f.dim(("dim", "hidden_size"))
    layers, inner = f.dim(("n_layers", "num_hidden_layers"), high=MAX_LAYERS), f.dim("hidden_dim")
    f.int(("n_heads", "num_attention_heads"))
    positions = f.dim("max_position_embeddings", high=MAX_SEQ_LEN)
    layer = (linear("attention.q_lin", hidden, hidden) + linear("attention.k_lin", hidden, hidden)
             + linear("attention.v_lin", hidden, hidden) + linear("attention.out_lin", hidden, hidden)
             + norm("sa_layer_norm", hidden) + linear("ffn.lin1", hidden, inner) + linear("ffn.lin2", inner, hidden)
             + norm("output_layer_norm", hidden))
    base = "" if head == "base" else "distilbert."
    parts = [Part(base + "embeddings", "Embeddings", [Weight("word_embeddings.weight", (vocab, hidden)),
                                                       Weight("position_embeddings.weight", (positions, hidden))]
                  + norm("LayerNorm", hidden)),
             Part(base + "transformer.layer", "%d x TransformerBlock" % layers.value, stacked(layers, layer))]
    if head == "masked_lm":
        tied = f.flag("tie_word_embeddings")
        parts += [Part("vocab_transform", "Linear", linear("", hidden, hidden)),
                  Part("vocab_layer_norm", "LayerNorm", norm("", hidden)),
                  Part("vocab_projector", "Linear" + (", weight tied to word_embeddings" if tied else ""),
                       ([] if tied else [Weight("weight", (vocab, hidden))]) + [Weight("bias", (vocab,))])]
    if head == "seq_cls":
        parts += [Part("pre_classifier", "Linear", linear("", hidden, hidden)),
                  Part("classifier", "Linear", linear("", hidden, f.labels()))]
    return parts, None, None


def vit(f, head, model_type, prefix):
    hidden, layers = f.dim("hidden_size"), f.dim("num_hidden_layers", high=MAX_LAYERS)
    inner, channels = f.dim("intermediate_size"), f.dim("num_channels")
    f.int("num_attention_heads")
    image, patch = f.int("image_size"), f.int("patch_size")
    if patch > image:
        raise ValueError("config.json: patch_size must not exceed image_size. Received: image_size=%d, patch_size=%d"
                         % (image, patch))
    side = image // patch
    tokens = sym("num_patches", side * side, meaning="(image_size // patch_size)²") + 1
    bias = f.flag("qkv_bias")
    patch_dim = sym("patch_size", patch)
    layer = (linear("attention.q_proj", hidden, hidden, bias) + linear("attention.k_proj", hidden, hidden, bias)
             + linear("attention.v_proj", hidden, hidden, bias) + linear("attention.o_proj", hidden, hidden)
             + norm("layernorm_before", hidden) + norm("layernorm_after", hidden)
             + linear("mlp.fc1", hidden, inner) + linear("mlp.fc2", inner, hidden))
    base = "" if head == "base" else "vit."
    parts = [Part(base + "embeddings", "ViTEmbeddings",
                  [Weight("cls_token", (1, 1, hidden)), Weight("position_embeddings", (1, tokens, hidden)),
                   Weight("patch_embeddings.projection.weight", (hidden, channels, patch_dim, patch_dim)),
                   Weight("patch_embeddings.projection.bias", (hidden,))]),
             Part(base + "layers", "%d x ViTLayer" % layers.value, stacked(layers, layer)),
             Part(base + "layernorm", "LayerNorm", norm("", hidden))]
    if head == "base":
        parts.append(Part("pooler", "ViTPooler", linear("dense", hidden, f.dim("pooler_output_size", hidden.value))))
    if head == "image_cls":
        parts.append(Part("classifier", "Linear", linear("", hidden, f.labels())))
    return parts, None, None


def t5(f, head, model_type, prefix):
    vocab, model = f.dim("vocab_size", high=MAX_VOCAB), f.dim("d_model")
    kv, inner = f.dim("d_kv"), f.dim("d_ff")
    heads = f.dim("num_heads")
    layers = f.dim("num_layers", high=MAX_LAYERS)
    decoder_layers = f.dim("num_decoder_layers", layers.value, high=MAX_LAYERS)
    buckets = f.dim("relative_attention_num_buckets")
    gated = f.text("feed_forward_proj").startswith("gated-")
    attention_out = heads * kv

    def attention(name):
        return (linear(name + ".q", model, attention_out, False) + linear(name + ".k", model, attention_out, False)
                + linear(name + ".v", model, attention_out, False) + linear(name + ".o", attention_out, model, False))

    ff = (linear("DenseReluDense.wi_0", model, inner, False) + linear("DenseReluDense.wi_1", model, inner, False)
          if gated else linear("DenseReluDense.wi", model, inner, False)) + linear("DenseReluDense.wo", inner, model, False)
    encoder_block = attention("layer.0.SelfAttention") + norm("layer.0.layer_norm", model, False) + \
        [Weight(w.name.replace("DenseReluDense", "layer.1.DenseReluDense"), w.shape) for w in ff] + \
        norm("layer.1.layer_norm", model, False)
    decoder_block = attention("layer.0.SelfAttention") + norm("layer.0.layer_norm", model, False) + \
        attention("layer.1.EncDecAttention") + norm("layer.1.layer_norm", model, False) + \
        [Weight(w.name.replace("DenseReluDense", "layer.2.DenseReluDense"), w.shape) for w in ff] + \
        norm("layer.2.layer_norm", model, False)
    # Only the first block of each stack learns the relative position biases; the others reuse them.
    relative = [Weight("weight", (buckets, heads))]
    parts = [Part("shared", "Embedding", [Weight("weight", (vocab, model))]),
             Part("encoder.block", "%d x T5Block" % layers.value, stacked(layers, encoder_block)),
             Part("encoder.block.0.layer.0.SelfAttention.relative_attention_bias", "Embedding", relative),
             Part("encoder.final_layer_norm", "T5LayerNorm", norm("", model, False))]
    if head == "encoder":
        return parts, None, None
    parts += [Part("decoder.block", "%d x T5Block" % decoder_layers.value, stacked(decoder_layers, decoder_block)),
              Part("decoder.block.0.layer.0.SelfAttention.relative_attention_bias", "Embedding", relative),
              Part("decoder.final_layer_norm", "T5LayerNorm", norm("", model, False))]
    if head == "cond_gen":
        # transformers 5 always ties T5's head to `shared`: tie_word_embeddings false (T5
        # v1.1's files) now only turns off the decoder's output scaling.
        if not f.flag("tie_word_embeddings"):
            f.notes.append("tie_word_embeddings is false: transformers 5 ties lm_head to shared all the same "
                           "(transformers 4 gave it its own vocab_size·d_model weights).")
        parts.append(Part("lm_head", "Linear, tied to shared", []))
    f.notes.append(CROSS_ATTENTION)
    return parts, 2 * decoder_layers.value * attention_out.value, None


def whisper(f, head, model_type, prefix):
    vocab, model = f.dim("vocab_size", high=MAX_VOCAB), f.dim("d_model")
    mels = f.dim("num_mel_bins")
    sources, targets = f.dim("max_source_positions", high=MAX_SEQ_LEN), f.dim("max_target_positions", high=MAX_SEQ_LEN)
    encoder_layers, decoder_layers = f.dim("encoder_layers", high=MAX_LAYERS), f.dim("decoder_layers", high=MAX_LAYERS)
    encoder_ffn, decoder_ffn = f.dim("encoder_ffn_dim"), f.dim("decoder_ffn_dim")
    f.int("encoder_attention_heads")
    f.int("decoder_attention_heads")
    kernel = sym("3", 3)

    def attention(name):  # WhisperAttention: the key projection has no bias
        return (linear(name + ".k_proj", model, model, False) + linear(name + ".v_proj", model, model)
                + linear(name + ".q_proj", model, model) + linear(name + ".out_proj", model, model)
                + norm(name + "_layer_norm", model))

    def feed_forward(ffn):
        return linear("fc1", model, ffn) + linear("fc2", ffn, model) + norm("final_layer_norm", model)

    base = "" if head == "base" else "model."
    # The encoder's positions are fixed sinusoids stored as a frozen nn.Embedding.
    positions = Weight("weight", (sources, model), trainable=False)
    parts = [Part(base + "encoder.conv1", "Conv1d", [Weight("weight", (model, mels, kernel)), Weight("bias", (model,))]),
             Part(base + "encoder.conv2", "Conv1d", [Weight("weight", (model, model, kernel)), Weight("bias", (model,))]),
             Part(base + "encoder.embed_positions", "Embedding, frozen", [positions]),
             Part(base + "encoder.layers", "%d x WhisperEncoderLayer" % encoder_layers.value,
                  stacked(encoder_layers, attention("self_attn") + feed_forward(encoder_ffn))),
             Part(base + "encoder.layer_norm", "LayerNorm", norm("", model)),
             Part(base + "decoder.embed_tokens", "Embedding", [Weight("weight", (vocab, model))]),
             Part(base + "decoder.embed_positions", "WhisperPositionalEmbedding", [Weight("weight", (targets, model))]),
             Part(base + "decoder.layers", "%d x WhisperDecoderLayer" % decoder_layers.value,
                  stacked(decoder_layers, attention("self_attn") + attention("encoder_attn") + feed_forward(decoder_ffn))),
             Part(base + "decoder.layer_norm", "LayerNorm", norm("", model))]
    if head == "cond_gen":
        if f.flag("tie_word_embeddings"):
            parts.append(Part("proj_out", "Linear, tied to model.decoder.embed_tokens", []))
        else:
            parts.append(Part("proj_out", "Linear", linear("", model, vocab, False)))
    f.notes.append(CROSS_ATTENTION)
    return parts, 2 * decoder_layers.value * model.value, None
