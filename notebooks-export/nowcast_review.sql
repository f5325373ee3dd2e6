-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Nowcast review
-- MAGIC How are we doing now? Every recent day's eventual fraud as estimated tonight, how late chargebacks
-- MAGIC arrive, and how well earlier nowcasts turned out.
-- MAGIC Import it as it is (Databricks: Workspace > Import, this file). It reads the tables by name from the
-- MAGIC `cfeval` database the jobs register; elsewhere run it whole with
-- MAGIC `scripts/cfeval sql --warehouse W --file notebooks-export/nowcast_review.sql`.
-- MAGIC A test runs every cell against the demo's tables, so a renamed column breaks the build, not this notebook.

-- COMMAND ----------

USE cfeval

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 1. The last 60 days: each day's eventual fraud rate as estimated tonight, beside what its chargebacks show so far.
-- MAGIC Visualization: Line chart: X cohort_date; Y fraud_rate, fraud_rate_lo, fraud_rate_hi, labels_alone_rate.

-- COMMAND ----------

SELECT cohort_date, age_days, status, n_decisions, reports,
       reported_fraud / n_decisions AS labels_alone_rate,
       fraud_rate, fraud_rate_lo, fraud_rate_hi, label_completeness
FROM cohort_nowcast
WHERE slice_key = 'all' AND model_id IS NULL
  AND as_of_date = (SELECT MAX(as_of_date) FROM cohort_nowcast)
ORDER BY cohort_date

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 2. Fraud the scores do not see: days whose chargebacks run ahead of what their scores predict.
-- MAGIC Visualization: Bar chart: X cohort_date; Y reports_ratio.

-- COMMAND ----------

SELECT cohort_date, age_days, reports, reports_due, reports_ratio, reports_ratio_lo, reports_ratio_hi
FROM cohort_nowcast
WHERE slice_key = 'all' AND model_id IS NULL AND reports_ratio_lo > 1
  AND as_of_date = (SELECT MAX(as_of_date) FROM cohort_nowcast)
ORDER BY cohort_date DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 3. The production policy on recent days: precision, recall and false blocks, estimated.
-- MAGIC Visualization: Line chart: X cohort_date; Y precision, recall.

-- COMMAND ----------

SELECT cohort_date, status, precision, precision_lo, precision_hi, recall, recall_lo, recall_hi,
       false_block_rate, expected_cost
FROM cohort_nowcast
WHERE slice_key = 'all' AND model_id IS NULL
  AND as_of_date = (SELECT MAX(as_of_date) FROM cohort_nowcast)
ORDER BY cohort_date

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 4. How late fraud is reported: the share of eventual chargebacks in by each day after the decision.
-- MAGIC Visualization: Line chart: X delay_days; Y reported_share, reported_share_lo, reported_share_hi.

-- COMMAND ----------

SELECT delay_days, reported_share, reported_share_lo, reported_share_hi, reports
FROM label_delay
WHERE slice_key = 'all'
  AND as_of_date = (SELECT MAX(as_of_date) FROM label_delay)
ORDER BY delay_days

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 5. The track record: each cohort's nowcast at 7, 14 and 30 days old beside its matured value.
-- MAGIC Visualization: Line chart: X cohort_date; Y at_7_days, at_14_days, at_30_days, matured.

-- COMMAND ----------

SELECT cohort_date, at_7_days, at_14_days, at_30_days, matured, matured_age_days
FROM cohort_nowcast_track_record
WHERE slice_key = 'all' AND model_id IS NULL
ORDER BY cohort_date
