"""
A stand-in of the few Airflow modules cfeval_nightly.py imports, for its test: Airflow cannot be installed on
the machines cfeval is built on. Names, signatures and behaviour follow Airflow's where the DAG relies on them:
default_args reach operators, templated fields render with Jinja (the `ds` filter, `var.value`), Variables and
connections come from AIRFLOW_VAR_* and AIRFLOW_CONN_* environment variables as in Airflow. AIRFLOW_STANDIN=2
hides airflow.sdk, as on Airflow 2; AIRFLOW_STANDIN_SPARK_PROVIDER=0 leaves the Spark provider out.
"""
from airflow._core import DAG  # noqa: F401  (Airflow 2's `from airflow import DAG`)
