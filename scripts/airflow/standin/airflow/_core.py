"""The stand-in's DAG, operators, sensor, Variables and template rendering (see the package docstring)."""
from __future__ import annotations

import json
import os
from datetime import timedelta

import jinja2

from airflow.exceptions import AirflowSensorTimeout

_current_dag = []


class DAG:
    def __init__(self, dag_id, *, schedule=None, start_date=None, catchup=None, max_active_runs=16,
                 default_args=None, doc_md=None, tags=None, params=None, **unsupported):
        if unsupported:
            raise TypeError(f"the stand-in DAG does not know {sorted(unsupported)}")
        self.dag_id = dag_id
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.default_args = default_args or {}
        self.doc_md = doc_md
        self.tags = tags or []
        self.params = params or {}
        self.task_dict = {}

    def __enter__(self):
        _current_dag.append(self)
        return self

    def __exit__(self, *exc):
        _current_dag.pop()

    @property
    def tasks(self):
        return list(self.task_dict.values())


class BaseOperator:
    template_fields = ()
    _defaults = {"retries": 0, "retry_delay": timedelta(seconds=300), "retry_exponential_backoff": False,
                 "max_retry_delay": None}

    def __init__(self, *, task_id, dag=None, **kwargs):
        self.task_id = task_id
        self.dag = dag or (_current_dag[-1] if _current_dag else None)
        given = dict(self.dag.default_args if self.dag else {})
        given.update(kwargs)
        for name, default in self._defaults.items():
            setattr(self, name, given.pop(name, default))
        if given:
            raise TypeError(f"{type(self).__name__} got arguments the stand-in does not know: {sorted(given)}")
        self.downstream_task_ids = set()
        self.upstream_task_ids = set()
        if self.dag is not None:
            self.dag.task_dict[task_id] = self

    def __rshift__(self, other):
        self.downstream_task_ids.add(other.task_id)
        other.upstream_task_ids.add(self.task_id)
        return other

    def render_template_fields(self, context):
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
        environment.filters["ds"] = lambda value: value.strftime("%Y-%m-%d")

        def render(value):
            if isinstance(value, str):
                return environment.from_string(value).render(**context)
            if isinstance(value, (list, tuple)):
                return type(value)(render(v) for v in value)
            if isinstance(value, dict):
                return {k: render(v) for k, v in value.items()}
            return value

        for field in self.template_fields:
            setattr(self, field, render(getattr(self, field)))

    def execute(self, context):
        raise NotImplementedError


class BaseSensorOperator(BaseOperator):
    _defaults = {**BaseOperator._defaults, "poke_interval": 60, "timeout": 7 * 24 * 60 * 60, "mode": "poke",
                 "soft_fail": False, "exponential_backoff": False}

    def poke(self, context):
        raise NotImplementedError

    def execute(self, context, sleep=None):
        """Pokes until done; `sleep` stands in for the wait between pokes (and the reschedule)."""
        waited = 0
        while not self.poke(context):
            if waited >= self.timeout:
                raise AirflowSensorTimeout(f"{self.task_id}: timed out after {waited} s")
            (sleep or (lambda seconds: None))(self.poke_interval)
            waited += self.poke_interval


class Variable:
    _unset = object()

    @staticmethod
    def get(key, default=_unset, deserialize_json=False):
        value = os.environ.get("AIRFLOW_VAR_" + key.upper())
        if value is None:
            if default is Variable._unset:
                raise KeyError(f"Variable {key} does not exist")
            return default
        return json.loads(value) if deserialize_json else value


class _VariableAccessor:
    """`var.value` in templates: `var.value.name` fails for an unset Variable, `var.value.get(name, default)` does not."""

    def __getattr__(self, key):
        return Variable.get(key)

    def get(self, key, default=None):
        return Variable.get(key, default)


class Param:
    """A DAG param: its default, which a run's conf (the trigger form) overrides, and its JSON-schema type."""

    def __init__(self, default=None, *, type=None, description=None, **schema):
        self.value = default
        self.schema = {"type": type, "description": description, **schema}


def context_for(data_interval_start, data_interval_end, dag=None, conf=None):
    """
    The template context of a run for this data interval (the part of Airflow's that the DAG reads): `params`
    holds the DAG's param defaults, overridden by the run's conf, as Airflow resolves them.
    """
    params = {name: getattr(param, "value", param) for name, param in (dag.params if dag else {}).items()}
    params.update(conf or {})
    return {"data_interval_start": data_interval_start, "data_interval_end": data_interval_end,
            "logical_date": data_interval_start, "ds": data_interval_start.strftime("%Y-%m-%d"),
            "var": {"value": _VariableAccessor()}, "params": params}
