"""Airflow 2's home of Param."""
from airflow._core import Param  # noqa: F401
