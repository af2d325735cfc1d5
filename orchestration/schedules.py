"""Daily full refresh at 03:00 China Standard Time."""
import dagster as dg

from orchestration.jobs import refresh_warehouse

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    cron_schedule="0 3 * * *",
    execution_timezone="Asia/Shanghai",
    job=refresh_warehouse,
    description="Full refresh of the warehouse every day at 03:00 (Asia/Shanghai).",
)
