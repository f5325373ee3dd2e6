from airflow._core import BaseOperator, Variable  # noqa: F401
