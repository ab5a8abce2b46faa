"""`python -m safeguarding.meaning build`: build the static model and the ONNX int8 MiniLM
into var/models unless they are already there (`make setup` runs this, so no web request or
task ever builds them)."""

import sys

from . import ONNX_MODEL_DIR, STATIC_MODEL_DIR, build_onnx_model, build_static_model

if __name__ == "__main__":
    if sys.argv[1:] != ["build"]:
        sys.exit("usage: python -m safeguarding.meaning build")
    if (STATIC_MODEL_DIR / "model.safetensors").exists():
        print(f"static model present: {STATIC_MODEL_DIR}")
    else:
        print(f"static model built: {build_static_model()}")
    if (ONNX_MODEL_DIR / "model-int8.onnx").exists():
        print(f"ONNX model present: {ONNX_MODEL_DIR}")
    else:
        print(f"ONNX model built: {build_onnx_model()}")
