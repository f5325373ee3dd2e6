"""
Tests the Airflow DAG cfeval_nightly.py under the stand-in of Airflow in standin/ (Airflow cannot be installed
here): the task graph and schedule, every task's command rendered for two data intervals, and what each exit
status of cfeval does to the task, on Airflow 2 and 3 imports, with the Spark provider and without it.

    python3 scripts/airflow/test_cfeval_nightly.py

With CFEVAL_DAG_REAL_RUNS set to dates (YYYY-MM-DD,YYYY-MM-DD) it also runs the rendered commands for real: a
sensor poke two days past the newest date (the input is not there: it must wait), then the nightly of each date in
order, as a backfill runs them, the newest after its sensor. The caller provides spark-submit on the PATH and
sets the Spark connection and the Variables as Airflow reads them (AIRFLOW_CONN_SPARK_DEFAULT, AIRFLOW_VAR_*);
scripts/cluster-smoke does, against its standalone master, and then checks the tables.
"""
from __future__ import annotations

import datetime
import importlib.util
import json
import os
import stat
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
VARIABLES = {"AIRFLOW_VAR_CFEVAL_WAREHOUSE": "/data/cfeval", "AIRFLOW_VAR_CFEVAL_DECISIONS": "/in/decisions",
             "AIRFLOW_VAR_CFEVAL_LABELS": "/in/chargebacks"}
FLAVOURS = [("3", "1"), ("2", "1"), ("3", "0"), ("2", "0")]  # (Airflow major version, Spark provider installed)


def load_dag(airflow_version, spark_provider):
    """The DAG module, imported afresh under the stand-in as the given Airflow version would import it."""
    os.environ["AIRFLOW_STANDIN"] = airflow_version
    os.environ["AIRFLOW_STANDIN_SPARK_PROVIDER"] = spark_provider
    if str(HERE / "standin") not in sys.path:
        sys.path.insert(0, str(HERE / "standin"))
    for name in [n for n in sys.modules if n == "airflow" or n.startswith("airflow.")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location("cfeval_nightly", HERE / "cfeval_nightly.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_context(module, day, conf=None):
    """The template context of the run whose data interval ends on `day`, triggered with `conf` (if any)."""
    from airflow._core import context_for
    return context_for(*module.dag.schedule.data_interval_ending_on(day), dag=module.dag, conf=conf)


def submitted_command(module, task, context):
    """The command line the task hands to spark-submit for this run, without running it."""
    task.render_template_fields(context)
    arguments = module.given(task.application_args if hasattr(task, "application_args") else task.arguments)
    jar = task.application if hasattr(task, "application") else task.jar
    if module.SparkSubmitHook is not None:
        return module.SparkSubmitHook(conn_id=module.SPARK_CONNECTION, java_class=module.MAIN_CLASS,
                                      application_args=arguments, name="n",
                                      **module.client_mode(module.SparkSubmitHook))._build_spark_submit_command(jar)
    return module.plain_command(jar, arguments, "n")


class DagTest(unittest.TestCase):
    def setUp(self):
        # Only this test's Variables and connection: none a caller (the cluster smoke) set for the real runs.
        unrelated = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_VAR_", "AIRFLOW_CONN_"))}
        self.environment = mock.patch.dict(os.environ, {**unrelated, **VARIABLES, "AIRFLOW_CONN_SPARK_DEFAULT": json.dumps(
            {"conn_type": "spark", "host": "spark://spark-master", "port": 7077})}, clear=True)
        self.environment.start()

    def tearDown(self):
        self.environment.stop()

    def test_graph_and_schedule_are_the_same_on_every_airflow(self):
        for version, provider in FLAVOURS:
            with self.subTest(airflow=version, spark_provider=provider):
                dag = load_dag(version, provider).dag
                self.assertEqual({"wait_for_input", "nightly"}, set(dag.task_dict))
                self.assertEqual({"nightly"}, dag.task_dict["wait_for_input"].downstream_task_ids)
                self.assertEqual(set(), dag.task_dict["nightly"].downstream_task_ids)
                self.assertEqual("0 0 * * *", dag.schedule.summary)
                self.assertIs(False, dag.catchup)
                self.assertEqual(1, dag.max_active_runs)
                sensor = dag.task_dict["wait_for_input"]
                self.assertEqual(("reschedule", 900, 43200), (sensor.mode, sensor.poke_interval, sensor.timeout))
                for task in dag.tasks:
                    self.assertEqual((3, True), (task.retries, task.retry_exponential_backoff), task.task_id)
                if provider == "1":
                    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
                    self.assertIsInstance(dag.task_dict["nightly"], SparkSubmitOperator)

    def test_commands_take_the_as_of_date_from_the_data_interval_and_the_rest_from_variables(self):
        for version, provider in FLAVOURS:
            module = load_dag(version, provider)
            master = "spark://spark-master:7077" if provider == "1" else "local[*]"
            for day in (datetime.date(2026, 3, 31), datetime.date(2026, 4, 1)):
                with self.subTest(airflow=version, spark_provider=provider, day=day):
                    for task_id, job in (("wait_for_input", "ready"), ("nightly", "nightly")):
                        command = submitted_command(module, load_dag(version, provider).dag.task_dict[task_id],
                                                    run_context(module, day))
                        self.assertEqual(["--master", master], command[1:3])
                        self.assertEqual("client", command[command.index("--deploy-mode") + 1])
                        jar = command.index("/opt/cfeval/cfeval.jar")
                        self.assertEqual("org.cfeval.jobs.Cfeval", command[command.index("--class") + 1])
                        self.assertEqual([job, "--as-of", day.isoformat(), "--warehouse", "/data/cfeval",
                                          "--decisions", "/in/decisions", "--labels", "/in/chargebacks"],
                                         command[jar + 1:])

    def test_optional_variables_reach_the_command_when_set(self):
        module = load_dag("3", "1")
        settings = {"AIRFLOW_VAR_CFEVAL_CONF": "/etc/cfeval/site.properties", "AIRFLOW_VAR_CFEVAL_JAR": "/j/c.jar"}
        with mock.patch.dict(os.environ, settings):
            command = submitted_command(module, module.dag.task_dict["nightly"],
                                        run_context(module, datetime.date(2026, 4, 1)))
        self.assertIn("/j/c.jar", command)
        self.assertEqual(["--conf", "/etc/cfeval/site.properties"], command[-2:])

    def test_a_run_triggered_with_full_relabels_and_its_sensor_is_as_always(self):
        for version, provider in FLAVOURS:
            with self.subTest(airflow=version, spark_provider=provider):
                module = load_dag(version, provider)
                context = run_context(module, datetime.date(2026, 4, 1), conf={"full": True})
                self.assertEqual(["--full", "true"], submitted_command(module, module.dag.task_dict["nightly"], context)[-2:])
                self.assertNotIn("--full", submitted_command(module, module.dag.task_dict["wait_for_input"], context))

    def test_a_missing_required_variable_fails_the_render(self):
        module = load_dag("3", "1")
        del os.environ["AIRFLOW_VAR_CFEVAL_LABELS"]
        with self.assertRaisesRegex(KeyError, "cfeval_labels"):
            submitted_command(module, module.dag.task_dict["nightly"], run_context(module, datetime.date(2026, 4, 1)))

    def test_each_exit_status_fails_the_task_with_or_without_retry(self):
        from_java = {0: None, 1: "retried", 2: "not retried", 3: "not retried", 4: "not retried", 5: "retried"}
        with tempfile.TemporaryDirectory() as bin_dir:
            fake = Path(bin_dir, "spark-submit")  # exits with the status the test asks for
            fake.write_text("#!/bin/sh\nexit $FAKE_STATUS\n")
            fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
            for version, provider in FLAVOURS:
                module = load_dag(version, provider)
                AirflowException, AirflowFailException = module.AirflowException, module.AirflowFailException
                self.assertEqual(set(from_java), set(module.EXIT_STATUSES))
                for status, verdict in from_java.items():
                    with self.subTest(airflow=version, spark_provider=provider, status=status), mock.patch.dict(
                            os.environ, {"PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_STATUS": str(status)}):
                        context = run_context(module, datetime.date(2026, 4, 1))
                        nightly = module.dag.task_dict["nightly"]
                        nightly.render_template_fields(context)
                        sensor = module.dag.task_dict["wait_for_input"]
                        sensor.render_template_fields(context)
                        if verdict is None:
                            nightly.execute(context)
                            self.assertTrue(sensor.poke(context))
                            continue
                        expected = AirflowFailException if verdict == "not retried" else AirflowException
                        with self.assertRaises(expected) as failure:
                            nightly.execute(context)
                        self.assertIn(f"cfeval nightly exited with status {status}: ", str(failure.exception))
                        self.assertIn(f"({verdict})", str(failure.exception))
                        self.assertEqual(verdict == "retried",
                                         not isinstance(failure.exception, AirflowFailException))
                        if status == 5:
                            self.assertFalse(sensor.poke(context), "not ready: the sensor waits")
                        else:
                            with self.assertRaises(expected):
                                sensor.poke(context)


class ExitStatusTest(unittest.TestCase):
    def test_the_drivers_status_is_read_and_a_failure_is_never_0(self):
        module = load_dag("3", "1")
        self.assertEqual(5, module.exit_status(Exception("Cannot execute: spark-submit x. Error code is: 5.")))
        self.assertEqual(5, module.exit_status(Exception(
            "Cannot execute: spark-submit x. Error code is: 0. Kubernetes spark exit code is: 5")))
        self.assertEqual(1, module.exit_status(Exception("Cannot execute: x. Error code is: 0.")))
        self.assertEqual(1, module.exit_status(Exception("No driver id is known")))


class RealRunTest(unittest.TestCase):
    """The rendered commands run for real (set up by scripts/cluster-smoke)."""

    @unittest.skipUnless(os.environ.get("CFEVAL_DAG_REAL_RUNS"), "CFEVAL_DAG_REAL_RUNS not set")
    def test_both_nights_run_and_a_night_without_its_input_waits(self):
        module = load_dag("3", "1")
        days = [datetime.date.fromisoformat(d) for d in os.environ["CFEVAL_DAG_REAL_RUNS"].split(",")]
        not_ready = run_context(module, max(days) + datetime.timedelta(days=2))
        sensor = load_dag("3", "1").dag.task_dict["wait_for_input"]
        sensor.render_template_fields(not_ready)
        self.assertFalse(sensor.poke(not_ready), "the decision log ends before the day before the date")
        for day in sorted(days):
            context = run_context(module, day)
            dag = load_dag("3", "1").dag
            # A backfill's nights run in date order; the sensor is poked for the newest night only (each poke is a
            # Spark application: its command for every night is checked by DagTest).
            tasks = ("wait_for_input", "nightly") if day == max(days) else ("nightly",)
            for task_id in tasks:
                task = dag.task_dict[task_id]
                task.render_template_fields(context)
                print(f"dag test: {task_id} for the interval ending {day}", file=sys.stderr, flush=True)
                task.execute(context)


if __name__ == "__main__":
    unittest.main(verbosity=2)
