"""
### cfeval nightly

Every night, for the as-of date that ends the run's data interval (a run for the interval ending
2026-04-01 00:00 UTC evaluates as of 2026-04-01):

1. `wait_for_input` runs `cfeval ready` until the decision log reaches the day before the date (a
   sensor in reschedule mode: it frees its worker slot between pokes and gives up after 12 hours), so
   a late export delays the night instead of thinning it.
2. `nightly` runs `cfeval nightly`: label, evaluate, optimize, fairness, calibration, drift and the
   monitoring rules, in one Spark application (one pass over the window).

Both are submitted with spark-submit in client mode through the Spark connection `spark_default`
(apache-airflow-providers-apache-spark 4.x), so the job's exit status reaches the task. Without that
provider, both run `spark-submit --master <cfeval_spark_master> --deploy-mode client ...` directly.

**Variables** (Admin > Variables): `cfeval_warehouse`, `cfeval_decisions`, `cfeval_labels` (required:
where the tables go and where the two sources are); optional `cfeval_conf` (properties files on the
worker, comma-separated, for every other option), `cfeval_jar` (default `/opt/cfeval/cfeval.jar`),
`cfeval_spark_master` (without the provider only; default `local[*]`).

**Params.** `full` (default false): trigger a run with the conf `{"full": true}` to relabel every decision
both sources hold (cfeval's `--full`), after a change to how outcomes are derived (`--fraud-reasons`, say);
otherwise each night labels only the files no earlier night read whole.

**Exit statuses.** 0 succeeds; 1 (internal or infrastructure) and 5 (input not ready) are retried
with exponential backoff; 2 (bad usage), 3 (input invalid) and 4 (a monitoring rule fired, after
every table was written) fail at once without retry, and the task log says which it was.

**One run at a time** (`max_active_runs=1`): nights write the same tables. A second DAG on the same
warehouse needs a pool of one slot shared by both. Catch-up is off; recover missed nights or history
with a backfill (`airflow dags backfill -s START -e END cfeval_nightly` on 2.x,
`airflow backfill create --dag-id cfeval_nightly --from-date START --to-date END` on 3.x): each date
evaluates to the same rows whenever it runs.
"""
from __future__ import annotations

import inspect
import re
import subprocess
from datetime import datetime, timedelta, timezone

try:  # Airflow 3: the task SDK
    from airflow.sdk import DAG, BaseOperator, BaseSensorOperator, Param, Variable
except ImportError:  # Airflow 2.7+
    from airflow import DAG
    from airflow.models import BaseOperator, Variable
    from airflow.models.param import Param
    from airflow.sensors.base import BaseSensorOperator
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.timetables.interval import CronDataIntervalTimetable

try:
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
except ImportError:  # the documented fallback: spark-submit as a plain command
    SparkSubmitHook = SparkSubmitOperator = None

MAIN_CLASS = "org.cfeval.jobs.Cfeval"
SPARK_CONNECTION = "spark_default"
JAR = "{{ var.value.get('cfeval_jar', '/opt/cfeval/cfeval.jar') }}"
AS_OF = "{{ data_interval_end | ds }}"
FULL = "{{ 'true' if params.full else '' }}"

# BEGIN GENERATED EXIT STATUSES: edit ExitStatus.java, not this (ReadmeTest)
EXIT_STATUSES = {
    0: (False, "success (also when a young deployment has no matured window yet and the evaluation was skipped)"),
    1: (True, "an internal error: cfeval prints the stack trace and says it is a bug; a lost executor, a storage outage or a conflicting concurrent write to the same table ends here too"),
    2: (False, "bad usage: an option, a --conf file or a SQL statement is wrong; nothing was written"),
    3: (False, "input invalid: a source breaks the data contract (a missing column, an empty file, rejects over the limit); nothing was written"),
    4: (False, "a monitoring rule of --fail-on-alert's severity fired (nightly, alerts), or a challenger failed the promotion gate under --fail-on-gate true (compare): every table was written first, and the fired rules or failed criteria are printed"),
    5: (True, "input not ready: the as-of date's data, or a table an earlier job writes, is not there yet"),
}
# END GENERATED EXIT STATUSES


def cfeval_arguments(job):
    """
    The job's command line, templated: the as-of date from the data interval, the rest from Variables, and for
    the job that labels, the `full` param.
    """
    arguments = [job, "--as-of", AS_OF,
                 "--warehouse", "{{ var.value.cfeval_warehouse }}",
                 "--decisions", "{{ var.value.cfeval_decisions }}",
                 "--labels", "{{ var.value.cfeval_labels }}",
                 "--conf", "{{ var.value.get('cfeval_conf', '') }}"]
    return arguments + ["--full", FULL] if job == "nightly" else arguments


def given(arguments):
    """The rendered arguments without the options whose Variable is unset (rendered empty)."""
    kept = []
    for i, argument in enumerate(arguments):
        unset_option = argument.startswith("--") and i + 1 < len(arguments) and arguments[i + 1] == ""
        unset_value = argument == "" and i > 0 and arguments[i - 1].startswith("--")
        if not unset_option and not unset_value:
            kept.append(argument)
    return kept


def exit_status(failure):
    """
    The job's status, read from the provider's message ("... Error code is: 5.", on Kubernetes followed by
    "Kubernetes spark exit code is: 5", the driver's). A failure never reads as 0.
    """
    found = (re.search(r"Kubernetes spark exit code is: (\d+)", str(failure))
             or re.search(r"Error code is: (\d+)", str(failure)))
    status = int(found.group(1)) if found else 1
    return status if status != 0 else 1


def judge(job, status):
    """Nothing on 0; otherwise fails the task, to be retried only where EXIT_STATUSES says a retry can help."""
    if status == 0:
        return
    retried, meaning = EXIT_STATUSES.get(status, (True, "not a cfeval status: spark-submit or the JVM failed"))
    message = f"cfeval {job} exited with status {status}: {meaning}"
    if retried:
        raise AirflowException(message + " (retried)")
    raise AirflowFailException(message + " (not retried)")


def submit(jar, arguments, name):
    """Runs cfeval with spark-submit in client mode, waits, and returns its exit status."""
    if SparkSubmitHook is not None:
        hook = SparkSubmitHook(conn_id=SPARK_CONNECTION, java_class=MAIN_CLASS, application_args=arguments, name=name,
                               **client_mode(SparkSubmitHook))
        try:
            hook.submit(application=jar)
            return 0
        except AirflowException as failure:
            return exit_status(failure)
    return subprocess.run(plain_command(jar, arguments, name), check=False).returncode


def client_mode(provider_class):
    """deploy_mode="client" where the provider takes it (4.x since 2023): the driver's exit status is the job's."""
    return {"deploy_mode": "client"} if "deploy_mode" in inspect.signature(provider_class.__init__).parameters else {}


def plain_command(jar, arguments, name):
    """Without the Spark provider: spark-submit from the worker's PATH, to the master Variable cfeval_spark_master."""
    return ["spark-submit", "--master", Variable.get("cfeval_spark_master", "local[*]"), "--deploy-mode", "client",
            "--name", name, "--class", MAIN_CLASS, jar, *arguments]


class CfevalInputSensor(BaseSensorOperator):
    """Pokes with `cfeval ready`: done on 0, waits on 5 (not ready), fails on anything else as judge says."""

    template_fields = ("jar", "arguments")

    def __init__(self, *, jar, arguments, **kwargs):
        super().__init__(**kwargs)
        self.jar = jar
        self.arguments = arguments

    def poke(self, context):
        status = submit(self.jar, given(self.arguments), f"cfeval-ready-{self.task_id}")
        if status == 5:
            return False
        judge("ready", status)
        return True


if SparkSubmitOperator is not None:
    class CfevalJob(SparkSubmitOperator):
        """A cfeval job through SparkSubmitOperator; its exit status decides whether Airflow retries."""

        def __init__(self, *, job, **kwargs):
            super().__init__(application=JAR, java_class=MAIN_CLASS, conn_id=SPARK_CONNECTION,
                             application_args=cfeval_arguments(job), name=f"cfeval-{job}",
                             **client_mode(SparkSubmitOperator), **kwargs)
            self.job = job

        def execute(self, context):
            # Providers before 4.7.2 keep the arguments as _application_args; both are a template field.
            field = "application_args" if "application_args" in self.template_fields else "_application_args"
            setattr(self, field, given(getattr(self, field)))
            try:
                return super().execute(context)
            except AirflowException as failure:
                judge(self.job, exit_status(failure))
                raise
else:
    class CfevalJob(BaseOperator):
        """A cfeval job through spark-submit on the worker's PATH; its exit status decides whether Airflow retries."""

        template_fields = ("application", "application_args")

        def __init__(self, *, job, **kwargs):
            super().__init__(**kwargs)
            self.job = job
            self.application = JAR
            self.application_args = cfeval_arguments(job)

        def execute(self, context):
            judge(self.job, submit(self.application, given(self.application_args), f"cfeval-{self.job}"))


with DAG(
    dag_id="cfeval_nightly",
    doc_md=__doc__,
    # Pinned rather than left to defaults that differ between Airflow 2 and 3: the daily interval ending at
    # midnight UTC, whose end is the as-of date.
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    params={"full": Param(False, type="boolean", description="relabel every decision (cfeval --full)")},
    default_args={
        "retries": 3,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(hours=2),
    },
    tags=["cfeval"],
) as dag:
    wait_for_input = CfevalInputSensor(
        task_id="wait_for_input",
        jar=JAR,
        arguments=cfeval_arguments("ready"),
        mode="reschedule",
        poke_interval=15 * 60,
        timeout=12 * 60 * 60,
    )
    nightly = CfevalJob(task_id="nightly", job="nightly")
    wait_for_input >> nightly
