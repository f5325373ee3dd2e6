-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Monitoring review
-- MAGIC Is anything wrong tonight? The alerts, and the calibration, drift, fairness and logging health behind
-- MAGIC them, latest first.
-- MAGIC Import it as it is (Databricks: Workspace > Import, this file). It reads the tables by name from the
-- MAGIC `cfeval` database the jobs register; elsewhere run it whole with
-- MAGIC `scripts/cfeval sql --warehouse W --file notebooks-export/monitoring_review.sql`.
-- MAGIC A test runs every cell against the demo's tables, so a renamed column breaks the build, not this notebook.

-- COMMAND ----------

USE cfeval

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 1. Alerts of the latest night, fired first.

-- COMMAND ----------

SELECT rule, severity, slice_key, slice_value, value, value_lo, value_hi, comparison, threshold, fired, detail
FROM alerts
WHERE as_of_date = (SELECT MAX(as_of_date) FROM alerts)
ORDER BY fired DESC, severity, rule

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 2. Alerts fired per night.
-- MAGIC Visualization: Bar chart: X as_of_date; Y fired_rules; group by severity.

-- COMMAND ----------

SELECT as_of_date, severity, COUNT_IF(fired) AS fired_rules, COUNT(*) AS rules
FROM alerts
GROUP BY as_of_date, severity
ORDER BY as_of_date, severity

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 3. Calibration of the logged score: observed fraud rate against the predicted probability, by bin (ips_delay_adjusted once there is a delay model).
-- MAGIC Visualization: Line chart: X mean_predicted; Y observed_fraud_rate, value_lo, value_hi; group by estimator.

-- COMMAND ----------

SELECT estimator, bin, mean_predicted, value AS observed_fraud_rate, value_lo, value_hi, n_labeled, low_support
FROM calibration
WHERE slice_key = 'all' AND model_id IS NULL AND metric = 'observed_fraud_rate'
  AND as_of_date = (SELECT MAX(as_of_date) FROM calibration)
ORDER BY estimator, bin

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 4. Calibration error by night.
-- MAGIC Visualization: Line chart: X as_of_date; Y ece; group by estimator.

-- COMMAND ----------

SELECT as_of_date, estimator, value AS ece, value_lo AS ece_lo, value_hi AS ece_hi
FROM calibration
WHERE slice_key = 'all' AND model_id IS NULL AND metric = 'ece'
ORDER BY as_of_date, estimator

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 5. Drift: the columns that moved most, beyond their noise level.
-- MAGIC Visualization: Bar chart: X column_name; Y population_stability_index.

-- COMMAND ----------

SELECT slice_key, slice_value, column_name, population_stability_index, psi_noise_level, js_distance,
       current_count, reference_count
FROM drift
WHERE NOT low_support AND as_of_date = (SELECT MAX(as_of_date) FROM drift)
ORDER BY population_stability_index - psi_noise_level DESC
LIMIT 20

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 6. Fairness: which groups bear more of the production policy's false positives.
-- MAGIC Visualization: Bar chart: X slice_value; Y ratio; group by slice_key.

-- COMMAND ----------

SELECT slice_key, slice_value, metric, value, rest_value, ratio, ratio_lo, ratio_hi, low_support
FROM fairness
WHERE policy = 'production' AND model_id IS NULL AND metric = 'false_positive_rate'
  AND as_of_date = (SELECT MAX(as_of_date) FROM fairness)
ORDER BY ratio DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 7. Logging health by night: do the logged propensities add up (ratio near 1)?
-- MAGIC Visualization: Line chart: X as_of_date; Y logging_health_ratio.

-- COMMAND ----------

SELECT as_of_date, logging_health_ratio, logging_health_se, logging_health_ok
FROM evaluation_windows
WHERE slice_key = 'all' AND model_id IS NULL
ORDER BY as_of_date
