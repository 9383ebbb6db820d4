"""The tenant objects `promote setup` manages (issue 19), through SAP's Python SDK, unchanged, against `promote
emulator`: docker registry secrets, object store secrets and generic secrets, created, read, listed, changed and
deleted the way the SDK does it. Both SDK lines must accept every answer; no answer carries a secret's data."""
import base64
import json
import uuid

import pytest

from ai_core_sdk.ai_core_v2_client import AICoreV2Client
from ai_core_sdk.exception import AIAPINotFoundException


@pytest.fixture(scope="module")
def client(emulator):
    return AICoreV2Client(
        base_url=emulator["AICORE_BASE_URL"], auth_url=emulator["AICORE_AUTH_URL"],
        client_id=emulator["AICORE_CLIENT_ID"], client_secret=emulator["AICORE_CLIENT_SECRET"],
        resource_group=emulator["AICORE_RESOURCE_GROUP"])


def docker_config(user, password):
    auth = base64.b64encode(f"{user}:{password}".encode()).decode()
    return json.dumps({"auths": {"docker.io": {"username": user, "password": password, "auth": auth}}})


def test_docker_registry_secret(client):
    name = f"sdk-registry-{uuid.uuid4().hex[:6]}"
    created = client.docker_registry_secrets.create(
        name=name, data={".dockerconfigjson": docker_config("robot", "Registry-Pass-1")})
    assert created.message
    fetched = client.docker_registry_secrets.get(name)
    assert fetched.name == name
    listed = client.docker_registry_secrets.query()
    assert name in [secret.name for secret in listed.resources]
    assert listed.count == len(listed.resources)
    modified = client.docker_registry_secrets.modify(
        name=name, data={".dockerconfigjson": docker_config("robot", "Registry-Pass-2")})
    assert modified.id == name
    # Neither the answer to a read nor a list holds the password.
    raw = json.dumps([secret.__dict__ for secret in listed.resources], default=str)
    assert "Registry-Pass" not in raw
    client.docker_registry_secrets.delete(name)
    with pytest.raises(AIAPINotFoundException):
        client.docker_registry_secrets.get(name)


def test_object_store_secret(client):
    name = f"sdk-store-{uuid.uuid4().hex[:6]}"
    created = client.object_store_secrets.create(
        name=name, type="S3", data={"AWS_ACCESS_KEY_ID": "AKIA-SDK", "AWS_SECRET_ACCESS_KEY": "S3-SDK-Secret"},
        bucket="sdk-bucket", endpoint="s3.eu-central-1.amazonaws.com", region="eu-central-1", path_prefix="sdk")
    assert created.message
    fetched = client.object_store_secrets.get(name)
    assert fetched.name == name
    assert fetched.metadata["storage.ai.sap.com/bucket"] == "sdk-bucket"
    assert fetched.metadata["storage.ai.sap.com/type"] == "S3"
    assert "S3-SDK-Secret" not in json.dumps(fetched.metadata)
    listed = client.object_store_secrets.query()
    assert name in [secret.name for secret in listed.resources]
    modified = client.object_store_secrets.modify(
        name=name, type="S3", data={"AWS_ACCESS_KEY_ID": "AKIA-SDK", "AWS_SECRET_ACCESS_KEY": "S3-SDK-Secret-2"},
        bucket="sdk-bucket-2", endpoint="s3.eu-central-1.amazonaws.com", region="eu-central-1", path_prefix="sdk")
    assert modified.id == name
    assert client.object_store_secrets.get(name).metadata["storage.ai.sap.com/bucket"] == "sdk-bucket-2"
    client.object_store_secrets.delete(name)
    with pytest.raises(AIAPINotFoundException):
        client.object_store_secrets.get(name)


def test_generic_secret_in_a_resource_group(client, emulator):
    name = f"sdk-generic-{uuid.uuid4().hex[:6]}"
    value = base64.b64encode(b"hf-SDK-token").decode()
    group = emulator["AICORE_RESOURCE_GROUP"]
    created = client.secrets.create(name=name, data={"token": value}, resource_group=group, ai_tenant_scope=False)
    assert created.message
    listed = client.secrets.query(resource_group=group, ai_tenant_scope=False)
    assert name in [secret.name for secret in listed.resources]
    # Tenant-wide secrets are another scope: this one is not among them.
    tenant = client.secrets.query(ai_tenant_scope=True)
    assert name not in [secret.name for secret in tenant.resources]
    modified = client.secrets.modify(
        name=name, data={"token": base64.b64encode(b"hf-SDK-token-2").decode()}, resource_group=group,
        ai_tenant_scope=False)
    assert modified.message
    assert "hf-SDK-token" not in json.dumps([secret.__dict__ for secret in listed.resources], default=str)
    client.secrets.delete(name=name, resource_group=group, ai_tenant_scope=False)
    remaining = client.secrets.query(resource_group=group, ai_tenant_scope=False)
    assert name not in [secret.name for secret in remaining.resources]
