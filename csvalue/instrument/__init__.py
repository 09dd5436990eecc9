"""The survey instrument: the codebook, the model settings, loading wave files, synthetic waves."""
