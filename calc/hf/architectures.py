"""The architectures calc counts from a config.json: for each model_type, transformers'
class prefix, its config class's defaults for the fields the counts read (transformers
5.18), the classes (heads) it knows, and the non-persistent buffers its models hold."""

from calc.hf import decoders, encoders

ROTARY = ("Non-persistent buffers (not in the state dict, not counted): the rotary embedding's "
          "inv_freq and original_inv_freq, head_dim / 2 elements each.")
POSITION_IDS = ("Non-persistent buffers (not in the state dict, not counted): embeddings.position_ids "
                "(and token_type_ids), max_position_embeddings elements each.")
NO_BUFFERS = "The model holds no buffers."
DECODER_HEADS = (("ForCausalLM", "causal_lm"), ("Model", "base"), ("ForSequenceClassification", "seq_cls"))


class Family:
    def __init__(self, model_type, prefix, config_class, builder, heads, defaults, buffer_notes):
        self.model_type = model_type
        self.prefix = prefix
        self.config_class = config_class
        # builder(fields, head, model_type, prefix) -> (parts, KV-cache elements per token,
        # parameters one token uses or None), in decoders.py and encoders.py
        self.builder = builder
        self.heads = heads  # ((class suffix, head), ...)
        self.defaults = defaults
        self.buffer_notes = list(buffer_notes)


def _llama(model_type, prefix, defaults, notes=(ROTARY,)):
    return Family(model_type, prefix, prefix + "Config", decoders.llama_family, DECODER_HEADS, defaults, notes)


_LLAMA_SIZES = {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
                "num_attention_heads": 32, "tie_word_embeddings": False}
_FAMILIES = [
    _llama("llama", "Llama", dict(_LLAMA_SIZES)),
    _llama("mistral", "Mistral", dict(_LLAMA_SIZES, intermediate_size=14336, num_key_value_heads=8)),
    _llama("mixtral", "Mixtral", dict(_LLAMA_SIZES, intermediate_size=14336, num_key_value_heads=8,
                                      num_local_experts=8, num_experts_per_tok=2)),
    _llama("qwen2", "Qwen2", dict(_LLAMA_SIZES, vocab_size=151936, intermediate_size=22016)),
    _llama("qwen3", "Qwen3", dict(_LLAMA_SIZES, vocab_size=151936, intermediate_size=22016, head_dim=128)),
    _llama("gemma", "Gemma", {"vocab_size": 256000, "hidden_size": 3072, "intermediate_size": 24576,
                              "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 16,
                              "head_dim": 256, "tie_word_embeddings": True},
           (ROTARY + " And embed_tokens.embed_scale, one element (sqrt(hidden_size)).",)),
    _llama("gemma2", "Gemma2", {"vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216,
                                "num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4,
                                "head_dim": 256, "tie_word_embeddings": True},
           (ROTARY + " And embed_tokens.embed_scale, one element (sqrt(hidden_size)).",)),
    _llama("phi3", "Phi3", dict(_LLAMA_SIZES, vocab_size=32064, hidden_size=3072, intermediate_size=8192)),
    Family("gpt2", "GPT2", "GPT2Config", decoders.gpt2,
           (("LMHeadModel", "causal_lm"), ("Model", "base"), ("ForSequenceClassification", "seq_cls")),
           {"vocab_size": 50257, "n_embd": 768, "n_layer": 12, "n_head": 12, "n_positions": 1024,
            "tie_word_embeddings": True}, (NO_BUFFERS,)),
    Family("gpt_neox", "GPTNeoX", "GPTNeoXConfig", decoders.gpt_neox, DECODER_HEADS,
           {"vocab_size": 50432, "hidden_size": 6144, "intermediate_size": 24576, "num_hidden_layers": 44,
            "num_attention_heads": 64, "attention_bias": True, "tie_word_embeddings": False}, (ROTARY,)),
    Family("bert", "Bert", "BertConfig", encoders.bert,
           (("ForMaskedLM", "masked_lm"), ("Model", "base"), ("ForPreTraining", "pretraining"),
            ("ForSequenceClassification", "seq_cls")),
           {"vocab_size": 30522, "hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12,
            "num_attention_heads": 12, "max_position_embeddings": 512, "type_vocab_size": 2,
            "tie_word_embeddings": True}, (POSITION_IDS,)),
    Family("roberta", "Roberta", "RobertaConfig", encoders.bert,
           (("ForMaskedLM", "masked_lm"), ("Model", "base"), ("ForSequenceClassification", "seq_cls")),
           {"vocab_size": 50265, "hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12,
            "num_attention_heads": 12, "max_position_embeddings": 512, "type_vocab_size": 2,
            "tie_word_embeddings": True}, (POSITION_IDS,)),
    Family("distilbert", "DistilBert", "DistilBertConfig", encoders.distilbert,
           (("ForMaskedLM", "masked_lm"), ("Model", "base"), ("ForSequenceClassification", "seq_cls")),
           {"vocab_size": 30522, "dim": 768, "n_layers": 6, "n_heads": 12, "hidden_dim": 3072,
            "max_position_embeddings": 512, "tie_word_embeddings": True},
           ("Non-persistent buffers (not in the state dict, not counted): embeddings.position_ids, "
            "max_position_embeddings elements.",)),
    Family("vit", "ViT", "ViTConfig", encoders.vit,
           (("ForImageClassification", "image_cls"), ("Model", "base")),
           {"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12,
            "image_size": 224, "patch_size": 16, "num_channels": 3, "qkv_bias": True}, (NO_BUFFERS,)),
    Family("t5", "T5", "T5Config", encoders.t5,
           (("ForConditionalGeneration", "cond_gen"), ("WithLMHeadModel", "cond_gen"), ("Model", "base"),
            ("EncoderModel", "encoder")),
           {"vocab_size": 32128, "d_model": 512, "d_kv": 64, "d_ff": 2048, "num_layers": 6, "num_heads": 8,
            "relative_attention_num_buckets": 32, "feed_forward_proj": "relu", "tie_word_embeddings": True},
           (NO_BUFFERS,)),
    Family("whisper", "Whisper", "WhisperConfig", encoders.whisper,
           (("ForConditionalGeneration", "cond_gen"), ("Model", "base")),
           {"vocab_size": 51865, "d_model": 384, "num_mel_bins": 80, "max_source_positions": 1500,
            "max_target_positions": 448, "encoder_layers": 4, "decoder_layers": 4, "encoder_ffn_dim": 1536,
            "decoder_ffn_dim": 1536, "encoder_attention_heads": 6, "decoder_attention_heads": 6,
            "tie_word_embeddings": True}, (NO_BUFFERS,)),
]
ARCHITECTURES = dict((f.model_type, f) for f in _FAMILIES)
