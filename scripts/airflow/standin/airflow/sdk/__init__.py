"""Airflow 3's task SDK names; missing under AIRFLOW_STANDIN=2, as on Airflow 2."""
import os

if os.environ.get("AIRFLOW_STANDIN") == "2":
    raise ImportError("No module named 'airflow.sdk' (Airflow 2)")
from airflow._core import DAG, BaseOperator, BaseSensorOperator, Param, Variable  # noqa: E402,F401
