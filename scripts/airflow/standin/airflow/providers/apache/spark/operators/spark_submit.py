"""SparkSubmitOperator as the provider has it: templated application and arguments, submitted by the hook."""
from airflow._core import BaseOperator
from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook


class SparkSubmitOperator(BaseOperator):
    template_fields = ("application", "conf", "name", "application_args")

    def __init__(self, *, application="", conf=None, conn_id="spark_default", java_class=None, name="arrow-spark",
                 application_args=None, deploy_mode=None, **kwargs):
        super().__init__(**kwargs)
        self.application = application
        self.conf = conf
        self.name = name
        self.application_args = application_args
        self._conn_id = conn_id
        self._java_class = java_class
        self._deploy_mode = deploy_mode

    def _get_hook(self):
        return SparkSubmitHook(conf=self.conf, conn_id=self._conn_id, java_class=self._java_class, name=self.name,
                               application_args=self.application_args, deploy_mode=self._deploy_mode)

    def execute(self, context):
        self._get_hook().submit(self.application)
