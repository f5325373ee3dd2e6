"""CronDataIntervalTimetable for daily crons ("M H * * *"): a run's data interval is the day before its run time."""
from datetime import datetime, timedelta, timezone as utc_zone


class CronDataIntervalTimetable:
    def __init__(self, cron, timezone):
        minute, hour, *rest = cron.split()
        if rest != ["*", "*", "*"] or timezone != "UTC":
            raise ValueError(f"the stand-in knows daily UTC crons only, not {cron!r} in {timezone}")
        self._expression = cron
        self._timezone = timezone
        self._time = timedelta(hours=int(hour), minutes=int(minute))

    @property
    def summary(self):
        return self._expression

    def data_interval_ending_on(self, day):
        """The data interval of the run scheduled on `day` (a date): [day - 1 at the cron time, day at it)."""
        end = datetime(day.year, day.month, day.day, tzinfo=utc_zone.utc) + self._time
        return end - timedelta(days=1), end
