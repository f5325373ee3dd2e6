package org.cfeval.tables;

import java.time.LocalDate;

/** A row of {@code promotion_gate}: one criterion of the challenger against the champion, or the verdict. */
public record GateRow(
    @Inline Window window,
    @Doc("the champion: a model_id, or 'production' for the logged production policy (policy_action)") String champion,
    @Doc("the challenger's model_id") String challenger,
    @Doc("cost_saving (expected cost under the cost model, lower is better), false_block_rate and recall (the"
        + " guardrail metrics, non-inferiority), or all: the verdict, passed only when every criterion passed")
    String criterion,
    @Doc("the champion's threshold: block if score > it (null for the production policy)") Double championThreshold,
    @Doc("the challenger's threshold, as optimize chose it (cheapest_block) on an earlier, disjoint window")
    Double challengerThreshold,
    @Doc("the as-of date of the optimize run that chose the challenger's threshold: its window ends before this"
        + " one starts, so the threshold is not judged on the data that picked it") LocalDate thresholdChosenAsOf,
    @Doc("the criterion's figure for the champion on this window (IPS)") Double championValue,
    @Doc("the same for the challenger") Double challengerValue,
    @Doc("how much better the challenger is: champion minus challenger where lower is better, challenger minus"
        + " champion for recall; its interval paired (the same clusters drawn for both) at --confidence")
    Figure improvement,
    @Doc("the one-sided lower confidence bound of improvement at --confidence") Double lowerBound,
    @Doc("how much worse the challenger may be: 0 for cost_saving (it must be better), else the criterion's"
        + " --gate-*-margin") Double margin,
    @Doc("cost_saving: lower_bound > 0; a guardrail: lower_bound > -margin; all: every criterion passed")
    Boolean passed,
    @Doc("in words; why the gate was not judged, if it was not") String detail) {}
