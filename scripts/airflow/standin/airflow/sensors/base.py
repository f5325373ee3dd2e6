from airflow._core import BaseSensorOperator  # noqa: F401
