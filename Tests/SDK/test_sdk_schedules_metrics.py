"""Execution schedules and tracking through SAP's own SDK clients, unchanged: the AI API client's
`execution_schedule` (both SDK lines ship it in ai_api_client_sdk) and AI Core's `metrics` client.

Runs after test_sdk_compat.py (pytest orders the files by name) against the same emulator, in its own resource
group with its own objects."""
import datetime as dt
import time

import pytest
from ai_api_client_sdk.ai_api_v2_client import AIAPIV2Client
from ai_api_client_sdk.exception import AIAPIInvalidRequestException, AIAPINotFoundException
from ai_api_client_sdk.models.artifact import Artifact
from ai_api_client_sdk.models.execution_schedule import ExecutionSchedule
from ai_api_client_sdk.models.metric import Metric
from ai_api_client_sdk.models.metric_tag import MetricTag
from ai_api_client_sdk.models.parameter_binding import ParameterBinding
from ai_api_client_sdk.models.input_artifact_binding import InputArtifactBinding
from ai_api_client_sdk.models.status import ScheduleStatus, Status
from ai_api_client_sdk.models.target_status import TargetStatus
from ai_core_sdk.ai_core_v2_client import AICoreV2Client

from conftest import SCENARIO_ID, TRAINING_ID, SERVING_ID

GROUP = "sdk-schedules"
APPLICATION = "sdk-schedules-app"


def wait(fetch, done, what, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        result = fetch()
        if done(result):
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not reached within {timeout} s; last: {result!r}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def setup(emulator, git_repo):
    """A resource group with a synced application, a training and a serving configuration; returns the AI API
    client (schedules), the AI Core client (metrics) and the ids."""
    settings = dict(base_url=emulator["AICORE_BASE_URL"], auth_url=emulator["AICORE_AUTH_URL"],
                    client_id=emulator["AICORE_CLIENT_ID"], client_secret=emulator["AICORE_CLIENT_SECRET"],
                    resource_group=GROUP)
    core = AICoreV2Client(**settings)
    core.resource_groups.create(resource_group_id=GROUP)
    wait(lambda: core.resource_groups.get(GROUP).status, lambda status: getattr(status, "value", status) == "PROVISIONED",
         "resource group")
    # Executables are tenant-wide: an application the other tests created already syncs the templates.
    applications = [a.application_name for a in core.applications.query().resources]
    if not applications:
        core.applications.create(application_name=APPLICATION, repository_url=str(git_repo.path),
                                 revision="main", path="templates")
        applications = [APPLICATION]
    wait(lambda: core.applications.get_status(applications[0]).sync_status, lambda status: status == "Synced",
         "application sync")
    dataset = core.artifact.create(name="schedule data", kind=Artifact.Kind.DATASET, url="ai://default/schedule-data",
                                   scenario_id=SCENARIO_ID).id
    model = core.artifact.create(name="schedule model", kind=Artifact.Kind.MODEL, url="ai://default/schedule-model",
                                 scenario_id=SCENARIO_ID).id
    training = core.configuration.create(
        name="nightly", scenario_id=SCENARIO_ID, executable_id=TRAINING_ID,
        parameter_bindings=[ParameterBinding(key="epochs", value="4")],
        input_artifact_bindings=[InputArtifactBinding(key="trainingdata", artifact_id=dataset)]).id
    serving = core.configuration.create(
        name="serving", scenario_id=SCENARIO_ID, executable_id=SERVING_ID,
        parameter_bindings=[ParameterBinding(key="modelversion", value="1")],
        input_artifact_bindings=[InputArtifactBinding(key="model", artifact_id=model)]).id
    # The AI API client's base URL is AI Core's with /lm, as AICoreV2Client builds it for its own AI API client.
    api = AIAPIV2Client(**dict(settings, base_url=emulator["AICORE_BASE_URL"] + "/lm"))
    return api, core, {"training": training, "serving": serving}


def test_execution_schedule_lifecycle(setup):
    api, _, ids = setup
    created = api.execution_schedule.create(
        name="nightly retrain", cron="0 3 * * *", configuration_id=ids["training"],
        end=dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc))
    assert created.id and created.message == "Execution Schedule created"

    schedule = api.execution_schedule.get(created.id)
    assert isinstance(schedule, ExecutionSchedule)
    assert (schedule.name, schedule.cron, schedule.configuration_id, schedule.status) \
        == ("nightly retrain", "0 3 * * *", ids["training"], ScheduleStatus.ACTIVE)
    assert schedule.end == dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc)
    assert schedule.start is not None and schedule.created_at.tzinfo is not None

    listed = api.execution_schedule.query(configuration_id=ids["training"])
    assert [s.id for s in listed.resources] == [created.id] and listed.count == 1
    assert api.execution_schedule.count(status=ScheduleStatus.ACTIVE) == 1

    api.execution_schedule.modify(created.id, cron="30 4 * * 1-5", status=ScheduleStatus.INACTIVE)
    changed = api.execution_schedule.get(created.id)
    assert (changed.cron, changed.status) == ("30 4 * * 1-5", ScheduleStatus.INACTIVE)
    assert api.execution_schedule.count(status=ScheduleStatus.ACTIVE) == 0
    assert [s.id for s in api.execution_schedule.query(status=ScheduleStatus.INACTIVE).resources] == [created.id]

    deleted = api.execution_schedule.delete(created.id)
    assert deleted.id == created.id
    with pytest.raises(AIAPINotFoundException):
        api.execution_schedule.get(created.id)


def test_bad_schedules_are_invalid_requests(setup):
    api, _, ids = setup
    with pytest.raises(AIAPIInvalidRequestException) as bad_cron:
        api.execution_schedule.create(name="bad", cron="0 25 * * *", configuration_id=ids["training"])
    assert "hour" in bad_cron.value.error_message
    with pytest.raises(AIAPIInvalidRequestException) as serving:
        api.execution_schedule.create(name="serving", cron="0 3 * * *", configuration_id=ids["serving"])
    assert "workflow" in serving.value.error_message
    assert api.execution_schedule.count() == 0


def test_metrics_logged_and_found(setup):
    _, core, ids = setup
    execution = core.execution.create(configuration_id=ids["training"]).id
    wait(lambda: core.execution.get(execution).status, lambda status: status == Status.COMPLETED, "execution")
    now = dt.datetime.now(dt.timezone.utc)
    core.metrics.modify(execution_id=execution, metrics=[Metric(name="auc", value=0.87, timestamp=now, step=1)],
                        tags=[MetricTag(name="dataset", value="2026-12")])
    found = core.metrics.query(execution_ids=[execution])
    assert found.count == 1
    resource = found.resources[0]
    assert resource.execution_id == execution
    by_name = {}
    for metric in resource.metrics:
        by_name.setdefault(metric.name, []).append((metric.step, metric.value))
    assert by_name["auc"] == [(1, 0.87)]
    assert [value for _, value in sorted(by_name["loss"])] == [0.3, 0.2, 0.15, 0.12]
    assert [(t.name, t.value) for t in resource.tags] == [("dataset", "2026-12")]

    filtered = core.metrics.query(filter=f"executionId eq '{execution}'", select=["tags"])
    assert filtered.count == 1 and filtered.resources[0].tags[0].value == "2026-12"

    core.metrics.delete(execution_id=execution)
    assert core.metrics.query(execution_ids=[execution]).count == 0


def test_a_pipeline_run_twice_with_nothing_changed(setup, emulator):
    """The blog's deploy script, in our own words, as two pushes run it: it creates its resource group without a
    guard and PATCHes its deployment to the configuration it computed, which the second time is the one it runs."""
    _, core, ids = setup
    for push in (1, 2):
        created = core.resource_groups.create(resource_group_id=GROUP)
        assert created.resource_group_id == GROUP, f"push {push}"
        if push == 1:
            deployment = core.deployment.create(configuration_id=ids["serving"]).id
            wait(lambda: core.deployment.get(deployment).status, lambda status: status == Status.RUNNING,
                 "deployment")
        modified = core.deployment.modify(deployment, configuration_id=ids["serving"])
        assert modified.id == deployment, f"push {push}"
        running = core.deployment.get(deployment)
        assert (running.status, running.configuration_id) == (Status.RUNNING, ids["serving"]), f"push {push}"
    core.deployment.modify(deployment, target_status=TargetStatus.STOPPED)
