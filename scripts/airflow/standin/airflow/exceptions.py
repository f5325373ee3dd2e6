"""Airflow's exceptions that the DAG raises or its test expects."""


class AirflowException(Exception):
    """A task failure: retried while retries are left."""


class AirflowFailException(AirflowException):
    """A task failure that is never retried."""


class AirflowSensorTimeout(AirflowException):
    """A sensor ran out of time."""
