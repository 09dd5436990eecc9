"""The source case's published paths (its slides 7-9), typed in once for the tests."""

#: slide 9, benefits → values (standardized, significant only; blanks omitted)
SLIDE9 = {
    "stability": {"convenience": .458, "speed": .175, "accuracy": .133, "cost": .111,
                  "image": .160, "service": .123},
    "efficiency": {"convenience": .343, "speed": .371, "cost": .244, "price": .100},
    "relationship": {"image": .579, "service": .177},
    "revenue": {"cost": .463, "image": .437},
    "reassurance": {"convenience": .163, "accuracy": .247, "cost": .126, "image": .224,
                    "service": .240},
    "confidence": {"accuracy": .292, "cost": .144, "image": .425},
    "leisure": {"cost": .222, "image": .592, "service": .139, "price": .186},
}
#: slide 7, the other values → the upper value (leisure)
LEISURE = {"efficiency": .087, "relationship": .169, "revenue": .348, "reassurance": .121,
           "confidence": .275}
#: slides 7-8, values → CS, repurchase and NPS (recommend)
OUTCOMES = {
    "cs": {"stability": .269, "efficiency": .186, "relationship": .071, "reassurance": .239,
           "confidence": .235},
    "repurchase": {"stability": .369, "reassurance": .286, "confidence": .345},
    "recommend": {"stability": .360, "relationship": .105, "reassurance": .295,
                  "confidence": .240},
}
