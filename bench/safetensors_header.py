"""A 500-tensor .safetensors header for the benchmark: the tensors of a Llama-2-7B-sized
decoder as transformers' LlamaForCausalLM names them (model.layers.N.self_attn.q_proj.weight,
...), in BF16 with their real shapes, laid out as safetensors writes them. Only the header
exists: the file it describes would be 13 GB, and the reader is handed the header alone with
the file's size, as the browser page hands it over.

    python -m bench.safetensors_header OUT   (writes the header's bytes: length + JSON)
"""

import json
import sys

HIDDEN, INTERMEDIATE, VOCAB = 4096, 11008, 32000
LAYERS = 55  # 9 tensors a layer, and 3 more: 498 tensors


def tensors():
    """[(name, shape)] in the model's order."""
    out = [("model.embed_tokens.weight", [VOCAB, HIDDEN])]
    for i in range(LAYERS):
        prefix = "model.layers.%d." % i
        for proj in ("q_proj", "k_proj", "v_proj", "o_proj"):
            out.append((prefix + "self_attn.%s.weight" % proj, [HIDDEN, HIDDEN]))
        out.append((prefix + "mlp.gate_proj.weight", [INTERMEDIATE, HIDDEN]))
        out.append((prefix + "mlp.up_proj.weight", [INTERMEDIATE, HIDDEN]))
        out.append((prefix + "mlp.down_proj.weight", [HIDDEN, INTERMEDIATE]))
        out.append((prefix + "input_layernorm.weight", [HIDDEN]))
        out.append((prefix + "post_attention_layernorm.weight", [HIDDEN]))
    out += [("model.norm.weight", [HIDDEN]), ("lm_head.weight", [VOCAB, HIDDEN])]
    return out


def header():
    """(the header's bytes, the file's size, the parameter count)."""
    entries = {"__metadata__": {"format": "pt"}}
    at = 0
    params = 0
    for name, shape in sorted(tensors()):  # safetensors lays tensors out by dtype, then name
        count = 1
        for d in shape:
            count *= d
        entries[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [at, at + 2 * count]}
        at += 2 * count
        params += count
    text = json.dumps(entries, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text, 8 + len(text) + at, params


if __name__ == "__main__":
    data, size, params = header()
    with open(sys.argv[1], "wb") as f:
        f.write(data)
    print(json.dumps({"header_bytes": len(data), "file_bytes": size, "params": params, "tensors": len(tensors())}))
