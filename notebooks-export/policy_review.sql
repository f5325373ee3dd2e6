-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Policy review
-- MAGIC The analyst notebook behind the nightly tables: how the policies do, where they fail, what they cost.
-- MAGIC Import it as it is (Databricks: Workspace > Import, this file). It reads the tables by name from the
-- MAGIC `cfeval` database the jobs register; elsewhere run it whole with
-- MAGIC `scripts/cfeval sql --warehouse W --file notebooks-export/policy_review.sql`.
-- MAGIC Rows with `model_id IS NULL` are the logged production score; others are challengers (`evaluate --model-id`).
-- MAGIC A test runs every cell against the demo's tables, so a renamed column breaks the build, not this notebook.

-- COMMAND ----------

USE cfeval

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 1. The latest curve: IPS precision, recall and block rate by threshold, next to the naive view.
-- MAGIC Visualization: Line chart: X threshold; Y ips_precision, ips_recall, naive_precision, naive_recall.

-- COMMAND ----------

SELECT c.threshold,
       c.block_rate,
       c.precision AS ips_precision,
       c.recall    AS ips_recall,
       n.precision AS naive_precision,
       n.recall    AS naive_recall,
       c.n_labeled_blocked
FROM policy_curve c
JOIN policy_curve n
  ON n.as_of_date = c.as_of_date AND n.slice_key = c.slice_key AND n.slice_value = c.slice_value
 AND n.policy = c.policy AND n.threshold = c.threshold AND n.estimator = 'naive'
WHERE c.estimator = 'ips' AND c.slice_key = 'all' AND c.policy = 'threshold' AND c.model_id IS NULL
  AND n.model_id IS NULL
  AND c.as_of_date = (SELECT MAX(as_of_date) FROM policy_curve)
ORDER BY c.threshold

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 2. Production policy over time: is the model drifting?
-- MAGIC Visualization: Line chart: X as_of_date; Y precision, recall.

-- COMMAND ----------

SELECT as_of_date, window_start, window_end, precision, recall, fpr, block_rate, n_labeled_fraud
FROM policy_curve
WHERE policy = 'production' AND estimator = 'ips' AND slice_key = 'all' AND model_id IS NULL
ORDER BY as_of_date

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 3. Where does the production policy do worst? Recall by slice, smallest first, with support.
-- MAGIC Visualization: Bar chart: X slice_value; Y recall; group by slice_key.

-- COMMAND ----------

SELECT slice_key, slice_value, recall, precision, n_labeled_fraud, n_decisions
FROM policy_curve
WHERE policy = 'production' AND estimator = 'ips' AND slice_key <> 'all' AND model_id IS NULL
  AND as_of_date = (SELECT MAX(as_of_date) FROM policy_curve)
ORDER BY recall ASC NULLS LAST

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 4. Logging health: windows whose propensities do not add up.

-- COMMAND ----------

SELECT as_of_date, slice_key, slice_value, logging_health_ratio, logging_health_se, n_decisions
FROM evaluation_windows
WHERE NOT logging_health_ok AND model_id IS NULL
ORDER BY as_of_date DESC, ABS(logging_health_ratio - 1) DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 5. Rejected input by reason for the latest run.

-- COMMAND ----------

SELECT source, reason, COUNT(*) AS rows_rejected, MIN(detail) AS example
FROM rejects
WHERE as_of_date = (SELECT MAX(as_of_date) FROM rejects)
GROUP BY source, reason
ORDER BY rows_rejected DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 6. Threshold for a target recall: the highest threshold that still catches 50% of fraud.

-- COMMAND ----------

SELECT MAX(threshold) AS threshold_for_half_recall
FROM policy_curve
WHERE estimator = 'ips' AND slice_key = 'all' AND policy = 'threshold' AND recall >= 0.5 AND model_id IS NULL
  AND as_of_date = (SELECT MAX(as_of_date) FROM policy_curve)

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 7. The cheapest policies of the latest run beside production, with what each would have saved.
-- MAGIC Visualization: Bar chart: X policy; Y expected_cost.

-- COMMAND ----------

SELECT policy, challenge_above, block_above, block_rate, challenge_rate, false_block_rate, recall,
       expected_cost, saving, saving_lo, saving_hi, meets_guardrails
FROM optimal_policies
WHERE model_id IS NULL AND as_of_date = (SELECT MAX(as_of_date) FROM optimal_policies)
ORDER BY expected_cost

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ### 8. Where the cheapest allow/challenge/block policy's errors cost most: the top five of each dimension.
-- MAGIC Visualization: Bar chart: X value; Y cost; group by error.

-- COMMAND ----------

SELECT dimension, value, error, expected_count, amount, cost, cost_share, rank
FROM error_breakdown
WHERE model_id IS NULL AND policy = 'cheapest_challenge_block' AND rank <= 5
  AND as_of_date = (SELECT MAX(as_of_date) FROM error_breakdown)
ORDER BY dimension, rank
