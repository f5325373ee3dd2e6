package org.cfeval.tables;

import org.cfeval.stats.Estimator;

/** A row of {@code optimal_policies}. Precision, recall and fpr count a challenged decision as flagged. */
public record OptimalPolicyRow(
    @Inline Window window,
    @Doc(Tables.MODEL_ID_DOC) String modelId,
    @Doc("production (the logged policy_action); cheapest_block: the cheapest 'block if score > t' within the"
        + " guardrails; cheapest_challenge_block: the cheapest 'challenge if score > t1, block if score > t2'"
        + " (t1 <= t2) within them") String policy,
    @Doc("how every figure of the row, action_outcomes and error_breakdown was estimated (--estimator): ips or"
        + " ips_delay_adjusted") Estimator estimator,
    @Doc("t1: challenge decisions with t1 < score <= block_above; null: no challenge") Double challengeAbove,
    @Doc("t2: block decisions with score > t2; null for production") Double blockAbove,
    @Doc("share of all decisions the policy blocks (unweighted)") Double blockRate,
    @Doc("share of all decisions the policy challenges (unweighted)") Double challengeRate,
    @Doc("fraud among the decisions challenged or blocked (IPS)") Figure precision,
    @Doc("share of fraud challenged or blocked (IPS)") Figure recall,
    @Doc("share of legit decisions challenged or blocked (IPS)") Figure fpr,
    @Doc("share of legit decisions stopped: blocked, or challenged and failing (challenge-pass-legit) (IPS)")
    Figure falseBlockRate,
    @Doc("cost of the policy over the window under the cost model: missed fraud, false blocks and challenges (IPS,"
        + " reporting currency)") Figure expectedCost,
    @Doc("expected_cost / n_decisions (reporting currency)") Figure costPerDecision,
    @Doc("expected_cost of production minus this policy's: what it would have saved over the window (reporting"
        + " currency); its interval is paired (the same cluster multiplicities for both policies)") Figure saving,
    @Doc("false_block_rate <= max_false_block_rate and challenge_rate <= max_challenge_rate") Boolean meetsGuardrails,
    @Doc("the --max-false-block-rate guardrail of the run") Double maxFalseBlockRate,
    @Doc("the --max-challenge-rate guardrail of the run") Double maxChallengeRate,
    @Doc("decisions in the window") Long nDecisions) {}
