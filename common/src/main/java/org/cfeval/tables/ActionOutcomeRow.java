package org.cfeval.tables;

import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.ActionMatrix.Outcome;

/** A row of {@code action_outcomes}. */
public record ActionOutcomeRow(
    @Inline Window window,
    @Doc(Tables.MODEL_ID_DOC) String modelId,
    @Doc(Tables.POLICY_DOC) String policy,
    @Doc("allow, challenge or block") Action action,
    @Doc("fraud or legit") Outcome outcome,
    @Doc("decisions with this action and outcome (IPS-estimated)") Figure expectedCount,
    @Doc("their total amount (IPS-estimated, reporting currency)") Figure amount,
    @Doc("what the cell costs under the cost model: missed fraud for allowed fraud, false blocks for blocked legit,"
        + " challenge cost plus the share that fails (legit) or passes (fraud) for challenged; 0 for allowed legit"
        + " and blocked fraud (reporting currency)") Figure cost) {}
