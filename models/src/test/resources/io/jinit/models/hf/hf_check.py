"""What the Hugging Face check scripts share: the Auto class that builds an architecture, and the
statistics the interop tests compare, each tensor of jinit's loaded model beside the same tensor
of transformers' own random initialization (TensorStatistics.java checks them)."""
from transformers import (AutoModel, AutoModelForCausalLM, AutoModelForMaskedLM,
                          AutoModelForSequenceClassification)


def auto_class(architecture):
    """The Auto class whose from_pretrained and from_config build `architecture` (the class jinit
    built, its file's jinit.hf.architecture)."""
    if architecture.endswith("ForMaskedLM"):
        return AutoModelForMaskedLM
    if architecture.endswith("ForSequenceClassification"):
        return AutoModelForSequenceClassification
    if architecture.endswith("ForCausalLM") or architecture.endswith("LMHeadModel"):
        return AutoModelForCausalLM
    return AutoModel


def tensor_stats(ours, theirs):
    """Shape, dtype, count, mean, std and whether all zero or all one, of each tensor of the state
    dict `ours` and of its namesake in `theirs`."""
    tensors = {}
    for name, value in ours.items():
        ref = theirs[name]
        v = value.double()
        r = ref.double()
        tensors[name] = {
            "shape": list(value.shape),
            "dtype": str(value.dtype).replace("torch.", ""),
            "reference_shape": list(ref.shape),
            "reference_dtype": str(ref.dtype).replace("torch.", ""),
            "count": value.numel(),
            "mean": v.mean().item(),
            "std": v.std().item(),
            "reference_mean": r.mean().item(),
            "reference_std": r.std().item(),
            "all_zero": bool((value == 0).all()),
            "all_one": bool((value == 1).all()),
            "reference_all_zero": bool((ref == 0).all()),
            "reference_all_one": bool((ref == 1).all()),
        }
    return tensors
