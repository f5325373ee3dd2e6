import os

if os.environ.get("AIRFLOW_STANDIN_SPARK_PROVIDER") == "0":
    raise ImportError("No module named 'airflow.providers.apache.spark'")
