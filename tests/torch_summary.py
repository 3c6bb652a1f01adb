"""What the PyTorch tests compare: a calc Summary's parameters by full name, and a real
module's parameters and persistent buffers as PyTorch lists them."""


def calc_parameters(rows, found=None):
    """[(full name, count)] of a summary's parameters, in row order."""
    found = [] if found is None else found
    for row in rows:
        if row.children is not None:
            calc_parameters(row.children.rows, found)
        elif row.class_name == "Parameter":  # a module's own Parameter: the row is the tensor
            found.append((row.name, row.params))
        elif row.result is not None:
            found.extend((row.name + "." + w.label, w.count) for w in row.result.weights)
    return found


def persistent_buffers(model, leave_out=()):
    """Elements of the buffers state_dict() saves (named_buffers() without the
    non-persistent ones), each shared buffer once."""
    total = 0
    for name, buffer in model.named_buffers():
        owner, _, short = name.rpartition(".")
        module = model.get_submodule(owner) if owner else model
        if short not in module._non_persistent_buffers_set and name not in leave_out:
            total += buffer.numel()
    return total
