package org.cfeval.tables;

import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code model_scores}. */
public record ModelScoreRow(
    @Doc("the decision") String decisionId,
    @Doc("the model (see models)") String modelId,
    @Doc("when the decision was made, UTC") Instant decidedAt,
    @Doc("the model's probability that the decision is fraud, 0 to 1") Double score,
    @Doc("as-of date of the score run that wrote the row") LocalDate scoredAsOf) {}
