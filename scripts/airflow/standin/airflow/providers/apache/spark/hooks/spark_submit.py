"""SparkSubmitHook as apache-airflow-providers-apache-spark has it, for a client-mode Java application."""
import json
import os
import subprocess

from airflow.exceptions import AirflowException


class SparkSubmitHook:
    def __init__(self, conf=None, conn_id="spark_default", java_class=None, name="default-name",
                 application_args=None, spark_binary=None, deploy_mode=None, **unsupported):
        if unsupported:
            raise TypeError(f"the stand-in hook does not know {sorted(unsupported)}")
        self._conf = conf or {}
        self._java_class = java_class
        self._name = name
        self._application_args = application_args
        self._connection = self._resolve_connection(conn_id, spark_binary, deploy_mode)

    @staticmethod
    def _resolve_connection(conn_id, spark_binary, deploy_mode):
        # As the provider does: master from the connection's host and port, binary and deploy mode from its extra.
        uri = os.environ.get("AIRFLOW_CONN_" + conn_id.upper())
        connection = json.loads(uri) if uri else {"host": "yarn"}
        extra = connection.get("extra", {})
        port = connection.get("port")
        return {"master": f"{connection['host']}:{port}" if port else connection["host"],
                "spark_binary": spark_binary or extra.get("spark-binary", "spark-submit"),
                "deploy_mode": deploy_mode or extra.get("deploy-mode")}

    def _build_spark_submit_command(self, application):
        command = [self._connection["spark_binary"], "--master", self._connection["master"]]
        for key, value in self._conf.items():
            command += ["--conf", f"{key}={value}"]
        command += ["--name", self._name]
        if self._java_class:
            command += ["--class", self._java_class]
        if self._connection["deploy_mode"]:
            command += ["--deploy-mode", self._connection["deploy_mode"]]
        command.append(application)
        if self._application_args:
            command += self._application_args
        return command

    def submit(self, application="", **kwargs):
        command = self._build_spark_submit_command(application)
        returncode = subprocess.run(command, check=False).returncode
        if returncode:
            raise AirflowException(f"Cannot execute: {' '.join(command)}. Error code is: {returncode}.")
