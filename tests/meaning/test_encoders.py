"""The meaning package: texts to unit vectors, offline."""

import numpy as np
import pytest

from safeguarding.meaning import DEFAULT_ENCODER, ENCODERS, get_encoder


@pytest.fixture(scope="module", params=["static", "minilm-onnx"])
def encoder(request):
    return get_encoder(request.param)


def test_default_is_known():
    assert DEFAULT_ENCODER in ENCODERS
    with pytest.raises(KeyError, match="choose from"):
        get_encoder("nope")


def test_shape_dtype_and_unit_norm(encoder):
    vectors = encoder.encode(["The baby was bruised.", "Nobody asked about the partner.", ""])
    assert vectors.shape == (3, encoder.dim) and vectors.dtype == np.float32
    norms = np.linalg.norm(vectors[:2], axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_empty_input(encoder):
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_paraphrase_closer_than_unrelated(encoder):
    a, b, c = encoder.encode(
        [
            "Nobody asked who the mother's new partner was.",
            "Professionals did not find out about the new boyfriend living with the mother.",
            "The council's annual budget for road repairs was approved.",
        ]
    )
    assert a @ b > a @ c


def test_minilm_paraphrase():
    encoder = get_encoder("minilm")
    a, b, c = encoder.encode(
        ["The child was not brought to clinic.", "The appointments were missed.", "Rain fell."]
    )
    assert encoder.dim == 384 and a @ b > a @ c
