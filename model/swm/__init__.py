"""swm: block-circulant (structured weight matrix) networks and their bit-accurate hardware model."""

__version__ = "0.1.0"
