"""The CVI model on a codebook: indices, goals, impact layers, simulation, strategy, ERRC,
value proposition, factors, segments, loyalty, DiSC and competitor. Tidy tables out."""
