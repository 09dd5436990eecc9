"""Pure statistics on arrays and Series; nothing here knows the codebook.

- :mod:`~csvalue.stats.intervals` — the one t/z interval (and p-value) every estimate goes
  through; means with their intervals, overall and per group;
- :mod:`~csvalue.stats.scales` — answers rescaled to 0–100, numbers cut into bands;
- :mod:`~csvalue.stats.nps` — NPS from counts with the adjusted-Wald interval;
- :mod:`~csvalue.stats.change` — tests of change between waves (all respondents / panel);
- :mod:`~csvalue.stats.regression` — standardized OLS, VIF, relative weights, Shapley, bootstrap;
- :mod:`~csvalue.stats.contingency` — chi-square, Cramér's V, adjusted residuals;
- :mod:`~csvalue.stats.disclosure` — primary and complementary suppression of small cells;
- :mod:`~csvalue.stats.factor` — KMO, Bartlett, parallel analysis, extraction and rotation;
- :mod:`~csvalue.stats.cluster` — seeded, order-independent k-means with k by silhouette.
"""
