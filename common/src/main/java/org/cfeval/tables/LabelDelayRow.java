package org.cfeval.tables;

import java.time.LocalDate;

/** A row of {@code label_delay}. */
public record LabelDelayRow(
    @Doc("as-of date A of the run: reports up to A 00:00 UTC count") LocalDate asOfDate,
    @Doc("stratum column: 'all' for all fraud, 'score_band' for the logged score's bands, or a --delay-strata"
        + " column") String sliceKey,
    @Doc("value of the stratum column as text (score bands as [lo, hi)), or 'all'") String sliceValue,
    @Doc("k: whole days from the decision to its fraud report, 0 up to --label-horizon-days") Long delayDays,
    @Doc("F(k): estimated share of eventual fraud reports (those within the horizon) in by k days after the"
        + " decision, IPS-weighted so it describes all fraud; chain ladder over every cohort old enough; interval"
        + " at --confidence, Greenwood's on the log scale")
    Bounded reportedShare,
    @Doc("fraud reports exactly k days after their decision, from decisions older than k days") Long reports,
    @Doc("the same reports weighted by 1/p_allow") Double weightedReports,
    @Doc("weight reported within k days by decisions older than k days: what informs day k") Double weightInforming,
    @Doc("reports that came more than --label-horizon-days after their decision (same on every row of the"
        + " stratum); they are left out of reported_share") Long beyondHorizonReports,
    @Doc("their share of the weight reported by decisions older than the horizon; over 0.5% is warned about")
    Double beyondHorizonShare,
    @Doc("p-value of the test that the share in by --maturity-days is the same in every score band (same on"
        + " every row of the run; null without score bands)") Double scoreBandP,
    @Doc("whether the delay-adjusted estimates use each decision's score band's curve (score_band_p below"
        + " 0.01) rather than the overall one (same on every row of the run)") Boolean byScoreBand) {}
