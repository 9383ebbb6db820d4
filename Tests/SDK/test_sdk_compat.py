"""SAP's own Python SDK against `promote emulator`, unchanged.

Every call goes through `AICoreV2Client` (built directly and through `from_env()` with what the emulator exported),
and every answer must parse into the SDK's models: a raw KeyError/TypeError/ValueError from the SDK is a failure
of the emulator (ai-api.md says what each model requires). Error paths must surface as the SDK's own exceptions.

The tests run in file order and hand ids on through `ctx`; a test whose inputs an earlier test failed to make is
skipped, so the first failure is the one to read.
"""
import datetime as dt
import time
import uuid

import pytest
import requests

from ai_core_sdk.ai_core_v2_client import AICoreV2Client
from ai_core_sdk.exception import (
    AIAPIAuthenticatorException,
    AIAPIAuthorizationException,
    AIAPIInvalidRequestException,
    AIAPINotFoundException,
    AIAPIPreconditionFailedException,
)
from ai_core_sdk.models import (
    Artifact,
    BasicResponse,
    Configuration,
    Deployment,
    Executable,
    Execution,
    InputArtifactBinding,
    Label,
    Order,
    Parameter,
    ParameterBinding,
    Scenario,
    Status,
    TargetStatus,
)
from ai_api_client_sdk.models.base_models import BasicModifyRequest, BulkModifyErrorResponse
from ai_api_client_sdk.models.deployment_get_status_response import DeploymentGetStatusResponse
from ai_api_client_sdk.models.execution_get_status_response import ExecutionGetStatusResponse

from conftest import SCENARIO_ID, SERVING_ID, TRAINING_ID

POLL_TIMEOUT = 30
POLL_INTERVAL = 0.05
APPLICATION = "sdk-compat-app"
PURPOSE_LABEL = "ext.ai.sap.com/purpose"


# MARK: helpers

@pytest.fixture(scope="module")
def ctx():
    """Ids handed from one test to the next."""
    return {}


def need(ctx, *keys):
    missing = [key for key in keys if key not in ctx]
    if missing:
        pytest.fail(f"an earlier test did not produce {', '.join(missing)}")
    return [ctx[key] for key in keys] if len(keys) > 1 else ctx[keys[0]]


def poll(fetch, done, what, timeout=POLL_TIMEOUT):
    """Calls fetch() until done(result) holds; fails with the last result after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = fetch()
        if done(result):
            return result
        if time.monotonic() > deadline:
            shown = vars(result) if hasattr(result, "__dict__") else result
            pytest.fail(f"{what}: not reached within {timeout} s; last answer: {shown!r}")
        time.sleep(POLL_INTERVAL)


def poll_until_gone(fetch, what, timeout=POLL_TIMEOUT):
    """Calls fetch() until it raises the SDK's AIAPINotFoundException."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = fetch()
        except AIAPINotFoundException as error:
            return error
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: still there after {timeout} s; last answer: {vars(result)}")
        time.sleep(POLL_INTERVAL)


def assert_utc(value, what):
    assert isinstance(value, dt.datetime), f"{what} is {value!r}, not a datetime"
    assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(0), f"{what} is not UTC: {value!r}"


def assert_run_times(run, what):
    assert_utc(run.created_at, f"{what}.created_at")
    assert_utc(run.modified_at, f"{what}.modified_at")
    for key in ("submission_time", "start_time", "completion_time"):
        value = getattr(run, key)
        if value is not None:
            assert_utc(value, f"{what}.{key}")


# MARK: clients

@pytest.fixture(scope="module")
def direct(emulator):
    """Built with explicit arguments: the full token URL, the /v2 base URL and the default resource group."""
    return AICoreV2Client(
        base_url=emulator["AICORE_BASE_URL"], auth_url=emulator["AICORE_AUTH_URL"],
        client_id=emulator["AICORE_CLIENT_ID"], client_secret=emulator["AICORE_CLIENT_SECRET"],
        resource_group=emulator["AICORE_RESOURCE_GROUP"])


@pytest.fixture(scope="module")
def from_env(emulator, tmp_path_factory):
    """Built by `AICoreV2Client.from_env()` from exactly the exported variables (no config file, no service key)."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("AICORE_SERVICE_KEY", "AICORE_PROFILE", "AICORE_CONFIG", "VCAP_SERVICES",
                         "AICORE_CERT_URL", "AICORE_CERT_FILE_PATH", "AICORE_KEY_FILE_PATH", "AICORE_CERT_STR",
                         "AICORE_KEY_STR", "SKIP_AUTHORIZATION"):
            patch.delenv(variable, raising=False)
        patch.setenv("AICORE_HOME", str(tmp_path_factory.mktemp("aicore-home")))
        for key, value in emulator.items():
            patch.setenv(key, value)
        return AICoreV2Client.from_env()


def group_client(emulator, resource_group):
    return AICoreV2Client(
        base_url=emulator["AICORE_BASE_URL"], auth_url=emulator["AICORE_AUTH_URL"],
        client_id=emulator["AICORE_CLIENT_ID"], client_secret=emulator["AICORE_CLIENT_SECRET"],
        resource_group=resource_group)


@pytest.fixture(scope="module")
def rg(ctx, emulator):
    """A client whose default resource group is the one test_resource_group created."""
    return group_client(emulator, need(ctx, "resource_group"))


# MARK: admin

def test_exported_environment(emulator):
    assert emulator["AICORE_AUTH_URL"].endswith("/oauth/token")
    assert emulator["AICORE_BASE_URL"].endswith("/v2")
    assert emulator["AICORE_CLIENT_ID"] and emulator["AICORE_CLIENT_SECRET"]
    assert emulator["AICORE_RESOURCE_GROUP"] == "default"


def test_resource_group(ctx, direct):
    group_id = f"sdk-rg-{uuid.uuid4().hex[:8]}"
    created = direct.resource_groups.create(
        resource_group_id=group_id, labels=[Label(key=PURPOSE_LABEL, value="sdk-tests")])
    assert created.resource_group_id == group_id

    group = poll(lambda: direct.resource_groups.get(group_id), lambda g: g.status == "PROVISIONED",
                 f"resource group {group_id} PROVISIONED")
    assert group.resource_group_id == group_id
    assert_utc(group.created_at, "resource group created_at")
    assert [(label.key, label.value) for label in group.labels] == [(PURPOSE_LABEL, "sdk-tests")]
    assert all(isinstance(label, Label) for label in group.labels)

    everything = direct.resource_groups.query()
    ids = [g.resource_group_id for g in everything.resources]
    assert {"default", group_id} <= set(ids)
    assert everything.count == len(everything.resources)

    searched = direct.resource_groups.query(search="SDK-RG-", search_case_insensitive=True)
    assert group_id in [g.resource_group_id for g in searched.resources]
    assert "default" not in [g.resource_group_id for g in searched.resources]
    assert searched.count == len(searched.resources)

    # 2.6 sends {resourceGroupId, labels}, 3.x only {labels}; the reply is ignored.
    direct.resource_groups.modify(group_id, labels=[Label(key=PURPOSE_LABEL, value="sdk-tests"),
                                                    Label(key="ext.ai.sap.com/owner", value="promote")])
    relabelled = direct.resource_groups.get(group_id)
    assert {(label.key, label.value) for label in relabelled.labels} \
        == {(PURPOSE_LABEL, "sdk-tests"), ("ext.ai.sap.com/owner", "promote")}
    ctx["resource_group"] = group_id


def test_resource_group_delete(direct):
    group_id = f"sdk-rg-gone-{uuid.uuid4().hex[:6]}"
    direct.resource_groups.create(resource_group_id=group_id)
    deleted = direct.resource_groups.delete(group_id)
    assert isinstance(deleted, BasicResponse) and deleted.id == group_id
    poll_until_gone(lambda: direct.resource_groups.get(group_id), f"deleted resource group {group_id}")


def test_onboarded_repository(from_env, git_repo):
    """`--repo PATH` on-boards the repository with its path as the URL, which applications then name."""
    repositories = from_env.repositories.query()
    assert repositories.count == len(repositories.resources)
    matching = [r for r in repositories.resources if r.url == str(git_repo.path)]
    assert len(matching) == 1, [(r.name, r.url) for r in repositories.resources]
    repository = from_env.repositories.get(matching[0].name)
    assert repository.url == str(git_repo.path)
    assert repository.status.value == "COMPLETED"


def test_application_sync(ctx, from_env, git_repo):
    created = from_env.applications.create(
        repository_url=str(git_repo.path), revision="main", path="templates", application_name=APPLICATION)
    assert isinstance(created, BasicResponse) and created.id and created.message

    application = from_env.applications.get(APPLICATION)
    assert application.application_name == APPLICATION
    assert application.repository_url == str(git_repo.path)
    assert (application.revision, application.path) == ("main", "templates")

    listed = from_env.applications.query()
    assert APPLICATION in [a.application_name for a in listed.resources]
    assert listed.count == len(listed.resources)

    refreshed = from_env.applications.refresh(APPLICATION)
    assert isinstance(refreshed, BasicResponse) and refreshed.message

    status = poll(lambda: from_env.applications.get_status(APPLICATION), lambda s: s.sync_status == "Synced",
                  f"application {APPLICATION} Synced")
    assert status.health_status == "Healthy", status.message
    assert status.source.revision == git_repo.head()
    assert status.source.path == "templates"
    assert status.source.repourl == str(git_repo.path)
    resources = {r.name: r for r in status.sync_resources_status}
    assert {TRAINING_ID, SERVING_ID} <= set(resources), vars(status)
    assert all(resources[name].status == "Synced" for name in (TRAINING_ID, SERVING_ID)), vars(status)
    ctx["synced"] = True


def test_application_follows_new_commit(ctx, from_env, git_repo):
    need(ctx, "synced")
    workflow = git_repo.path / "templates" / "training-workflow.yaml"
    workflow.write_text(workflow.read_text().replace(
        'executables.ai.sap.com/description: "Trains the toy model"',
        'executables.ai.sap.com/description: "Trains the toy model, revised"'))
    head = git_repo.commit("Revise the training description")

    from_env.applications.refresh(APPLICATION)
    status = poll(lambda: from_env.applications.get_status(APPLICATION),
                  lambda s: s.sync_status == "Synced" and s.source.revision == head,
                  f"application {APPLICATION} Synced at {head}")
    assert status.health_status == "Healthy"
    executable = from_env.executable.get(scenario_id=SCENARIO_ID, executable_id=TRAINING_ID)
    assert executable.description == "Trains the toy model, revised"


# MARK: catalog

def test_scenarios(ctx, from_env):
    need(ctx, "synced")
    scenarios = from_env.scenario.query()
    assert scenarios.count == len(scenarios.resources)
    by_id = {s.id: s for s in scenarios.resources}
    assert SCENARIO_ID in by_id, list(by_id)
    scenario = from_env.scenario.get(SCENARIO_ID)
    assert isinstance(scenario, Scenario)
    assert scenario.name == "SDK compatibility"
    assert scenario.description == "Trains and serves a toy model for promote's SDK tests"
    assert_utc(scenario.created_at, "scenario.created_at")
    assert_utc(scenario.modified_at, "scenario.modified_at")
    versions = from_env.scenario.query_versions(SCENARIO_ID)
    assert "1.0" in [v.id for v in versions.resources]


def test_executables(ctx, from_env):
    need(ctx, "synced")
    listed = from_env.executable.query(scenario_id=SCENARIO_ID)
    assert listed.count == len(listed.resources)
    by_id = {e.id: e for e in listed.resources}
    assert {TRAINING_ID, SERVING_ID} <= set(by_id), list(by_id)
    assert [e.id for e in from_env.executable.query(scenario_id=SCENARIO_ID, version_id="1.0").resources] \
        == [e.id for e in listed.resources]

    training = from_env.executable.get(scenario_id=SCENARIO_ID, executable_id=TRAINING_ID)
    assert isinstance(training, Executable)
    assert (training.scenario_id, training.version_id, training.name) == (SCENARIO_ID, "1.0", "sdk-training")
    assert training.deployable is False
    assert_utc(training.created_at, "executable.created_at")
    parameters = {p.name: p for p in training.parameters}
    assert set(parameters) == {"epochs", "learningrate"}
    assert all(p.type == Parameter.Type.STRING for p in training.parameters)
    assert parameters["epochs"].default == "2"
    assert parameters["epochs"].description == "How many passes over the training data"
    assert [(a.name, a.kind) for a in training.input_artifacts] == [("trainingdata", "dataset")]
    assert [(a.name, a.kind) for a in training.output_artifacts] == [("sdkmodel", "model")]
    assert training.output_artifacts[0].description == "The trained toy model"
    assert [(label.key, label.value) for label in training.output_artifacts[0].labels] \
        == [("ext.ai.sap.com/stage", "training")]

    serving = from_env.executable.get(scenario_id=SCENARIO_ID, executable_id=SERVING_ID)
    assert serving.deployable is True
    assert serving.version_id == "1.0"
    assert {p.name for p in serving.parameters} == {"greeting", "modelversion"}
    assert all(p.type == Parameter.Type.STRING for p in serving.parameters)
    assert {p.name: p.default for p in serving.parameters}["greeting"] == "hello"
    assert [(a.name, a.kind) for a in serving.input_artifacts] == [("model", "model")]
    assert not serving.output_artifacts
    assert by_id[SERVING_ID].deployable is True and by_id[TRAINING_ID].deployable is False


# MARK: artifacts and configurations

def test_artifacts(ctx, rg):
    need(ctx, "synced")
    tag = uuid.uuid4().hex[:6]
    dataset = rg.artifact.create(
        name=f"sdk-data-{tag}", kind=Artifact.Kind.DATASET, url=f"ai://default/sdk/{tag}/data",
        scenario_id=SCENARIO_ID, description="Training data for the SDK tests",
        labels=[Label(key=PURPOSE_LABEL, value="sdk-tests")])
    assert dataset.id and dataset.message and dataset.url == f"ai://default/sdk/{tag}/data"
    model = rg.artifact.create(
        name=f"sdk-model-{tag}", kind=Artifact.Kind.MODEL, url=f"s3://sdk-bucket/{tag}/model",
        scenario_id=SCENARIO_ID)
    assert model.id and model.id != dataset.id

    got = rg.artifact.get(dataset.id)
    assert isinstance(got, Artifact)
    assert (got.id, got.name, got.kind, got.url, got.scenario_id) \
        == (dataset.id, f"sdk-data-{tag}", Artifact.Kind.DATASET, f"ai://default/sdk/{tag}/data", SCENARIO_ID)
    assert got.description == "Training data for the SDK tests"
    assert [(label.key, label.value) for label in got.labels] == [(PURPOSE_LABEL, "sdk-tests")]
    assert_utc(got.created_at, "artifact.created_at")
    assert_utc(got.modified_at, "artifact.modified_at")
    expanded = rg.artifact.get(model.id, expand="scenario")
    assert isinstance(expanded.scenario, Scenario) and expanded.scenario.id == SCENARIO_ID

    everything = rg.artifact.query(scenario_id=SCENARIO_ID)
    assert everything.count == len(everything.resources) == 2
    datasets = rg.artifact.query(scenario_id=SCENARIO_ID, kind=Artifact.Kind.DATASET)
    assert [a.id for a in datasets.resources] == [dataset.id] and datasets.count == 1
    by_name = rg.artifact.query(name=f"sdk-model-{tag}")
    assert [a.id for a in by_name.resources] == [model.id]
    labelled = rg.artifact.query(artifact_label_selector=[f"{PURPOSE_LABEL}=sdk-tests"])
    assert [a.id for a in labelled.resources] == [dataset.id]
    searched = rg.artifact.query(search="SDK-MODEL", search_case_insensitive=True, expand="scenario")
    assert [a.id for a in searched.resources] == [model.id]
    assert searched.resources[0].scenario.id == SCENARIO_ID
    page = rg.artifact.query(scenario_id=SCENARIO_ID, top=1, skip=1)
    assert page.count == 2 and len(page.resources) == 1

    assert rg.artifact.count(scenario_id=SCENARIO_ID) == 2
    assert rg.artifact.count(scenario_id=SCENARIO_ID, kind=Artifact.Kind.MODEL) == 1
    assert rg.artifact.count(artifact_label_selector=[f"{PURPOSE_LABEL}=sdk-tests"]) == 1
    # Artifacts belong to their resource group: the default group does not see these.
    assert rg.artifact.count(name=f"sdk-model-{tag}", resource_group="default") == 0
    ctx.update(dataset=dataset.id, model=model.id)


def test_configurations(ctx, rg, direct):
    dataset, model = need(ctx, "dataset", "model")
    group = ctx["resource_group"]
    training = rg.configuration.create(
        name="sdk-training-config", scenario_id=SCENARIO_ID, executable_id=TRAINING_ID,
        parameter_bindings=[ParameterBinding(key="epochs", value="3")],
        input_artifact_bindings=[InputArtifactBinding(key="trainingdata", artifact_id=dataset)])
    assert training.id and training.message
    serving_a = rg.configuration.create(
        name="sdk-serving-config-a", scenario_id=SCENARIO_ID, executable_id=SERVING_ID,
        parameter_bindings=[ParameterBinding(key="greeting", value="hi"),
                            ParameterBinding(key="modelversion", value="v1")],
        input_artifact_bindings=[InputArtifactBinding(key="model", artifact_id=model)])
    serving_b = rg.configuration.create(
        name="sdk-serving-config-b", scenario_id=SCENARIO_ID, executable_id=SERVING_ID,
        parameter_bindings=[ParameterBinding(key="modelversion", value="v2")],
        input_artifact_bindings=[InputArtifactBinding(key="model", artifact_id=model)])

    got = rg.configuration.get(training.id)
    assert isinstance(got, Configuration)
    assert (got.id, got.name, got.scenario_id, got.executable_id) \
        == (training.id, "sdk-training-config", SCENARIO_ID, TRAINING_ID)
    assert [(b.key, b.value) for b in got.parameter_bindings] == [("epochs", "3")]
    assert [(b.key, b.artifact_id) for b in got.input_artifact_bindings] == [("trainingdata", dataset)]
    assert_utc(got.created_at, "configuration.created_at")
    expanded = rg.configuration.get(serving_a.id, expand="scenario")
    assert expanded.scenario.id == SCENARIO_ID
    assert {(b.key, b.value) for b in expanded.parameter_bindings} == {("greeting", "hi"), ("modelversion", "v1")}

    all_three = rg.configuration.query(scenario_id=SCENARIO_ID)
    assert all_three.count == len(all_three.resources) == 3
    serving = rg.configuration.query(scenario_id=SCENARIO_ID, executable_ids=[SERVING_ID])
    assert {c.id for c in serving.resources} == {serving_a.id, serving_b.id}
    both = rg.configuration.query(executable_ids=[TRAINING_ID, SERVING_ID], top=2)
    assert both.count == 3 and len(both.resources) == 2
    searched = rg.configuration.query(search="config-b")
    assert [c.id for c in searched.resources] == [serving_b.id]
    assert rg.configuration.count(scenario_id=SCENARIO_ID) == 3
    assert rg.configuration.count(executable_ids=[TRAINING_ID]) == 1
    assert rg.configuration.count(search="serving-config") == 2
    # The same through the default client with a per-call resource group.
    assert direct.configuration.count(executable_ids=[SERVING_ID], resource_group=group) == 2
    ctx.update(training_config=training.id, serving_a=serving_a.id, serving_b=serving_b.id)


# MARK: executions

def wait_for_execution(client, execution_id, status=Status.COMPLETED):
    return poll(lambda: client.execution.get(execution_id), lambda e: e.status == status,
                f"execution {execution_id} {status.value}")


def test_execution_lifecycle(ctx, rg):
    configuration = need(ctx, "training_config")
    created = rg.execution.create(configuration_id=configuration)
    assert created.id and created.message
    assert isinstance(created.status, Status)

    execution = wait_for_execution(rg, created.id)
    assert isinstance(execution, Execution)
    assert (execution.id, execution.configuration_id, execution.configuration_name, execution.scenario_id) \
        == (created.id, configuration, "sdk-training-config", SCENARIO_ID)
    assert execution.target_status == TargetStatus.COMPLETED
    assert_run_times(execution, "execution")
    assert execution.submission_time and execution.start_time and execution.completion_time
    assert [(a.name, a.kind) for a in execution.output_artifacts] == [("sdkmodel", Artifact.Kind.MODEL)]
    assert all(isinstance(a, Artifact) for a in execution.output_artifacts)

    status_only = rg.execution.get(created.id, select="status")
    assert isinstance(status_only, ExecutionGetStatusResponse)
    assert (status_only.id, status_only.status) == (created.id, Status.COMPLETED)

    completed = rg.execution.query(
        scenario_id=SCENARIO_ID, configuration_id=configuration, executable_ids=[TRAINING_ID],
        status=Status.COMPLETED)
    assert created.id in [e.id for e in completed.resources]
    assert completed.count == len(completed.resources)
    assert rg.execution.count(scenario_id=SCENARIO_ID, configuration_id=configuration,
                              executable_ids=[TRAINING_ID], status=Status.COMPLETED) == completed.count
    assert created.id not in [e.id for e in rg.execution.query(status=Status.RUNNING).resources]
    assert rg.execution.count(executable_ids=[SERVING_ID]) == 0
    paged = rg.execution.query(top=1, skip=0)
    assert len(paged.resources) <= 1 and paged.count >= 1

    start = execution.created_at - dt.timedelta(minutes=1)
    logs = rg.execution.query_logs(created.id, start=start)
    records = logs.data.result
    assert records, "an execution that ran has log records"
    for record in records:
        assert isinstance(record.msg, str)
        assert_utc(record.timestamp, "log timestamp")
    assert [r.timestamp for r in records] == sorted(r.timestamp for r in records)
    newest = rg.execution.query_logs(created.id, top=2, order=Order.DESC, start=start,
                                     end=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1))
    assert len(newest.data.result) == 2
    assert newest.data.result[0].timestamp >= newest.data.result[1].timestamp
    assert newest.data.result[0].timestamp == records[-1].timestamp

    outputs = rg.artifact.query(execution_id=created.id)
    assert [(a.name, a.kind, a.execution_id) for a in outputs.resources] \
        == [("sdkmodel", Artifact.Kind.MODEL, created.id)]
    assert outputs.resources[0].url
    assert rg.artifact.count(execution_id=created.id) == 1

    # A finished execution cannot be stopped (AI Core: only RUNNING/PENDING ones can).
    with pytest.raises(AIAPIPreconditionFailedException) as stopped:
        rg.execution.modify(created.id, target_status=TargetStatus.STOPPED)
    assert stopped.value.status_code == 412

    deleted = rg.execution.delete(created.id)
    assert isinstance(deleted, BasicResponse) and deleted.id == created.id
    gone = poll_until_gone(lambda: rg.execution.get(created.id), f"deleted execution {created.id}")
    assert gone.status_code == 404
    ctx["execution_done"] = True


def test_execution_bulk_modify(ctx, rg):
    configuration = need(ctx, "training_config")
    first = rg.execution.create(configuration_id=configuration).id
    second = rg.execution.create(configuration_id=configuration).id
    wait_for_execution(rg, first)
    wait_for_execution(rg, second)

    missing = "0000000000000000"
    response = rg.execution.bulk_modify([
        BasicModifyRequest(id=first, target_status=TargetStatus.DELETED),
        BasicModifyRequest(id=second, target_status=TargetStatus.STOPPED),
        BasicModifyRequest(id=missing, target_status=TargetStatus.DELETED),
    ])
    results = {item.id: item for item in response.executions}
    assert set(results) == {first, second, missing}
    assert isinstance(results[first], BasicResponse) and not isinstance(results[first], BulkModifyErrorResponse)
    assert results[first].message
    for failed in (second, missing):
        assert isinstance(results[failed], BulkModifyErrorResponse), vars(results[failed])
        assert results[failed].error.code and results[failed].error.message
    poll_until_gone(lambda: rg.execution.get(first), f"bulk-deleted execution {first}")
    assert rg.execution.get(second).status == Status.COMPLETED
    rg.execution.delete(second)
    poll_until_gone(lambda: rg.execution.get(second), f"deleted execution {second}")


def test_execution_stop_while_running(ctx, rg):
    """PATCH targetStatus STOPPED on a RUNNING execution, then delete it. Emulated runs last well under a second,
    so a run may finish before the PATCH lands (412); a few attempts make catching one RUNNING certain enough."""
    configuration = need(ctx, "training_config")
    for _ in range(10):
        execution_id = rg.execution.create(configuration_id=configuration).id
        execution = poll(lambda: rg.execution.get(execution_id, select="status"),
                         lambda e: e.status in (Status.RUNNING, Status.COMPLETED, Status.DEAD),
                         f"execution {execution_id} started")
        if execution.status != Status.RUNNING:
            continue
        try:
            modified = rg.execution.modify(execution_id, target_status=TargetStatus.STOPPED)
        except AIAPIPreconditionFailedException:
            continue  # it completed in between
        assert isinstance(modified, BasicResponse) and modified.id == execution_id
        stopped = poll(lambda: rg.execution.get(execution_id), lambda e: e.status == Status.STOPPED,
                       f"execution {execution_id} STOPPED")
        assert stopped.target_status == TargetStatus.STOPPED
        assert_run_times(stopped, "stopped execution")
        rg.execution.delete(execution_id)
        poll_until_gone(lambda: rg.execution.get(execution_id), f"deleted execution {execution_id}")
        return
    pytest.fail("no execution could be caught RUNNING in 10 attempts")


def test_execution_with_undeclared_parameter_ends_dead(ctx, rg):
    """A binding the template does not declare (names are case-sensitive) makes the run fail, not the
    configuration (templates.md §3); the DEAD execution must parse, status message included."""
    dataset = need(ctx, "dataset")
    configuration = rg.configuration.create(
        name="sdk-training-typo", scenario_id=SCENARIO_ID, executable_id=TRAINING_ID,
        parameter_bindings=[ParameterBinding(key="Epochs", value="3")],
        input_artifact_bindings=[InputArtifactBinding(key="trainingdata", artifact_id=dataset)])
    execution_id = rg.execution.create(configuration_id=configuration.id).id
    dead = poll(lambda: rg.execution.get(execution_id), lambda e: e.status == Status.DEAD,
                f"execution {execution_id} DEAD")
    assert dead.status_message, "a DEAD execution says why"
    assert dead.target_status == TargetStatus.COMPLETED
    assert_run_times(dead, "dead execution")
    assert not dead.output_artifacts
    assert rg.artifact.count(execution_id=execution_id) == 0
    assert execution_id in [e.id for e in rg.execution.query(status=Status.DEAD).resources]
    rg.execution.delete(execution_id)
    poll_until_gone(lambda: rg.execution.get(execution_id), f"deleted execution {execution_id}")


# MARK: deployments

def test_deployment_lifecycle(ctx, rg):
    serving_a, serving_b = need(ctx, "serving_a", "serving_b")
    group = ctx["resource_group"]
    created = rg.deployment.create(configuration_id=serving_a, ttl="1d")
    assert created.id and created.message
    assert isinstance(created.deployment_url, str)
    assert isinstance(created.status, Status)

    deployment = poll(lambda: rg.deployment.get(created.id), lambda d: d.status == Status.RUNNING,
                      f"deployment {created.id} RUNNING")
    assert isinstance(deployment, Deployment)
    assert (deployment.configuration_id, deployment.configuration_name, deployment.scenario_id) \
        == (serving_a, "sdk-serving-config-a", SCENARIO_ID)
    assert deployment.target_status == TargetStatus.RUNNING
    assert deployment.last_operation is not None and deployment.last_operation.value == "CREATE"
    assert deployment.ttl == "1d"
    assert_run_times(deployment, "deployment")
    url = deployment.deployment_url
    assert url, "a RUNNING deployment has a deploymentUrl"
    assert url.endswith(created.id)

    status_only = rg.deployment.get(created.id, select="status")
    assert isinstance(status_only, DeploymentGetStatusResponse)
    assert status_only.status == Status.RUNNING

    running = rg.deployment.query(scenario_id=SCENARIO_ID, executable_ids=[SERVING_ID], status=Status.RUNNING)
    assert created.id in [d.id for d in running.resources] and running.count == len(running.resources)
    assert rg.deployment.count(configuration_id=serving_a, status=Status.RUNNING) == 1

    def infer():
        headers = {"Authorization": rg.rest_client.get_token(), "AI-Resource-Group": group}
        got = requests.get(url + "/v2/predict", headers=headers, timeout=30)
        assert got.status_code == 200, got.text
        posted = requests.post(url + "/v2/predict", headers=headers, json={"instances": [[1.0, 2.0]]}, timeout=30)
        assert posted.status_code == 200, posted.text
        return posted.json()

    first_answer = infer()
    assert isinstance(first_answer, dict)

    # Deleting a RUNNING deployment is refused: stop it first.
    with pytest.raises(AIAPIPreconditionFailedException) as refused:
        rg.deployment.delete(created.id)
    assert refused.value.status_code == 412

    # Zero-downtime configuration change: same URL, lastOperation UPDATE, RUNNING again on the new configuration.
    modified = rg.deployment.modify(created.id, configuration_id=serving_b)
    assert isinstance(modified, BasicResponse) and modified.id == created.id
    updated = poll(lambda: rg.deployment.get(created.id),
                   lambda d: d.status == Status.RUNNING and d.configuration_id == serving_b,
                   f"deployment {created.id} RUNNING on {serving_b}")
    assert updated.deployment_url == url
    assert updated.last_operation is not None and updated.last_operation.value == "UPDATE"
    assert updated.configuration_name == "sdk-serving-config-b"
    infer()

    rg.deployment.modify(created.id, target_status=TargetStatus.STOPPED)
    stopped = poll(lambda: rg.deployment.get(created.id), lambda d: d.status == Status.STOPPED,
                   f"deployment {created.id} STOPPED")
    assert stopped.target_status == TargetStatus.STOPPED
    assert_run_times(stopped, "stopped deployment")

    logs = rg.deployment.query_logs(created.id, start=deployment.created_at - dt.timedelta(minutes=1))
    assert logs.data.result
    for record in logs.data.result:
        assert isinstance(record.msg, str)
        assert_utc(record.timestamp, "deployment log timestamp")
    assert rg.deployment.query_logs(created.id, top=1, order=Order.DESC).data.result

    deleted = rg.deployment.delete(created.id)
    assert isinstance(deleted, BasicResponse) and deleted.id == created.id
    gone = poll_until_gone(lambda: rg.deployment.get(created.id), f"deleted deployment {created.id}")
    assert gone.status_code == 404


def test_deployment_bulk_modify(ctx, rg):
    serving_a = need(ctx, "serving_a")
    created = rg.deployment.create(configuration_id=serving_a)
    poll(lambda: rg.deployment.get(created.id), lambda d: d.status == Status.RUNNING,
         f"deployment {created.id} RUNNING")
    response = rg.deployment.bulk_modify([BasicModifyRequest(id=created.id, target_status=TargetStatus.STOPPED)])
    assert [item.id for item in response.deployments] == [created.id]
    assert not isinstance(response.deployments[0], BulkModifyErrorResponse), vars(response.deployments[0])
    poll(lambda: rg.deployment.get(created.id), lambda d: d.status == Status.STOPPED,
         f"deployment {created.id} STOPPED")
    response = rg.deployment.bulk_modify([BasicModifyRequest(id=created.id, target_status=TargetStatus.DELETED)])
    assert not isinstance(response.deployments[0], BulkModifyErrorResponse), vars(response.deployments[0])
    poll_until_gone(lambda: rg.deployment.get(created.id), f"bulk-deleted deployment {created.id}")


# MARK: errors

def test_missing_objects_raise_not_found(ctx, direct, rg):
    with pytest.raises(AIAPINotFoundException) as missing_execution:
        rg.execution.get("ffffffffffffffff")
    assert missing_execution.value.status_code == 404
    assert missing_execution.value.error_code and missing_execution.value.error_message
    with pytest.raises(AIAPINotFoundException):
        rg.deployment.get("ffffffffffffffff")
    with pytest.raises(AIAPINotFoundException):
        rg.artifact.get("ffffffffffffffff")
    with pytest.raises(AIAPINotFoundException):
        direct.resource_groups.get("sdk-no-such-group")
    with pytest.raises(AIAPINotFoundException):
        direct.applications.get("sdk-no-such-application")


def test_configuration_with_unknown_executable_is_invalid(ctx, rg):
    need(ctx, "synced")
    with pytest.raises(AIAPIInvalidRequestException) as invalid:
        rg.configuration.create(name="sdk-broken", scenario_id=SCENARIO_ID, executable_id="sdk-no-such-executable")
    assert invalid.value.status_code == 400
    assert invalid.value.error_message


def test_wrong_client_secret_fails_authentication(emulator):
    client = AICoreV2Client(
        base_url=emulator["AICORE_BASE_URL"], auth_url=emulator["AICORE_AUTH_URL"],
        client_id=emulator["AICORE_CLIENT_ID"], client_secret=emulator["AICORE_CLIENT_SECRET"] + "-wrong",
        resource_group=emulator["AICORE_RESOURCE_GROUP"])
    with pytest.raises(AIAPIAuthenticatorException) as failed:
        client.scenario.query()
    assert type(failed.value) is not AIAPIAuthenticatorException, "expected a specific authenticator subclass"
    assert failed.value.status_code == 401


def test_unknown_token_is_unauthorized(emulator):
    client = AICoreV2Client(
        base_url=emulator["AICORE_BASE_URL"], token_creator=lambda: "Bearer not-a-token-the-emulator-issued",
        resource_group=emulator["AICORE_RESOURCE_GROUP"])
    with pytest.raises(AIAPIAuthorizationException) as failed:
        client.scenario.query()
    assert failed.value.status_code == 401
